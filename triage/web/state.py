"""The objects one review app instance shares between requests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.requests import HTTPConnection

from triage.web import session as sess
from triage.web.decisions import DecisionWriter
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


def reviewer(conn: HTTPConnection) -> str:
    """The logged-in reviewer; the login gate guarantees one on every non-public route."""
    user = sess.current_user(conn)
    if user is None:
        raise RuntimeError("route reached without a logged-in session; is LoginGate installed?")
    return user


def cluster_keywords(store: Store, cluster_id: str) -> list[str]:
    found = store.cluster(cluster_id)
    return found.keywords if found else []
