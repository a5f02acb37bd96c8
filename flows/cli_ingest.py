"""`outerloop` commands of the ingest stage, registered on the main app by `flows.cli`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to `app`."""
