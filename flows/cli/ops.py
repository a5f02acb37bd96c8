"""`outerloop deploy`, `serve`, `status` and `report fixes`: the loop on a schedule, and whether it helps."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from flows.cli.common import Bootstrap, DataDir, cli_settings, console, fail

report_app = typer.Typer(help="Reports over the stored signals.", no_args_is_help=True)


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if value else "-"


def deploy(data_dir: DataDir = None, bootstrap_servers: Bootstrap = None) -> None:
    """Create or update the deployments of outerloop-pipeline and outerloop-export on the Prefect server
    (PREFECT_API_URL), with the schedules of settings `schedule.*` and one run at a time each."""
    from flows.deploy import PrefectServerError, apply

    settings = cli_settings(data_dir, bootstrap_servers)
    try:
        created = apply(settings)
    except PrefectServerError as exc:
        fail(str(exc))
    for plan, deployment_id in created:
        console.print(f"deployment {plan.full_name}: {plan.schedule}, one run at a time (id {deployment_id})")
    console.print("runs start only while `outerloop serve` (or a worker) is running")


def serve(
    data_dir: DataDir = None,
    bootstrap_servers: Bootstrap = None,
    poll_seconds: Annotated[float | None, typer.Option(help="How often to ask the server for due runs.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show flow and task run logs on the console.")] = False,
) -> None:
    """Serve both deployments in this process until Ctrl-C: scheduled and manual runs execute here."""
    from flows.deploy import PrefectServerError, api_url, plans
    from flows.deploy import serve as serve_deployments

    if verbose:
        os.environ["OUTERLOOP_VERBOSE"] = "1"
    settings = cli_settings(data_dir, bootstrap_servers)
    if bootstrap_servers:  # runs execute in subprocesses, which read their settings from the environment
        os.environ["OUTERLOOP_KAFKA__BOOTSTRAP_SERVERS"] = bootstrap_servers
    for plan in plans(settings):
        console.print(f"serving {plan.full_name}: {plan.schedule}")
    console.print(
        f"Prefect server {api_url()}; data {settings.data_dir}; log {settings.logs_dir / 'outerloop.log'}; Ctrl-C stops"
    )
    try:
        serve_deployments(settings, poll_seconds)
    except PrefectServerError as exc:
        fail(str(exc))


def status(
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """One screen: last runs, lag per partition, queue sizes, last dataset, next scheduled runs."""
    from infra.store import pipeline_store, review_store

    settings = cli_settings(data_dir)
    last = pipeline_store(settings).last_run_per_stage()
    ingest = next((r for r in last if r.stage == "ingest"), None)
    lag: dict[str, int] = dict(ingest.stats.get("lag") or {}) if ingest else {}
    review = review_store(settings)
    queue = review.review_counts()
    dataset = review.latest_dataset()
    scheduled, recent, prefect_note = _prefect_runs()
    if as_json:
        out: dict[str, Any] = {
            "last_runs": [
                {"stage": r.stage, "finished_at": _when(r.finished_at), "seconds": _seconds(r), "stats": r.stats}
                for r in last
            ],
            "lag": lag,
            "lag_as_of": _when(ingest.finished_at) if ingest else None,
            "queue": queue,
            "dataset": dataset and {"name": dataset.name, "version": dataset.version, "counts": dataset.counts},
            "scheduled": [vars(r) | {"expected_start": _when(r.expected_start)} for r in scheduled],
            "recent_flow_runs": [vars(r) | {"expected_start": _when(r.expected_start)} for r in recent],
            "prefect": prefect_note,
        }
        console.print_json(json.dumps(out, default=str))
        return
    runs = Table(title="last run of each stage", title_justify="left")
    for col in ("stage", "finished", "seconds", "result"):
        runs.add_column(col)
    for r in last:
        runs.add_row(r.stage, _when(r.finished_at), f"{_seconds(r):.1f}", _summary(r.stage, r.stats))
    console.print(runs if last else "no runs yet")
    as_of = f" (at the end of the last ingest, {_when(ingest.finished_at)})" if ingest else ""
    console.print(f"lag per partition{as_of}: " + (", ".join(f"{tp} {n}" for tp, n in sorted(lag.items())) or "-"))
    console.print("review queue: " + (", ".join(f"{s} {n}" for s, n in sorted(queue.items())) or "empty"))
    if dataset:
        counts = ", ".join(f"{k} {v}" for k, v in dataset.counts.items() if not isinstance(v, dict | list))
        console.print(f"last dataset: {dataset.name} {dataset.version} ({_when(dataset.created_at)}): {counts}")
    else:
        console.print("last dataset: none exported yet")
    if prefect_note:
        console.print(f"schedules: {prefect_note}")
        return
    table = Table(title="next scheduled runs", title_justify="left")
    for col in ("deployment", "run", "expected start"):
        table.add_column(col)
    for r in scheduled:
        table.add_row(r.deployment, r.name, _when(r.expected_start))
    console.print(table if scheduled else "next scheduled runs: none (run `outerloop deploy`)")
    if recent:
        flows = Table(title="latest flow runs", title_justify="left")
        for col in ("deployment", "run", "started", "state"):
            flows.add_column(col)
        for r in recent:
            flows.add_row(r.deployment, r.name, _when(r.expected_start), r.state)
        console.print(flows)


def _seconds(r: Any) -> float:
    return float((r.finished_at - r.started_at).total_seconds())


def _summary(stage: str, stats: dict[str, Any]) -> str:
    keys = {
        "ingest": ("consumed", "stored", "duplicates", "dead_lettered"),
        "cluster": ("items", "clusters", "noise", "mode"),
        "triage": ("items", "new_items"),
        "export": ("name", "version"),
    }.get(stage, tuple(stats)[:4])
    return ", ".join(f"{k} {stats[k]}" for k in keys if k in stats)


def _prefect_runs() -> tuple[list[Any], list[Any], str | None]:
    """(scheduled, recent, None) from the Prefect server, or ([], [], why not)."""
    from flows.deploy import PrefectServerError, check_server, upcoming_and_recent

    try:
        check_server(timeout_s=3.0)
        scheduled, recent = upcoming_and_recent()
    except PrefectServerError as exc:
        return [], [], str(exc)
    except Exception as exc:  # a server of another version, a network error mid-way: status still prints
        return [], [], f"could not read runs from the Prefect server ({type(exc).__name__})"
    return scheduled, recent, None


@report_app.command("fixes")
def fixes(
    data_dir: DataDir = None,
    group_by: Annotated[
        str,
        typer.Option(
            help="cause (root cause of each signal), theme (failure theme), cluster, or auto: cause once "
            "triage has stored causes, else theme."
        ),
    ] = "auto",
    before: Annotated[
        str | None, typer.Option(help="Model version before the change (default: second newest).")
    ] = None,
    after: Annotated[str | None, typer.Option(help="Model version after the change (default: newest).")] = None,
    traffic: Annotated[
        Path | None,
        typer.Option(
            help='Requests served per model version: JSON {"version": n} or CSV model_version,requests. '
            "Without it, rates are shares of each version's signals."
        ),
    ] = None,
    min_signals: Annotated[int, typer.Option(help="Fewer signals than this in both versions: 'too few'.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Did a model version fix a failure? Signals per root cause (or theme, cluster) under each model version."""
    from flows.report import fix_rows, load_traffic
    from infra.store import Store

    settings = cli_settings(data_dir)
    store = Store(settings.db_path)
    versions = [s.model_version for s in store.version_spans()]
    if group_by == "auto":
        group_by = "cause" if store.has_causes() else "theme"
    try:
        requests = load_traffic(str(traffic)) if traffic else None
        rows = fix_rows(
            store.signals_by_version(group_by),
            versions,
            traffic=requests,
            before=before,
            after=after,
            min_signals=min_signals,
        )
    except (ValueError, OSError) as exc:
        fail(str(exc))
    unit = "signals per 1,000 requests" if requests else "share of the version's clustered signals"
    if as_json:
        out = {"group_by": group_by, "versions": versions, "rate": unit, "rows": [vars(r) for r in rows]}
        console.print_json(json.dumps(out))
        return
    if not rows:
        console.print("no clustered signals yet: run the pipeline first")
        return
    table = Table(title=f"{rows[0].before} -> {rows[0].after} by {group_by} ({unit})", title_justify="left")
    table.add_column(group_by)
    table.add_column("label")
    for v in versions:
        table.add_column(v, justify="right")
    table.add_column("verdict")
    for r in rows:
        cells = [
            f"{r.counts.get(v, 0)} ({r.rates[v] * 1000:.2f})"
            if requests
            else f"{r.counts.get(v, 0)} ({r.rates[v]:.1%})"
            for v in versions
        ]
        table.add_row(r.group_id, r.label, *cells, r.verdict)
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the operations commands to `app`."""
    app.command("deploy")(deploy)
    app.command("serve")(serve)
    app.command("status")(status)
    app.add_typer(report_app, name="report")
