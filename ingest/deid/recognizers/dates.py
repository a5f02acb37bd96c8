"""Dates that identify: birth dates after a label ("DOB 03/14/1962") and calendar dates ("March 3, 2026").

Presidio's `DateRecognizer` covers numeric dates; spaCy's DATE also tags durations, which the
de-identifier filters out afterwards (see `ingest.deid.filters`).
"""

from __future__ import annotations

import re

from ingest.deid.recognizers.rule import Rule, RuleRecognizer, labelled

ENTITY = "DATE_TIME"

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
NUMERIC_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})"
MONTH_NAME_DATE = (
    rf"(?:{MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+(?:of\s+)?{MONTH},?(?:\s+{_YEAR})?|{MONTH},?\s+{_YEAR})"
)
_ANY_DATE = rf"(?:{NUMERIC_DATE}|{MONTH_NAME_DATE})(?![\w/])"
_DOB_LABEL = r"\b(?i:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?)"

_DOB = re.compile(labelled(_DOB_LABEL, _ANY_DATE, separator=r"(?i:[\s:=-]*(?:(?:is|was)\s*:?\s*)?)"))
_CALENDAR = re.compile(rf"\b{MONTH_NAME_DATE}(?![\w/])")
# "since 9/4", "f/u 8/18": a month/day pair is a date only after a word that introduces one ("1/2 tab" is not).
_MONTH_DAY = re.compile(
    r"(?i:\b(?:on|since|from|until|till|by|f/u|fu|seen|appt|appointment|visit|dated|due|before|after|next|last|"
    r"scheduled|admitted|discharged)\s+)(?P<value>(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9]))(?![\d/])"
)


class DateOfBirthRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [Rule("dob", _DOB, 0.95)], language=language)


class CalendarDateRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [Rule("month_name", _CALENDAR, 0.6), Rule("month_day", _MONTH_DAY, 0.6)]
        super().__init__(ENTITY, rules, language=language)
