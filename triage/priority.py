"""Review priority: one queue item per cluster exemplar, ranked by cluster size and signal severity."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping

from infra.records import Cluster, EventRow, NewReviewItem

# strongest evidence, a low model confidence the weakest.
KIND_WEIGHTS: Mapping[str, float] = {
    "correction": 1.0,
    "bad_case": 0.8,
    "follow_up": 0.6,
    "tool_error": 0.5,
    "low_confidence": 0.4,
}

# Exemplars of one cluster keep their representativeness order in the queue (the store sorts by
# priority) without a later exemplar overtaking another cluster whose score differs by more.
RANK_STEP = 1e-6


def item_id_for(event_id: str) -> str:
    """Stable review item id: the same exemplar is the same item across clustering runs."""
    return hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:16]


def severity(kind_shares: Mapping[str, float], weights: Mapping[str, float] = KIND_WEIGHTS) -> float:
    """Kind-weighted share in [0, 1]; shares are normalised so a rounding drift cannot inflate it."""
    total = sum(share for share in kind_shares.values() if share > 0)
    if total <= 0:
        return 0.0
    return sum(weights.get(kind, 0.0) * share for kind, share in kind_shares.items() if share > 0) / total


def cluster_score(cluster: Cluster, weights: Mapping[str, float] = KIND_WEIGHTS) -> float:
    return math.log1p(max(cluster.size, 0)) * severity(cluster.kind_shares, weights)


def build_review_items(
    clusters: list[Cluster],
    events: Mapping[str, EventRow],
    weights: Mapping[str, float] = KIND_WEIGHTS,
    scores: Mapping[str, float] | None = None,
    suggestions: Mapping[str, tuple[str, str]] | None = None,
) -> list[NewReviewItem]:
    """One review item per cluster exemplar that exists in `events`, highest priority first.

    `scores` gives a cluster's priority (the product of its factors, `triage.causes`); a cluster without
    one is ranked by size and signal kinds. `suggestions` gives each event's (cause, harm) to prefill.
    An event that is an exemplar of several clusters (it should not be) is queued once, under the cluster
    that gives it the highest priority.
    """
    best: dict[str, NewReviewItem] = {}
    for cluster in clusters:
        score = (scores or {}).get(cluster.cluster_id)
        if score is None:
            score = cluster_score(cluster, weights)
        for rank, event_id in enumerate(cluster.exemplar_ids):
            if event_id not in events:
                continue
            cause, harm = (suggestions or {}).get(event_id, (None, None))
            item = NewReviewItem(
                item_id=item_id_for(event_id),
                event_id=event_id,
                cluster_id=cluster.cluster_id,
                priority=max(score - RANK_STEP * rank, 0.0),
                suggested_cause=cause,
                suggested_harm=harm,
            )
            known = best.get(event_id)
            if known is None or (item.priority, known.cluster_id) > (known.priority, item.cluster_id):
                best[event_id] = item
    return sorted(best.values(), key=lambda i: (-i.priority, i.cluster_id, i.item_id))
