"""`outerloop export`: accepted review items -> a new immutable dataset version."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from flows.cli.common import DataDir, cli_settings, console


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
    """"v0003 written: 41 eval, 37 sft, ..." or "nothing new since v0002; nothing written"."""
    if not summary["created"]:
        return f"nothing new since {summary['version']}; nothing written ({summary['path']})"
    counts = ", ".join(f"{n} {f.removesuffix('.jsonl')}" for f, n in summary["counts"].items())
    return f"{summary['version']} written: {counts} ({summary['path']})"


def register(app: typer.Typer) -> None:
    """Add the dataset commands to `app`."""
    app.command("export")(export)
