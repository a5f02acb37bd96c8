"""病案号 / 病历号 / 住院号 / 门诊号 and other hospital record numbers after their label."""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.medical_record import ENTITY
from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, labelled

_LABEL = (
    r"(?:病案|病历|住院|门诊|急诊|就诊|就诊卡|诊疗卡|挂号|登记|检查|化验|影像|体检|患者|病人)"
    r"(?:号码|编号|卡号|号|ID|id)"
)
_VALUE = r"[A-Za-z]{0,4}-?\d[\dA-Za-z-]{2,19}(?![A-Za-z0-9])"
_REGEX = re.compile(labelled(_LABEL, _VALUE, separator=r"[\s:：#]*(?:(?:是|为)[\s:：]*)?"))


def _enough_digits(value: str) -> bool:
    return sum(ch.isdigit() for ch in value) >= 3


class CnMedicalRecordRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [Rule("labelled", _REGEX, 0.85, validate=_enough_digits)], language=language)
