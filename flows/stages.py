"""The pipeline's stages as plain functions over settings: what the Prefect flows and the CLI call."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from infra.settings import Settings
from infra.store import Store
from ingest.consumer import Ingestor, IngestReport

log = logging.getLogger(__name__)


def open_store(settings: Settings) -> Store:
    return Store(settings.db_path)


def ingest(
    settings: Settings,
    *,
    max_records: int | None = None,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    from ingest.deid import Deidentifier

    started = datetime.now(UTC)
    store = open_store(settings)
    deidentifier = Deidentifier(settings.secret("deid_key"))
    deidentifier.setup()
    report = Ingestor(settings, store, deidentifier, progress=progress).run(max_records=max_records)
    store.record_run("ingest", started, report.as_dict())
    log.info("ingest: %s", report.as_dict())
    return report


@dataclass(frozen=True)
class ClusterReport:
    items: int
    clusters: int
    noise: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "clusters": self.clusters, "noise": self.noise, "seconds": round(self.seconds, 2)}


def cluster(settings: Settings) -> ClusterReport:
    from cluster.ray_embed import ensure_ray, ray_embed, shutdown_ray
    from cluster.stage import cluster_events

    started = datetime.now(UTC)
    store = open_store(settings)
    rows = store.events()
    started_ray = ensure_ray(settings, settings.data_dir / "ray")
    try:
        result = cluster_events(rows, settings.cluster, embed_fn=lambda texts: ray_embed(texts, settings))
    finally:
        if started_ray:
            shutdown_ray()
    noise = sum(1 for a in result.assignments if a.cluster_id is None)
    report = ClusterReport(len(rows), len(result.clusters), noise, (datetime.now(UTC) - started).total_seconds())
    run_id = store.record_run("cluster", started, report.as_dict())
    store.save_clustering(run_id, result.clusters, result.assignments)
    log.info("cluster: %s", report.as_dict())
    return report


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
