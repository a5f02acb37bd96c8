"""Medical record, account and patient numbers introduced by a label ("MRN: 4482913", "acct 55123")."""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, labelled

ENTITY = "MEDICAL_RECORD_NUMBER"

_NUMBER_WORD = r"(?:number|num|no\.?|nr\.?|#|id)"
_LABELS = "|".join(
    (
        r"MRN",
        r"M\.R\.N\.?",
        r"med(?:ical)?\s+rec(?:ord)?s?(?:\s+" + _NUMBER_WORD + r")?",
        r"(?:hospital|chart|case|record|patient|pt\.?|account|member|subscriber|policy|insurance|"
        r"encounter|visit|admission|health\s+(?:card|plan)|claim|billing)\s*" + _NUMBER_WORD,
        r"acct\.?(?:\s+" + _NUMBER_WORD + r")?",
        r"account",
        r"(?<!,)(?<!,\s)ID",  # not the state in "Boise, ID 83702"
    )
)
_SEPARATOR = r"[\s:#=]*(?:(?:is|was|of)\b[\s:#]*)?"
# An optional letter prefix ("P-48213907"), then digits; `_enough_digits` asks for at least four.
_VALUE = r"[A-Z]{0,4}-?\d[\d-]{2,17}\d(?![\w-])"
_REGEX = re.compile(r"(?<![A-Za-z0-9])(?i:" + labelled(_LABELS, _VALUE, separator=_SEPARATOR) + ")")


def _enough_digits(value: str) -> bool:
    return sum(ch.isdigit() for ch in value) >= 4


class MedicalRecordNumberRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [Rule("labelled", _REGEX, 0.85, validate=_enough_digits)], language=language)
