"""Chinese passport numbers (E/G + 8 digits, or E + letter + 7 digits) near the word 护照 / passport."""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer

ENTITY = "CN_PASSPORT"

_REGEX = re.compile(r"(?<![A-Za-z0-9])(?:[EGDSPegdsp]\d{8}|[Ee][A-HJ-NP-Za-hj-np-z]\d{7})(?![A-Za-z0-9])")
_CONTEXT = re.compile(r"(?i:护照|passport|travel\s+document|旅行证)")


class CnPassportRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rule = Rule("with_context", _REGEX, 0.8, context=_CONTEXT, window=20)
        super().__init__(ENTITY, [rule], language=language)
