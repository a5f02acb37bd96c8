"""The cluster stage's front door: attach new events to the saved clusters, or refit all of them.

A run is a full refit on demand, on the first run, or when the unassigned share or the growth since the
last fit passes its threshold (`cluster.incremental.refit_reason`); otherwise new events are attached to
the saved models without refitting. Sentence embeddings run on Ray (`infra.ray`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cluster.identity import ClusterNamer, StableNamer, size_order_ids
from cluster.incremental import refit_reason, refresh_clusters
from cluster.model import load_models, models_dir, save_models
from cluster.ray_embed import ray_embed
from cluster.stage import EmbedFn, assign_events, cluster_events
from infra.ray import ray_session
from infra.records import Assignment, EventRow
from infra.settings import Settings
from infra.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClusterReport:
    items: int
    clusters: int
    noise: int
    seconds: float
    mode: str = "refit"  # "incremental" or "refit: <reason>"

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "clusters": self.clusters,
            "noise": self.noise,
            "seconds": round(self.seconds, 2),
            "mode": self.mode,
        }


@dataclass(frozen=True)
class _Embedders:
    en: EmbedFn
    zh: EmbedFn | None


def run(settings: Settings, *, refit: bool = False) -> ClusterReport:
    """Cluster the stored events (incrementally when the saved models allow it) and store the result."""
    started = datetime.now(UTC)
    store = Store(settings.db_path)
    rows = store.events()
    previous = store.assignments()
    models = {} if refit or not previous else load_models(models_dir(settings.data_dir))
    with ray_session(settings, settings.data_dir / "ray"):
        zh_settings = settings.cluster.zh_model()
        embedders = _Embedders(
            en=lambda texts: ray_embed(texts, settings),
            zh=(lambda texts: ray_embed(texts, zh_settings)) if zh_settings else None,
        )
        new_rows = [r for r in rows if r.event_id not in previous]
        attached: list[Assignment] = []
        after = dict(previous)
        reason: str | None = "on demand" if refit else "no fitted model"
        if not refit and models:
            attached = assign_events(new_rows, models, settings.cluster, embedders.en, zh_embed_fn=embedders.zh)
            after = {**previous, **{a.event_id: a.cluster_id for a in attached}}
            reason = refit_reason(models, after, len(new_rows), settings.cluster)
        if reason is None:
            report = _store_incremental(store, started, rows, after, attached, len(new_rows))
        else:
            report = _refit(store, settings, started, rows, previous, embedders, reason)
    log.info("cluster: %s", report.as_dict())
    return report


def _store_incremental(
    store: Store,
    started: datetime,
    rows: list[EventRow],
    after: dict[str, str | None],
    attached: list[Assignment],
    n_new: int,
) -> ClusterReport:
    clusters = store.clusters()
    changed = refresh_clusters(clusters, after, {r.event_id: r for r in rows})
    noise = sum(c is None for c in after.values())
    report = ClusterReport(len(rows), len(clusters), noise, _seconds(started), "incremental")
    run_id = store.record_run("cluster", started, {**report.as_dict(), "new_items": n_new})
    store.update_clustering(run_id, changed, attached)
    return report


def _refit(
    store: Store,
    settings: Settings,
    started: datetime,
    rows: list[EventRow],
    previous: dict[str, str | None],
    embedders: _Embedders,
    reason: str,
) -> ClusterReport:
    namer: ClusterNamer = size_order_ids
    if previous:
        previous_themes = {c.cluster_id: c.theme_id for c in store.clusters() if c.theme_id}
        namer = StableNamer(previous, store.cluster_ids_ever(), previous_themes=previous_themes)
    result = cluster_events(rows, settings.cluster, embed_fn=embedders.en, zh_embed_fn=embedders.zh, namer=namer)
    noise = sum(1 for a in result.assignments if a.cluster_id is None)
    report = ClusterReport(len(rows), len(result.clusters), noise, _seconds(started), f"refit: {reason}")
    run_id = store.record_run("cluster", started, report.as_dict())
    save_models(models_dir(settings.data_dir), result.models)
    store.save_clustering(run_id, result.clusters, result.assignments, result.lineage)
    return report


def _seconds(started: datetime) -> float:
    return (datetime.now(UTC) - started).total_seconds()
