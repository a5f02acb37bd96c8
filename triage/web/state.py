"""The objects one review app instance shares between requests, and the route dependencies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import HTTPException
from starlette.requests import HTTPConnection

from triage.web import session as sess
from triage.web.decisions import DecisionWriter
from triage.web.session import Who
from triage.web.throttle import LoginThrottle

if TYPE_CHECKING:
    from infra.store import Store


@dataclass
class AppState:
    store: Store
    writer: DecisionWriter
    throttle: LoginThrottle


def app_state(conn: HTTPConnection) -> AppState:
    state: AppState = conn.app.state.outerloop
    return state


def signed_in(conn: HTTPConnection) -> Who:
    """The logged-in account; the login gate guarantees one on every non-public route."""
    who = sess.current(conn)
    if who is None:
        raise RuntimeError("route reached without a logged-in session; is LoginGate installed?")
    return who


def reviewer(conn: HTTPConnection) -> str:
    return signed_in(conn).username


def lead(conn: HTTPConnection) -> Who:
    """A lead or an admin; 403 for anyone else."""
    who = signed_in(conn)
    if not who.is_lead:
        raise HTTPException(403, "this needs the lead or admin role")
    return who


def client_address(conn: HTTPConnection) -> str:
    """The client's address as uvicorn reports it (from X-Forwarded-For only for trusted proxies)."""
    return conn.client.host if conn.client else "unknown"


def cluster_keywords(store: Store, cluster_id: str) -> list[str]:
    found = store.cluster(cluster_id)
    return found.keywords if found else []
