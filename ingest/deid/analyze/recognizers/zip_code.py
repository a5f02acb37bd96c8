"""Postal codes: US ZIP after a state ("Springfield, IL 62704") or next to "zip"; Chinese 邮编; UK ("NR7 8YA")
and Canadian ("R3H 3Y3") postcodes; a ZIP after a city (", Fresno 12133") or a country ("Finland 87971"); a
European code before a city ("10115 Berlin", "1012 AB Amsterdam"). Lower-case codes need a label or city.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, accepted

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


UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
CA_POSTCODE = r"[A-Z]\d[A-Z]\s?\d[A-Z]\d"
_UK_CA = re.compile(rf"(?<![\w-])(?:{UK_POSTCODE}|{CA_POSTCODE})(?![\w-])")
# "ZIP: 394 13", "my zip code is 3610-114", "postcode 7412 SL": any country's digits after the label.
_LABELLED_ANY = re.compile(
    r"(?i:\bzip(?:\s*code)?|\bpost(?:al)?\s*code|\bpostcode|\bplz)\s*(?:is\s*)?[:#]?\s*"
    r"(?P<value>\d{3,5}(?:[ -]\d{2,4})?(?:\s?[A-Z]{2}\b)?)(?![\d-])"
)
_UK_CA_LABELLED = re.compile(
    rf"(?i:post\s*code|postal\s*code|zip(?:\s*code)?|eircode)\s*(?:is\s*)?[:#(]?\s*"
    rf"(?P<value>(?i:{UK_POSTCODE}|{CA_POSTCODE}))(?![\w-])"
)
# "bristol nr7 8ya", "Halifax R3H 3Y3": a city word right before a code in any case.
_AFTER_CITY_ANY_CASE = re.compile(rf"(?<=[A-Za-z]{{3}}\s)(?P<value>(?i:{UK_POSTCODE}|{CA_POSTCODE}))(?![\w-])")
_UNITS = r"(?!\s*(?i:mg|mcg|ml|g\b|kg|units?|iu|steps|people|patients|cases|%|mmol|mm|cm|cells|copies|ng|pg|mcl|ul|/))"
_AFTER_CITY = re.compile(
    rf",\s*[A-Z][a-zà-ÿ]+(?:\s[A-Z][a-zà-ÿ]+)?,?\s+(?P<value>\d{{5}}(?:-\d{{4}})?|\d{{4}})(?![\d-]){_UNITS}"
)
_BEFORE_CITY = re.compile(
    r"(?:^|[,\n>])\s*(?P<value>\d{5}|\d{4}\s?[A-Z]{2}|\d{4}(?=\s+[A-Z]))\s+"
    r"(?=[A-Z][a-zà-ÿ]+(?:\s|,|$))"
)


def _after_region(text: str) -> list[tuple[int, int]]:
    from ingest.deid.analyze.recognizers.regions import is_region

    spans = []
    for m in _AFTER_REGION.finditer(text):
        if is_region(m.group("region")):
            spans.append(m.span("value"))
    return spans


_AFTER_REGION = re.compile(
    rf"(?P<region>[A-Z][A-Za-z]+(?:\s[A-Z][a-z]+)?)\s+(?P<value>\d{{3}}\s?\d{{2}}|\d{{4,5}}(?:-\d{{3,4}})?)(?![\d-]){_UNITS}"
)


# Cheap checks: some rules need five digits in a row, or a letter next to a digit (UK, Canada).
_FIVE_DIGITS = re.compile(r"\d\d\d\d\d")
_LETTER_DIGIT = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")
_NEEDS_FIVE_DIGITS = frozenset({"after_state", "with_context"})
_NEEDS_LETTER_DIGIT = frozenset({"uk_ca", "uk_ca_labelled", "uk_ca_after_city"})


class ZipCodeRecognizer(RuleRecognizer):
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.entity not in entities or not any(ch.isdigit() for ch in text):
            return []
        results = []
        five = _FIVE_DIGITS.search(text) is not None
        postcode_like = _LETTER_DIGIT.search(text) is not None
        for rule in self.rules:
            if (rule.name in _NEEDS_FIVE_DIGITS and not five) or (
                rule.name in _NEEDS_LETTER_DIGIT and not postcode_like
            ):
                continue
            results += [self.result(start, end, rule.score, rule.name) for start, end in accepted(rule, text)]
        results += [self.result(start, end, 0.7, "after_region") for start, end in _after_region(text)]
        return results

    def __init__(self, language: str) -> None:
        rules = [
            Rule("uk_ca", _UK_CA, 0.6),
            Rule("uk_ca_labelled", _UK_CA_LABELLED, 0.7),
            Rule("labelled_any_country", _LABELLED_ANY, 0.7),
            Rule("uk_ca_after_city", _AFTER_CITY_ANY_CASE, 0.6, validate=lambda v: any(c.isalpha() for c in v[-2:])),
            Rule("after_city", _AFTER_CITY, 0.6),
            Rule("before_city", _BEFORE_CITY, 0.6),
            Rule("after_state", _AFTER_STATE, 0.8),
            Rule("with_context", _BARE, 0.7, context=_CONTEXT, window=16),
            Rule("cn_postcode", _CN_POSTCODE, 0.7, context=_CN_CONTEXT, window=8),
        ]
        super().__init__(ENTITY, rules, language=language)
