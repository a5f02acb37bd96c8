"""`outerloop review`, `outerloop reviewer` and `outerloop review-stats`: the review page, its accounts
and roles, and the agreement of double review."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from flows.cli.common import DataDir, cli_settings, console, fail

if TYPE_CHECKING:
    from infra.store import Store

reviewer_app = typer.Typer(help="Manage reviewer accounts and roles of the review page.", no_args_is_help=True)

ROLE_HELP = "reviewer (decides items), lead (also adjudicates disagreements, sees agreement) or admin (also accounts)."
Username = Annotated[str, typer.Argument(help="Login name of the account.")]
PasswordStdin = Annotated[bool, typer.Option(help="Read the password from standard input.")]


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


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    password: str = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    return password


def _store(data_dir: DataDir) -> Store:
    from infra.store import review_store

    return review_store(cli_settings(data_dir))


def reviewer_add(
    username: Username,
    role: Annotated[str | None, typer.Option(help=ROLE_HELP + " Default reviewer.")] = None,
    password_stdin: PasswordStdin = False,
    data_dir: DataDir = None,
) -> None:
    """Create an account (or set a new password for an existing one, ending its sessions)."""
    from triage.auth import add_reviewer

    store = _store(data_dir)
    try:
        add_reviewer(store, username, _password(password_stdin), role)
    except ValueError as exc:
        fail(str(exc))
    store.audit("cli", "reviewer.saved", {"username": username, "role": role})
    console.print(f"reviewer {username!r} saved ({store.reviewer_role(username)})")


def reviewer_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDir = None,
) -> None:
    """List accounts: name, role, enabled or disabled, created."""
    accounts = _store(data_dir).reviewers()
    if as_json:
        rows = [
            {"username": a.username, "role": a.role, "disabled": a.disabled, "created_at": a.created_at.isoformat()}
            for a in accounts
        ]
        console.print_json(json.dumps(rows))
        return
    for a in accounts:
        state = "disabled" if a.disabled else "enabled"
        console.print(f"{a.username:<24} {a.role:<9} {state:<9} {a.created_at:%Y-%m-%d}")


def reviewer_set_role(
    username: Username,
    role: Annotated[str, typer.Argument(help=ROLE_HELP)],
    data_dir: DataDir = None,
) -> None:
    """Give an account another role (takes effect on its next request)."""
    from infra.records import NotFoundError

    store = _store(data_dir)
    try:
        store.set_reviewer_role(username, role)
    except (ValueError, NotFoundError) as exc:
        fail(str(exc))
    store.audit("cli", "reviewer.role", {"username": username, "role": role})
    console.print(f"reviewer {username!r} is now {role}")


def _set_disabled(username: str, disabled: bool, data_dir: DataDir) -> None:
    from infra.records import NotFoundError

    store = _store(data_dir)
    try:
        store.set_reviewer_disabled(username, disabled)
    except NotFoundError as exc:
        fail(str(exc))
    store.audit("cli", "reviewer.disabled" if disabled else "reviewer.enabled", {"username": username})


def reviewer_disable(username: Username, data_dir: DataDir = None) -> None:
    """Disable an account: its sessions end at once, it cannot sign in; its decisions stay."""
    _set_disabled(username, True, data_dir)
    console.print(f"reviewer {username!r} disabled; their sessions are ended")


def reviewer_enable(username: Username, data_dir: DataDir = None) -> None:
    """Enable a disabled account again."""
    _set_disabled(username, False, data_dir)
    console.print(f"reviewer {username!r} enabled")


def reviewer_reset_password(
    username: Username, password_stdin: PasswordStdin = False, data_dir: DataDir = None
) -> None:
    """Set a new password for an existing account; its sessions end."""
    from triage.auth import add_reviewer

    store = _store(data_dir)
    if not store.reviewer_exists(username):
        fail(f"no reviewer {username!r}; create it with `outerloop reviewer add`")
    try:
        add_reviewer(store, username, _password(password_stdin))
    except ValueError as exc:
        fail(str(exc))
    store.audit("cli", "reviewer.password_reset", {"username": username})
    console.print(f"password of {username!r} reset; their sessions are ended")


def review_stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Agreement of double review: Cohen's kappa per reviewer pair, Krippendorff's alpha overall, status counts."""
    from triage.web.agreement import agreement_stats

    store = _store(data_dir)
    stats = agreement_stats(store.agreement_ratings())
    if as_json:
        console.print_json(json.dumps({"counts": store.review_counts(), "agreement": stats.as_dict()}))
        return

    def fmt(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    counts = store.review_counts()
    console.print("items: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    console.print(
        f"double-reviewed items: {stats.items}; Krippendorff's alpha verdict {fmt(stats.verdict_alpha)}, "
        f"root cause {fmt(stats.cause_alpha)}"
    )
    for p in stats.pairs:
        console.print(
            f"{p.reviewers[0]} & {p.reviewers[1]}: {p.items} items, verdict kappa {fmt(p.verdict_kappa)} "
            f"({p.verdict_agreement:.0%} agree), root cause kappa {fmt(p.cause_kappa)} ({p.cause_agreement:.0%} agree)"
        )


def register(app: typer.Typer) -> None:
    """Add the review commands to `app`."""
    app.command("review")(review)
    app.command("review-stats")(review_stats)
    reviewer_app.command("add")(reviewer_add)
    reviewer_app.command("list")(reviewer_list)
    reviewer_app.command("set-role")(reviewer_set_role)
    reviewer_app.command("disable")(reviewer_disable)
    reviewer_app.command("enable")(reviewer_enable)
    reviewer_app.command("reset-password")(reviewer_reset_password)
    app.add_typer(reviewer_app, name="reviewer")
