"""JSON API for machines and tests; same session and rules as the pages, CSRF by header.

GET  /api/session                         {"user", "role", "csrf_token"}
GET  /api/items?status=&limit=&offset=&language=&kind=&cause=&theme=&cluster=
GET  /api/items/{id}
POST /api/items/{id}/decision             the decision (see `triage.web.decisions.Decision`)
POST /api/queue/next                      {"adjudication": false, "language": ..., ...} -> the leased item or 204
GET  /api/progress                        done today, left in the queue, per reviewer
GET  /api/stats                           agreement (lead or admin)
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict

from infra.records import NotFoundError, QueueFilter, ReviewRuleError, VersionConflictError
from triage.web import session as sess
from triage.web.agreement import agreement_stats
from triage.web.decisions import Decision, DecisionInputError, status_filter
from triage.web.session import Who
from triage.web.state import AppState, app_state, lead, signed_in
from triage.web.views import ItemPage, build_view, detail_json, summary_json, visible_decisions

router = APIRouter(prefix="/api")

State = Annotated[AppState, Depends(app_state)]
SignedIn = Annotated[Who, Depends(signed_in)]
Lead = Annotated[Who, Depends(lead)]

MAX_LIMIT = 1000


class TakeNext(BaseModel):
    model_config = ConfigDict(extra="forbid")

    adjudication: bool = False
    language: str | None = None
    kind: str | None = None
    cause: str | None = None
    theme: str | None = None
    cluster: str | None = None


@router.get("/session")
def session_info(request: Request, who: SignedIn) -> dict[str, str]:
    return {"user": who.username, "role": who.role, "csrf_token": sess.csrf_token(request.session)}


@router.get("/items")
def list_items(
    state: State,
    who: SignedIn,
    status: str = "pending",
    limit: int = 200,
    offset: int = 0,
    language: str | None = None,
    kind: str | None = None,
    cause: str | None = None,
    theme: str | None = None,
    cluster: str | None = None,
) -> dict[str, Any]:
    try:
        wanted = status_filter(status)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    chosen = QueueFilter(language, kind, cause, theme, cluster)
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    with state.store.reading():
        items = state.store.review_queue(wanted, limit=limit, offset=offset, queue=chosen)
        total = state.store.queue_total(wanted, chosen)
    following = offset + len(items)
    return {
        "status": status,
        "total": total,
        "offset": offset,
        "limit": limit,
        "next_offset": following if following < total else None,
        "items": [summary_json(build_view(i), lead=who.is_lead) for i in items],
    }


def _detail(state: AppState, item_id: str, who: Who) -> dict[str, Any]:
    with state.store.reading():
        shown = ItemPage(*state.store.item_with_context(item_id))
        found = state.store.item_decisions(item_id)
    decisions = visible_decisions(found, shown.item.status, who.username, who.is_lead)
    return detail_json(build_view(shown.item), shown.keywords, decisions, lead=who.is_lead)


@router.get("/items/{item_id}")
def get_item(item_id: str, state: State, who: SignedIn) -> dict[str, Any]:
    try:
        return _detail(state, item_id, who)
    except NotFoundError:
        raise HTTPException(404, f"no review item {item_id!r}") from None


@router.post("/items/{item_id}/decision", response_model=None)
def decide(item_id: str, body: Decision, state: State, who: SignedIn) -> dict[str, Any] | JSONResponse:
    try:
        saved = state.writer.decide(item_id, who, body)
    except NotFoundError:
        raise HTTPException(404, f"no review item {item_id!r}") from None
    except DecisionInputError as exc:
        raise HTTPException(422, str(exc)) from None
    except ReviewRuleError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=403 if exc.forbidden else 409)
    except VersionConflictError as exc:
        return JSONResponse({"detail": str(exc), "current": _detail(state, item_id, who)}, status_code=409)
    return {**_detail(state, saved.item.item_id, who), "identifiers_replaced": saved.identifiers_replaced}


@router.post("/queue/next", response_model=None)
def take_next(body: TakeNext, state: State, who: SignedIn) -> dict[str, Any] | Response:
    chosen = QueueFilter(body.language, body.kind, body.cause, body.theme, body.cluster)
    try:
        item = state.writer.take_next(who, chosen, adjudication=body.adjudication)
    except ReviewRuleError as exc:
        raise HTTPException(403, str(exc)) from None
    if item is None:
        return Response(status_code=204)
    return _detail(state, item.item_id, who)


@router.get("/progress")
def progress(
    state: State,
    who: SignedIn,
    language: str | None = None,
    kind: str | None = None,
    cause: str | None = None,
    theme: str | None = None,
    cluster: str | None = None,
) -> dict[str, Any]:
    return state.store.review_progress(who.username, QueueFilter(language, kind, cause, theme, cluster))


@router.get("/stats")
def stats(state: State, who: Lead) -> dict[str, Any]:
    return {
        "counts": state.store.review_counts(),
        "agreement": agreement_stats(state.store.agreement_ratings()).as_dict(),
    }
