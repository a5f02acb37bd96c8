"""What the signed session cookie holds: the reviewer, a CSRF token and a one-shot flash message."""

from __future__ import annotations

import hmac
import re
import secrets
import time
from typing import Any

from starlette.requests import HTTPConnection

USER = "user"
CSRF = "csrf"
FLASH = "flash"
LOGIN_AT = "login_at"
SEEN_AT = "seen_at"

# The cookie's own max_age is the idle limit (each page view re-signs it); this caps a session
# kept alive by activity.
MAX_SESSION_S = 24 * 60 * 60

# Only same-site paths may be a post-login destination (no scheme, no host, no "//").
_LOCAL_PATH = re.compile(r"^/(?![/\\])[A-Za-z0-9/_.\-?=&%]*$")


def current_user(conn: HTTPConnection) -> str | None:
    user = conn.session.get(USER)
    login_at = conn.session.get(LOGIN_AT)
    if not isinstance(user, str) or not user or not isinstance(login_at, int):
        return None
    return user if 0 <= time.time() - login_at <= MAX_SESSION_S else None


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


def start(session: dict[str, Any], username: str) -> None:
    """A fresh session for a reviewer who just logged in: nothing survives from before."""
    session.clear()
    session[USER] = username
    session[CSRF] = secrets.token_urlsafe(32)
    session[LOGIN_AT] = int(time.time())


def touch(session: dict[str, Any]) -> None:
    """Re-sign the cookie on activity, so the idle limit counts from the last page view."""
    session[SEEN_AT] = int(time.time())


def flash(session: dict[str, Any], message: str) -> None:
    session[FLASH] = message


def pop_flash(session: dict[str, Any]) -> str | None:
    message = session.pop(FLASH, None)
    return message if isinstance(message, str) else None


def safe_next(target: str | None) -> str:
    return target if target and _LOCAL_PATH.match(target) else "/"
