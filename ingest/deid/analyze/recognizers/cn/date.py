"""Dates written the Chinese way (1962年3月14日, 3月3日) and numeric dates next to Chinese text.

Presidio's `DateRecognizer` anchors on \\b, which never matches between a CJK character and a digit
("出生日期1962-03-14"), so numeric dates are matched here with digit lookarounds instead. A bare month
or "3个月" is not a date.
"""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer

ENTITY = "DATE_TIME"

_CHINESE = re.compile(
    r"(?<!\d)(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|\d{1,2}\s*月\s*\d{1,2}\s*[日号])"
)
_NUMERIC = re.compile(r"(?<![\d.\-/])(?:19|20)\d{2}([-./])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?![\d.\-/]?\d)")


class CnDateRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [Rule("cn_date", _CHINESE, 0.7), Rule("numeric_date", _NUMERIC, 0.6)]
        super().__init__(ENTITY, rules, language=language)
