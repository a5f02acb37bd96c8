"""JSON API for machines and tests; same session and rules as the pages, CSRF by header."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from infra.records import NotFoundError, VersionConflictError
from triage.web import session as sess
from triage.web.decisions import Decision, status_filter
from triage.web.state import AppState, app_state, cluster_keywords, reviewer
from triage.web.views import ItemPage, build_view, detail_json, summary_json

router = APIRouter(prefix="/api")

State = Annotated[AppState, Depends(app_state)]
Reviewer = Annotated[str, Depends(reviewer)]


@router.get("/session")
def session_info(request: Request, user: Reviewer) -> dict[str, str]:
    return {"user": user, "csrf_token": sess.csrf_token(request.session)}


@router.get("/items")
def list_items(state: State, status: str = "pending", limit: int = 200) -> dict[str, Any]:
    try:
        wanted = status_filter(status)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    items = state.store.review_queue(wanted, limit=max(1, min(limit, 1000)))
    return {"status": status, "items": [summary_json(build_view(i)) for i in items]}


@router.get("/items/{item_id}")
def get_item(item_id: str, state: State) -> dict[str, Any]:
    try:
        shown = ItemPage(*state.store.item_with_context(item_id))
    except NotFoundError:
        raise HTTPException(404, f"no review item {item_id!r}") from None
    return detail_json(build_view(shown.item), shown.keywords)


@router.post("/items/{item_id}/decision", response_model=None)
def decide(item_id: str, body: Decision, state: State, user: Reviewer) -> dict[str, Any] | JSONResponse:
    try:
        saved = state.writer.decide(item_id, user, body)
    except NotFoundError:
        raise HTTPException(404, f"no review item {item_id!r}") from None
    except VersionConflictError as exc:
        current = ItemPage(*state.store.item_with_context(item_id))
        return JSONResponse(
            {"detail": str(exc), "current": detail_json(build_view(current.item), current.keywords)},
            status_code=409,
        )
    item = saved.item
    return {
        **detail_json(build_view(item), cluster_keywords(state.store, item.cluster_id)),
        "identifiers_replaced": saved.identifiers_replaced,
    }
