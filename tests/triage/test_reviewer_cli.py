"""`outerloop reviewer add|list|set-role|disable|enable|reset-password` and `outerloop review-stats`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from infra.store import Store
from triage.auth import authenticate


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.output


def test_reviewer_commands_manage_accounts_roles_and_sessions(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    assert (
        _run(
            "reviewer",
            "add",
            "carol",
            "--role",
            "lead",
            "--password-stdin",
            "--data-dir",
            data,
            stdin="lead-password-1\n",
        )[0]
        == 0
    )
    assert _run("reviewer", "add", "alice", "--password-stdin", "--data-dir", data, stdin="alice-password-1\n")[0] == 0
    code, out = _run("reviewer", "add", "x", "--password-stdin", "--data-dir", data, stdin="short\n")
    assert code == 2 and "username must be" in out
    code, out = _run("reviewer", "list", "--json", "--data-dir", data)
    assert code == 0
    assert [(a["username"], a["role"], a["disabled"]) for a in json.loads(out)] == [
        ("alice", "reviewer", False),
        ("carol", "lead", False),
    ]
    store = Store(tmp_path / "data" / "review.duckdb")  # accounts and sessions live in the review file
    store.start_session("h-alice", "alice")
    assert _run("reviewer", "set-role", "alice", "admin", "--data-dir", data)[0] == 0
    assert store.session_user("h-alice", 60) == ("alice", "admin")
    code, out = _run("reviewer", "set-role", "alice", "boss", "--data-dir", data)
    assert code == 2 and "role must be one of" in out
    assert _run("reviewer", "disable", "alice", "--data-dir", data)[0] == 0
    assert store.session_user("h-alice", 60) is None
    assert not authenticate(store, "alice", "alice-password-1")
    assert _run("reviewer", "enable", "alice", "--data-dir", data)[0] == 0
    assert authenticate(store, "alice", "alice-password-1")
    store.start_session("h-alice-2", "alice")
    code, _ = _run(
        "reviewer", "reset-password", "alice", "--password-stdin", "--data-dir", data, stdin="alice-password-2\n"
    )
    assert code == 0 and store.session_user("h-alice-2", 60) is None
    assert authenticate(store, "alice", "alice-password-2") and not authenticate(store, "alice", "alice-password-1")
    code, out = _run(
        "reviewer", "reset-password", "nobody", "--password-stdin", "--data-dir", data, stdin="whatever-pass-1\n"
    )
    assert code == 2 and "no reviewer" in out
    code, out = _run("review-stats", "--json", "--data-dir", data)
    assert code == 0 and json.loads(out)["agreement"]["items"] == 0
    assert [e.action for e in store.audit_log() if e.actor == "cli"] == [
        "reviewer.saved",
        "reviewer.saved",
        "reviewer.role",
        "reviewer.disabled",
        "reviewer.enabled",
        "reviewer.password_reset",
    ]
