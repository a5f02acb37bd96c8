"""Accepted review items as dataset records: eval, SFT (chat) and preference pairs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infra.records import ReviewItem

EVAL = "eval.jsonl"
SFT = "sft.jsonl"
PREFERENCE = "preference.jsonl"
DATA_FILES = (EVAL, SFT, PREFERENCE)


@dataclass
class Records:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {f: [] for f in DATA_FILES})
    event_ids: set[str] = field(default_factory=set)
    cluster_ids: set[str] = field(default_factory=set)
    reviewers: set[str] = field(default_factory=set)
    skipped_item_ids: list[str] = field(default_factory=list)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def reference_answer(item: ReviewItem) -> str | None:
    """The reviewer's answer, else the physician's correction carried by the event."""
    return _text(item.reference_answer) or _text(item.event.get("correction"))


def build_records(items: list[ReviewItem]) -> Records:
    """Records in event-id order, so the same decisions always give the same bytes.

    An accepted item with neither a reviewer answer nor a correction has no reference and is
    skipped (and listed), never exported with the model's own output as the reference.
    """
    out = Records()
    for item in sorted(items, key=lambda i: (i.event_id, i.item_id)):
        reference = reference_answer(item)
        if reference is None:
            out.skipped_item_ids.append(item.item_id)
            continue
        event = item.event
        messages = [
            {"role": str(m.get("role", "")), "content": str(m.get("content", ""))}
            for m in event.get("messages") or []
            if isinstance(m, dict)
        ]
        model_output = str(event.get("model_output", ""))
        out.rows[EVAL].append(
            {
                "event_id": item.event_id,
                "kind": event.get("kind"),
                "language": event.get("language"),
                "cluster_id": item.cluster_id,
                "failure_cluster": item.cluster_label,
                "failure_theme_id": item.theme_id,
                "failure_theme": item.theme_label,
                "messages": messages,
                "reference_answer": reference,
                "model_output": model_output,
                "model_version": event.get("model_version"),
            }
        )
        out.rows[SFT].append({"messages": [*messages, {"role": "assistant", "content": reference}]})
        if reference.strip() != model_output.strip():
            out.rows[PREFERENCE].append({"prompt": messages, "chosen": reference, "rejected": model_output})
        out.event_ids.add(item.event_id)
        out.cluster_ids.add(item.cluster_id)
        if item.updated_by:
            out.reviewers.add(item.updated_by)
    return out
