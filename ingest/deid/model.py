"""Results of de-identification."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entity:
    """One replaced span; `start`/`end` index the original text."""

    entity_type: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class DeidText:
    text: str
    entities: list[Entity]


class DeidentificationError(RuntimeError):
    """De-identification failed; the message never contains the text being processed."""


class DeidentificationTimeout(DeidentificationError):
    """De-identifying a text took longer than its budget (`deid.max_text_seconds`)."""
