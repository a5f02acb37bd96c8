"""Prefect 3 flows: `outerloop-pipeline` (ingest -> cluster -> triage) and `outerloop-export`.

Thin wrappers over `flows.stages`; task inputs and logs carry counts and settings only, never text.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows import stages
from infra.settings import Settings, load_settings


def _settings(data_dir: str | None, bootstrap_servers: str | None) -> Settings:
    settings = load_settings(**({"data_dir": data_dir} if data_dir else {}))
    if bootstrap_servers:
        settings.kafka.bootstrap_servers = bootstrap_servers
    return settings


@task(name="ingest", cache_policy=NO_CACHE)
def ingest_task(settings: Settings, max_records: int | None) -> dict[str, Any]:
    report = stages.ingest(settings, max_records=max_records).as_dict()
    get_run_logger().info(
        "ingest: consumed=%s stored=%s duplicates=%s dead_lettered=%s",
        report["consumed"],
        report["stored"],
        report["duplicates"],
        report["dead_lettered"],
    )
    rows = [{"metric": k, "value": str(v)} for k, v in report.items()]
    create_table_artifact(rows, key="ingest-report", description="outerloop ingest: counts, lag, throughput")
    return report


@task(name="cluster", cache_policy=NO_CACHE)
def cluster_task(settings: Settings) -> dict[str, Any]:
    report = stages.cluster(settings).as_dict()
    get_run_logger().info("cluster: %s", report)
    return report


@task(name="triage", cache_policy=NO_CACHE)
def triage_task(settings: Settings) -> dict[str, Any]:
    report = stages.triage(settings).as_dict()
    get_run_logger().info("triage: %s", report)
    return report


@flow(name="outerloop-pipeline")
def pipeline_flow(
    data_dir: str | None = None, bootstrap_servers: str | None = None, max_records: int | None = None
) -> dict[str, Any]:
    settings = _settings(data_dir, bootstrap_servers)
    ingested = ingest_task(settings, max_records)
    clustered = cluster_task(settings)
    triaged = triage_task(settings)
    return {"ingest": ingested, "cluster": clustered, "triage": triaged}


@flow(name="outerloop-export")
def export_flow(data_dir: str | None = None, name: str = "outerloop-review") -> dict[str, Any]:
    settings = _settings(data_dir, None)
    result = stages.export(settings, name)
    summary = {"name": name, "version": result.version, "path": str(result.path), "counts": result.counts}
    get_run_logger().info("export: %s", summary)
    return summary
