"""`outerloop produce`, `run` and `demo`: the whole loop, from synthetic signals to a review page."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from flows.cli.common import Bootstrap, DataDir, cli_settings, console, fail

if TYPE_CHECKING:
    from infra.settings import Settings


def produce(
    events: Annotated[int, typer.Option(help="Number of synthetic signals to publish.")] = 400,
    malformed: Annotated[int, typer.Option(help="Number of malformed records mixed in.")] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the generator.")] = 7,
    zh_share: Annotated[float, typer.Option(help="Share of Chinese conversations.")] = 0.25,
    data_dir: DataDir = None,
    bootstrap_servers: Bootstrap = None,
) -> None:
    """Publish synthetic production signals (English and Chinese, seeded) to the signals topic."""
    from infra.kafka import BrokerUnavailableError
    from ingest.synthetic.produce import produce as publish

    settings = cli_settings(data_dir, bootstrap_servers)
    try:
        produced = publish(
            settings.kafka,
            n_events=events,
            n_malformed=malformed,
            seed=seed,
            zh_share=zh_share,
            max_text_bytes=settings.ingest.max_text_bytes,
        )
    except BrokerUnavailableError as exc:
        fail(str(exc))
    console.print(
        f"published {len(produced.events)} signals and {produced.malformed} malformed records "
        f"to {settings.kafka.signals_topic} at {settings.kafka.bootstrap_servers}"
    )


Verbose = Annotated[
    bool, typer.Option("--verbose", help="Show library logs (Prefect, Kafka) on the console, not only in the log file.")
]

DEMO_DIR = Path(".outerloop/demo")
# Written into a demo's data dir: only such a dir (or an empty one) is emptied by the next demo.
DEMO_MARKER = ".outerloop-demo"


def run(
    max_records: Annotated[int | None, typer.Option(help="Stop ingest after this many records.")] = None,
    data_dir: DataDir = None,
    bootstrap_servers: Bootstrap = None,
    verbose: Verbose = False,
) -> None:
    """Run the pipeline once (Prefect flow outerloop-pipeline: ingest -> cluster -> triage)."""
    _set_verbose(verbose)
    settings = cli_settings(data_dir, bootstrap_servers)
    from flows.pipeline import pipeline_flow
    from infra.kafka import BrokerUnavailableError

    console.print(f"running the pipeline (ingest -> cluster -> triage); log: {settings.logs_dir / 'outerloop.log'}")
    try:
        result = pipeline_flow(str(settings.data_dir), settings.kafka.bootstrap_servers, max_records)
    except BrokerUnavailableError as exc:
        fail(str(exc))
    _print_run_summary(settings, result)


def demo(
    events: Annotated[int, typer.Option(help="Synthetic signals to publish.")] = 400,
    malformed: Annotated[int, typer.Option(help="Malformed records mixed in.")] = 12,
    serve: Annotated[bool, typer.Option(help="Serve the review page until Ctrl-C.")] = True,
    port: Annotated[int | None, typer.Option(help="Port of the review page (default 8765).")] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Demo data directory, emptied first (default OUTERLOOP_DATA_DIR, else .outerloop/demo)."),
    ] = None,
    verbose: Verbose = False,
) -> None:
    """Start a local broker, publish synthetic signals, run the pipeline once, serve the review page."""
    _set_verbose(verbose)
    data_dir = demo_data_dir(data_dir)
    from infra.settings import Settings

    settings = Settings(data_dir=data_dir)  # nothing created yet
    host, bind_port = settings.review.host, port or settings.review.port
    if serve:
        # Before two minutes of pipeline, not after: the page could not start, and its URL would be another's.
        problem = port_problem(host, bind_port)
        if problem:
            fail(problem)
    problem = prepare_demo_dir(data_dir)
    if problem:
        fail(problem)
    os.environ["OUTERLOOP_DATA_DIR"] = str(data_dir)
    settings = cli_settings(data_dir)
    from flows.pipeline import pipeline_flow
    from infra.broker import LocalBroker
    from infra.store import review_store
    from ingest.synthetic.produce import produce as publish
    from triage.auth import add_reviewer

    with LocalBroker(log_path=settings.logs_dir / "broker.log") as broker:
        settings.kafka.bootstrap_servers = broker.bootstrap_servers
        os.environ["OUTERLOOP_KAFKA__BOOTSTRAP_SERVERS"] = broker.bootstrap_servers
        console.print(f"broker (Tansu) on {broker.bootstrap_servers}, pid {broker.pid}; data in {data_dir}")
        publish(settings.kafka, n_events=events, n_malformed=malformed, max_text_bytes=settings.ingest.max_text_bytes)
        console.print(f"published {events} synthetic signals and {malformed} malformed records")
        console.print(f"running the pipeline (ingest -> cluster -> triage); log: {settings.logs_dir / 'outerloop.log'}")
        result = pipeline_flow(str(settings.data_dir), broker.bootstrap_servers)
        password = secrets.token_urlsafe(12)
        add_reviewer(review_store(settings), "demo", password, "lead")
        _print_run_summary(settings, result)
        console.print(f"after reviewing, export the datasets: outerloop export --data-dir {data_dir}")
        if serve:
            from triage.web.server import serve as serve_page

            problem = port_problem(host, bind_port)  # taken while the pipeline ran
            if problem:
                fail(problem)
            console.print(f"\nreview page: http://{host}:{bind_port}/   login: demo / {password} (a lead)")
            console.print("Ctrl-C stops the page and the broker.")
            serve_page(settings, host, bind_port)
    console.print("stopped: review page, broker.")


def _set_verbose(verbose: bool) -> None:
    if verbose:
        os.environ["OUTERLOOP_VERBOSE"] = "1"


def demo_data_dir(given: Path | None) -> Path:
    """--data-dir, else OUTERLOOP_DATA_DIR, else .outerloop/demo."""
    if given is not None:
        return given
    env = os.environ.get("OUTERLOOP_DATA_DIR", "").strip()
    return Path(env) if env else DEMO_DIR


def prepare_demo_dir(data_dir: Path) -> str | None:
    """Empty a previous demo's dir and mark the new one; None, or why the dir is not the demo's to empty."""
    if data_dir.exists():
        if not data_dir.is_dir():
            return f"{data_dir} is a file, not a directory; pass --data-dir DIR for the demo"
        is_demo = (data_dir / DEMO_MARKER).exists() or data_dir.resolve() == DEMO_DIR.resolve()
        if any(data_dir.iterdir()) and not is_demo:
            return (
                f"{data_dir} holds data that is not an earlier demo's, and the demo empties its directory; "
                "pass --data-dir DIR (a new or earlier demo directory) for the demo"
            )
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    (data_dir / DEMO_MARKER).write_text("written by `outerloop demo`: the next demo empties this directory\n")
    return None


def port_problem(host: str, port: int) -> str | None:
    """None if `host:port` can be bound now (as uvicorn binds it), else a message that says what to do."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return f"cannot resolve the review page's host {host!r}: {exc}"
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as exc:
            return (
                f"port {port} on {host} is already in use ({exc.strerror}): another demo or review page may be "
                "running. Stop it, or choose another port: outerloop demo --port N"
            )
    return None


def _print_run_summary(settings: Settings, result: dict[str, Any]) -> None:
    from infra.store import pipeline_store

    ingest = result["ingest"]
    console.print(
        f"ingest: consumed {ingest['consumed']}, stored {ingest['stored']}, duplicates {ingest['duplicates']}, "
        f"dead-lettered {ingest['dead_lettered']} {ingest['dead_lettered_by_reason'] or ''}"
    )
    store = pipeline_store(settings)
    table = Table(title=f"clusters by root cause ({result['cluster']['clusters']}, noise {result['cluster']['noise']})")
    for col in ("cause", "id", "size", "label", "theme", "evidence"):
        table.add_column(col)
    clusters = store.clusters()
    causes = store.cluster_causes()
    cause_of = {c.cluster_id: causes[c.cluster_id].cause_id if c.cluster_id in causes else "-" for c in clusters}
    cause_size: dict[str, int] = {}
    for c in clusters:
        cause_size[cause_of[c.cluster_id]] = cause_size.get(cause_of[c.cluster_id], 0) + c.size
    # Causes with most signals first, each cause's clusters together; the cause is named on its first row.
    previous = None
    for c in sorted(clusters, key=lambda c: (-cause_size[cause_of[c.cluster_id]], cause_of[c.cluster_id], -c.size)):
        found = causes.get(c.cluster_id)
        evidence = "; ".join(found.summary[:2]) if found else ""
        cause = cause_of[c.cluster_id] if cause_of[c.cluster_id] != previous else ""
        theme = c.theme_label if c.theme_label != c.label else ""  # a cluster alone in its theme
        table.add_row(cause, c.cluster_id, str(c.size), c.label, theme, evidence)
        previous = cause_of[c.cluster_id]
    console.print(table)
    console.print(f"root causes: {len(cause_size)}; failure themes: {len({c.theme_id for c in clusters})}")
    console.print(f"review items queued: {result['triage']['items']} ({result['triage']['new_items']} new)")


def register(app: typer.Typer) -> None:
    """Add the pipeline's commands to `app`."""
    app.command("produce")(produce)
    app.command("run")(run)
    app.command("demo")(demo)
