"""The record types the stages exchange and the store keeps: plain dataclasses, no SQL.

Stage code works on these; only `infra.store` turns them into rows and back (by column name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# An item's status is derived from its decisions: pending (no decision yet), second_review (one decision,
# two independent ones needed), disputed (two that disagree, waiting for a lead), accepted (complete and
# usable as gold), rejected (complete: the answer was acceptable, or the item is unusable), retired (its
# cluster disappeared before anyone decided it).
REVIEW_STATUSES = ("pending", "second_review", "disputed", "accepted", "rejected", "retired")
REVIEW_ROLES = ("reviewer", "lead", "admin")


class StoreBusyError(RuntimeError):
    """Another process held the database lock for longer than the retry budget."""


class VersionConflictError(RuntimeError):
    """The review item changed since the reviewer loaded it."""


class NotFoundError(LookupError):
    pass


class ReviewRuleError(RuntimeError):
    """The decision breaks a review rule (e.g. a second review by the first reviewer, adjudication by a non-lead);
    `forbidden` when the actor's role is what is missing."""

    def __init__(self, message: str, *, forbidden: bool = False) -> None:
        super().__init__(message)
        self.forbidden = forbidden


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
    suggested_cause: str | None = None  # a root-cause taxonomy id suggested by triage, if any
    suggested_harm: str | None = None  # none | minor | moderate | severe


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
    suggested_cause: str | None = None
    suggested_harm: str | None = None
    double_review: bool = False
    lease_by: str | None = None
    lease_until: datetime | None = None
    retired_reason: str | None = None
    cluster_size: int = 0


@dataclass(frozen=True)
class ReviewDecision:
    """One reviewer's decision on an item, append-only; `kind` is review or adjudication (by a lead)."""

    decision_id: int
    item_id: str
    reviewer: str
    kind: str
    verdict: str | None  # wrong | partly_wrong | acceptable
    harm: str | None  # none | minor | moderate | severe
    root_cause: str | None
    reference_answer: str | None
    rubric: list[dict[str, Any]]
    note: str | None
    unusable: str | None  # residual_phi | junk | duplicate | not_medical | other
    item_version: int
    decided_at: datetime


@dataclass(frozen=True)
class CompleteDecision:
    """An item whose review is complete: `final` is the decision that counts (a lead's adjudication, or the
    later of two that agree, or the single decision where one suffices); `decisions` are all that count."""

    item: ReviewItem
    final: ReviewDecision
    decisions: list[ReviewDecision]
    adjudicated: bool

    @property
    def reviewers(self) -> list[str]:
        return sorted({d.reviewer for d in self.decisions})


@dataclass(frozen=True)
class ReviewerAccount:
    username: str
    role: str
    disabled: bool
    created_at: datetime


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    item_id: str | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class QueueFilter:
    """Which items a queue holds; None matches everything. `cause` is the suggested root cause."""

    language: str | None = None
    kind: str | None = None
    cause: str | None = None
    theme: str | None = None
    cluster: str | None = None


@dataclass(frozen=True)
class EventCause:
    """The root cause suggested for one event (`triage.rootcause`), with its evidence."""

    event_id: str
    cause_id: str
    confidence: float
    evidence: list[str]
    method: str


@dataclass(frozen=True)
class ClusterCause:
    """A cluster's cause counted over its members, and the factors of its review priority."""

    cluster_id: str
    cause_id: str
    confidence: float
    members: int
    agreeing: int
    summary: list[str]  # e.g. "31 of 40 signals carry tool_error ocr.timeout"
    shares: dict[str, float]
    priority_factors: dict[str, float]
    fix_kind: str = ""
    default_harm: str = ""
    judge: dict[str, Any] = field(default_factory=dict)  # the optional LLM judge's verdict, when it ran


# What operators read: runs, datasets, signals per model version, the dashboard's aggregates.


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    stage: str
    started_at: datetime
    finished_at: datetime
    stats: dict[str, Any]


@dataclass(frozen=True)
class DatasetRecord:
    name: str
    version: str
    created_at: datetime
    counts: dict[str, Any]


@dataclass(frozen=True)
class VersionSignals:
    """Signals of one group (a cluster's theme, or a cluster) under one model version."""

    group_id: str
    group_label: str
    model_version: str
    signals: int


@dataclass(frozen=True)
class VersionSpan:
    model_version: str
    first_seen: datetime
    last_seen: datetime
    signals: int


@dataclass(frozen=True)
class DailySignals:
    day: datetime
    theme: str
    kind: str
    signals: int


@dataclass(frozen=True)
class Funnel:
    signals: int
    clustered: int
    queued: int
    decided: int
    accepted: int
    exported: int


@dataclass(frozen=True)
class Latency:
    """Hours from a signal's occurrence to the first dataset version that carries it."""

    events: int
    p50_h: float | None
    p90_h: float | None
    max_h: float | None


@dataclass(frozen=True)
class DashboardData:
    """What the dashboard shows, read on one connection (each connection costs a file open)."""

    daily: list[DailySignals]
    clusters: list[Cluster]
    funnel: Funnel
    latency: Latency
    payloads: dict[str, dict[str, Any]]  # exemplar event id -> de-identified payload
    causes: dict[str, str] = field(default_factory=dict)  # cluster id -> root cause id
    fingerprint: tuple[Any, ...] = ()


# Days of signals the dashboard charts (and the triage stage hands over to the review file).
DASHBOARD_DAYS = 28


@dataclass(frozen=True)
class Handoff:
    """What the triage stage hands over to the review file in one transaction (`Store.hand_over`): the items it
    selected, and copies of what the review page shows with them, so the page never reads the pipeline's file."""

    run_id: str
    taken_at: datetime  # when the pipeline's state was read; an older handoff than the last applied is stale
    items: list[NewReviewItem]
    events: list[StoredEvent]  # the items' events, each cluster's exemplars and most probable members
    clusters: list[Cluster]  # every current cluster
    assignments: list[Assignment]  # of those events and of the events of items handed over earlier
    cluster_causes: list[ClusterCause]
    event_causes: list[EventCause]  # of the events above
    daily: list[DailySignals]  # the dashboard's signals per day, theme and kind (DASHBOARD_DAYS)
    signals: int  # events stored in the pipeline's file
    clustered: int  # of them, in a cluster


@dataclass(frozen=True)
class HandoffResult:
    applied: bool  # False: this run was handed over already, or a newer one was
    new_items: int
    reconciled: dict[str, int]  # items re-attached, relabelled, retired, kept (`Store.reconcile_review_items`)
