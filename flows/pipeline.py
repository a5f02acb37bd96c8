"""Prefect 3 flows: `outerloop-pipeline` (ingest -> cluster -> triage) and `outerloop-export`.

Thin wrappers over each stage's `run`; task inputs and logs carry counts and settings only, never text.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from cluster import run as cluster_stage
from curation import run as curation_stage
from infra.settings import Settings, load_settings
from ingest import run as ingest_stage
from triage import run as triage_stage


def _settings(data_dir: str | None, bootstrap_servers: str | None) -> Settings:
    settings = load_settings(**({"data_dir": data_dir} if data_dir else {}))
    if bootstrap_servers:
        settings.kafka.bootstrap_servers = bootstrap_servers
    return settings


@task(name="ingest", cache_policy=NO_CACHE)
def ingest_task(settings: Settings, max_records: int | None, consumers: int | None = None) -> dict[str, Any]:
    report = ingest_stage.run(settings, max_records=max_records, consumers=consumers).as_dict()
    get_run_logger().info(
        "ingest: consumed=%s stored=%s duplicates=%s dead_lettered=%s events/s=%s",
        report["consumed"],
        report["stored"],
        report["duplicates"],
        report["dead_lettered"],
        report["events_per_second"],
    )
    create_table_artifact(
        ingest_report_rows(report), key="ingest-report", description="outerloop ingest: counts, lag, throughput"
    )
    return report


def ingest_report_rows(report: dict[str, Any]) -> list[dict[str, str]]:
    """One row per metric, dead letters per reason and lag per partition: the operator's view of a run."""
    rows = [
        {"metric": k, "value": str(report[k])}
        for k in ("consumed", "stored", "duplicates", "dead_lettered", "batches", "seconds", "events_per_second")
    ]
    rows += [{"metric": f"dead_lettered[{r}]", "value": str(n)} for r, n in report["dead_lettered_by_reason"].items()]
    rows += [{"metric": f"lag {tp}", "value": str(n)} for tp, n in sorted(report["lag"].items())]
    return rows


@task(name="cluster", cache_policy=NO_CACHE)
def cluster_task(settings: Settings) -> dict[str, Any]:
    report = cluster_stage.run(settings).as_dict()
    get_run_logger().info("cluster: %s", report)
    return report


@task(name="triage", cache_policy=NO_CACHE)
def triage_task(settings: Settings) -> dict[str, Any]:
    report = triage_stage.run(settings).as_dict()
    get_run_logger().info("triage: %s", report)
    return report


@flow(name="outerloop-pipeline")
def pipeline_flow(
    data_dir: str | None = None,
    bootstrap_servers: str | None = None,
    max_records: int | None = None,
    consumers: int | None = None,
) -> dict[str, Any]:
    settings = _settings(data_dir, bootstrap_servers)
    ingested = ingest_task(settings, max_records, consumers)
    clustered = cluster_task(settings)
    triaged = triage_task(settings)
    return {"ingest": ingested, "cluster": clustered, "triage": triaged}


@flow(name="outerloop-export")
def export_flow(data_dir: str | None = None, name: str = "outerloop-review") -> dict[str, Any]:
    settings = _settings(data_dir, None)
    result = curation_stage.run(settings, name)
    summary = {
        "name": name,
        "version": result.version,
        "created": result.created,
        "path": str(result.path),
        "counts": result.counts,
    }
    get_run_logger().info("export: %s", summary)
    return summary
