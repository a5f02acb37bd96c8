"""Overlapping detections become one span; spans are replaced in one pass over the text."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ingest.deid.model import Entity


def merge_overlaps(entities: Iterable[Entity]) -> list[Entity]:
    """One entity per group of overlapping detections, covering their union.

    The union never leaves part of an identifier behind; the type and score come from the detection
    that covers most of it (longest, then highest score).
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
    best = max(group, key=lambda e: (e.end - e.start, e.score))
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
