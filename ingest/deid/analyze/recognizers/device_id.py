"""Device identifiers and serial numbers, and other unique codes that mix letters and digits.

"pump serial number SN73K78345", "pacemaker S/N: PM12D77588", "IMEI 356938035643809". Patients misspell
the label ("seiral nuumber"), so the label word is matched with one typo. Without any label, a token
of letters and at least four digits ("G716K73210", "MR4417093") is still an identifying code under
HIPAA Safe Harbor's catch-all; measurements ("1000mg", "5000IU") and short codes ("HbA1c", "B12") are not.
"""

from __future__ import annotations

import re

from ingest.deid.analyze.fuzzy import FuzzyWords
from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, labelled

ENTITY = "DEVICE_ID"
CODE_ENTITY = "ID_CODE"

_VALUE = r"[A-Za-z0-9]*\d[A-Za-z0-9]*(?:-[A-Za-z0-9]+){0,3}(?![\w-])"
_LABEL = (
    r"\b(?:(?P<cue>[A-Za-z]{4,8})(?:\s+(?i:n[a-z]{1,7}\.?|no\.?|#))?"
    r"|(?i:s/n|sn|imei|meid|udi|esn|device\s+id|device\s+(?:serial|number|no\.?)))"
)
_LABELLED = re.compile(labelled(_LABEL, _VALUE, separator=r"(?i:[\s:#=]*(?:(?:is|was)\b[\s:#]*)?)"))
_SERIAL = FuzzyWords(["serial"])

# 7-24 letters, digits and inner dashes, with at least four digits and one letter.
_CODE = re.compile(
    r"(?<![\w./-])(?=[A-Za-z0-9-]{7,24}(?![\w-]))(?=(?:[A-Za-z-]*\d){4})(?=[\d-]*[A-Za-z])"
    r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w./-])"
)
_MEASURE = re.compile(r"\d+(?:[.,]\d+)?(?:[a-zA-Z]{1,5}|[a-zA-Z]{1,4}/[a-zA-Z]{1,4})")


def _serial_cue(match: re.Match[str]) -> bool:
    return match.group("cue") is None or match.group("cue") in _SERIAL


def _enough_digits(value: str) -> bool:
    return sum(ch.isdigit() for ch in value) >= 3 and len(value) >= 5


def _code(value: str) -> bool:
    return _MEASURE.fullmatch(value) is None


class DeviceIdRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rule = Rule("labelled", _LABELLED, 0.8, validate=_enough_digits, check=_serial_cue)
        super().__init__(ENTITY, [rule], language=language)


class IdentifyingCodeRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(CODE_ENTITY, [Rule("mixed_code", _CODE, 0.5, validate=_code)], language=language)
