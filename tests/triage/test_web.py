"""The review app over real HTTP (uvicorn on loopback) against a real DuckDB store."""

from __future__ import annotations

import base64
import html
import json
import threading
import time
from pathlib import Path

import httpx
import pytest
from itsdangerous import TimestampSigner
from review_app import (
    ITEM_IDS,
    PASSWORDS,
    PAYLOADS,
    SCRIPT_PROBE,
    LiveServer,
    api_token,
    csrf_from,
    logged_in,
    login,
)

from infra.settings import Settings
from triage.web.app import SESSION_COOKIE
from triage.web.session import MAX_SESSION_S, session_hash

TOP = ITEM_IDS["ev-warfarin-1"]
SECOND = ITEM_IDS["ev-warfarin-2"]
SNIPPET = "bad headache since yesterday"

HTML_GETS = ["/", "/?status=all", "/?status=accepted", f"/items/{TOP}", "/items/nope"]
API_GETS = ["/api/session", "/api/items", "/api/items?status=all", f"/api/items/{TOP}", "/api/items/nope"]


def test_healthz_is_public_and_carries_no_data(live_server: LiveServer) -> None:
    with live_server.client() as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_every_data_route_refuses_without_login(live_server: LiveServer) -> None:
    with live_server.client() as client:
        for path in HTML_GETS:
            response = client.get(path)
            assert response.status_code == 303, path
            assert response.headers["location"].startswith("/login"), path
            assert SNIPPET not in response.text
        for path in (f"/items/{TOP}/decision", "/logout"):
            response = client.post(path, data={"decision": "accepted", "version": "1"})
            assert response.status_code == 303, path
            assert response.headers["location"] == "/login"
        for path in API_GETS:
            response = client.get(path)
            assert response.status_code == 401, path
            assert SNIPPET not in response.text
        response = client.post(
            f"/api/items/{TOP}/decision", json={"decision": "accepted", "reference_answer": "x", "version": 1}
        )
        assert response.status_code == 401
    assert live_server.store.review_item(TOP).status == "pending"


def test_wrong_password_is_refused_and_audited_without_the_password(live_server: LiveServer) -> None:
    with live_server.client() as client:
        response = login(client, "alice", "not-the-password-at-all")
        assert response.status_code == 401
        assert "Wrong username or password" in response.text
        response = login(client, "mallory", "whatever-password-1")
        assert response.status_code == 401
        assert client.get("/").status_code == 303
        assert client.get("/api/items").status_code == 401
    failed = [e for e in live_server.store.audit_log() if e.action == "login.failed"]
    assert [(e.actor, e.detail["reason"]) for e in failed] == [("alice", "bad_password"), ("unknown", "unknown_user")]
    everything = repr(live_server.store.audit_log())
    assert "not-the-password-at-all" not in everything
    assert "mallory" not in everything


def test_repeated_failures_throttle_the_username(live_server: LiveServer) -> None:
    with live_server.client() as client:
        for _ in range(live_server.throttle.max_failures):
            assert login(client, "bob", "wrong-password-123").status_code == 401
        response = login(client, "bob", PASSWORDS["bob"])
        assert response.status_code == 429
        assert client.get("/api/items").status_code == 401
        assert login(client, "alice", PASSWORDS["alice"]).status_code == 303
    assert any(e.action == "login.throttled" and e.actor == "bob" for e in live_server.store.audit_log())


def test_login_session_cookie_and_security_headers(live_server: LiveServer) -> None:
    with live_server.client() as client:
        response = login(client, "alice", PASSWORDS["alice"])
        assert response.status_code == 303
        assert response.headers["location"] == "/"
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        queue = client.get("/")
    assert queue.status_code == 200
    assert queue.headers["content-security-policy"].startswith("default-src 'self'")
    assert queue.headers["x-frame-options"] == "DENY"
    assert queue.headers["cache-control"] == "no-store"
    assert "Theme: interaction, pharmacist, combine" in queue.text
    text = queue.text
    order = [text.index(f"/items/{ITEM_IDS[e]}") for e in ("ev-warfarin-1", "ev-warfarin-2", "ev-lookup-1")]
    assert order == sorted(order), "queue must be ordered by priority"
    assert "Anticoagulant interactions" in text and SNIPPET in text
    assert any(e.action == "login" and e.actor == "alice" for e in live_server.store.audit_log())


def test_login_returns_to_the_requested_page_but_never_off_site(live_server: LiveServer) -> None:
    with live_server.client() as client:
        first = client.get(f"/items/{TOP}")
        assert first.headers["location"] == f"/login?next=%2Fitems%2F{TOP}"
        response = login(client, "alice", PASSWORDS["alice"], next_path=f"/items/{TOP}")
        assert response.headers["location"] == f"/items/{TOP}"
    with live_server.client() as client:
        response = login(client, "alice", PASSWORDS["alice"], next_path="//evil.example/x")
        assert response.headers["location"] == "/"


def test_pages_escape_stored_text(live_server: LiveServer) -> None:
    with logged_in(live_server) as client:
        page = client.get(f"/items/{ITEM_IDS['ev-probe-1']}")
    assert page.status_code == 200
    assert SCRIPT_PROBE not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert html.unescape(page.text).count(SCRIPT_PROBE) >= 1


def test_item_page_shows_the_case_and_prefills_the_correction(live_server: LiveServer) -> None:
    with logged_in(live_server) as client:
        page = client.get(f"/items/{TOP}")
    assert page.status_code == 200
    text = html.unescape(page.text)
    correction = PAYLOADS[0]["correction"]
    assert "warfarin" in text and "bleeding" in text  # cluster keywords
    assert "Failure theme: interaction, pharmacist, combine" in text
    assert PAYLOADS[0]["model_output"] in text
    assert f">{correction}</textarea>" in text
    assert 'name="version" value="1"' in page.text
    assert "pseudo-7f3a9c" not in page.text  # the patient reference is never shown


def test_api_accept_with_edit_persists(live_server: LiveServer) -> None:
    edited = "No. Avoid ibuprofen with warfarin; take paracetamol and call the clinic if it worsens."
    with logged_in(live_server) as client:
        token = api_token(client)
        listing = client.get("/api/items").json()["items"]
        assert [i["item_id"] for i in listing][:2] == [TOP, SECOND]
        assert (listing[0]["theme_id"], listing[0]["theme_label"]) == (
            "T-c-anticoag",
            "interaction, pharmacist, combine",
        )
        assert "patient_ref" not in repr(client.get(f"/api/items/{TOP}").json())
        response = client.post(
            f"/api/items/{TOP}/decision",
            json={"decision": "accepted", "reference_answer": edited, "note": "NSAID + anticoagulant", "version": 1},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["status"], body["version"], body["reference_answer"]) == ("accepted", 2, edited)
        assert [i["item_id"] for i in client.get("/api/items?status=accepted").json()["items"]] == [TOP]
    stored = live_server.store.review_item(TOP)
    assert (stored.status, stored.reference_answer, stored.note, stored.version, stored.updated_by) == (
        "accepted",
        edited,
        "NSAID + anticoagulant",
        2,
        "alice",
    )
    entries = live_server.store.audit_log(TOP)
    assert [(e.actor, e.action) for e in entries] == [("alice", "decision.accepted")]
    assert entries[0].detail["reference_answer_changed"] is True


def test_version_conflict_is_409_and_never_overwrites(live_server: LiveServer) -> None:
    with logged_in(live_server, "alice") as alice, logged_in(live_server, "bob") as bob:
        first = alice.post(
            f"/api/items/{TOP}/decision",
            json={"decision": "accepted", "reference_answer": "The first reviewer's answer", "version": 1},
            headers={"X-CSRF-Token": api_token(alice)},
        )
        assert first.status_code == 200
        late = bob.post(
            f"/api/items/{TOP}/decision",
            json={"decision": "rejected", "reference_answer": "The second reviewer's answer", "version": 1},
            headers={"X-CSRF-Token": api_token(bob)},
        )
        assert late.status_code == 409
        assert late.json()["current"]["updated_by"] == "alice"
        form_page = bob.get(f"/items/{SECOND}")
        alice.post(
            f"/api/items/{SECOND}/decision",
            json={"decision": "rejected", "version": 1},
            headers={"X-CSRF-Token": api_token(alice)},
        )
        stale_form = bob.post(
            f"/items/{SECOND}/decision",
            data={
                "decision": "accepted",
                "reference_answer": "The second reviewer's careful answer",
                "note": "",
                "version": "1",
                "csrf_token": csrf_from(form_page.text),
            },
        )
        assert stale_form.status_code == 409
        assert "someone else changed this item" in stale_form.text
        assert "second reviewer&#39;s careful answer" in stale_form.text  # his text is shown back, not lost
    stored = live_server.store.review_item(TOP)
    assert (stored.status, stored.reference_answer, stored.updated_by, stored.version) == (
        "accepted",
        "The first reviewer's answer",
        "alice",
        2,
    )
    assert live_server.store.review_item(SECOND).status == "rejected"
    audit = live_server.store.audit_log()
    decisions = [(e.actor, e.action) for e in audit if e.action.startswith("decision.")]
    assert decisions == [("alice", "decision.accepted"), ("alice", "decision.rejected")]


def test_concurrent_decisions_on_one_item_give_one_winner_and_conflicts(live_server: LiveServer) -> None:
    with logged_in(live_server, "alice") as alice, logged_in(live_server, "bob") as bob:
        tokens = {alice: api_token(alice), bob: api_token(bob)}
        barrier = threading.Barrier(6)
        codes: list[int] = []

        def submit(client: httpx.Client, n: int) -> None:
            barrier.wait()
            body = {"decision": "accepted", "reference_answer": f"answer {n}", "version": 1}
            response = client.post(f"/api/items/{TOP}/decision", json=body, headers={"X-CSRF-Token": tokens[client]})
            codes.append(response.status_code)

        threads = [threading.Thread(target=submit, args=(alice if n % 2 else bob, n)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(codes) == [200, 409, 409, 409, 409, 409]
    assert live_server.store.review_item(TOP).version == 2
    assert len([e for e in live_server.store.audit_log(TOP) if e.action.startswith("decision.")]) == 1


def test_csrf_is_required(live_server: LiveServer) -> None:
    decision = {"decision": "accepted", "reference_answer": "An answer", "version": 1}
    with logged_in(live_server) as client:
        assert client.post(f"/api/items/{TOP}/decision", json=decision).status_code == 403
        assert (
            client.post(f"/api/items/{TOP}/decision", json=decision, headers={"X-CSRF-Token": "forged"}).status_code
            == 403
        )
        form = {"decision": "accepted", "reference_answer": "An answer", "version": "1"}
        assert client.post(f"/items/{TOP}/decision", data=form).status_code == 403
        assert client.post(f"/items/{TOP}/decision", data={**form, "csrf_token": "forged"}).status_code == 403
        assert client.post("/logout", data={}).status_code == 403
    assert live_server.store.review_item(TOP).version == 1
    assert not [e for e in live_server.store.audit_log() if e.action.startswith("decision.")]


@pytest.mark.parametrize(
    "body",
    [
        {"decision": "maybe", "reference_answer": "x", "version": 1},
        {"decision": "accepted", "reference_answer": "x"},
        {"decision": "accepted", "reference_answer": "   ", "version": 1},
        {"decision": "accepted", "reference_answer": "x", "version": 0},
        {"decision": "accepted", "reference_answer": "x", "version": 1, "extra": "field"},
    ],
)
def test_bad_api_input_is_422(live_server: LiveServer, body: dict[str, object]) -> None:
    with logged_in(live_server) as client:
        token = api_token(client)
        response = client.post(f"/api/items/{TOP}/decision", json=body, headers={"X-CSRF-Token": token})
    assert response.status_code == 422
    assert live_server.store.review_item(TOP).version == 1


def test_unknown_item_and_filter(live_server: LiveServer) -> None:
    with logged_in(live_server) as client:
        token = api_token(client)
        assert client.get("/items/nope").status_code == 404
        assert client.get("/api/items/nope").status_code == 404
        assert (
            client.post(
                "/api/items/nope/decision", json={"decision": "rejected", "version": 1}, headers={"X-CSRF-Token": token}
            ).status_code
            == 404
        )
        assert client.get("/api/items?status=weird").status_code == 422
        assert client.get("/?status=weird").status_code == 422


def test_form_decision_redirects_to_next_pending_with_saved_flash(live_server: LiveServer) -> None:
    with logged_in(live_server) as client:
        page = client.get(f"/items/{TOP}")
        response = client.post(
            f"/items/{TOP}/decision",
            data={
                "decision": "accepted",
                "reference_answer": "Line one\r\nLine two",
                "note": "",
                "version": "1",
                "csrf_token": csrf_from(page.text),
            },
        )
        assert response.status_code == 303
        assert response.headers["location"] == f"/items/{SECOND}"
        following = client.get(response.headers["location"])
        assert "Saved" in following.text
        assert "Saved" not in client.get(response.headers["location"]).text  # flash shows once
        empty = client.post(
            f"/items/{SECOND}/decision",
            data={"decision": "accepted", "reference_answer": " ", "version": "1", "csrf_token": csrf_from(page.text)},
        )
        assert empty.status_code == 422
        assert "needs a reference answer" in empty.text
    stored = live_server.store.review_item(TOP)
    assert (stored.status, stored.reference_answer, stored.note) == ("accepted", "Line one\nLine two", None)
    assert live_server.store.review_item(SECOND).status == "pending"


def test_identifiers_typed_by_reviewers_are_replaced_before_saving(live_server: LiveServer) -> None:
    planted = ["Margaret Okonkwo", "617-555-0142", "margaret.okonkwo@example.org", "MRN 88412907"]
    answer = f"Call {planted[0]} at {planted[1]} about warfarin and ibuprofen; email {planted[2]}."
    note = f"Chart {planted[3]}: NSAID + anticoagulant."
    with logged_in(live_server) as client:
        token = api_token(client)
        response = client.post(
            f"/api/items/{TOP}/decision",
            json={"decision": "accepted", "reference_answer": answer, "note": note, "version": 1},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 200, response.text
        assert response.json()["identifiers_replaced"] >= 4
        page = client.get(f"/items/{SECOND}")
        form = client.post(
            f"/items/{SECOND}/decision",
            data={
                "decision": "accepted",
                "reference_answer": f"Ask {planted[0]} to stop ibuprofen.",
                "note": "",
                "version": "1",
                "csrf_token": csrf_from(page.text),
            },
        )
        assert form.status_code == 303
        assert "identifier(s) in your text were replaced" in client.get(form.headers["location"]).text
    first, second = live_server.store.review_item(TOP), live_server.store.review_item(SECOND)
    saved = " ".join(str(t) for t in (first.reference_answer, first.note, second.reference_answer))
    assert not [p for p in planted if p in saved], saved
    assert "warfarin and ibuprofen" in saved and "NSAID + anticoagulant" in saved and "stop ibuprofen" in saved
    assert "Okonkwo" not in repr([e.detail for e in live_server.store.audit_log()])


def test_logout_ends_the_session(live_server: LiveServer) -> None:
    with logged_in(live_server) as client:
        page = client.get("/")
        response = client.post("/logout", data={"csrf_token": csrf_from(page.text)})
        assert (response.status_code, response.headers["location"]) == (303, "/login")
        assert client.get("/").status_code == 303
        assert client.get("/api/items").status_code == 401
    assert any(e.action == "logout" and e.actor == "alice" for e in live_server.store.audit_log())


def _signed_session(data_dir: Path, session: dict[str, object]) -> str:
    secret = Settings(data_dir=data_dir).secret("session_secret")
    return TimestampSigner(secret).sign(base64.b64encode(json.dumps(session).encode())).decode()


def test_forged_old_style_or_outlived_session_cookies_are_refused(live_server: LiveServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    forged = {SESSION_COOKIE: "eyJ1c2VyIjogImFsaWNlIn0=.forged.sig"}
    # Signed with the real secret but naming a user instead of a server-side session: refused now.
    old_style = {SESSION_COOKIE: _signed_session(data, {"user": "alice", "csrf": "t", "login_at": int(time.time())})}
    unknown_sid = {SESSION_COOKIE: _signed_session(data, {"sid": "never-issued", "csrf": "t"})}
    live_server.store.start_session(session_hash("issued-sid"), "alice")
    issued = {SESSION_COOKIE: _signed_session(data, {"sid": "issued-sid", "csrf": "t"})}
    for cookies, expected in ((forged, 401), (old_style, 401), (unknown_sid, 401), (issued, 200)):
        with httpx.Client(base_url=live_server.url, cookies=cookies) as client:
            assert client.get("/api/items").status_code == expected
    assert live_server.store.session_user(session_hash("issued-sid"), MAX_SESSION_S) == ("alice", "reviewer")
    assert live_server.store.session_user(session_hash("issued-sid"), 0) is None  # outlived


def test_serve_runs_uvicorn_without_access_logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from triage.web import server

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(server.uvicorn, "run", lambda app, **kw: calls.append(kw))
    server.serve(Settings(data_dir=tmp_path / "data"), port=9999)
    assert calls == [
        {"host": "127.0.0.1", "port": 9999, "log_level": "warning", "access_log": False, "server_header": False}
    ]
