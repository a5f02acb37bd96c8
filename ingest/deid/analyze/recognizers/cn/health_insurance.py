"""医保卡号 / 社保卡号 and similar insurance numbers after their label."""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, labelled

ENTITY = "CN_HEALTH_INSURANCE_ID"

_LABEL = (
    r"(?:医保|社保|医疗保险|社会保障|社会保险|参保|新农合|农合|商保|保险)(?:卡|证|个人编号|编号|账号|账户)?"
    r"(?:号码|卡号|号|编号|ID|id)?"
)
_VALUE = r"[A-Za-z]{0,3}\d[A-Za-z0-9]{4,23}(?![A-Za-z0-9])"
_REGEX = re.compile(labelled(_LABEL, _VALUE, separator=r"[\s:：#]*(?:(?:是|为)[\s:：]*)?"))


def _enough_digits(value: str) -> bool:
    return sum(ch.isdigit() for ch in value) >= 5


class CnHealthInsuranceRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [Rule("labelled", _REGEX, 0.85, validate=_enough_digits)], language=language)
