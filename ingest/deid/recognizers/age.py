"""Ages: "92 year old", "92yo", "aged 92", "age: 92", "92 years of age", "92岁", "年龄92".

Every age is detected; only ages over 89 are identifiers under HIPAA Safe Harbor, and the
de-identifier replaces just those (with "90+"), keeping younger ages, which carry clinical meaning.
"""

from __future__ import annotations

import re

from ingest.deid.recognizers.rule import Rule, RuleRecognizer

ENTITY = "AGE"

_AGE = r"(?P<value>1[0-2]\d|\d{1,2})"
_AFTER = re.compile(
    rf"(?<![\d.,/:-]){_AGE}\s*-?\s*(?i:y(?:ears?|rs?)?[\s-]*old|y\.?\s?o\b\.?|y/o|yrs?\b|years?\s+of\s+age|"
    r"year[\s-]old|yr[\s-]old|-yo\b)"
)
_BEFORE = re.compile(rf"\b(?i:aged?|age\s*[:=]|turn(?:ed|s|ing)?)\s*{_AGE}(?![\d.,/:%])")
_CN = re.compile(rf"(?<![\d.]){_AGE}\s*(?:周岁|岁半?|歲)")
_CN_BEFORE = re.compile(rf"(?:年龄|年紀|年纪|今年)[:：\s]*{_AGE}(?![\d.])")


class AgeRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [
            Rule("after", _AFTER, 0.7),
            Rule("before", _BEFORE, 0.5, validate=lambda v: 1 <= int(v) <= 125),
            Rule("cn", _CN, 0.7),
            Rule("cn_before", _CN_BEFORE, 0.6),
        ]
        super().__init__(ENTITY, rules, language=language)
