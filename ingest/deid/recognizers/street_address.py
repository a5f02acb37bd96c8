"""US-style street addresses: "1450 Oak Street, Springfield", "22 Elm Ave Apt 4B", "P.O. Box 1234"."""

from __future__ import annotations

import re

from ingest.deid.recognizers.rule import Rule, RuleRecognizer

ENTITY = "STREET_ADDRESS"

_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr(?!\.?\s+[A-Z])|Court|Ct|Place|Pl|"
    r"Way|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Loop|Row|Alley|Crescent|"
    r"Close|Plaza|Path|Pike|Turnpike)\b\.?"
)
_DIRECTION = r"(?:(?:[NSEW]|NE|NW|SE|SW)\.?|North|South|East|West)"
_NAME_WORD = r"(?:[A-Z][a-zA-Z'’-]*\.?|\d{1,3}(?:st|nd|rd|th))"
_UNIT = r"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|Bldg|Building|#)\.?\s*#?\s*[A-Za-z0-9-]{1,6})"
_CITY = r"(?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
_STATE_ZIP = r"(?:,?\s+[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?\b)"

_STREET = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?\s+(?:{_DIRECTION}\s+)?(?:{_NAME_WORD}\s+){{1,4}}{_SUFFIX}"
    rf"(?:\s+{_DIRECTION}\b)?{_UNIT}?{_CITY}?{_STATE_ZIP}?"
)
_PO_BOX = re.compile(r"\b(?i:P\.?\s?O\.?\s*Box|Post\s+Office\s+Box)\s+\d{1,6}\b")


class StreetAddressRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [Rule("street", _STREET, 0.8), Rule("po_box", _PO_BOX, 0.8)]
        super().__init__(ENTITY, rules, language=language)
