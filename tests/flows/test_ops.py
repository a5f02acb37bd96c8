"""Operations on a real DuckDB store: `outerloop report fixes` and `outerloop status` from the CLI, the
dashboard behind the login, the retry policy of the pipeline's tasks, and the demo's fail-fast checks."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from benchmarks.bench_dashboard import populate
from flows.cli import app as cli
from flows.cli.pipeline import DEMO_MARKER, demo_data_dir, port_problem, prepare_demo_dir
from flows.pipeline import is_broker_loss, is_ray_loss
from infra.settings import Settings
from infra.store import Store
from ingest.synthetic.generator import GeneratedEvent

NEWEST = "medassist-2026.10.2"
GONE_MODE = "missed_drug_interaction"


@pytest.fixture(scope="module")
def fixed_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """2,000 generated events clustered by (language, failure mode, bucket); the newest model version never
    produces the English drug-interaction failure: the version fixed it."""

    def keep(g: GeneratedEvent) -> bool:
        fixed = g.failure_mode == GONE_MODE and g.event["language"].startswith("en")
        return not (fixed and g.event["model_version"] == NEWEST)

    store = Store(tmp_path_factory.mktemp("ops") / "outerloop.duckdb")
    populate(store, 2000, seed=11, review=False, keep=keep)
    return store


def _cli(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_report_fixes_finds_the_theme_a_version_fixed(fixed_store: Store) -> None:
    from ingest.synthetic import generate_events

    assert GONE_MODE in {g.failure_mode for g in generate_events(300, seed=11)}
    data_dir = str(fixed_store.path.parent)
    out = json.loads(_cli("report", "fixes", "--data-dir", data_dir, "--group-by", "theme", "--json").stdout)
    assert out["versions"][-1] == NEWEST and out["rate"].startswith("share")
    verdicts = {r["group_id"]: r["verdict"] for r in out["rows"]}
    assert verdicts[f"T-en-{GONE_MODE}"] == "gone"
    assert [g for g, v in verdicts.items() if v in {"gone", "down", "up", "new"}] == [f"T-en-{GONE_MODE}"]
    by_cluster = json.loads(_cli("report", "fixes", "--data-dir", data_dir, "--group-by", "cluster", "--json").stdout)
    # Per cluster (8 per failure mode here) counts are small: every cluster of the fixed failure is gone.
    fixed = [
        r["verdict"]
        for r in by_cluster["rows"]
        if r["group_id"].startswith("en-") and r["label"].startswith("missed drug interaction")
    ]
    assert "gone" in fixed and set(fixed) <= {"gone", "too few"}
    table = _cli("report", "fixes", "--data-dir", data_dir, "--group-by", "theme").stdout
    assert "gone" in table and "share" in table


def test_report_fixes_per_root_cause_once_triage_stored_causes(tmp_path: Path) -> None:
    """With causes stored (one per event, as triage writes them), fixes are reported per cause by default."""
    from infra.records import EventCause

    def keep(g: GeneratedEvent) -> bool:
        return not (g.failure_mode == GONE_MODE and g.event["model_version"] == NEWEST)

    store = Store(tmp_path / "outerloop.duckdb")
    populate(store, 1500, seed=11, review=False, keep=keep)
    theme_of = {c.cluster_id: c.theme_id.split("-", 2)[2] for c in store.clusters()}
    causes = [
        EventCause(event_id, f"cause.{theme_of[cluster_id]}", 0.9, [], "test")
        for event_id, cluster_id in store.assignments().items()
        if cluster_id
    ]
    store.save_causes(causes, [])
    out = json.loads(_cli("report", "fixes", "--data-dir", str(tmp_path), "--json").stdout)
    assert out["group_by"] == "cause"
    verdicts = {r["group_id"]: r["verdict"] for r in out["rows"]}
    assert verdicts[f"cause.{GONE_MODE}"] == "gone"
    assert [g for g, v in verdicts.items() if v in {"gone", "down", "up", "new"}] == [f"cause.{GONE_MODE}"]


def test_report_fixes_with_a_traffic_file(fixed_store: Store, tmp_path: Path) -> None:
    traffic = tmp_path / "traffic.csv"
    versions = [s.model_version for s in fixed_store.version_spans()]
    traffic.write_text(
        "model_version,requests\n" + "".join(f"{v},{10_000 * (i + 1)}\n" for i, v in enumerate(versions))
    )
    args = ("report", "fixes", "--data-dir", str(fixed_store.path.parent), "--traffic", str(traffic), "--json")
    out = json.loads(_cli(*args).stdout)
    assert out["rate"] == "signals per 1,000 requests"
    assert {r["group_id"]: r["verdict"] for r in out["rows"]}[f"T-en-{GONE_MODE}"] == "gone"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({versions[0]: 5}))
    result = CliRunner().invoke(
        cli, ["report", "fixes", "--data-dir", str(fixed_store.path.parent), "--traffic", str(bad)]
    )
    assert result.exit_code == 2 and "no requests for" in result.output


def test_status_on_one_screen_without_a_prefect_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # nothing listens on the discard port
    store = Store(tmp_path / "outerloop.duckdb")
    populate(store, 150, seed=3)
    from datetime import UTC, datetime

    store.record_run("ingest", datetime.now(UTC), {"consumed": 5, "stored": 5, "lag": {"signals[0]": 3}})
    out = _cli("status", "--data-dir", str(tmp_path)).stdout
    assert "ingest" in out and "signals[0] 3" in out
    assert "review queue: accepted" in out and "pending" in out
    assert "last dataset: bench v0001" in out
    assert "no Prefect server answered at http://127.0.0.1:9/api" in out
    data = json.loads(_cli("status", "--data-dir", str(tmp_path), "--json").stdout)
    assert data["lag"] == {"signals[0]": 3} and data["dataset"]["version"] == "v0001"


def test_deploy_and_serve_refuse_without_a_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(tmp_path / "no-profiles.toml"))
    for command in ("deploy", "serve"):
        result = CliRunner().invoke(cli, [command, "--data-dir", str(tmp_path)])
        assert result.exit_code == 2, result.output
        assert "prefect server start" in result.output


def test_dashboard_behind_login(tmp_path: Path) -> None:
    from triage.auth import add_reviewer
    from triage.web.app import create_app

    settings = Settings(data_dir=tmp_path)
    store = Store(settings.db_path)
    populate(store, 300, seed=5)
    add_reviewer(store, "dana", "dana-correct-horse-1")
    app = create_app(settings, store=store, scrub=lambda text, language: (text, 0))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/dashboard", follow_redirects=False).status_code == 303
        assert client.get("/dashboard/dashboard.css", follow_redirects=False).status_code == 303
        form = client.get("/login").text
        token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post("/login", data={"username": "dana", "password": "dana-correct-horse-1", "csrf_token": token})
        page = client.get("/dashboard")
        assert page.status_code == 200
        html = page.text
        # Nothing from elsewhere: every script, style sheet, image and link is on this server.
        refs = re.findall(r'(?:src|href)="([^"]*)"', html)
        assert refs and all(r.startswith(("/", "#", "?")) for r in refs), refs
        assert "<script" not in html.split("<main", 1)[1]  # the dashboard itself has no script
        assert html.count("<circle") == len(store.clusters())
        assert "signals per day by failure theme" in html and "review funnel" in html
        assert "in a dataset" in html and "median" in html
        assert client.get("/dashboard/dashboard.css").headers["content-type"].startswith("text/css")


def test_dashboard_escapes_labels_and_snippets() -> None:
    import numpy as np

    from triage.web.svg import MapPoint, cluster_map, map_layout, project_2d

    point = MapPoint("c1", "<script>x</script>", "t", 3, "#000", ('"><img src=x>',))
    svg = cluster_map([point], *map_layout(project_2d(np.zeros((1, 1))), [3]))
    assert "<script>" not in svg and "<img" not in svg and "&lt;script&gt;" in svg


def test_retry_policy_names_the_errors_worth_a_retry() -> None:
    class BrokerLostError(RuntimeError):
        pass

    class ConsumerProcessError(RuntimeError):
        pass

    assert is_broker_loss(BrokerLostError("gone"))
    assert is_broker_loss(ConsumerProcessError("consumer 1: BrokerUnavailableError: no broker"))
    assert not is_broker_loss(ConsumerProcessError("consumer 1: ValueError: bad"))
    assert not is_broker_loss(ValueError("bad record"))
    import ray.exceptions

    assert is_ray_loss(ray.exceptions.RaySystemError("lost"))
    assert is_ray_loss(ConnectionError("gcs"))
    assert not is_ray_loss(ValueError("bad"))


def test_ingest_task_retries_a_lost_broker_and_not_a_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect import flow

    import flows.pipeline as pipeline
    from ingest.consumer import BrokerLostError, IngestReport

    calls: list[str] = []

    def flaky(_settings: Settings, **_kw: Any) -> IngestReport:
        calls.append("call")
        if len(calls) == 1:
            raise BrokerLostError("the Kafka broker stopped answering")
        return IngestReport(consumed=1, stored=1)

    monkeypatch.setattr(pipeline.ingest_stage, "run", flaky)
    settings = Settings(data_dir=tmp_path)
    settings.schedule.retries, settings.schedule.retry_delay_s = 2, 0.0

    @flow
    def one_ingest() -> dict[str, Any]:
        return cast(dict[str, Any], pipeline._with_retries(pipeline.ingest_task, settings)(settings, None))

    assert one_ingest()["stored"] == 1 and len(calls) == 2

    def broken(_settings: Settings, **_kw: Any) -> IngestReport:
        calls.append("bug")
        raise ValueError("a bug, not an outage")

    calls.clear()
    monkeypatch.setattr(pipeline.ingest_stage, "run", broken)
    with pytest.raises(ValueError):
        one_ingest()
    assert calls == ["bug"]


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def test_demo_on_a_busy_port_fails_before_doing_anything(busy_port: int, tmp_path: Path) -> None:
    env = {**os.environ, "OUTERLOOP_DATA_DIR": str(tmp_path / "demo")}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "outerloop"), "demo", "--port", str(busy_port)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert f"port {busy_port} on 127.0.0.1 is already in use" in result.stdout
    assert "broker" not in result.stdout and "login" not in result.stdout
    assert not (tmp_path / "demo").exists()  # nothing made, nothing started
    assert port_problem("127.0.0.1", busy_port) and port_problem("127.0.0.1", 0) is None


def test_demo_honours_outerloop_data_dir_and_empties_only_a_demo_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTERLOOP_DATA_DIR", str(tmp_path / "mine"))
    assert demo_data_dir(None) == tmp_path / "mine"
    assert demo_data_dir(tmp_path / "given") == tmp_path / "given"
    monkeypatch.delenv("OUTERLOOP_DATA_DIR")
    assert demo_data_dir(None) == Path(".outerloop/demo")

    production = tmp_path / "production"
    production.mkdir()
    (production / "outerloop.duckdb").write_bytes(b"data")
    problem = prepare_demo_dir(production)
    assert problem and "not an earlier demo's" in problem
    assert (production / "outerloop.duckdb").exists()

    demo = tmp_path / "demo"
    assert prepare_demo_dir(demo) is None and (demo / DEMO_MARKER).exists()
    (demo / "old").write_text("x")
    assert prepare_demo_dir(demo) is None and not (demo / "old").exists()


LOG_SCRIPT = """
import logging, sys
import prefect  # Prefect's console handler first, as when a flow module is imported before the settings
from infra.runtime import configure_environment
from infra.settings import load_settings
configure_environment(load_settings(data_dir=sys.argv[1]))
logging.getLogger("kafka.net.selector").warning("Task ran for 0.5s. Other pollers will time out.")
logging.getLogger("prefect").info("Starting temporary server on http://127.0.0.1:8426")
logging.getLogger("outerloop.test").error("a real error")
"""


@pytest.mark.parametrize("verbose", [False, True])
def test_library_noise_goes_to_the_log_file_unless_verbose(tmp_path: Path, verbose: bool) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {"PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "OUTERLOOP_VERBOSE"}
    }
    if verbose:
        env["OUTERLOOP_VERBOSE"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", LOG_SCRIPT, str(tmp_path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    console = result.stdout + result.stderr
    log = (tmp_path / "logs" / "outerloop.log").read_text()
    assert "Other pollers will time out" in log and "Starting temporary server" in log
    assert "a real error" in console
    assert ("Other pollers" in console) is verbose
    assert ("Starting temporary server" in console) is verbose
