"""A reviewer's decision: validation shared by the form and the JSON API, and the guarded write."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from infra.records import ReviewItem
from triage.web.scrub import TextScrubber

if TYPE_CHECKING:
    from infra.store import Store

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


@dataclass(frozen=True)
class Saved:
    item: ReviewItem
    identifiers_replaced: int


class DecisionWriter:
    """Serialises this process's decisions: DuckDB reports two concurrent writes to one row as a
    transaction error, not as the store's version conflict, so writes here go one at a time and
    the store's version check decides between reviewers. Reviewer text is de-identified first."""

    def __init__(self, store: Store, scrub: TextScrubber) -> None:
        self.store = store
        self.scrub = scrub
        self._lock = threading.Lock()

    def decide(self, item_id: str, reviewer: str, decision: Decision) -> Saved:
        language = str(self.store.review_item(item_id).event.get("language") or "en")
        replaced = 0
        texts: list[str | None] = []
        for text in (decision.reference_answer, decision.note):
            if text is not None:
                text, found = self.scrub(text, language)
                replaced += found
            texts.append(text)
        reference_answer, note = texts
        with self._lock:
            item = self.store.decide(
                item_id,
                reviewer=reviewer,
                status=decision.decision,
                expected_version=decision.version,
                reference_answer=reference_answer,
                note=note,
            )
        return Saved(item, replaced)


def status_filter(status: str | None) -> str | None:
    """Map the `status` query value to the store's filter (None = all); ValueError if unknown."""
    value = (status or "pending").strip().lower()
    if value not in STATUS_FILTERS:
        raise ValueError(f"status must be one of {', '.join(STATUS_FILTERS)}, not {status!r}")
    return None if value == "all" else value
