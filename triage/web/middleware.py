"""ASGI middleware: deny-by-default login gate (with CSRF for API writes) and security headers."""

from __future__ import annotations

from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from triage.web import session as sess

PUBLIC_PATHS = frozenset({"/login", "/healthz", "/favicon.ico"})
PUBLIC_PREFIXES = ("/static/",)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSP = (
    "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


class LoginGate:
    """Every path not listed as public needs a logged-in session.

    Browsers are sent to the login page (303); API clients get 401. API writes also need the
    header `X-CSRF-Token` equal to the session's token (403 otherwise), checked before the body
    is read. HTML forms carry the token as a field, checked by each form handler.
    Must sit inside SessionMiddleware.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        method: str = scope["method"]
        response: Response | None = None
        # The session is looked up in the store: off the event loop, so a slow store never stalls other requests.
        if await run_in_threadpool(sess.current, conn) is None:
            if is_api(path):
                response = JSONResponse({"detail": "login required"}, status_code=401)
            else:
                target = "/login"
                if method in SAFE_METHODS and path != "/":
                    query = scope.get("query_string", b"").decode("latin-1")
                    target += "?next=" + quote(path + (f"?{query}" if query else ""), safe="")
                response = RedirectResponse(target, status_code=303)
        elif (
            is_api(path)
            and method not in SAFE_METHODS
            and not sess.csrf_ok(conn.session, Headers(scope=scope).get("x-csrf-token"))
        ):
            response = JSONResponse(
                {"detail": "missing or wrong X-CSRF-Token header; get the token from GET /api/session"},
                status_code=403,
            )
        if response is not None:
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Security headers on every response; the session cookie gets its Secure flag here when
    `cookie_secure` is "auto" and the request came over TLS (or a trusted proxy said so: uvicorn
    rewrites the scheme from X-Forwarded-Proto for FORWARDED_ALLOW_IPS)."""

    def __init__(self, app: ASGIApp, cookie_secure: str | bool = "auto", session_cookie: str = "") -> None:
        self.app = app
        self.cookie_secure = cookie_secure
        self.cookie_prefix = f"{session_cookie}=".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = str(scope["path"]).startswith(PUBLIC_PREFIXES)
        secure = self.cookie_secure is True or (self.cookie_secure == "auto" and scope.get("scheme") == "https")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                headers["X-Frame-Options"] = "DENY"
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                if not cacheable:
                    headers["Cache-Control"] = "no-store"
                    headers["Pragma"] = "no-cache"
                if secure:
                    message["headers"] = [
                        (
                            k,
                            v + b"; secure"
                            if k == b"set-cookie" and v.startswith(self.cookie_prefix) and b"secure" not in v.lower()
                            else v,
                        )
                        for k, v in message["headers"]
                    ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
