"""Finding planted identifiers in bytes written by the loop, without the two kinds of chance match.

- A needle inside a longer run of digits: every planted number is written between non-digits, and a 7-digit
  record number also turns up by chance inside Prefect's timestamps and floats ("...50.0880032026-..." holds
  8800320).
- A planted date that is whole between the shift marks (U+034F) that only the date shifter writes: another
  patient's date, moved by that patient's random offset, can land on it (14 of 300 random keys over the
  end-to-end test's events).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.deid.replace.date_shift import SHIFTED_MARK

_MARK = SHIFTED_MARK.encode("utf-8")


def finder(needles: list[str]) -> Callable[[bytes], list[str]]:
    """The needles found in some bytes."""
    pattern = re.compile(b"|".join(b"(?<![0-9])" + re.escape(n.encode()) + b"(?![0-9])" for n in needles))

    def found(data: bytes) -> list[str]:
        hits = set()
        for m in pattern.finditer(data):
            start, end = m.span()
            if data[start - len(_MARK) : start] == _MARK and data[end : end + len(_MARK)] == _MARK:
                continue
            hits.add(m.group().decode())
        return sorted(hits)

    return found
