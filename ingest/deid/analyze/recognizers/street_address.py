"""US-style street addresses: "1450 Oak Street, Springfield", "22 Elm Ave Apt 4B", "P.O. Box 1234"."""

from __future__ import annotations

import re

from ingest.deid.analyze.clinical_terms import words
from ingest.deid.analyze.fuzzy import FuzzyWords
from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, cue_in
from ingest.deid.analyze.recognizers.zip_code import STATES

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
# Patients write addresses in lower case too ("we moved to 692 kensington lane, dayton, oh"). Lower-case
# words before a street type are common prose ("walked 500 yards down the road"), so such a match needs a
# city and state after it, or a cue before it ("moved to", "live at", "address is"), typos allowed.
_LOWER_SUFFIX = (
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|circle|"
    r"parkway|pkwy|highway|hwy|square|trail|crescent|close)\b\.?"
)
_LOWER_STREET = (
    rf"(?P<value>\d{{1,6}}[A-Za-z]?\s+(?:{_DIRECTION}\s+)?(?:[a-z][a-z'’-]*\s+){{1,3}}{_LOWER_SUFFIX}"
    rf"(?i:{_UNIT})?)"
)
_CITY_STATE_AFTER = rf"(?=,\s*[A-Za-z]+(?:\s+[A-Za-z]+)?,\s*(?i:{STATES})\b)"
_ADDRESS_CUE = r"\b(?P<cue>[A-Za-z]{3,12})(?:\s+(?:to|at|on|in|is))?\s*:?\s+"
ADDRESS_CUES = words(
    "moved move moving live lives lived living stay stays staying address addr deliver send mail located relocated"
)
_PO_BOX = re.compile(r"\b(?i:P\.?\s?O\.?\s*Box|Post\s+Office\s+Box)\s+\d{1,6}\b")


_CUES = FuzzyWords(ADDRESS_CUES)


class StreetAddressRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [
            Rule("street", _STREET, 0.8),
            Rule("po_box", _PO_BOX, 0.8),
            Rule("lower_street_city", re.compile(_LOWER_STREET + _CITY_STATE_AFTER), 0.7),
            Rule("lower_street_cue", re.compile(_ADDRESS_CUE + _LOWER_STREET), 0.7, check=cue_in(_CUES)),
        ]
        super().__init__(ENTITY, rules, language=language)
