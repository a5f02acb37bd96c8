"""Incremental runs: when to refit, and cluster summaries refreshed after new items were attached."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from cluster import describe
from cluster.model import LanguageModel
from infra.records import Cluster, EventRow
from infra.settings import ClusterSettings


def refit_reason(
    models: Mapping[str, LanguageModel],
    assignments: Mapping[str, str | None],
    n_new: int,
    settings: ClusterSettings,
) -> str | None:
    """Why the next run must be a full refit, or None when new items can be attached.

    `assignments` is every item's cluster after attaching the new ones (None: unassigned).
    """
    if not models:
        return "no fitted model"
    fitted = sum(m.n_fitted for m in models.values())
    if fitted and n_new / fitted > settings.refit_growth:
        return f"{n_new} new items on {fitted} fitted (> {settings.refit_growth:.0%})"
    unassigned = sum(c is None for c in assignments.values())
    if assignments and unassigned / len(assignments) > settings.refit_unassigned_share:
        return f"{unassigned} of {len(assignments)} items unassigned (> {settings.refit_unassigned_share:.0%})"
    return None


def refresh_clusters(
    clusters: Sequence[Cluster], assignments: Mapping[str, str | None], rows: Mapping[str, EventRow]
) -> list[Cluster]:
    """Every cluster that has members, with size, kind shares, time span and growth recomputed
    (growth changes as time moves on even for clusters that got nothing new).
    Keywords, label and exemplars stay those of the last full fit.
    """
    members: dict[str, list[EventRow]] = defaultdict(list)
    for event_id, cluster_id in assignments.items():
        if cluster_id is not None and event_id in rows:
            members[cluster_id].append(rows[event_id])
    as_of = max((r.occurred_at for r in rows.values()), default=None)
    changed: list[Cluster] = []
    for cluster in clusters:
        group = members.get(cluster.cluster_id, [])
        if not group:
            continue
        span = describe.time_span([r.occurred_at for r in group])
        growth = describe.growth([r.occurred_at for r in group], as_of or span.last or datetime.now(UTC))
        changed.append(
            dataclasses.replace(
                cluster,
                size=len(group),
                kind_shares=describe.kind_shares([r.kind for r in group]),
                first_seen=span.first,
                last_seen=span.last,
                growth_7d=growth.per_day_7d,
                growth_28d=growth.per_day_28d,
            )
        )
    return changed
