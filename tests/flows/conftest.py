"""Fixtures of the whole-loop tests: a live review server on a free port and a form login."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import uvicorn

from infra.broker import free_port
from infra.settings import Settings
from triage.web.app import create_app

_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def review_server(settings: Settings) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    # Waits on progress: as long as the server thread runs (a busy machine can be slow), not on a clock.
    while not server.started:
        assert thread.is_alive(), "the review server stopped before it started"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _log_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    """Post the login form with the CSRF token the form carries."""
    token = _CSRF_FIELD.search(client.get("/login").text)
    assert token, "login form has no CSRF field"
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token.group(1)})


@pytest.fixture
def log_in() -> Callable[[httpx.Client, str, str], httpx.Response]:
    return _log_in
