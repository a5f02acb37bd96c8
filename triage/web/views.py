"""What a reviewer sees of a review item, built from the stored (de-identified) event payload.

Fields are picked by name from the signal event contract; anything else in the payload (the
pseudonymous patient reference included) is never shown or returned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from infra.records import AuditEntry, ReviewDecision, ReviewItem

SNIPPET_CHARS = 160
# Corrections by these roles may prefill the reference answer (marked as such); others are shown only.
PHYSICIAN_ROLES = frozenset({"physician", "doctor", "md", "attending", "consultant"})
IN_PROGRESS = ("second_review", "disputed")

KIND_LABELS = {
    "bad_case": "Rated bad",
    "follow_up": "Follow-up",
    "correction": "Correction",
    "low_confidence": "Low confidence",
    "tool_error": "Tool error",
}


@dataclass(frozen=True)
class ItemPage:
    """What an item's page shows: read on one connection (`Store.item_with_context`)."""

    item: ReviewItem
    keywords: list[str]
    history: list[AuditEntry]


@dataclass(frozen=True)
class QueuePage:
    """What the queue page shows: read on one connection (`Store.queue_with_counts`)."""

    items: list[ReviewItem]
    counts: dict[str, int]


@dataclass(frozen=True)
class Message:
    role: str
    content: str


@dataclass(frozen=True)
class Detail:
    label: str
    value: str
    block: bool = False


@dataclass(frozen=True)
class ItemView:
    item: ReviewItem
    kind: str
    language: str
    occurred_at: str
    model_version: str
    messages: list[Message]
    model_output: str
    correction: str | None
    details: list[Detail]
    signal: dict[str, Any]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def snippet(self) -> str:
        users = [m.content for m in self.messages if m.role == "user"]
        text = " ".join((users[-1] if users else self.messages[0].content if self.messages else "").split())
        if len(text) <= SNIPPET_CHARS:
            return text
        cut = text[:SNIPPET_CHARS].rsplit(" ", 1)[0]
        return cut + "…"

    @property
    def corrector_role(self) -> str | None:
        role = self.signal.get("corrector_role")
        return role if isinstance(role, str) and role.strip() else None

    @property
    def kind_detail(self) -> str:
        """The kind as shown: a correction names its corrector's actual role."""
        if self.kind == "correction":
            return f"Correction by {_article(self.corrector_role)}" if self.corrector_role else "Correction"
        return self.kind_label

    @property
    def physician_correction(self) -> str | None:
        role = (self.corrector_role or "").strip().casefold()
        return self.correction if self.correction and role in PHYSICIAN_ROLES else None

    def prefill(self, own: ReviewDecision | None = None) -> tuple[str, str]:
        """The reference answer offered for editing and what it is. Never the failed model answer: the
        reviewer's own earlier decision, the saved reference of a complete review, a physician's
        correction (marked), or nothing."""
        if own is not None and own.reference_answer:
            return own.reference_answer, "your earlier reference answer"
        if self.item.status in ("accepted", "rejected") and self.item.reference_answer:
            return self.item.reference_answer, "the saved reference answer"
        if self.physician_correction:
            return self.physician_correction, f"prefilled with the correction by {_article(self.corrector_role)}"
        return "", "write what the answer should have been"


def _article(role: str | None) -> str:
    role = (role or "someone").strip()
    return ("an " if role[:1].lower() in "aeiou" else "a ") + role


def _text(payload: dict[str, Any], name: str) -> str | None:
    value = payload.get(name)
    return value if isinstance(value, str) and value else None


def build_view(item: ReviewItem) -> ItemView:
    p = item.event
    messages = [
        Message(str(m.get("role", "")), str(m.get("content", "")))
        for m in p.get("messages") or []
        if isinstance(m, dict)
    ]
    signal: dict[str, Any] = {}
    details: list[Detail] = []
    if p.get("rating") is not None:
        signal["rating"] = p["rating"]
        details.append(Detail("User rating", f"{p['rating']} / 5"))
    for name, label in (
        ("feedback", "User feedback"),
        ("correction", "Correction"),
        ("corrector_role", "Corrected by"),
    ):
        value = _text(p, name)
        if value is not None:
            signal[name] = value
            if name == "correction" and _text(p, "corrector_role"):
                label = f"Correction by {_article(_text(p, 'corrector_role'))}"
            details.append(Detail(label, value, block=name != "corrector_role"))
    if isinstance(p.get("confidence"), int | float):
        signal["confidence"] = p["confidence"]
        details.append(Detail("Model confidence", f"{float(p['confidence']):.2f}"))
    if _text(p, "tool") is not None:
        signal["tool"] = p["tool"]
        details.append(Detail("Tool", p["tool"]))
    if isinstance(p.get("arguments"), dict):
        signal["arguments"] = p["arguments"]
        details.append(Detail("Tool arguments", json.dumps(p["arguments"], indent=2, ensure_ascii=False), block=True))
    if _text(p, "error") is not None:
        signal["error"] = p["error"]
        details.append(Detail("Tool error", p["error"], block=True))
    return ItemView(
        item=item,
        kind=str(p.get("kind", "")),
        language=str(p.get("language", "")),
        occurred_at=str(p.get("occurred_at", "")),
        model_version=str(p.get("model_version", "")),
        messages=messages,
        model_output=str(p.get("model_output", "")),
        correction=_text(p, "correction"),
        details=details,
        signal=signal,
    )


def summary_json(view: ItemView, *, lead: bool = True) -> dict[str, Any]:
    """An item in a listing. While double review is in progress only a lead sees who decided last."""
    item = view.item
    hidden = item.status in IN_PROGRESS and not lead
    return {
        "item_id": item.item_id,
        "event_id": item.event_id,
        "cluster_id": item.cluster_id,
        "cluster_label": item.cluster_label,
        "theme_id": item.theme_id,
        "theme_label": item.theme_label,
        "kind": view.kind,
        "language": view.language,
        "priority": item.priority,
        "status": item.status,
        "version": item.version,
        "updated_at": item.updated_at.isoformat(),
        "updated_by": None if hidden else item.updated_by,
        "snippet": view.snippet,
        "suggested_cause": item.suggested_cause,
        "suggested_harm": item.suggested_harm,
        "double_review": item.double_review,
        "lease_by": item.lease_by,
    }


def decision_json(d: ReviewDecision) -> dict[str, Any]:
    return {
        "decision_id": d.decision_id,
        "reviewer": d.reviewer,
        "kind": d.kind,
        "verdict": d.verdict,
        "harm": d.harm,
        "root_cause": d.root_cause,
        "reference_answer": d.reference_answer,
        "rubric": d.rubric,
        "note": d.note,
        "unusable": d.unusable,
        "decided_at": d.decided_at.isoformat(),
    }


def visible_decisions(decisions: list[ReviewDecision], status: str, user: str, lead: bool) -> list[ReviewDecision]:
    """What a user may see of an item's decisions: a lead everything; a reviewer their own, and everyone's
    once the review is complete (never a first reviewer's while the second review is open)."""
    if lead or status not in ("pending", *IN_PROGRESS):
        return decisions
    return [d for d in decisions if d.reviewer == user]


def latest_reviews(decisions: list[ReviewDecision]) -> list[ReviewDecision]:
    """Each reviewer's latest review (not adjudication), in the order the reviewers first decided."""
    latest: dict[str, ReviewDecision] = {}
    for d in decisions:
        if d.kind == "review":
            latest.setdefault(d.reviewer, d)
            latest[d.reviewer] = d
    return list(latest.values())


def disagreement(decisions: list[ReviewDecision]) -> str | None:
    """What the first two reviews disagree on, in words; None when they agree or are fewer."""
    reviews = latest_reviews(decisions)[:2]
    if len(reviews) < 2:
        return None
    a, b = reviews
    parts = [
        name
        for name, x, y in (
            ("the verdict", a.verdict, b.verdict),
            ("the root cause", a.root_cause, b.root_cause),
            ("whether it is usable", a.unusable, b.unusable),
        )
        if x != y
    ]
    return " and ".join(parts) or None


def detail_json(
    view: ItemView,
    keywords: list[str],
    decisions: list[ReviewDecision] | None = None,
    *,
    lead: bool = True,
) -> dict[str, Any]:
    return {
        **summary_json(view, lead=lead),
        "corrector_role": view.corrector_role,
        "cluster_size": view.item.cluster_size,
        "decisions": [decision_json(d) for d in decisions or []],
        "cluster_keywords": keywords,
        "reference_answer": view.item.reference_answer,
        "note": view.item.note,
        "occurred_at": view.occurred_at,
        "model_version": view.model_version,
        "messages": [{"role": m.role, "content": m.content} for m in view.messages],
        "model_output": view.model_output,
        "signal": view.signal,
    }
