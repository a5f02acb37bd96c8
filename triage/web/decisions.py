"""A reviewer's decision: validation shared by the form and the JSON API, and the guarded write."""

from __future__ import annotations

import threading
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from infra.store import ReviewItem, Store

MAX_ANSWER_CHARS = 20_000
MAX_NOTE_CHARS = 4_000
STATUS_FILTERS = ("pending", "accepted", "rejected", "all")


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["accepted", "rejected"]
    reference_answer: str | None = Field(default=None, max_length=MAX_ANSWER_CHARS)
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)
    version: int = Field(ge=1)

    @model_validator(mode="after")
    def _normalise(self) -> Decision:
        # Browsers send textarea line breaks as CRLF; store one form so edits compare equal.
        self.reference_answer = _clean(self.reference_answer)
        self.note = _clean(self.note)
        if self.decision == "accepted" and self.reference_answer is None:
            raise ValueError("an accepted item needs a reference answer")
        return self


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.strip() else None


class DecisionWriter:
    """Serialises this process's decisions: DuckDB reports two concurrent writes to one row as a
    transaction error, not as the store's version conflict, so writes here go one at a time and
    the store's version check decides between reviewers."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()

    def decide(self, item_id: str, reviewer: str, decision: Decision) -> ReviewItem:
        with self._lock:
            return self.store.decide(
                item_id,
                reviewer=reviewer,
                status=decision.decision,
                expected_version=decision.version,
                reference_answer=decision.reference_answer,
                note=decision.note,
            )


def status_filter(status: str | None) -> str | None:
    """Map the `status` query value to the store's filter (None = all); ValueError if unknown."""
    value = (status or "pending").strip().lower()
    if value not in STATUS_FILTERS:
        raise ValueError(f"status must be one of {', '.join(STATUS_FILTERS)}, not {status!r}")
    return None if value == "all" else value
