"""Deployments of `outerloop-pipeline` and `outerloop-export` with their schedules, and the process that
serves them (`outerloop deploy`, `outerloop serve`).

Schedules come from `settings.schedule` (cron in a time zone, or an interval). Each deployment admits
one run at a time: a run that would start while another of the same deployment is in progress is
cancelled by the Prefect server, not queued (`ConcurrencyLimitConfig(limit=1, collision_strategy=
CANCEL_NEW)`). Scheduled runs need a Prefect server (`prefect server start`): in Prefect's ephemeral mode
a deployment's schedule never fires, so both commands refuse to run without `PREFECT_API_URL`.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import httpx

from infra.settings import Settings

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

PIPELINE_FLOW = "outerloop-pipeline"
EXPORT_FLOW = "outerloop-export"
SERVER_HELP = (
    "start one with `prefect server start --host 127.0.0.1` and set "
    "PREFECT_API_URL=http://127.0.0.1:4200/api (or point PREFECT_API_URL at an existing server)"
)


class PrefectServerError(RuntimeError):
    """No Prefect server to register deployments with or to take scheduled runs from."""


def api_url() -> str | None:
    """The Prefect API this process talks to: PREFECT_API_URL from the environment or Prefect's profile."""
    from prefect.settings import PREFECT_API_URL

    value = os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value()
    return str(value).rstrip("/") if value else None


def check_server(timeout_s: float = 5.0) -> str:
    """The API URL of a reachable Prefect server, or PrefectServerError saying what to do."""
    url = api_url()
    if not url:
        raise PrefectServerError(
            "PREFECT_API_URL is not set: schedules need a Prefect server (an ephemeral API never runs them); "
            + SERVER_HELP
        )
    try:
        response = httpx.get(f"{url}/health", timeout=timeout_s)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise PrefectServerError(f"no Prefect server answered at {url} ({type(exc).__name__}); {SERVER_HELP}") from None
    return url


def _when(cron: str, interval_s: float | None, timezone: str) -> dict[str, Any]:
    from prefect.schedules import Cron, Interval

    if interval_s is not None:
        return {"schedule": Interval(datetime.timedelta(seconds=interval_s), timezone=timezone)}
    return {"schedule": Cron(cron, timezone=timezone)}


def describe_schedule(cron: str, interval_s: float | None, timezone: str) -> str:
    return f"every {interval_s:g} s" if interval_s is not None else f"cron '{cron}' ({timezone})"


@dataclass(frozen=True)
class DeploymentPlan:
    flow_name: str
    deployment_name: str
    schedule: str

    @property
    def full_name(self) -> str:
        return f"{self.flow_name}/{self.deployment_name}"


def plans(settings: Settings) -> list[DeploymentPlan]:
    s = settings.schedule
    return [
        DeploymentPlan(
            PIPELINE_FLOW, s.deployment_name, describe_schedule(s.pipeline_cron, s.pipeline_interval_s, s.timezone)
        ),
        DeploymentPlan(
            EXPORT_FLOW, s.deployment_name, describe_schedule(s.export_cron, s.export_interval_s, s.timezone)
        ),
    ]


def deployments(settings: Settings) -> list[RunnerDeployment]:
    """The two deployments, each limited to one run at a time (a colliding run is cancelled)."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.types.entrypoint import EntrypointType

    from flows.pipeline import export_flow, pipeline_flow

    s = settings.schedule
    one_at_a_time = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)
    data_dir = str(settings.data_dir.resolve())
    common: dict[str, Any] = {
        "name": s.deployment_name,
        "concurrency_limit": one_at_a_time,
        "tags": ["outerloop"],
        # Loaded by module name where the run executes: the same wherever the serve process was started.
        "entrypoint_type": EntrypointType.MODULE_PATH,
    }
    pipeline = pipeline_flow.to_deployment(
        **common,
        **_when(s.pipeline_cron, s.pipeline_interval_s, s.timezone),
        parameters={"data_dir": data_dir, "max_records": s.pipeline_max_records},
        description="ingest -> cluster -> triage over the signals topic; a markdown report per run",
    )
    export = export_flow.to_deployment(
        **common,
        **_when(s.export_cron, s.export_interval_s, s.timezone),
        parameters={"data_dir": data_dir, "name": s.export_name},
        description="accepted review items -> a new immutable dataset version (nothing new: nothing written)",
    )
    return [cast("RunnerDeployment", pipeline), cast("RunnerDeployment", export)]


def apply(settings: Settings) -> list[tuple[DeploymentPlan, str]]:
    """Register (create or update) both deployments with the Prefect server; their ids."""
    check_server()
    return [(plan, str(d.apply())) for plan, d in zip(plans(settings), deployments(settings), strict=True)]


def serve(settings: Settings, poll_seconds: float | None = None) -> None:
    """Register both deployments and run their scheduled (and manual) runs in this process until stopped.

    Each run executes in a subprocess of this one, with this process's environment and settings.
    """
    from prefect import serve as prefect_serve

    check_server()
    options: dict[str, Any] = {"print_starting_message": False}
    if poll_seconds is not None:
        options["query_seconds"] = poll_seconds
    prefect_serve(*deployments(settings), **options)


@dataclass(frozen=True)
class ScheduledRun:
    deployment: str
    name: str
    expected_start: datetime.datetime | None
    state: str


def upcoming_and_recent(limit: int = 5, per_deployment: int = 2) -> tuple[list[ScheduledRun], list[ScheduledRun]]:
    """(next scheduled runs of each deployment, latest runs) of the two flows' deployments on the server."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        DeploymentFilterTags,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort

    tagged = DeploymentFilter(tags=DeploymentFilterTags(all_=["outerloop"]))
    with get_client(sync_client=True) as client:
        deployments_ = client.read_deployments(deployment_filter=tagged)
        flows = {f.id: f.name for f in client.read_flows()}
        names = {d.id: f"{flows.get(d.flow_id, '?')}/{d.name}" for d in deployments_}
        scheduled = [
            run
            for d in deployments_
            for run in client.read_flow_runs(
                flow_run_filter=FlowRunFilter(
                    state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
                ),
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[d.id])),
                sort=FlowRunSort.EXPECTED_START_TIME_ASC,
                limit=per_deployment,
            )
        ]
        scheduled.sort(key=lambda r: (r.expected_start_time is None, r.expected_start_time))
        recent = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(not_any_=[StateType.SCHEDULED]))
            ),
            deployment_filter=tagged,
            sort=FlowRunSort.EXPECTED_START_TIME_DESC,
            limit=limit,
        )

    def row(r: Any) -> ScheduledRun:
        return ScheduledRun(
            names.get(r.deployment_id, "?"),
            r.name,
            r.expected_start_time,
            r.state.name if r.state else "?",
        )

    return [row(r) for r in scheduled], [row(r) for r in recent]
