"""Postcodes (and cities) on the last lines of an address block.

An address written as a block ends with its postcode, on the city's line or a line of its own, whatever
the country's format: "…Skogstien 106\\nASKER 1386", "…Apt. 360\\n Wrocław\\n 53-320", "…\\n Tujetsch\\n
7188"; or, on one line, after the city: "…rantatie 1 as. 449, espoo 02676". A number of a postcode's shape
that ends a line (or the text) within a few short lines after a detected street address, or that follows
a comma and a city right after it, is a ZIP_CODE; that city, in any case, is a LOCATION, and so is a city
alone between commas right after the street. Sentences ("… st. the first three months") end the block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presidio_analyzer import RecognizerResult

from ingest.deid.analyze.clinical_terms import is_clinical_word

ENTITY = "ZIP_CODE"
NAME = "AddressBlockPostcode"
_MAX_LINES = 3
_MAX_CHARS = 80
_POSTCODE = re.compile(
    r"(?<![\w.,/:+-])(?P<value>\d{3,6}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3} \d{2}|\d{4} ?[A-Z]{2})[ \t]*(?=\n|$)"
)
# On the street's own line: ", espoo 02676", " b 75, oulu 08976", " as. 449, espoo 02676" (what the street left
# out, a comma or two, a city of one to three words, then digits).
_AFTER_CITY = re.compile(
    r"(?:[^\n,!?;]{0,12},[ \t]*){1,2}?(?P<city>(?:[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’-]*[ \t]+){1,3}?)"
    r"(?P<value>\d{4,5}(?:-\d{4})?|\d{2}-\d{3}|\d{3} \d{2}|[A-Za-z]{1,2}\d[A-Za-z\d]?\s?\d[A-Za-z]{2}"
    r"|[A-Za-z]\d[A-Za-z]\s?\d[A-Za-z]\d)(?![\w%/-])"
    r"(?![ \t]*(?i:mg|mcg|ml|g\b|kg|units?|iu|steps|people|patients|cases|mmol|mm|cm))"
)
# A city (in Latin letters) alone after the street, up to the next comma or the line's end: "rantatie 120 as.
# 691, espoo, can …".
_LATIN_WORD = r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’-]*"
_CITY_ONLY = re.compile(
    rf"(?:[^\n,!?;]{{0,12}},[ \t]*){{1,2}}?(?P<city>{_LATIN_WORD}(?:[ \t]+{_LATIN_WORD})?)[ \t]*(?=,|\n|$)"
)
# What a block line may not hold: the end of a sentence followed by more prose.
_SENTENCE = re.compile(r"[.!?]\s+[a-z]|[.!?]\s*$")


def postcodes_after_streets(text: str, results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    streets = [r for r in results if r.entity_type == "STREET_ADDRESS"]
    if not streets:
        return []
    out = []
    for street in streets:
        window = text[street.end : street.end + _MAX_CHARS]
        same_line = _AFTER_CITY.match(window)
        if same_line is not None:
            start, end = street.end + same_line.start("value"), street.end + same_line.end("value")
            if not _taken(start, end, results):
                out.append(_result(start, end))
            out += _city(text, street.end + same_line.start("city"), street.end + same_line.end("city"), results)
            continue
        city_only = _CITY_ONLY.match(window)
        if city_only is not None:
            out += _city(text, street.end + city_only.start("city"), street.end + city_only.end("city"), results)
        lines = window.split("\n")
        window = "\n".join(lines[: _MAX_LINES + 1])
        for m in _POSTCODE.finditer(window):
            before = window[: m.start()]
            if _SENTENCE.search(before):
                break
            start, end = street.end + m.start("value"), street.end + m.end("value")
            if _taken(start, end, results):
                continue
            out.append(_result(start, end))
            break
    return out


def _city(text: str, start: int, end: int, results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """A LOCATION for the city between a street and its postcode, unless it is a region (kept), a state code, an
    ordinary or a clinical word, or already detected."""
    from ingest.deid.analyze.person_gate import ordinary
    from ingest.deid.analyze.recognizers.regions import STATE_CODES, is_region

    value = text[start:end].rstrip()
    end = start + len(value)
    parts = value.split()
    if (
        not parts
        or is_region(value)
        or value.upper() in STATE_CODES
        or any(ordinary(p) or is_clinical_word(p) or len(p) < 3 for p in parts)
        or any(r.start < end and start < r.end for r in results)
    ):
        return []
    return [_result(start, end, "LOCATION")]


def _taken(start: int, end: int, results: Sequence[RecognizerResult]) -> bool:
    """Whether another detection holds the number; spaCy's DATE for a bare number ("5815") does not count."""
    return any(r.start < end and start < r.end and r.entity_type != "DATE_TIME" for r in results)


def _result(start: int, end: int, entity: str = ENTITY) -> RecognizerResult:
    return RecognizerResult(
        entity,
        start,
        end,
        0.6,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: NAME,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: NAME,
        },
    )
