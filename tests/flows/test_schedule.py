"""Schedules on a real Prefect server: `outerloop serve` runs the interval-scheduled pipeline to completion,
a run that collides with one in progress is cancelled (not queued), and the run leaves its report.

The test starts `prefect server start` (its own PREFECT_HOME) and `outerloop serve` as processes of their
own sessions and stops both by their process ids. Waits are on progress with generous deadlines.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from infra.broker import free_port
from infra.settings import Settings
from ingest.synthetic.produce import produce

N_EVENTS = 40
DEPLOYMENT = "schedule-test"
SERVER_START_S = 180
RUN_DEADLINE_S = 600
TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}


def _stop(process: subprocess.Popen[bytes], grace_s: float = 30) -> None:
    """SIGINT, then SIGTERM, then SIGKILL to the process group this test started (its id is the pid)."""
    for sig, wait_s in ((signal.SIGINT, grace_s), (signal.SIGTERM, 15.0), (signal.SIGKILL, 15.0)):
        if process.poll() is not None:
            break
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            continue
    # Children left in the group (a flow run's subprocess) go too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _wait_for(what: str, check: Callable[[], Any], deadline_s: float, every_s: float = 1.0) -> Any:
    deadline = time.monotonic() + deadline_s
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {deadline_s:.0f}s waiting for {what}")
        time.sleep(every_s)


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    home = tmp_path / "prefect-server"
    home.mkdir()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        # Find due runs and mark late ones often; the defaults suit hourly schedules, not a test.
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
        "PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS": "5",
    }
    env.pop("PREFECT_API_URL", None)
    log = (tmp_path / "prefect-server.log").open("wb")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}/api"

    def healthy() -> bool:
        assert process.poll() is None, f"prefect server exited: {(tmp_path / 'prefect-server.log').read_text()[-2000:]}"
        try:
            return httpx.get(f"{api}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        _wait_for("the Prefect server", healthy, SERVER_START_S)
        yield api
    finally:
        _stop(process)
        log.close()


class Api:
    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=30)

    def deployment_id(self, flow: str, name: str) -> str | None:
        response = self.client.get(f"/deployments/name/{flow}/{name}")
        return response.json()["id"] if response.status_code == 200 else None

    def runs(self, deployment_id: str) -> list[dict[str, Any]]:
        body = {"deployments": {"id": {"any_": [deployment_id]}}, "sort": "EXPECTED_START_TIME_ASC", "limit": 200}
        response = self.client.post("/flow_runs/filter", json=body)
        response.raise_for_status()
        return list(response.json())

    def run(self, run_id: str) -> dict[str, Any]:
        response = self.client.get(f"/flow_runs/{run_id}")
        response.raise_for_status()
        return dict(response.json())

    def create_run(self, deployment_id: str) -> str:
        response = self.client.post(f"/deployments/{deployment_id}/create_flow_run", json={})
        response.raise_for_status()
        return str(response.json()["id"])

    def pause(self, deployment_id: str) -> None:
        self.client.patch(f"/deployments/{deployment_id}", json={"paused": True}).raise_for_status()

    def artifacts(self, key: str) -> list[dict[str, Any]]:
        response = self.client.post("/artifacts/filter", json={"artifacts": {"key": {"any_": [key]}}})
        response.raise_for_status()
        return list(response.json())


def _state(run: dict[str, Any]) -> str:
    return str((run.get("state") or {}).get("type") or "")


@pytest.mark.slow
def test_served_schedule_runs_the_pipeline_and_cancels_a_colliding_run(
    settings: Settings, prefect_server: str, tmp_path: Path
) -> None:
    produce(settings.kafka, n_events=N_EVENTS, n_malformed=2, max_text_bytes=settings.ingest.max_text_bytes)
    env = {
        **os.environ,
        "PREFECT_API_URL": prefect_server,
        "OUTERLOOP_SCHEDULE__DEPLOYMENT_NAME": DEPLOYMENT,
        "OUTERLOOP_SCHEDULE__PIPELINE_INTERVAL_S": "20",
        "OUTERLOOP_SCHEDULE__EXPORT_INTERVAL_S": "86400",
        "OUTERLOOP_SCHEDULE__RETRIES": "1",
        "OUTERLOOP_SCHEDULE__RETRY_DELAY_S": "2",
    }
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [str(Path(sys.executable).parent / "outerloop"), "serve", "--poll-seconds", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    api = Api(prefect_server)
    try:

        def serving() -> str | None:
            assert serve.poll() is None, f"outerloop serve exited: {(tmp_path / 'serve.log').read_text()[-3000:]}"
            pipeline = api.deployment_id("outerloop-pipeline", DEPLOYMENT)
            return pipeline if pipeline and api.deployment_id("outerloop-export", DEPLOYMENT) else None

        deployment = _wait_for("both deployments", serving, 180)

        # `outerloop status` reads the next scheduled runs of each deployment from the server (the server's
        # scheduler creates them a few seconds after the deployment).
        def status_lists_both() -> str | None:
            status = subprocess.run(
                [str(Path(sys.executable).parent / "outerloop"), "status"],
                env={**env, "COLUMNS": "200"},
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert status.returncode == 0, status.stdout + status.stderr
            names = ("next scheduled runs", "outerloop-pipeline/schedule-test", "outerloop-export/schedule-test")
            return status.stdout if all(n in status.stdout for n in names) else None

        _wait_for("outerloop status to list both deployments' next runs", status_lists_both, 120, every_s=3.0)

        # A scheduled run starts; while it runs, another run of the same deployment is cancelled, not queued.
        def running() -> dict[str, Any] | None:
            assert serve.poll() is None, f"outerloop serve exited: {(tmp_path / 'serve.log').read_text()[-3000:]}"
            return next((r for r in api.runs(deployment) if _state(r) == "RUNNING"), None)

        first = _wait_for("a scheduled pipeline run to start", running, RUN_DEADLINE_S)
        assert first["auto_scheduled"] is True
        colliding = api.create_run(deployment)
        collided = _wait_for(
            "the colliding run to end", lambda: (r := api.run(colliding)) and _state(r) in TERMINAL and r, 180
        )
        assert _state(api.run(first["id"])) == "RUNNING", "the first run ended before the collision was decided"
        assert _state(collided) == "CANCELLED", collided["state"]
        assert "concurrency" in (collided["state"].get("message") or "").lower()

        # The scheduled run completes the whole pipeline and publishes its report.
        done = _wait_for(
            "the scheduled run to finish",
            lambda: (r := api.run(first["id"])) and _state(r) in TERMINAL and r,
            RUN_DEADLINE_S,
            every_s=2.0,
        )
        assert _state(done) == "COMPLETED", f"{done['state']}\n{(tmp_path / 'serve.log').read_text()[-3000:]}"
        api.pause(deployment)
        # An export run (its schedule is daily: started by hand here) publishes its version and counts.
        export_deployment = api.deployment_id("outerloop-export", DEPLOYMENT)
        assert export_deployment
        export_run = api.create_run(export_deployment)
        exported = _wait_for(
            "the export run", lambda: (r := api.run(export_run)) and _state(r) in TERMINAL and r, 300, every_s=2.0
        )
        assert _state(exported) == "COMPLETED", exported["state"]
        exports = api.artifacts("outerloop-export-report")
        assert exports and exports[0]["data"].startswith("# dataset outerloop-review")
        reports = api.artifacts("outerloop-pipeline-report")
        assert reports and any(a["flow_run_id"] == first["id"] for a in reports)
        report = next(a for a in reports if a["flow_run_id"] == first["id"])["data"]
        assert "## Stages" in report and "## Needs a person" in report
        assert f"stored {N_EVENTS}" in report

        # Let a run that started before the pause finish before stopping the process that serves it.
        _wait_for(
            "no run in progress",
            lambda: not any(_state(r) in {"RUNNING", "PENDING"} for r in api.runs(deployment)),
            RUN_DEADLINE_S,
            every_s=2.0,
        )
    finally:
        _stop(serve)
        log.close()
