"""The admin page: accounts' roles and state, admins only, CSRF, and disabling ends sessions at once."""

from __future__ import annotations

import httpx
from review_app import LiveServer, csrf_from, logged_in, login

from triage.auth import add_reviewer

ADMIN_PASSWORD = "dora-admin-password-7"


def test_an_admin_disables_and_promotes_accounts(live_server: LiveServer) -> None:
    add_reviewer(live_server.store, "dora", ADMIN_PASSWORD, "admin")
    with logged_in(live_server, "alice") as alice, httpx.Client(base_url=live_server.url) as dora:
        assert alice.get("/admin").status_code == 403
        assert login(dora, "dora", ADMIN_PASSWORD).status_code == 303
        page = dora.get("/admin")
        assert page.status_code == 200 and "alice" in page.text and "Set role" in page.text
        token = csrf_from(page.text)
        assert (
            alice.post(
                "/admin/accounts/bob", data={"csrf_token": csrf_from(alice.get("/").text), "role": "admin"}
            ).status_code
            == 403
        )
        assert dora.post("/admin/accounts/alice", data={"disabled": "true"}).status_code == 403  # no CSRF token
        done = dora.post("/admin/accounts/alice", data={"csrf_token": token, "disabled": "true"})
        assert done.status_code == 303
        assert alice.get("/api/items").status_code == 401
        assert dora.post("/admin/accounts/bob", data={"csrf_token": token, "role": "lead"}).status_code == 303
        assert dora.post("/admin/accounts/dora", data={"csrf_token": token, "role": "reviewer"}).status_code == 409
        assert dora.post("/admin/accounts/nobody", data={"csrf_token": token, "role": "lead"}).status_code == 404
    roles = {a.username: (a.role, a.disabled) for a in live_server.store.reviewers()}
    assert (
        roles["alice"] == ("reviewer", True) and roles["bob"] == ("lead", False) and roles["dora"] == ("admin", False)
    )
    actions = [(e.actor, e.action) for e in live_server.store.audit_log() if e.action.startswith("reviewer.")]
    assert actions == [("dora", "reviewer.disabled"), ("dora", "reviewer.role")]
