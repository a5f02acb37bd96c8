"""Security fixes of the review app, over real HTTP: atomic login limits per account+address and per
address with backoff that never lock the real reviewer out, sessions ended on the server, the cookie's
Secure flag, and the modes of the data directory and the database file."""

from __future__ import annotations

import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from review_app import PASSWORDS, SCRUB, LiveServer, csrf_from, logged_in, login, running

from infra.settings import ReviewSettings, Settings, load_settings
from infra.store import Store, review_store
from triage.auth import add_reviewer
from triage.web.app import SESSION_COOKIE, create_app
from triage.web.throttle import LoginThrottle


def _from(address: str) -> dict[str, str]:
    # uvicorn takes the client address from X-Forwarded-For when the peer is a trusted proxy (127.0.0.1).
    return {"X-Forwarded-For": address}


def _login_from(server: LiveServer, address: str, username: str, password: str) -> int:
    with httpx.Client(base_url=server.url, headers=_from(address), timeout=30) as client:
        return login(client, username, password).status_code


def test_parallel_wrong_guesses_are_counted_before_the_password_check(live_server: LiveServer) -> None:
    barrier = threading.Barrier(15)
    codes: list[int] = []

    def guess(n: int) -> None:
        with httpx.Client(base_url=live_server.url, headers=_from("203.0.113.7"), timeout=30) as client:
            form = client.get("/login")
            barrier.wait()
            response = client.post(
                "/login",
                data={"username": "bob", "password": f"wrong-guess-{n:04d}", "csrf_token": csrf_from(form.text)},
            )
            codes.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(15)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes.count(401) == live_server.throttle.max_failures, codes
    assert codes.count(429) == 15 - live_server.throttle.max_failures, codes
    # The attacker's address is throttled for bob, even with the right password ...
    assert _login_from(live_server, "203.0.113.7", "bob", PASSWORDS["bob"]) == 429
    # ... but bob from his own address is not locked out.
    assert _login_from(live_server, "198.51.100.20", "bob", PASSWORDS["bob"]) == 303


def test_a_guessing_address_is_throttled_for_every_account_but_nobody_is_locked_out(live_server: LiveServer) -> None:
    throttle = live_server.throttle
    names = ["mallory1", "mallory2", "alice"]
    failures = 0
    while failures < throttle.max_address_failures:
        name = names[failures % len(names)]
        assert _login_from(live_server, "203.0.113.9", name, f"wrong-{failures:04d}-x") == 401
        failures += 1
    assert _login_from(live_server, "203.0.113.9", "carol", PASSWORDS["carol"]) == 429  # the address, any account
    assert _login_from(live_server, "192.0.2.44", "alice", PASSWORDS["alice"]) == 303
    assert _login_from(live_server, "192.0.2.45", "carol", PASSWORDS["carol"]) == 303


def test_the_wait_doubles_with_each_further_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("triage.web.throttle.time.monotonic", lambda: clock[0])
    throttle = LoginThrottle(max_failures=2, max_address_failures=100, window_s=600, backoff_s=10, failure_delay_s=0)
    waits = []
    for _ in range(4):
        while throttle.reserve("bob", "a") > 0:
            clock[0] += 1
        waits.append(throttle.retry_after("bob", "a"))
    assert waits == [0.0, 10.0, 20.0, 40.0]
    assert throttle.retry_after("bob", "b") == 0.0  # another address
    throttle.succeeded("bob", "a")
    assert throttle.retry_after("bob", "a") == 0.0


def test_logout_ends_the_session_on_the_server(live_server: LiveServer) -> None:
    with logged_in(live_server, "alice") as client:
        stolen = client.cookies.get(SESSION_COOKIE)
        assert stolen and client.get("/api/items").status_code == 200
        page = client.get("/")
        assert client.post("/logout", data={"csrf_token": csrf_from(page.text)}).status_code == 303
    with httpx.Client(base_url=live_server.url, cookies={SESSION_COOKIE: stolen}) as replay:
        assert replay.get("/api/items").status_code == 401
        assert replay.get("/").status_code == 303


def test_disabling_an_account_or_a_new_password_ends_its_sessions_at_once(live_server: LiveServer) -> None:
    store = live_server.store
    with logged_in(live_server, "alice") as alice, logged_in(live_server, "bob") as bob:
        assert alice.get("/api/items").status_code == 200
        store.set_reviewer_disabled("alice", True)
        assert alice.get("/api/items").status_code == 401
        assert login(alice, "alice", PASSWORDS["alice"]).status_code == 401
        assert bob.get("/api/items").status_code == 200
        add_reviewer(store, "bob", "bob-new-password-42")
        assert bob.get("/api/items").status_code == 401
    store.set_reviewer_disabled("alice", False)
    with logged_in(live_server, "alice") as alice:
        assert alice.get("/api/session").json()["role"] == "reviewer"


def test_roles_come_from_the_server_on_every_request(live_server: LiveServer) -> None:
    with logged_in(live_server, "alice") as alice:
        assert alice.get("/api/stats").status_code == 403
        assert alice.get("/stats").status_code == 403
        live_server.store.set_reviewer_role("alice", "lead")
        assert alice.get("/api/stats").status_code == 200
        assert alice.get("/api/session").json()["role"] == "lead"


@pytest.fixture
def app_with(store: Store, tmp_path: Path) -> Iterator[object]:
    servers: list[object] = []

    def start(cookie_secure: str | bool) -> LiveServer:
        settings = Settings(data_dir=tmp_path / "data", review=ReviewSettings(cookie_secure=cookie_secure))
        ctx = running(create_app(settings, store, SCRUB), store, LoginThrottle())
        servers.append(ctx)
        return ctx.__enter__()

    yield start
    for ctx in servers:
        ctx.__exit__(None, None, None)  # type: ignore[attr-defined]


def _session_cookie(server: LiveServer, headers: dict[str, str]) -> str:
    """The Set-Cookie of a successful login. The cookie is passed by hand: a client keeps a Secure cookie
    from going back over plain HTTP, as it should."""
    with httpx.Client(base_url=server.url, headers=headers) as client:
        form = client.get("/login")
        value = form.headers["set-cookie"].split(";", 1)[0]
        response = client.post(
            "/login",
            data={"username": "alice", "password": PASSWORDS["alice"], "csrf_token": csrf_from(form.text)},
            headers={"Cookie": value},
        )
        assert response.status_code == 303
        return response.headers["set-cookie"].lower()


@pytest.mark.parametrize(
    ("setting", "over_tls", "secure"),
    [("auto", False, False), ("auto", True, True), (True, False, True), (False, True, False)],
)
def test_cookie_secure_auto_true_false(app_with, setting: str | bool, over_tls: bool, secure: bool) -> None:  # type: ignore[no-untyped-def]
    server = app_with(setting)
    headers = {"X-Forwarded-Proto": "https"} if over_tls else {}
    cookie = _session_cookie(server, headers)
    assert cookie.startswith(SESSION_COOKIE)
    assert ("; secure" in cookie) is secure, cookie
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_data_directory_is_0700_and_the_database_0600(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTERLOOP_DATA_DIR", raising=False)
    settings = load_settings(data_dir=tmp_path / "fresh" / "data")
    store = review_store(settings)
    add_reviewer(store, "alice", PASSWORDS["alice"])
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(settings.review_db_path.stat().st_mode) == 0o600
    Store(settings.db_path)
    assert stat.S_IMODE(settings.db_path.stat().st_mode) == 0o600
    other = Store(tmp_path / "elsewhere" / "outerloop.duckdb")
    assert stat.S_IMODE(other.path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(other.path.stat().st_mode) == 0o600
