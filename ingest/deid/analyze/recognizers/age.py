"""Ages: "92 year old", "92yo", "aged 92", "age: 92", "92 years of age", "92岁", "年龄92".

Every age is detected; only ages over 89 are identifiers under HIPAA Safe Harbor, and the
de-identifier replaces just those (with "90+"), keeping younger ages, which carry clinical meaning.
"""

from __future__ import annotations

import re

from ingest.deid.analyze.clinical_terms import is_clinical_word
from ingest.deid.analyze.fuzzy import FuzzyWords
from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, cue_in
from ingest.deid.analyze.recognizers.titled_name import BARE_RELATIONS, RELATIONS

ENTITY = "AGE"

_AGE = r"(?P<value>1[0-2]\d|\d{1,2})"
_AFTER = re.compile(
    rf"(?<![\d.,/:-]){_AGE}\s*-?\s*(?i:y(?:ears?|rs?)?[\s-]*old|y\.?\s?o\b\.?|y/o|yrs?\b|years?\s+of\s+age|"
    r"year[\s-]old|yr[\s-]old|-yo\b)"
)
_BEFORE = re.compile(rf"\b(?i:aged?|age\s*[:=]|turn(?:ed|s|ing)?)\s*{_AGE}(?![\d.,/:%])")
# "95 yeaars old": the unit word with one typo.
_FUZZY_YEARS = re.compile(rf"(?<![\d.,/:-]){_AGE}\s*-?\s*(?P<cue>[Yy][a-z]{{2,6}})[\s-]+(?i:old)\b")
_YEAR_WORDS = FuzzyWords(["years", "year"])
# "my wife Noemi Dubois is 96", "grandpa Ezra Lindqvist (94)": a bare number stated of a relative.
_NOT_A_QUANTITY = r"(?![\d.,/%:])(?!\s*(?i:mg|mcg|g|kg|lbs?|ml|units?|iu|mmhg|bpm|times|x|pills?|tabs?|over)\b)"
_RELATIVE_IS = re.compile(
    r"\b(?i:my|our|his|her|their)\s+(?P<cue>[A-Za-z]{2,14})\s+(?P<between>(?:[A-Za-z'’-]+\s+){0,3}?)"
    rf"(?i:is|was|turned|turns|just\s+turned|now)\s+{_AGE}{_NOT_A_QUANTITY}"
)
_NAME_THEN_PARENS = re.compile(rf"[A-Za-z][a-z'’-]+\s*\(\s*{_AGE}\s*\)")
_RELATIVES = FuzzyWords(RELATIONS | BARE_RELATIONS)
_WORD = re.compile(r"[A-Za-z]+")


def _stated_of_relative(match: re.Match[str]) -> bool:
    between = match.group("between").split()
    return match.group("cue") in _RELATIVES and not any(is_clinical_word(word.casefold()) for word in between)


def _relative_before(match: re.Match[str]) -> bool:
    before = match.string[max(0, match.start() - 48) : match.start()]
    return any(word in _RELATIVES for word in _WORD.findall(before))


_CN = re.compile(rf"(?<![\d.]){_AGE}\s*(?:周岁|岁半?|歲)")
_CN_BEFORE = re.compile(rf"(?:年龄|年紀|年纪|今年)[:：\s]*{_AGE}(?![\d.])")


class AgeRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [
            Rule("after", _AFTER, 0.7),
            Rule("before", _BEFORE, 0.5, validate=lambda v: 1 <= int(v) <= 125),
            Rule("fuzzy_years", _FUZZY_YEARS, 0.6, check=cue_in(_YEAR_WORDS)),
            Rule("relative_is", _RELATIVE_IS, 0.6, check=_stated_of_relative),
            Rule("relative_parens", _NAME_THEN_PARENS, 0.6, check=_relative_before),
            Rule("cn", _CN, 0.7),
            Rule("cn_before", _CN_BEFORE, 0.6),
        ]
        super().__init__(ENTITY, rules, language=language)
