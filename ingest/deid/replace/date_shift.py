"""Date shifting: every date of one patient moves by the same keyed offset, so intervals survive.

The offset (1 to `max_days` days, either direction) is an HMAC of the patient key, so it is stable
across events of a deployment and unrelated across keys. A shifted date keeps its written form
("03/14/2026" stays MM/DD/YYYY, "2026年3月14日" stays Chinese). A date this module cannot parse is
not shifted; the caller replaces it with a tag instead.

A shifted date is enclosed in `SHIFTED_MARK` (U+034F COMBINING GRAPHEME JOINER: invisible, zero-width, and a
mark rather than a format character, so the analysed normalised copy keeps it), so a second pass over
de-identified text recognises it and leaves it alone instead of shifting it again.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import date, timedelta

_MONTHS = {name.casefold(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.casefold(): n for n, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# A year-less date is shifted inside this (non-leap) year.
_NO_YEAR = 2001
# Written around every shifted date; `ingest.deid.analyze.filters` drops date detections that carry it.
SHIFTED_MARK = "\u034f"
SHIFTED_DATE = re.compile(SHIFTED_MARK + "[^" + SHIFTED_MARK + "]{1,40}" + SHIFTED_MARK)

Render = Callable[[date], str]


def _two(n: int, width: int) -> str:
    return f"{n:0{width}d}" if width == 2 else str(n)


def _year(y: int, width: int) -> str:
    return f"{y % 100:02d}" if width == 2 else str(y)


def _month_name(m: int, written: str) -> str:
    name = calendar.month_name[m] if len(written.rstrip(".")) > 3 else calendar.month_abbr[m]
    if written.isupper():
        return name.upper()
    return name.lower() if written.islower() else name


def _cased(name: str, written: str) -> str:
    return name.lower() if written.islower() else name.upper() if written.isupper() else name


def _full_year(text: str) -> int:
    y = int(text)
    return y if len(text) == 4 else (2000 + y if y < 50 else 1900 + y)


_WEEKDAYS = [name.casefold() for name in calendar.day_name]
_WEEKDAY = re.compile(r"(?i:(?P<day>(?:mon|tues|wednes|thurs|fri|satur|sun)day))(?P<rest>\s+\w+)?")


def _parse(value: str) -> tuple[date, Render] | None:
    v = value.strip()
    m = _WEEKDAY.fullmatch(v)
    if m:
        written, rest = m.group("day"), m.group("rest") or ""
        # 2001-01-01 was a Monday: the weekday moves with the patient's offset.
        return date(
            2001, 1, 1 + _WEEKDAYS.index(written.casefold())
        ), lambda t: _cased(calendar.day_name[t.weekday()], written) + rest
    m = re.fullmatch(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})", v)
    if m:
        y, sep, mo, d = m.groups()
        return _safe(
            int(y), int(mo), int(d), lambda t: f"{t.year}{sep}{_two(t.month, len(mo))}{sep}{_two(t.day, len(d))}"
        )
    m = re.fullmatch(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})", v)
    if m:
        a, sep, b, y = m.groups()
        # US order (month first) unless the first number cannot be a month.
        mo, d = (a, b) if int(a) <= 12 else (b, a)
        month_first = int(a) <= 12

        def render_numeric(t: date) -> str:
            first, second = (t.month, t.day) if month_first else (t.day, t.month)
            return f"{_two(first, len(a))}{sep}{_two(second, len(b))}{sep}{_year(t.year, len(y))}"

        return _safe(_full_year(y), int(mo), int(d), render_numeric)
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})", v)
    if m and int(m.group(1)) <= 12:
        a, b = m.groups()
        return _safe(_NO_YEAR, int(a), int(b), lambda t: f"{_two(t.month, len(a))}/{_two(t.day, len(b))}")
    m = re.fullmatch(
        r"(?i:" + _MONTH + r")\.?\s+(?P<day>\d{1,2})(?P<suf>st|nd|rd|th)?(?:(?P<comma>,?)\s+(?P<year>\d{4}))?", v
    )
    if m:
        written, suf, comma, year = m.group("month"), m.group("suf") or "", m.group("comma") or "", m.group("year")
        dot = "." if v[len(written) : len(written) + 1] == "." else ""

        def render_md(t: date) -> str:
            head = f"{_month_name(t.month, written)}{dot} {t.day}{_suffix(t.day) if suf else ''}"
            return head + (f"{comma} {t.year}" if year else "")

        return _safe(
            int(year) if year else _NO_YEAR, _MONTHS[written.casefold().rstrip(".")], int(m.group("day")), render_md
        )
    m = re.fullmatch(
        r"(?P<day>\d{1,2})(?P<suf>st|nd|rd|th)?\s+(?P<of>of\s+)?(?i:"
        + _MONTH
        + r")\.?(?:(?P<comma>,?)\s+(?P<year>\d{4}))?",
        v,
    )
    if m:
        written, suf, of, comma, year = (m.group(k) or "" for k in ("month", "suf", "of", "comma", "year"))

        def render_dm(t: date) -> str:
            head = f"{t.day}{_suffix(t.day) if suf else ''} {of}{_month_name(t.month, written)}"
            return head + (f"{comma} {t.year}" if year else "")

        return _safe(
            int(year) if year else _NO_YEAR, _MONTHS[written.casefold().rstrip(".")], int(m.group("day")), render_dm
        )
    m = re.fullmatch(r"(?i:" + _MONTH + r")\.?,?\s+(?P<year>\d{4})", v)
    if m:
        written = m.group("month")
        return _safe(
            int(m.group("year")), _MONTHS[written.casefold()], 15, lambda t: f"{_month_name(t.month, written)} {t.year}"
        )
    m = re.fullmatch(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*([日号])", v)
    if m:
        y, mo, d, end = m.groups()
        return _safe(
            int(y) if y else _NO_YEAR,
            int(mo),
            int(d),
            lambda t: (f"{t.year}年" if y else "") + f"{t.month}月{t.day}{end}",
        )
    m = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月", v)
    if m:
        return _safe(int(m.group(1)), int(m.group(2)), 15, lambda t: f"{t.year}年{t.month}月")
    return None


def _suffix(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _safe(y: int, mo: int, d: int, render: Render) -> tuple[date, Render] | None:
    try:
        return date(y, mo, d), render
    except ValueError:
        return None


class DateShifter:
    def __init__(self, key: bytes, max_days: int = 365) -> None:
        if max_days < 1:
            raise ValueError("max_days must be at least 1")
        self._key = key
        self.max_days = max_days

    def __repr__(self) -> str:
        return f"DateShifter(key=<hidden>, max_days={self.max_days})"

    def offset(self, patient_key: str) -> int:
        """Days to add to every date of this patient: never 0, within +-max_days."""
        digest = hmac.new(self._key, f"DATE_SHIFT\x1f{patient_key}".encode(), hashlib.sha256).digest()
        n = int.from_bytes(digest[:8], "big")
        days = 1 + n % self.max_days
        return days if (n >> 63) & 1 else -days

    def shift(self, value: str, patient_key: str) -> str | None:
        """`value` moved by the patient's offset, in its own format; None if it is not a parseable date."""
        parsed = _parse(value)
        if parsed is None:
            return None
        day, render = parsed
        lead = value[: len(value) - len(value.lstrip())]
        trail = value[len(value.rstrip()) :]
        return lead + SHIFTED_MARK + render(day + timedelta(days=self.offset(patient_key))) + SHIFTED_MARK + trail
