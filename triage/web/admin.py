"""The admin page: accounts (role, enabled) and the queues' state. Creating an account and setting a
password stay on the command line (`outerloop reviewer add`), so no password crosses the page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from infra.records import REVIEW_ROLES, NotFoundError
from triage.web import session as sess
from triage.web.render import page
from triage.web.session import Who
from triage.web.state import AppState, app_state, signed_in

router = APIRouter()

State = Annotated[AppState, Depends(app_state)]
SignedIn = Annotated[Who, Depends(signed_in)]
FormText = Annotated[str, Form()]


def _refuse(request: Request, message: str, status_code: int = 403) -> Response:
    return page(request, "error.html", {"title": "Not allowed", "message": message}, status_code)


@router.get("/admin")
def admin_page(request: Request, state: State, who: SignedIn) -> Response:
    if not who.is_admin:
        return _refuse(request, "The admin page needs the admin role.")
    with state.store.reading():
        accounts, counts = state.store.reviewers(), state.store.review_counts()
        progress = state.store.review_progress(who.username)
    return page(
        request,
        "admin.html",
        {"accounts": accounts, "roles": REVIEW_ROLES, "counts": counts, "progress": progress},
    )


@router.post("/admin/accounts/{username}")
def change_account(
    request: Request,
    username: str,
    state: State,
    who: SignedIn,
    csrf_token: FormText = "",
    role: FormText = "",
    disabled: FormText = "",
) -> Response:
    if not who.is_admin:
        return _refuse(request, "Changing accounts needs the admin role.")
    if not sess.csrf_ok(request.session, csrf_token):
        return _refuse(request, "The form had expired. Reload the page and retry.")
    if username == who.username:
        return _refuse(request, "Change your own account on the command line (outerloop reviewer ...).", 409)
    try:
        if role:
            if role not in REVIEW_ROLES:
                return _refuse(request, f"role must be one of {', '.join(REVIEW_ROLES)}", 422)
            state.store.set_reviewer_role(username, role)
            state.store.audit(who.username, "reviewer.role", {"username": username, "role": role})
        if disabled in ("true", "false"):
            state.store.set_reviewer_disabled(username, disabled == "true")
            action = "reviewer.disabled" if disabled == "true" else "reviewer.enabled"
            state.store.audit(who.username, action, {"username": username})
    except NotFoundError:
        return _refuse(request, f"No account {username!r}.", 404)
    sess.flash(request.session, f"Account {username} saved.")
    return RedirectResponse("/admin", status_code=303)
