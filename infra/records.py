"""The record types the stages exchange and the store keeps: plain dataclasses, no SQL.

Stage code works on these; only `infra.store` turns them into rows and back (by column name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

REVIEW_STATUSES = ("pending", "accepted", "rejected")


class StoreBusyError(RuntimeError):
    """Another process held the database lock for longer than the retry budget."""


class VersionConflictError(RuntimeError):
    """The review item changed since the reviewer loaded it."""


class NotFoundError(LookupError):
    pass


@dataclass(frozen=True)
class StoredEvent:
    event_id: str
    content_hash: str
    kind: str
    language: str
    occurred_at: datetime
    conversation_id: str
    patient_ref: str | None
    model_version: str
    payload: dict[str, Any] | str  # a str is the payload already encoded as JSON
    source_topic: str | None = None
    source_partition: int | None = None
    source_offset: int | None = None
    size_bytes: int = 0


@dataclass(frozen=True)
class DeadLetter:
    source_topic: str
    source_partition: int
    source_offset: int
    reason: str
    message: str
    size_bytes: int
    event_id: str | None = None


@dataclass
class WriteResult:
    stored: int = 0
    duplicates: int = 0
    conflicts: list[StoredEvent] = field(default_factory=list)
    dead_lettered: int = 0


@dataclass(frozen=True)
class EventRow:
    event_id: str
    kind: str
    language: str
    occurred_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True)
class Cluster:
    cluster_id: str
    run_id: str
    language: str
    label: str
    keywords: list[str]
    size: int
    kind_shares: dict[str, float]
    exemplar_ids: list[str]
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    growth_7d: float = 0.0  # new items per day over the 7 days before the newest event of the run
    growth_28d: float = 0.0  # same over 28 days
    theme_id: str = ""  # the failure theme (cluster.themes, named by cluster.identity.theme_ids)
    theme_label: str = ""


@dataclass(frozen=True)
class Assignment:
    event_id: str
    cluster_id: str | None
    probability: float


@dataclass(frozen=True)
class LineageRecord:
    event: str  # continued | split | merged | born | died
    cluster_id: str  # the new cluster (for "died", the old one)
    parent_id: str | None
    share: float  # share of the parent's members that went to this cluster
    run_id: str = ""


@dataclass(frozen=True)
class NewReviewItem:
    item_id: str
    event_id: str
    cluster_id: str
    priority: float


@dataclass(frozen=True)
class ReviewItem:
    item_id: str
    event_id: str
    cluster_id: str
    cluster_label: str
    priority: float
    status: str
    reference_answer: str | None
    note: str | None
    version: int
    updated_at: datetime
    updated_by: str | None
    event: dict[str, Any]
    theme_id: str = ""
    theme_label: str = ""


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    item_id: str | None
    detail: dict[str, Any]
