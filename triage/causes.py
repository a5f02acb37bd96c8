"""Root causes for the stored events and their clusters, and the five factors of a cluster's priority.

Priority = harm × volume × growth × novelty × regression:
- harm: the cluster cause's default harm (none 0.25, minor 0.5, moderate 1, severe 2);
- volume: log(1 + members);
- growth: the last 7 days' daily rate over the 28 days' rate, between 1 and 3;
- novelty: 1.5 when the cluster's first signal is within the last 7 days of the data, else 1;
- regression: 1.5 when the cluster's cause makes up a larger share of the newest model version's signals
  than of the version before it (at least 3 signals and 20 % more), else 1.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from infra.records import Cluster, ClusterCause, CompleteDecision, EventCause, EventRow
from triage.rootcause import Cause, Confirmed, RootCauseAnalyzer, Taxonomy, aggregate, load_taxonomy

HARM_WEIGHT = {"none": 0.25, "minor": 0.5, "moderate": 1.0, "severe": 2.0}
MAX_GROWTH = 3.0
NOVELTY = 1.5
REGRESSION = 1.5
NEW_WITHIN = timedelta(days=7)


def confirmations(decisions: Sequence[CompleteDecision], taxonomy: Taxonomy | None = None) -> list[Confirmed]:
    """The causes clinicians settled on (the decision that counts), as training pairs for the classifier."""
    known = set((taxonomy or load_taxonomy()).ids)
    return [
        Confirmed(str(d.item.event.get("kind") or ""), str(d.item.event.get("language") or ""), d.item.event, cause)
        for d in decisions
        if (cause := d.final.root_cause) in known
    ]


def event_causes(
    events: Sequence[EventRow], confirmed: Sequence[Confirmed] = (), analyzer: RootCauseAnalyzer | None = None
) -> list[EventCause]:
    """Each event's suggested cause; the analyzer first learns from clinicians' confirmations, if any."""
    analyzer = analyzer or RootCauseAnalyzer()
    if confirmed:
        analyzer.fit(confirmed)
    causes = analyzer.predict_many((e.kind, e.language, e.payload) for e in events)
    return [
        EventCause(e.event_id, c.cause_id, round(c.confidence, 4), list(c.evidence), c.method)
        for e, c in zip(events, causes, strict=True)
    ]


def _as_cause(stored: EventCause) -> Cause:
    return Cause(stored.cause_id, stored.confidence, tuple(stored.evidence), stored.method)


def regressing_causes(events: Sequence[EventRow], causes: Mapping[str, EventCause]) -> set[str]:
    """Causes whose share of signals grew from the previous model version to the newest one."""
    by_version: dict[str, Counter[str]] = defaultdict(Counter)
    first_seen: dict[str, datetime] = {}
    for e in events:
        version = str(e.payload.get("model_version") or "")
        if e.event_id in causes:
            by_version[version][causes[e.event_id].cause_id] += 1
        first_seen[version] = min(first_seen.get(version, e.occurred_at), e.occurred_at)
    ordered = sorted(by_version, key=lambda v: first_seen[v])
    if len(ordered) < 2:
        return set()
    newest, previous = by_version[ordered[-1]], by_version[ordered[-2]]
    n_new, n_old = sum(newest.values()), sum(previous.values())
    return {
        cause
        for cause, count in newest.items()
        if count >= 3 and count / n_new > 1.2 * (previous[cause] / n_old if n_old else 0.0)
    }


def priority_factors(
    cluster: Cluster, cause_harm: str, regressing: bool, newest_event_at: datetime | None
) -> dict[str, float]:
    growth = 1.0
    if cluster.growth_28d > 0:
        growth = min(max(cluster.growth_7d / cluster.growth_28d, 1.0), MAX_GROWTH)
    new = (
        cluster.first_seen is not None
        and newest_event_at is not None
        and cluster.first_seen >= newest_event_at - NEW_WITHIN
    )
    return {
        "harm": HARM_WEIGHT.get(cause_harm, 1.0),
        "volume": round(math.log1p(max(cluster.size, 0)), 4),
        "growth": round(growth, 4),
        "novelty": NOVELTY if new else 1.0,
        "regression": REGRESSION if regressing else 1.0,
    }


def priority(factors: Mapping[str, float]) -> float:
    score = 1.0
    for value in factors.values():
        score *= value
    return round(score, 6)


def cluster_causes(
    clusters: Sequence[Cluster],
    assignments: Mapping[str, str | None],
    events: Sequence[EventRow],
    causes: Sequence[EventCause],
    taxonomy: Taxonomy | None = None,
) -> list[ClusterCause]:
    """Each cluster's cause counted over all its members (never read off one member), with its priority factors."""
    taxonomy = taxonomy or load_taxonomy()
    by_event = {c.event_id: c for c in causes}
    members: dict[str, list[Cause]] = defaultdict(list)
    for event_id, cluster_id in assignments.items():
        if cluster_id is not None and event_id in by_event:
            members[cluster_id].append(_as_cause(by_event[event_id]))
    regressing = regressing_causes(events, by_event)
    newest = max((e.occurred_at for e in events), default=None)
    out: list[ClusterCause] = []
    for cluster in clusters:
        if not members.get(cluster.cluster_id):
            continue
        found = aggregate(members[cluster.cluster_id])
        definition = taxonomy.get(found.cause_id)
        harm = definition.default_harm
        out.append(
            ClusterCause(
                cluster_id=cluster.cluster_id,
                cause_id=found.cause_id,
                confidence=found.confidence,
                members=found.members,
                agreeing=found.agreeing,
                summary=list(found.summary),
                shares=dict(found.cause_shares),
                priority_factors=priority_factors(cluster, harm, found.cause_id in regressing, newest),
                fix_kind=definition.fix_kind,
                default_harm=harm,
            )
        )
    return out
