"""Prefect 3 flows: `outerloop-pipeline` (ingest -> cluster -> triage) and `outerloop-export`.

Thin wrappers over each stage's `run`; task inputs and logs carry counts and settings only, never text.
Each pipeline run publishes a markdown artifact (`flows.report`): counts and time per stage, new and
growing clusters, the top items queued, dead letters by reason and what needs a person; each export
publishes its version and counts. A stage that lost the broker or Ray is retried with backoff
(`schedule.retries`, `schedule.retry_delay_s`); other failures fail the run at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun
from prefect.tasks import Task

from cluster import run as cluster_stage
from curation import run as curation_stage
from flows.report import RunFacts, StageTiming, export_markdown, pipeline_markdown
from infra.runtime import file_log
from infra.settings import Settings, load_settings
from infra.store import pipeline_store, review_store
from ingest import run as ingest_stage
from triage import run as triage_stage

PIPELINE_ARTIFACT = "outerloop-pipeline-report"
EXPORT_ARTIFACT = "outerloop-export-report"

# Errors worth another try after a pause: the broker or Ray went away, the store stayed locked. Matched by
# name, since the ingest's consumer processes report theirs inside ConsumerProcessError's message.
BROKER_ERRORS = ("BrokerUnavailableError", "BrokerLostError", "ConsumerGroupJoinError", "StoreBusyError")
RAY_ERROR_MODULES = ("ray.exceptions", "ray._private", "ray._raylet")


def _settings(data_dir: str | None, bootstrap_servers: str | None) -> Settings:
    settings = load_settings(**({"data_dir": data_dir} if data_dir else {}))
    if bootstrap_servers:
        settings.kafka.bootstrap_servers = bootstrap_servers
    return settings


def _exception(state: State[Any]) -> BaseException | None:
    try:
        result = state.result(raise_on_failure=False)
    except Exception as exc:  # the result could not be read back: judge by what was raised
        return exc
    return result if isinstance(result, BaseException) else None


def is_broker_loss(exc: BaseException | None) -> bool:
    if exc is None:
        return False
    name = type(exc).__name__
    return name in BROKER_ERRORS or (name == "ConsumerProcessError" and any(n in str(exc) for n in BROKER_ERRORS))


def is_ray_loss(exc: BaseException | None) -> bool:
    if exc is None:
        return False
    return (
        type(exc).__module__.startswith(RAY_ERROR_MODULES)
        or isinstance(exc, ConnectionError)
        or type(exc).__name__ == "StoreBusyError"
    )


def _retry_when(check: Callable[[BaseException | None], bool]) -> Callable[[Task[..., Any], TaskRun, State[Any]], bool]:
    def condition(_task: Task[..., Any], _run: TaskRun, state: State[Any]) -> bool:
        return check(_exception(state))

    return condition


def _with_retries(t: Task[..., Any], settings: Settings) -> Task[..., Any]:
    """The task with the schedule's retries: delays retry_delay_s, 2x, 4x, ..."""
    policy = settings.schedule
    delays = [policy.retry_delay_s * 2**n for n in range(policy.retries)]
    return t.with_options(retries=policy.retries, retry_delay_seconds=delays or 0)


@task(name="ingest", cache_policy=NO_CACHE, retry_condition_fn=_retry_when(is_broker_loss))
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


@task(name="cluster", cache_policy=NO_CACHE, retry_condition_fn=_retry_when(is_ray_loss))
def cluster_task(settings: Settings) -> dict[str, Any]:
    report = cluster_stage.run(settings).as_dict()
    get_run_logger().info("cluster: %s", report)
    return report


@task(name="triage", cache_policy=NO_CACHE)
def triage_task(settings: Settings) -> dict[str, Any]:
    report = triage_stage.run(settings).as_dict()
    get_run_logger().info("triage: %s", report)
    return report


@task(name="report", cache_policy=NO_CACHE)
def report_task(settings: Settings, result: dict[str, Any], timings: dict[str, float], before: dict[str, int]) -> str:
    """The run's markdown artifact; returns the markdown."""
    store = pipeline_store(settings)
    items, counts = review_store(settings).queue_with_counts("pending", limit=10)
    facts = RunFacts(
        stages=[
            StageTiming(
                "ingest",
                timings["ingest"],
                _pick(result["ingest"], "consumed", "stored", "duplicates", "dead_lettered"),
            ),
            StageTiming("cluster", timings["cluster"], _pick(result["cluster"], "items", "clusters", "noise", "mode")),
            StageTiming("triage", timings["triage"], _pick(result["triage"], "items", "new_items")),
        ],
        ingest=result["ingest"],
        cluster_sizes_before=before,
        clusters=store.clusters(),
        top_items=items,
        review_counts=counts,
        causes={cid: c.cause_id for cid, c in store.cluster_causes().items()},
    )
    markdown = pipeline_markdown(facts)
    create_markdown_artifact(markdown, key=PIPELINE_ARTIFACT, description="outerloop pipeline run: what happened")
    return markdown


def _pick(report: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: report[k] for k in keys if k in report}


@flow(name="outerloop-pipeline")
def pipeline_flow(
    data_dir: str | None = None,
    bootstrap_servers: str | None = None,
    max_records: int | None = None,
    consumers: int | None = None,
) -> dict[str, Any]:
    settings = _settings(data_dir, bootstrap_servers)
    # A served run is a process of its own: its stages log to the data dir's file too.
    with file_log(settings):
        before = {c.cluster_id: c.size for c in pipeline_store(settings).clusters()}
        timings: dict[str, float] = {}
        started = time.monotonic()
        ingested = _with_retries(ingest_task, settings)(settings, max_records, consumers)
        timings["ingest"] = time.monotonic() - started
        started = time.monotonic()
        clustered = _with_retries(cluster_task, settings)(settings)
        timings["cluster"] = time.monotonic() - started
        started = time.monotonic()
        triaged = triage_task(settings)
        timings["triage"] = time.monotonic() - started
        result = {"ingest": ingested, "cluster": clustered, "triage": triaged}
        report_task(settings, result, timings, before)
        return {**result, "seconds": {k: round(v, 2) for k, v in timings.items()}}


@flow(name="outerloop-export")
def export_flow(data_dir: str | None = None, name: str = "outerloop-review") -> dict[str, Any]:
    settings = _settings(data_dir, None)
    with file_log(settings):
        result = curation_stage.run(settings, name)
        summary = {
            "name": name,
            "version": result.version,
            "created": result.created,
            "path": str(result.path),
            "counts": result.counts,
        }
        get_run_logger().info("export: %s", summary)
        create_markdown_artifact(
            export_markdown(summary), key=EXPORT_ARTIFACT, description=f"outerloop export {name}: version and counts"
        )
        return summary
