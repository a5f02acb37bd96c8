"""The review web app: pages for clinicians and a JSON API, behind one login."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from infra.settings import Settings
from infra.store import Store, review_store
from triage.web import admin, api, dashboard, pages, stats
from triage.web.decisions import DecisionWriter
from triage.web.middleware import LoginGate, SecurityHeaders
from triage.web.render import STATIC_DIR
from triage.web.scrub import ReviewerTextScrubber, TextScrubber
from triage.web.state import AppState
from triage.web.throttle import LoginThrottle

SESSION_COOKIE = "outerloop_session"
SESSION_IDLE_S = 8 * 60 * 60
ROUTERS = (pages.router, stats.router, admin.router, dashboard.router, api.router)


def create_app(settings: Settings, store: Store | None = None, scrub: TextScrubber | None = None) -> FastAPI:
    store = store if store is not None else review_store(settings)  # never the pipeline's file
    scrub = scrub if scrub is not None else ReviewerTextScrubber(settings.secret("deid_key"), settings.deid)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The review file stays open while the app serves (each request's connections are then cheap); the
        # triage handoff, the export and the review CLI claim it for their moments in it.
        if store.shared:
            store.hold()
        try:
            yield
        finally:
            store.let_go()

    app = FastAPI(title="outerloop review", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    writer = DecisionWriter(
        store,
        scrub,
        double_review_priority=settings.review.double_review_priority,
        lease_s=settings.review.lease_minutes * 60,
    )
    app.state.outerloop = AppState(store=store, writer=writer, throttle=LoginThrottle())

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    # Routers of the app; another one (e.g. a dashboard) is added with app.include_router, behind the same login.
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    # Added innermost first: headers wrap everything, the gate sees the decoded session.
    app.add_middleware(LoginGate)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret("session_secret"),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_IDLE_S,
        same_site="strict",
        https_only=settings.review.cookie_secure is True,
    )
    app.add_middleware(SecurityHeaders, cookie_secure=settings.review.cookie_secure, session_cookie=SESSION_COOKIE)
    return app
