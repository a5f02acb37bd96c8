"""居民身份证号码: 18 characters, birth date inside, ISO 7064 MOD 11-2 check character."""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.checksums import cn_resident_id_valid
from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer

ENTITY = "CN_RESIDENT_ID"

# Lookarounds instead of \b: CJK characters count as word characters, so "身份证号1101..." has no \b.
_REGEX = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])"
)


class CnResidentIdRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [Rule("checksum", _REGEX, 0.95, validate=cn_resident_id_valid)], language=language)
