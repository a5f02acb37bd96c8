"""`outerloop export`: accepted review items -> a new immutable dataset version."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from flows.cli.common import DataDir, cli_settings, console, fail


def export(
    name: Annotated[str, typer.Option(help="Dataset name.")] = "outerloop-review",
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Write accepted review items as a new immutable dataset version (eval, SFT, preference, KTO)."""
    from flows.pipeline import export_flow

    settings = cli_settings(data_dir)
    summary = export_flow(str(settings.data_dir), name)
    if as_json:
        console.print_json(json.dumps(summary, default=str))
    else:
        console.print(export_sentence(summary), highlight=False)


def export_sentence(summary: dict[str, Any]) -> str:
    """ "v0003 written: 41 eval, 37 sft, ..." or "nothing new since v0002; nothing written"."""
    if not summary["created"] and not summary["version"]:
        return f"nothing to export: no completed reviews in this data directory; nothing written ({summary['path']})"
    if not summary["created"]:
        return f"nothing new since {summary['version']}; nothing written ({summary['path']})"
    counts = ", ".join(f"{n} {f.removesuffix('.jsonl')}" for f, n in summary["counts"].items())
    return f"{summary['version']} written: {counts} ({summary['path']})"


datasets_app = typer.Typer(help="Dataset versions: list them (counts, parents, split), or compare two.")


def list_versions(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="Dataset name.")] = "outerloop-review",
    data_dir: DataDir = None,
) -> None:
    """List the versions of a dataset with their counts, parents and split."""
    if ctx.invoked_subcommand is not None:
        return
    from curation.run import list_versions as listed

    settings = cli_settings(data_dir)
    found = listed(settings, name)
    if not found:
        console.print(f"no versions of {name} under {settings.exports_dir}; `outerloop export` writes one")
        return
    table = Table(title=f"{name} ({settings.exports_dir / name})")
    for column in ("version", "created", "parent", *(f.removesuffix(".jsonl") for f in found[-1].counts), "leaked"):
        table.add_column(column)
    for v in found:
        counts = [str(n) for n in v.counts.values()]
        table.add_row(v.version, v.created_at, v.parent_version or "-", *counts, str(v.split.get("leaked", "-")))
    console.print(table)


def diff(
    older: Annotated[str, typer.Argument(help="The older version, e.g. v0001.")],
    newer: Annotated[str, typer.Argument(help="The newer version, e.g. v0002.")],
    name: Annotated[str, typer.Option(help="Dataset name.")] = "outerloop-review",
    as_json: Annotated[bool, typer.Option("--json", help="Print the event ids as JSON.")] = False,
    data_dir: DataDir = None,
) -> None:
    """What was added and removed between two versions, per file (by event id)."""
    from curation.run import diff_versions

    settings = cli_settings(data_dir)
    try:
        found = diff_versions(settings, older, newer, name)
    except FileNotFoundError as exc:
        fail(str(exc))
        return
    if as_json:
        console.print_json(json.dumps({"added": found.added, "removed": found.removed}))
        return
    for file in found.added:
        added, removed = found.added[file], found.removed[file]
        console.print(f"{file}: +{len(added)} -{len(removed)}", highlight=False)
        for event_id in added:
            console.print(f"  + {escape(event_id)}", highlight=False)
        for event_id in removed:
            console.print(f"  - {escape(event_id)}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the dataset commands to `app`."""
    app.command("export")(export)
    datasets_app.callback(invoke_without_command=True)(list_versions)
    datasets_app.command("diff")(diff)
    app.add_typer(datasets_app, name="datasets")
