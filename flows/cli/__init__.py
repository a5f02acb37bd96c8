"""`outerloop`: the one entry point for people and schedules. One module per command group; each has
`register(app)`. Commands import the stage they run inside their body, so `--help` stays fast."""

from __future__ import annotations

import typer

from flows.cli import cluster, datasets, deid, ingest, ops, pipeline, review, triage

app = typer.Typer(
    help="outerloop: weak signals of a medical assistant -> reviewed, versioned datasets.",
    no_args_is_help=True,
    add_completion=False,
)
for _group in (pipeline, ingest, deid, cluster, review, triage, datasets, ops):
    _group.register(app)


def main() -> None:
    app()
