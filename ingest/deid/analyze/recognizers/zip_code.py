"""Postal codes: US ZIP after a state ("Springfield, IL 62704") or next to "zip"; Chinese 邮编."""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer

ENTITY = "ZIP_CODE"

STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|"
    "OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
    "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|"
    "North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|"
    "South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming"
)
_ZIP = r"\d{5}(?:-\d{4})?"
# After a comma ("Boise, id 83702") a state code may be lower case; without one, "ID" is a label, not Idaho.
_AFTER_STATE = re.compile(
    rf"(?:,\s*(?i:{STATES}|{_STATE_NAMES})\.?|\b(?:{STATES.replace('ID|', '')}|{_STATE_NAMES})),?\s+"
    rf"(?P<value>{_ZIP})\b(?!\s*(?i:mg|mcg|ml|units?|iu|steps|people|patients|cases|%))"
)
_BARE = re.compile(rf"(?<![\d-]){_ZIP}(?![\d-])")
_CONTEXT = re.compile(r"(?i:\bzip\b|zip\s*code|zipcode|postal|post\s*code)")
_CN_POSTCODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
_CN_CONTEXT = re.compile(r"邮编|邮政编码")


class ZipCodeRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [
            Rule("after_state", _AFTER_STATE, 0.8),
            Rule("with_context", _BARE, 0.7, context=_CONTEXT, window=16),
            Rule("cn_postcode", _CN_POSTCODE, 0.7, context=_CN_CONTEXT, window=8),
        ]
        super().__init__(ENTITY, rules, language=language)
