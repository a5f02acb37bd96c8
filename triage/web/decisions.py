"""A reviewer's structured decision: validation shared by the form and the JSON API, and the guarded write.

The decision (contract in the README): verdict, harm, root_cause (a taxonomy id), reference_answer
(required for wrong and partly_wrong), rubric, note, unusable, version. The legacy body
`{"decision": "accepted" | "rejected", "reference_answer", "note", "version"}` is still accepted:
accepted is verdict wrong with the given reference, rejected is an unusable item (reason other).
"""

from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from infra.records import QueueFilter, ReviewItem
from triage.rootcause.taxonomy import load_taxonomy
from triage.web.scrub import TextScrubber

if TYPE_CHECKING:
    from infra.store import Store
    from triage.web.session import Who

MAX_ANSWER_CHARS = 20_000
MAX_NOTE_CHARS = 4_000
MAX_RUBRIC_ITEMS = 20
# A reference this similar to the failed answer is a copy of it, never gold (as the exporter judges).
NEAR_COPY_RATIO = 0.9

VERDICTS = ("wrong", "partly_wrong", "acceptable")
HARMS = ("none", "minor", "moderate", "severe")
UNUSABLE = ("residual_phi", "junk", "duplicate", "not_medical", "other")
STATUS_FILTERS = ("pending", "second_review", "disputed", "accepted", "rejected", "retired", "all")

Verdict = Literal["wrong", "partly_wrong", "acceptable"]
Harm = Literal["none", "minor", "moderate", "severe"]
Unusable = Literal["residual_phi", "junk", "duplicate", "not_medical", "other"]


class DecisionInputError(ValueError):
    """A decision that is well-formed but not acceptable (e.g. a reference that copies the failed answer)."""


class RubricCriterion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    criterion: str = Field(min_length=1, max_length=1_000)
    points: int = Field(ge=-10, le=10)


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Verdict | None = None
    harm: Harm | None = None
    root_cause: str | None = None
    reference_answer: str | None = Field(default=None, max_length=MAX_ANSWER_CHARS)
    rubric: list[RubricCriterion] = Field(default_factory=list, max_length=MAX_RUBRIC_ITEMS)
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)
    unusable: Unusable | None = None
    version: int = Field(ge=1)
    # Legacy form of a decision, mapped onto the fields above.
    decision: Literal["accepted", "rejected"] | None = None

    @model_validator(mode="after")
    def _normalise(self) -> Decision:
        # Browsers send textarea line breaks as CRLF; store one form so edits compare equal.
        self.reference_answer = _clean(self.reference_answer)
        self.note = _clean(self.note)
        self.root_cause = (self.root_cause or "").strip() or None
        if self.decision is not None:
            if self.verdict or self.harm or self.root_cause or self.unusable or self.rubric:
                raise ValueError("send either the legacy 'decision' or verdict / harm / root_cause, not both")
            if self.decision == "accepted":
                if self.reference_answer is None:
                    raise ValueError("an accepted item needs a reference answer")
                self.verdict = "wrong"
            else:
                self.unusable = "other"
            return self
        if self.root_cause is not None and self.root_cause not in load_taxonomy():
            raise ValueError(f"root_cause must be a taxonomy id ({', '.join(load_taxonomy().ids)})")
        if self.unusable is not None:
            return self
        if self.verdict is None:
            raise ValueError("choose a verdict (wrong, partly wrong, acceptable) or mark the item unusable")
        if self.harm is None:
            raise ValueError("choose the harm the answer could cause (none, minor, moderate, severe)")
        if self.verdict != "acceptable":
            if self.reference_answer is None:
                raise ValueError("a wrong or partly wrong answer needs a reference answer")
            if self.root_cause is None:
                raise ValueError("a wrong or partly wrong answer needs a root cause")
        return self


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.strip() else None


def nearly_copies(reference: str, failed: str) -> bool:
    a, b = " ".join(reference.split()).casefold(), " ".join(failed.split()).casefold()
    return bool(b) and (a == b or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR_COPY_RATIO)


@dataclass(frozen=True)
class Saved:
    item: ReviewItem
    identifiers_replaced: int


class DecisionWriter:
    """The review writes of the page: reviewer text is de-identified first, then the store writes in a
    transaction of its own. Decisions run side by side (two on the same item at the same moment: the second
    is the store's version conflict); "take next" goes one at a time, since every taker wants the head of
    the same queue."""

    def __init__(
        self,
        store: Store,
        scrub: TextScrubber,
        *,
        double_review_priority: float | None = None,
        lease_s: float = 20 * 60,
    ) -> None:
        self.store = store
        self.scrub = scrub
        self.double_review_priority = double_review_priority
        self.lease_s = lease_s
        self._take = threading.Lock()

    def decide(self, item_id: str, who: Who, decision: Decision) -> Saved:
        item = self.store.review_item(item_id)
        failed = str(item.event.get("model_output") or "")
        if decision.reference_answer is not None and nearly_copies(decision.reference_answer, failed):
            raise DecisionInputError(
                "the reference answer copies the failed model answer; write what the answer should have been"
            )
        language = str(item.event.get("language") or "en")
        replaced = 0

        def scrubbed(text: str | None) -> str | None:
            nonlocal replaced
            if text is None:
                return None
            text, found = self.scrub(text, language)
            replaced += found
            return text

        reference_answer, note = scrubbed(decision.reference_answer), scrubbed(decision.note)
        rubric = [{"criterion": scrubbed(r.criterion), "points": r.points} for r in decision.rubric]
        saved = self.store.record_decision(
            item_id,
            reviewer=who.username,
            role=who.role,
            expected_version=decision.version,
            verdict=decision.verdict,
            harm=decision.harm,
            root_cause=decision.root_cause,
            reference_answer=reference_answer,
            rubric=rubric,
            note=note,
            unusable=decision.unusable,
            double_review_priority=self.double_review_priority,
        )
        return Saved(saved, replaced)

    def take_next(
        self, who: Who, queue: QueueFilter | None, adjudication: bool = False, skip: tuple[str, ...] = ()
    ) -> ReviewItem | None:
        with self._take:
            taken = self.store.lease_next(
                who.username, role=who.role, queue=queue, adjudication=adjudication, lease_s=self.lease_s, skip=skip
            )
        return None if taken is None else self.store.review_item(taken)


def status_filter(status: str | None) -> str | None:
    """Map the `status` query value to the store's filter (None = all); ValueError if unknown."""
    value = (status or "pending").strip().lower()
    if value not in STATUS_FILTERS:
        raise ValueError(f"status must be one of {', '.join(STATUS_FILTERS)}, not {status!r}")
    return None if value == "all" else value
