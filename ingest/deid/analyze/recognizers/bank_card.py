"""Bank card numbers: 16-19 digits (spaces or dashes allowed) with a valid Luhn check digit.

Complements Presidio's `CreditCardRecognizer`, which only knows international card prefixes; Chinese
UnionPay debit cards (62xxxx, 19 digits) are the common case here.
"""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.checksums import digits_only, luhn_valid
from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer

ENTITY = "BANK_CARD"

_REGEX = re.compile(r"(?<![\d-])\d{4}(?:[ -]?\d){12,15}(?![\d-])")


def _valid(value: str) -> bool:
    return 16 <= len(digits_only(value)) <= 19 and luhn_valid(value)


class BankCardRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [Rule("luhn", _REGEX, 0.7, validate=_valid)], language=language)
