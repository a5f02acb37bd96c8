"""Dates that identify: birth dates after a label ("DOB 03/14/1962") and calendar dates ("March 3, 2026").

Presidio's `DateRecognizer` covers numeric dates; spaCy's DATE also tags durations, which the
de-identifier filters out afterwards (see `ingest.deid.analyze.filters`).
"""

from __future__ import annotations

import re

from ingest.deid.analyze.clinical_terms import words
from ingest.deid.analyze.fuzzy import FuzzyWords
from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, cue_in, labelled

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
# "since 9/4", "f/u 8/18", "interrogated 11/13": a month/day pair is a date only after a word that
# introduces one ("1/2 tab" is not). Patients misspell those words ("sinnce"), so one typo is allowed.
DATE_CUES = words(
    """on since from until till by f/u fu seen appt appointment visit visited dated due before after next last
    scheduled admitted discharged note interrogated checked tested drawn done performed collected started
    stopped changed increased decreased refilled called"""
)
_CUES = FuzzyWords(DATE_CUES)
MONTH_DAY = r"(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])"
_MONTH_DAY = re.compile(rf"\b(?P<cue>{_CUES.pattern('A-Za-z/')}):?\s+(?P<value>{MONTH_DAY})(?![\d/])")
_CUE_BEFORE = re.compile(r"(?P<cue>[A-Za-z/]{2,13}):?\s+$")
# Lower-case month names ("since 22 june 2026"); "may" only with a year, as it is mostly a verb.
_FULL_MONTH = r"(?:january|february|march|april|june|july|august|september|october|november|december)"
_LOWER_CALENDAR = re.compile(
    rf"(?i:\b{_FULL_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|\b{_DAY}\s+(?:of\s+)?{_FULL_MONTH}(?:,?\s+{_YEAR})?"
    rf"|\bmay\s+{_DAY},?\s+{_YEAR}|\b{_DAY}\s+(?:of\s+)?may,?\s+{_YEAR})(?![\w/])"
)


def month_day_after_cue(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is a month/day pair ("9/4") right after a date cue word."""
    if re.fullmatch(MONTH_DAY, text[start:end]) is None:
        return False
    cue = _CUE_BEFORE.search(text, max(0, start - 16), start)
    return cue is not None and cue.group("cue") in _CUES


class DateOfBirthRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [Rule("dob", _DOB, 0.95)], language=language)


class CalendarDateRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [
            Rule("month_name", _CALENDAR, 0.6),
            Rule("month_name_lower", _LOWER_CALENDAR, 0.6),
            Rule("month_day", _MONTH_DAY, 0.6, check=cue_in(_CUES)),
        ]
        super().__init__(ENTITY, rules, language=language)
