"""Overlapping detections become one span; spans are replaced in one pass over the text; `SpanIndex` says
whether a span overlaps or lies inside one of many others."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate

from ingest.deid.model import Entity

# Between detections of the same extent, the more specific reading wins: a name found by its context
# over spaCy's guess of a place, a phone number over a number that merely passes the NHS or NPI check
# digit, a ZIP code after a state over a bare number; a number after its label ("account number") over
# the shape it happens to have; an e-mail, URL or IP address
# keeps its own type whatever else it looks like.
_PRIORITY = {
    "PERSON": 1,
    "PHONE_NUMBER": 1,
    "ZIP_CODE": 1,
    "IP_ADDRESS": 2,
    "EMAIL_ADDRESS": 2,
    "URL": 2,
    "USERNAME": 2,
    "PRESCRIPTION_NUMBER": 2,
    "ACCOUNT_NUMBER": 2,
    "MEDICAL_RECORD_NUMBER": 2,
}


def merge_overlaps(entities: Iterable[Entity]) -> list[Entity]:
    """One entity per group of overlapping detections, covering their union.

    The union never leaves part of an identifier behind; the type and score come from the detection
    that covers most of it (longest, then the more specific type, then highest score).
    """
    merged: list[Entity] = []
    group: list[Entity] = []
    for entity in sorted(entities, key=lambda e: (e.start, -e.end)):
        if group and entity.start >= max(e.end for e in group):
            merged.append(_union(group))
            group = []
        group.append(entity)
    if group:
        merged.append(_union(group))
    return merged


def _union(group: list[Entity]) -> Entity:
    best = max(group, key=lambda e: (e.end - e.start, _PRIORITY.get(e.entity_type, 0), e.score))
    return Entity(best.entity_type, min(e.start for e in group), max(e.end for e in group), best.score)


def replace(text: str, entities: list[Entity], surrogate: Callable[[str, str], str]) -> str:
    """`text` with each (non-overlapping, sorted) entity replaced by `surrogate(type, value)`."""
    parts: list[str] = []
    position = 0
    for entity in entities:
        parts.append(text[position : entity.start])
        parts.append(surrogate(entity.entity_type, text[entity.start : entity.end]))
        position = entity.end
    parts.append(text[position:])
    return "".join(parts)


class SpanIndex:
    """Overlap and containment against many (start, end) spans in logarithmic time: a text can hold
    thousands of detections and thousands of candidates to test against them."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach: Sequence[int] = list(accumulate((end for _, end in ordered), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span shares a character with [start, end)."""
        before = bisect_left(self._starts, end)  # the spans that start before `end`
        return before > 0 and self._reach[before - 1] > start

    def contains(self, start: int, end: int) -> bool:
        """Whether some span holds all of [start, end)."""
        upto = bisect_right(self._starts, start)  # the spans that start at or before `start`
        return upto > 0 and self._reach[upto - 1] >= end
