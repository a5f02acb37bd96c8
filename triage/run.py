"""The triage stage's front door: one review item per cluster exemplar, queued with its priority."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from infra.settings import Settings
from infra.store import Store
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
    """Root causes for every event and cluster, then one review item per exemplar, ranked by priority."""
    started = datetime.now(UTC)
    store = Store(settings.db_path)
    reconciled = store.reconcile_review_items()  # work on clusters a refit removed is never orphaned
    clusters = store.clusters()
    events = store.events()
    found = event_causes(events, confirmations(store.complete_decisions(status=None)))
    by_cluster = cluster_causes(clusters, store.assignments(), events, found)
    scores = {c.cluster_id: priority(c.priority_factors) for c in by_cluster}
    exemplars = store.events_by_id([eid for c in clusters for eid in c.exemplar_ids])
    judged = judge_clusters(
        settings.rca, by_cluster, representative_texts(clusters, exemplars, settings.rca.judge_members), priority=scores
    )
    verdicts = {v.cluster_id: v.as_dict() for v in judged.verdicts}
    by_cluster = [replace(c, judge=verdicts.get(c.cluster_id, {})) for c in by_cluster]
    store.save_causes(found, by_cluster)
    taxonomy = load_taxonomy()
    suggestions = {c.event_id: (c.cause_id, taxonomy.get(c.cause_id).default_harm) for c in found}
    items = build_review_items(clusters, exemplars, scores=scores, suggestions=suggestions)
    causes = dict(sorted(Counter(c.cause_id for c in by_cluster).items()))
    judge = {"flagged": [v.cluster_id for v in judged.flagged], "error": judged.error} if judged.enabled else {}
    report = TriageReport(len(items), store.add_review_items(items), causes, reconciled, judge)
    store.record_run("triage", started, report.as_dict())
    log.info("triage: %s", report.as_dict())
    return report
