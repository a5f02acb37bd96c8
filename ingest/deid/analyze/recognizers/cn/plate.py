"""Chinese licence plates: province character, issuing-office letter, 5 (or 6, new-energy) characters."""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer

ENTITY = "LICENSE_PLATE"

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_REGEX = re.compile(
    rf"[{_PROVINCES}][A-HJ-NP-Z][·•・.\s-]?[A-HJ-NP-Z0-9]{{4}}[A-HJ-NP-Z0-9挂学警港澳]{{1,2}}(?![A-Za-z0-9])"
)


class CnLicensePlateRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [Rule("plate", _REGEX, 0.75)], language=language)
