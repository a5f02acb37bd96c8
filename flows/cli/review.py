"""`outerloop review` and `outerloop reviewer`: the review page and its accounts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from flows.cli.common import DataDir, cli_settings, console, fail

reviewer_app = typer.Typer(help="Manage reviewer accounts of the review page.", no_args_is_help=True)


def review(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8765).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Serve the review web page for clinicians (login required)."""
    from triage.web.server import serve

    settings = cli_settings(data_dir)
    host, port = host or settings.review.host, port or settings.review.port
    console.print(f"review page on http://{host}:{port}/  (Ctrl-C stops it)")
    serve(settings, host, port)


def reviewer_add(
    username: Annotated[str, typer.Argument(help="Login name of the reviewer.")],
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Create a reviewer account (or reset its password)."""
    from infra.store import Store
    from triage.auth import add_reviewer

    settings = cli_settings(data_dir)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        add_reviewer(Store(settings.db_path), username, password)
    except ValueError as exc:
        fail(str(exc))
    console.print(f"reviewer {username!r} saved")


def register(app: typer.Typer) -> None:
    """Add the review commands to `app`."""
    app.command("review")(review)
    reviewer_app.command("add")(reviewer_add)
    app.add_typer(reviewer_app, name="reviewer")
