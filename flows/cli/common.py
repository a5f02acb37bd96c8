"""What every `outerloop` command shares: options, the deployment's settings, failing with a clear line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from infra.settings import Settings

console = Console(stderr=False)

DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="Data directory (default .outerloop, or OUTERLOOP_DATA_DIR).")
]
Bootstrap = Annotated[
    str | None,
    typer.Option(
        "--bootstrap-servers",
        help="Kafka bootstrap servers (default from settings, OUTERLOOP_KAFKA__BOOTSTRAP_SERVERS).",
    ),
]


def cli_settings(data_dir: Path | None = None, bootstrap_servers: str | None = None) -> Settings:
    # Imported here: pydantic-settings costs a third of `outerloop --help`, which needs no settings.
    from infra.runtime import configure_environment
    from infra.settings import load_settings

    settings = load_settings(**({"data_dir": data_dir} if data_dir else {}))
    if bootstrap_servers:
        settings.kafka.bootstrap_servers = bootstrap_servers
    configure_environment(settings)
    return settings


def fail(message: str) -> None:
    console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(2)
