"""The review session: a signed cookie that carries a random session id, and the session itself on the
server (`review_sessions`), checked on every request, so that signing out, disabling an account or a new
password ends it at once. The cookie also carries the CSRF token and the post-save flash message."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import HTTPConnection

if TYPE_CHECKING:
    from infra.store import Store

SID = "sid"
CSRF = "csrf"
FLASH = "flash"

# The cookie's own max_age is the idle limit (each page view re-signs it); this caps a session
# kept alive by activity (checked on the server).
MAX_SESSION_S = 24 * 60 * 60

_SCOPE_KEY = "outerloop.who"

# Only same-site paths may be a post-login destination (no scheme, no host, no "//").
_LOCAL_PATH = re.compile(r"^/(?![/\\])[A-Za-z0-9/_.\-?=&%]*$")

LEAD_ROLES = ("lead", "admin")


@dataclass(frozen=True)
class Who:
    """The signed-in account and its role (reviewer, lead, admin)."""

    username: str
    role: str

    @property
    def is_lead(self) -> bool:
        return self.role in LEAD_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def session_hash(sid: str) -> str:
    """What the store keeps of a session id: a copy of the database must not yield usable cookies."""
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


def _store(conn: HTTPConnection) -> Store:
    store: Store = conn.app.state.outerloop.store
    return store


def current(conn: HTTPConnection) -> Who | None:
    """The account of a live server-side session, looked up once per request."""
    if _SCOPE_KEY in conn.scope:
        found: Who | None = conn.scope[_SCOPE_KEY]
        return found
    who: Who | None = None
    sid = conn.session.get(SID) if "session" in conn.scope else None
    if isinstance(sid, str) and sid:
        row = _store(conn).session_user(session_hash(sid), MAX_SESSION_S)
        if row is not None:
            who = Who(*row)
    conn.scope[_SCOPE_KEY] = who
    return who


def current_user(conn: HTTPConnection) -> str | None:
    who = current(conn)
    return who.username if who else None


def csrf_token(session: dict[str, Any]) -> str:
    """The session's CSRF token, created on first use (also before login, for the login form)."""
    token = session.get(CSRF)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[CSRF] = token
    return token


def csrf_ok(session: dict[str, Any], presented: str | None) -> bool:
    expected = session.get(CSRF)
    if not isinstance(expected, str) or not expected or not presented:
        return False
    return hmac.compare_digest(expected.encode(), presented.encode())


def start(conn: HTTPConnection, username: str) -> None:
    """A fresh session for a reviewer who just logged in: nothing survives from before."""
    end(conn)
    sid = secrets.token_urlsafe(32)
    _store(conn).start_session(session_hash(sid), username)
    conn.session.clear()
    conn.session[SID] = sid
    conn.session[CSRF] = secrets.token_urlsafe(32)
    conn.scope.pop(_SCOPE_KEY, None)


def end(conn: HTTPConnection) -> None:
    """End the session on the server (the old cookie no longer works anywhere) and clear the cookie."""
    sid = conn.session.get(SID)
    if isinstance(sid, str) and sid:
        _store(conn).end_session(session_hash(sid))
    conn.session.clear()
    conn.scope[_SCOPE_KEY] = None


def touch(session: dict[str, Any]) -> None:
    """Re-sign the cookie on activity, so the idle limit counts from the last page view."""
    session["seen"] = int(time.time())


def flash(session: dict[str, Any], message: str) -> None:
    session[FLASH] = message


def pop_flash(session: dict[str, Any]) -> str | None:
    message = session.pop(FLASH, None)
    return message if isinstance(message, str) else None


def safe_next(target: str | None) -> str:
    return target if target and _LOCAL_PATH.match(target) else "/"
