"""Card, account and IBAN numbers after their label, whatever their length or check digit.

"card number 630427373398", "cc 503802053770", "my iban is gb42nawi04454264788619", "acct# 55-1234-88".
Presidio's card recognizer asks for a valid Luhn digit and its IBAN recognizer for upper case.
"""

from __future__ import annotations

import re

from ingest.deid.analyze.fuzzy import FuzzyWords
from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, cue_in, labelled

ENTITY = "ACCOUNT_NUMBER"

_LABEL = (
    r"\b(?i:(?:credit|debit|bank|visa|master\s*card|amex|insurance|member(?:ship)?)?\s*card|cc|iban|"
    r"(?:bank\s+|checking\s+|savings\s+)?account|acct|routing|sort\s+code|policy|member\s+id|group|"
    r"(?:driver'?s\s+)?licen[cs]e|permit|certificate|vin)"
    r"(?:\s*(?i:number|num|no\.?|#))?"
)
# Groups after the first hold a digit, so the value never runs on into the words after it.
_VALUE = r"[A-Za-z]{0,4}\d[\dA-Za-z]*(?:[ -][A-Za-z]{0,4}\d[\dA-Za-z]*){0,5}(?![\w-])"
_REGEX = re.compile(labelled(_LABEL, _VALUE, separator=r"(?i:[\s:#=]*(?:(?:is|was|ending\s+in)\b[\s:#]*)?)"))


_PLATE = re.compile(
    labelled(
        r"\b(?i:(?:licen[cs]e\s+|number\s+|car\s+|tag\s+)?)(?P<cue>[Pp][A-Za-z]{3,5})\b(?i:\s*(?:number|no\.?|#))?",
        r"[A-Za-z0-9]{1,4}[- ]?[A-Za-z0-9]{2,5}(?![\w-])",
        separator=r"(?i:[\s:#=]*(?:(?:is|was)\b[\s:#]*)?)",
    )
)


def _plate(value: str) -> bool:
    return sum(ch.isdigit() for ch in value) >= 2


def _valid(value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value)
    return digits >= 6 and digits >= len(value.replace(" ", "").replace("-", "")) // 2


class LabelledAccountRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [
            Rule("labelled", _REGEX, 0.75, validate=_valid),
            Rule("plate", _PLATE, 0.75, validate=_plate, check=cue_in(FuzzyWords(["plate"]))),
        ]
        super().__init__(ENTITY, rules, language=language)
