"""`outerloop export`: accepted review items -> a new immutable dataset version."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from flows.cli.common import DataDir, cli_settings, console


def export(
    name: Annotated[str, typer.Option(help="Dataset name.")] = "outerloop-review",
    data_dir: DataDir = None,
) -> None:
    """Write accepted review items as a new immutable dataset version (eval, SFT, preference)."""
    from flows.pipeline import export_flow

    settings = cli_settings(data_dir)
    summary = export_flow(str(settings.data_dir), name)
    console.print_json(json.dumps(summary, default=str))


def register(app: typer.Typer) -> None:
    """Add the dataset commands to `app`."""
    app.command("export")(export)
