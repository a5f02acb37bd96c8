"""The triage stage's front door: one review item per cluster exemplar, queued with its priority."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from infra.records import DASHBOARD_DAYS, Cluster, ClusterCause, EventCause, Handoff, NewReviewItem
from infra.settings import Settings
from infra.store import MEMBERS_PER_CLUSTER, Store, pipeline_store, review_store
from triage.causes import cluster_causes, confirmations, event_causes, priority
from triage.priority import build_review_items
from triage.rootcause import load_taxonomy
from triage.rootcause.judge import judge_clusters, representative_texts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TriageReport:
    items: int
    new_items: int
    causes: dict[str, int] = field(default_factory=dict)  # clusters per root cause
    reconciled: dict[str, int] = field(default_factory=dict)  # items re-attached, relabelled, retired, kept
    judge: dict[str, Any] = field(default_factory=dict)  # the optional LLM judge: flagged clusters, errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "new_items": self.new_items,
            "clusters_by_cause": self.causes,
            "reconciled": self.reconciled,
            "judge": self.judge,
        }


def run(settings: Settings) -> TriageReport:
    """Root causes for every event and cluster, then one review item per exemplar, ranked by priority, handed
    over to the review file in one transaction (with copies of what the review page shows)."""
    started = datetime.now(UTC)
    pipeline, review = pipeline_store(settings), review_store(settings)
    clusters = pipeline.clusters()
    events = pipeline.events()
    found = event_causes(events, confirmations(review.complete_decisions(status=None)))
    by_cluster = cluster_causes(clusters, pipeline.assignments(), events, found)
    scores = {c.cluster_id: priority(c.priority_factors) for c in by_cluster}
    exemplars = pipeline.events_by_id([eid for c in clusters for eid in c.exemplar_ids])
    judged = judge_clusters(
        settings.rca, by_cluster, representative_texts(clusters, exemplars, settings.rca.judge_members), priority=scores
    )
    verdicts = {v.cluster_id: v.as_dict() for v in judged.verdicts}
    by_cluster = [replace(c, judge=verdicts.get(c.cluster_id, {})) for c in by_cluster]
    pipeline.save_causes(found, by_cluster)
    taxonomy = load_taxonomy()
    suggestions = {c.event_id: (c.cause_id, taxonomy.get(c.cause_id).default_harm) for c in found}
    items = build_review_items(clusters, exemplars, scores=scores, suggestions=suggestions)
    handed = review.hand_over(_handoff(pipeline, review, started, items, clusters, by_cluster, found))
    causes = dict(sorted(Counter(c.cause_id for c in by_cluster).items()))
    judge = {"flagged": [v.cluster_id for v in judged.flagged], "error": judged.error} if judged.enabled else {}
    report = TriageReport(len(items), handed.new_items, causes, handed.reconciled, judge)
    pipeline.record_run("triage", started, report.as_dict())
    log.info("triage: %s", report.as_dict())
    return report


def _handoff(
    pipeline: Store,
    review: Store,
    started: datetime,
    items: list[NewReviewItem],
    clusters: list[Cluster],
    by_cluster: list[ClusterCause],
    found: list[EventCause],
) -> Handoff:
    """The items and copies of what the page shows with them: their events, the clusters, each cluster's most
    probable members, the causes, and the assignments of the events of every item, earlier ones too (an item
    whose cluster disappeared is re-attached by them)."""
    shown = {i.event_id for i in items} | {e for c in clusters for e in c.exemplar_ids}
    assignments = pipeline.handoff_assignments(shown | review.review_item_event_ids(), MEMBERS_PER_CLUSTER)
    copied = shown | {a.event_id for a in assignments if a.cluster_id is not None}
    funnel = pipeline.funnel()
    return Handoff(
        run_id=f"triage-{started.strftime('%Y%m%dT%H%M%S%f')}",
        taken_at=started,
        items=items,
        events=pipeline.handoff_events(copied),
        clusters=clusters,
        assignments=assignments,
        cluster_causes=by_cluster,
        event_causes=[c for c in found if c.event_id in copied],
        daily=pipeline.daily_signals(DASHBOARD_DAYS),
        signals=funnel.signals,
        clustered=funnel.clustered,
    )
