"""Chinese phone numbers: mobile 1[3-9]x xxxx xxxx (optional +86) and landline 0xx(x)-xxxxxxx(x)."""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer

ENTITY = "PHONE_NUMBER"

_MOBILE = re.compile(r"(?<![\d+])(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")
_LANDLINE = re.compile(r"(?<![\d-])(?:\(0\d{2,3}\)\s?|0\d{2,3}[\s-])\d{7,8}(?:-\d{1,5})?(?![\d-])")
_LANDLINE_BARE = re.compile(r"(?<!\d)0\d{9,11}(?!\d)")
_CONTEXT = re.compile(r"(?i:电话|座机|手机|联系|致电|拨打|tel|phone|call)")


class CnPhoneRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [
            Rule("mobile", _MOBILE, 0.8),
            Rule("landline", _LANDLINE, 0.7),
            Rule("landline_bare", _LANDLINE_BARE, 0.6, context=_CONTEXT, window=12),
        ]
        super().__init__(ENTITY, rules, language=language)
