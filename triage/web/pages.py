"""Server-rendered pages for clinician reviewers: login, queue, item and decision form."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from infra.records import NotFoundError, VersionConflictError
from triage.auth import LoginOutcome, check_login
from triage.web import session as sess
from triage.web.decisions import STATUS_FILTERS, Decision, status_filter
from triage.web.render import page
from triage.web.state import AppState, app_state, reviewer
from triage.web.views import ItemPage, QueuePage, build_view

router = APIRouter()

State = Annotated[AppState, Depends(app_state)]
Reviewer = Annotated[str, Depends(reviewer)]
FormText = Annotated[str, Form()]

QUEUE_LIMIT = 200


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _error(request: Request, status_code: int, title: str, message: str) -> Response:
    return page(request, "error.html", {"title": title, "message": message}, status_code)


# ---- login ---------------------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: str = "") -> Response:
    if sess.current_user(request):
        return _see_other(sess.safe_next(next))
    return page(request, "login.html", {"error": None, "username": "", "next": next})


@router.post("/login")
def login(
    request: Request,
    state: State,
    username: FormText = "",
    password: FormText = "",
    csrf_token: FormText = "",
    next: FormText = "",
) -> Response:
    username = username.strip()

    def refuse(message: str, status_code: int) -> Response:
        context = {"error": message, "username": username, "next": next}
        return page(request, "login.html", context, status_code)

    if not sess.csrf_ok(request.session, csrf_token):
        return refuse("This sign-in form had expired. Please sign in again.", 403)
    wait_s = state.throttle.retry_after(username)
    if wait_s > 0:
        state.store.audit(_actor(state, username), "login.throttled", {"retry_after_s": round(wait_s)})
        minutes = max(1, round(wait_s / 60))
        return refuse(f"Too many failed sign-ins for this account. Try again in about {minutes} min.", 429)
    outcome = check_login(state.store, username, password)
    if outcome is not LoginOutcome.OK:
        # Never the password; an unknown name is not recorded either (people type passwords there).
        state.store.audit(_actor(state, username), "login.failed", {"reason": outcome.value})
        state.throttle.failed(username)
        return refuse("Wrong username or password.", 401)
    state.throttle.succeeded(username)
    sess.start(request.session, username)
    state.store.audit(username, "login", {})
    return _see_other(sess.safe_next(next))


def _actor(state: AppState, username: str) -> str:
    return username if state.store.reviewer_password_hash(username) is not None else "unknown"


@router.post("/logout")
def logout(request: Request, state: State, user: Reviewer, csrf_token: FormText = "") -> Response:
    if not sess.csrf_ok(request.session, csrf_token):
        return _error(request, 403, "Sign-out refused", "The form had expired. Reload the page and retry.")
    state.store.audit(user, "logout", {})
    request.session.clear()
    return _see_other("/login")


# ---- queue and items -----------------------------------------------------------------------------


@router.get("/")
def queue(request: Request, state: State, status: str = "pending") -> Response:
    try:
        wanted = status_filter(status)
    except ValueError as exc:
        return _error(request, 422, "Unknown filter", str(exc))
    shown = QueuePage(*state.store.queue_with_counts(wanted, limit=QUEUE_LIMIT))
    counts = {**shown.counts, "all": sum(shown.counts.values())}
    return page(
        request,
        "queue.html",
        {
            "views": [build_view(i) for i in shown.items],
            "status": wanted or "all",
            "filters": STATUS_FILTERS,
            "counts": counts,
            "limit": QUEUE_LIMIT,
        },
    )


def _item_page(
    request: Request,
    shown: ItemPage,
    *,
    reference_answer: str | None = None,
    note: str | None = None,
    errors: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    item = shown.item
    view = build_view(item)
    return page(
        request,
        "item.html",
        {
            "view": view,
            "keywords": shown.keywords,
            "history": shown.history,
            "reference_answer": view.prefill if reference_answer is None else reference_answer,
            "note": (item.note or "") if note is None else note,
            "version": item.version,
            "errors": errors or [],
        },
        status_code,
    )


@router.get("/items/{item_id}")
def item_page(request: Request, item_id: str, state: State) -> Response:
    try:
        shown = ItemPage(*state.store.item_with_context(item_id))
    except NotFoundError:
        return _error(request, 404, "Item not found", "There is no review item with this id.")
    return _item_page(request, shown)


@router.post("/items/{item_id}/decision")
def decide(
    request: Request,
    item_id: str,
    state: State,
    user: Reviewer,
    decision: FormText = "",
    reference_answer: FormText = "",
    note: FormText = "",
    version: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    if not sess.csrf_ok(request.session, csrf_token):
        return _error(
            request,
            403,
            "Decision not saved",
            "The form had expired (you may have signed in again elsewhere). Reload the item.",
        )
    try:
        parsed = Decision.model_validate(
            {"decision": decision, "reference_answer": reference_answer, "note": note, "version": int(version)}
        )
    except (ValidationError, ValueError) as exc:
        messages = (
            [e["msg"].removeprefix("Value error, ") for e in exc.errors()]
            if isinstance(exc, ValidationError)
            else ["the form lost its version; reload the item"]
        )
        try:
            shown = ItemPage(*state.store.item_with_context(item_id))
        except NotFoundError:
            return _error(request, 404, "Item not found", "There is no review item with this id.")
        return _item_page(
            request, shown, reference_answer=reference_answer, note=note, errors=messages, status_code=422
        )
    try:
        saved = state.writer.decide(item_id, user, parsed)
    except NotFoundError:
        return _error(request, 404, "Item not found", "There is no review item with this id.")
    except VersionConflictError:
        current = state.store.review_item(item_id)
        return page(
            request,
            "conflict.html",
            {
                "view": build_view(current),
                "mine": {
                    "decision": parsed.decision,
                    "reference_answer": parsed.reference_answer or "",
                    "note": parsed.note or "",
                },
            },
            409,
        )
    following = state.store.review_queue("pending", limit=1)
    then = "Here is the next pending item." if following else "No pending items are left."
    scrubbed = (
        f" {saved.identifiers_replaced} identifier(s) in your text were replaced before saving."
        if saved.identifiers_replaced
        else ""
    )
    sess.flash(request.session, f"Saved: “{saved.item.cluster_label}” item {saved.item.status}.{scrubbed} {then}")
    return _see_other(f"/items/{following[0].item_id}" if following else "/")
