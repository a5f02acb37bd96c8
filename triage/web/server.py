"""Run the review app under uvicorn."""

from __future__ import annotations

import uvicorn

from infra.settings import Settings
from triage.web.app import create_app
from triage.web.scrub import ReviewerTextScrubber


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Serve until interrupted. Access logs stay off: request lines carry item ids and filters."""
    scrub = ReviewerTextScrubber(settings.secret("deid_key"), settings.deid)
    scrub.warm()
    uvicorn.run(
        create_app(settings, scrub=scrub),
        host=host or settings.review.host,
        port=port if port is not None else settings.review.port,
        log_level="warning",
        access_log=False,
        server_header=False,
    )
