"""`outerloop rca-eval`, `rca-judge` and `report tools`: root-cause analysis scored on labelled signals, the
optional LLM judge asked by hand, and tool failures for the engineers who own the tools."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from flows.cli.common import DataDir, cli_settings, console, fail


def rca_eval(
    csv_path: Annotated[Path, typer.Option("--csv", help="CSV file with a header row, UTF-8.", dir_okay=False)],
    text_col: Annotated[str, typer.Option("--text-col", help="Column holding the signal's text.")] = "text",
    label_col: Annotated[
        str, typer.Option("--label-col", help="Column holding the true cause: a taxonomy id (taxonomy.v1.json).")
    ] = "label",
    language_col: Annotated[
        str | None, typer.Option("--language-col", help="Column holding the language (en, zh); else detected.")
    ] = None,
    kind_col: Annotated[
        str | None,
        typer.Option(
            "--kind-col",
            help="Column holding the signal kind (bad_case, follow_up, correction, low_confidence, tool_error); "
            "without it every row is a free-text signal of unknown kind.",
        ),
    ] = None,
) -> None:
    """Score the root-cause analysis on a labelled CSV: accuracy, macro-F1, precision / recall / F1 per cause,
    the confusion matrix (true cause -> predicted -> count) and the same per language, as JSON. A text of
    `role: content` lines (user:, assistant:, tool: ...) is read as the conversation, any other text as one
    free-text complaint. A label that is not a taxonomy id: exit code 2, naming the row."""
    from triage.rootcause import EvaluationError, evaluate_csv

    try:
        result = evaluate_csv(csv_path, text_col, label_col, language_col=language_col, kind_col=kind_col)
    except EvaluationError as exc:
        fail(str(exc))
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False))


def rca_judge(
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of lines.")] = False,
) -> None:
    """Ask the configured LLM judge (rca.judge_url, rca.judge_model) about the stored cluster causes now and
    print where it agrees; stores nothing. The judge reads de-identified exemplar texts only."""
    from infra.store import Store
    from triage.causes import priority
    from triage.rootcause.judge import judge_clusters, representative_texts

    settings = cli_settings(data_dir)
    if not settings.rca.judge_enabled:
        fail("no judge configured: set rca.judge_url and rca.judge_model (OUTERLOOP_RCA__JUDGE_URL, ...)")
    store = Store(settings.db_path)
    causes = store.cluster_causes()
    if not causes:
        fail("no cluster causes stored yet: run the pipeline (outerloop run) first")
    clusters = [c for c in store.clusters() if c.cluster_id in causes]
    exemplars = store.events_by_id([e for c in clusters for e in c.exemplar_ids])
    report = judge_clusters(
        settings.rca,
        list(causes.values()),
        representative_texts(clusters, exemplars, settings.rca.judge_members),
        priority={k: priority(c.priority_factors) for k, c in causes.items()},
    )
    if as_json:
        out = report.as_dict() | {"verdicts": [v.as_dict() for v in report.verdicts]}
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for v in report.verdicts:
            mark = "agrees" if v.agrees else f"DISAGREES (rules: {v.rules_cause})"
            console.print(f"{v.cluster_id}: {v.judge_cause} {mark} - {escape(v.explanation)}", soft_wrap=True)
        for cluster_id, why in report.ignored.items():
            console.print(f"{cluster_id}: answer ignored ({escape(why)})", soft_wrap=True)
    if report.error:
        fail(report.error)


def _when(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def report_tools(
    data_dir: DataDir = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many rows (most signals first).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Tool failures for engineering: per tool and error class, signals, first and last seen, the latest event
    ids and a de-identified example error. From stored tool_error events and events whose cause is
    tool_failure or tool_misuse (causes come from the triage stage)."""
    from infra.store import Store
    from triage.tools_report import tool_failures

    settings = cli_settings(data_dir)
    rows = tool_failures(Store(settings.db_path).tool_failure_events())[:limit]
    if as_json:
        typer.echo(json.dumps({"rows": [r.as_dict() for r in rows]}, indent=2, ensure_ascii=False))
        return
    if not rows:
        console.print("no tool failures stored")
        return
    table = Table(title="tool failures (most signals first)", title_justify="left")
    for column in ("tool", "error class", "cause", "signals", "first seen (UTC)", "last seen (UTC)", "latest events"):
        table.add_column(column, justify="right" if column == "signals" else "left")
    table.add_column("example error", overflow="fold")
    for r in rows:
        table.add_row(
            escape(r.tool),
            r.error_class,
            r.cause or "-",
            str(r.count),
            _when(r.first_seen),
            _when(r.last_seen),
            escape(", ".join(r.event_ids)),
            escape(r.example_error),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the root-cause commands to `app`, and `tools` to the `report` group."""
    from flows.cli.ops import report_app

    app.command("rca-eval")(rca_eval)
    app.command("rca-judge")(rca_judge)
    report_app.command("tools")(report_tools)
