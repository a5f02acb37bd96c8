"""The stats page for leads and admins: agreement of double review (kappa per pair, alpha overall),
status counts and today's progress per reviewer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from triage.web.agreement import agreement_stats
from triage.web.render import page
from triage.web.session import Who
from triage.web.state import AppState, app_state, signed_in

router = APIRouter()

State = Annotated[AppState, Depends(app_state)]
SignedIn = Annotated[Who, Depends(signed_in)]


@router.get("/stats")
def stats_page(request: Request, state: State, who: SignedIn) -> Response:
    if not who.is_lead:
        return page(
            request, "error.html", {"title": "Leads only", "message": "The stats page needs the lead role."}, 403
        )
    with state.store.reading():
        ratings, counts = state.store.agreement_ratings(), state.store.review_counts()
        progress = state.store.review_progress(who.username)
    return page(
        request,
        "stats.html",
        {"who": who, "stats": agreement_stats(ratings), "counts": counts, "progress": progress},
    )
