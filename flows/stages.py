"""The pipeline's stages as plain functions over settings: what the Prefect flows and the CLI call."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from infra.settings import Settings
from infra.store import Store
from ingest.consumer import IngestReport

log = logging.getLogger(__name__)


def open_store(settings: Settings) -> Store:
    return Store(settings.db_path)


def ingest(
    settings: Settings,
    *,
    max_records: int | None = None,
    consumers: int | None = None,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Ingest with `consumers` processes of one consumer group (default `settings.ingest.consumers`)."""
    from ingest.workers import run_consumers

    started = datetime.now(UTC)
    count = consumers or settings.ingest.consumers
    report = run_consumers(settings, count, max_records=max_records, progress=progress)
    open_store(settings).record_run("ingest", started, {**report.as_dict(), "consumers": count})
    log.info("ingest: %s", report.as_dict())
    return report


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


def cluster(settings: Settings, *, refit: bool = False) -> ClusterReport:
    """Attach new events to the existing clusters, or refit all of them (on demand, on the first run,
    or when the unassigned share or the growth since the last fit passes its threshold)."""
    from cluster.identity import StableNamer, size_order_ids
    from cluster.incremental import refit_reason, refresh_clusters
    from cluster.model import load_models, models_dir, save_models
    from cluster.ray_embed import ensure_ray, ray_embed, shutdown_ray
    from cluster.stage import assign_events, cluster_events

    started = datetime.now(UTC)
    store = open_store(settings)
    rows = store.events()
    previous = store.assignments()
    models = {} if refit or not previous else load_models(models_dir(settings.data_dir))
    new_rows = [r for r in rows if r.event_id not in previous]
    started_ray = ensure_ray(settings, settings.data_dir / "ray")
    try:
        embed = lambda texts: ray_embed(texts, settings)  # noqa: E731
        zh_settings = settings.cluster.zh_model()
        zh_embed = (lambda texts: ray_embed(texts, zh_settings)) if zh_settings else None
        reason = "on demand" if refit else None
        if reason is None and models:
            attached = assign_events(new_rows, models, settings.cluster, embed, zh_embed_fn=zh_embed)
            after = {**previous, **{a.event_id: a.cluster_id for a in attached}}
            reason = refit_reason(models, after, len(new_rows), settings.cluster)
        else:
            reason = reason or "no fitted model"
        if reason is None:
            changed = refresh_clusters(store.clusters(), after, {r.event_id: r for r in rows})
            noise = sum(c is None for c in after.values())
            report = ClusterReport(len(rows), len(store.clusters()), noise, _seconds(started), "incremental")
            run_id = store.record_run("cluster", started, {**report.as_dict(), "new_items": len(new_rows)})
            store.update_clustering(run_id, changed, attached)
        else:
            previous_themes = {c.cluster_id: c.theme_id for c in store.clusters() if c.theme_id}
            namer = (
                StableNamer(previous, store.cluster_ids_ever(), previous_themes=previous_themes)
                if previous
                else size_order_ids
            )
            result = cluster_events(rows, settings.cluster, embed_fn=embed, zh_embed_fn=zh_embed, namer=namer)
            noise = sum(1 for a in result.assignments if a.cluster_id is None)
            report = ClusterReport(len(rows), len(result.clusters), noise, _seconds(started), f"refit: {reason}")
            run_id = store.record_run("cluster", started, report.as_dict())
            save_models(models_dir(settings.data_dir), result.models)
            store.save_clustering(run_id, result.clusters, result.assignments, result.lineage)
    finally:
        if started_ray:
            shutdown_ray()
    log.info("cluster: %s", report.as_dict())
    return report


def _seconds(started: datetime) -> float:
    return (datetime.now(UTC) - started).total_seconds()


@dataclass(frozen=True)
class TriageReport:
    items: int
    new_items: int

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "new_items": self.new_items}


def triage(settings: Settings) -> TriageReport:
    from triage.priority import build_review_items

    started = datetime.now(UTC)
    store = open_store(settings)
    clusters = store.clusters()
    exemplars = store.events_by_id([eid for c in clusters for eid in c.exemplar_ids])
    items = build_review_items(clusters, exemplars)
    report = TriageReport(len(items), store.add_review_items(items))
    store.record_run("triage", started, report.as_dict())
    log.info("triage: %s", report.as_dict())
    return report


def export(settings: Settings, name: str = "outerloop-review") -> Any:
    from curation.export import export_datasets

    started = datetime.now(UTC)
    store = open_store(settings)
    result = export_datasets(store, settings.exports_dir, name)
    store.record_run("export", started, {"name": name, "version": str(getattr(result, "version", ""))})
    return result
