"""Server-rendered pages for clinician reviewers: login, queue, take-next, item and decision form.

Every page works without JavaScript; `static/review.js` adds the keyboard shortcuts."""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from infra.records import NotFoundError, QueueFilter, ReviewItem, ReviewRuleError, VersionConflictError
from triage.auth import LoginOutcome, check_login
from triage.priority import severity
from triage.rootcause.taxonomy import load_taxonomy
from triage.web import session as sess
from triage.web.decisions import (
    HARMS,
    STATUS_FILTERS,
    UNUSABLE,
    VERDICTS,
    Decision,
    DecisionInputError,
    status_filter,
)
from triage.web.render import page
from triage.web.session import Who
from triage.web.state import AppState, app_state, client_address, signed_in
from triage.web.views import IN_PROGRESS, ItemPage, build_view, disagreement, visible_decisions

router = APIRouter()

State = Annotated[AppState, Depends(app_state)]
SignedIn = Annotated[Who, Depends(signed_in)]
FormText = Annotated[str, Form()]

PAGE_SIZE = 50
FILTER_KEYS = ("language", "kind", "cause", "theme", "cluster")
RUBRIC_ROWS = 3
CAUSE_KEYS = "abcdefghilmoqvxyz"  # letters after "c" for the root causes (no j/k/n/p/r/s/t/u/w)


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _error(request: Request, status_code: int, title: str, message: str) -> Response:
    return page(request, "error.html", {"title": title, "message": message}, status_code)


def queue_filter(values: dict[str, str]) -> QueueFilter:
    return QueueFilter(**{k: (values.get(k) or "").strip() or None for k in FILTER_KEYS})


def filter_query(f: QueueFilter, **extra: Any) -> str:
    pairs = {k: getattr(f, k) for k in FILTER_KEYS if getattr(f, k)}
    pairs.update({k: v for k, v in extra.items() if v not in (None, "")})
    return urlencode(pairs)


# ---- login ---------------------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: str = "") -> Response:
    if sess.current(request):
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
    address = client_address(request)

    def refuse(message: str, status_code: int) -> Response:
        context = {"error": message, "username": username, "next": next}
        return page(request, "login.html", context, status_code)

    if not sess.csrf_ok(request.session, csrf_token):
        return refuse("This sign-in form had expired. Please sign in again.", 403)
    # Counted before the slow password check, so parallel guesses cannot all slip through.
    wait_s = state.throttle.reserve(username, address)
    if wait_s > 0:
        state.store.audit(_actor(state, username), "login.throttled", {"retry_after_s": round(wait_s)})
        return refuse(f"Too many failed sign-ins from here. Try again in about {max(1, math.ceil(wait_s))} s.", 429)
    outcome = check_login(state.store, username, password)
    if outcome is not LoginOutcome.OK:
        # Never the password; an unknown name is not recorded either (people type passwords there).
        state.store.audit(_actor(state, username), "login.failed", {"reason": outcome.value})
        state.throttle.failed()
        return refuse("Wrong username or password.", 401)
    state.throttle.succeeded(username, address)
    sess.start(request, username)
    state.store.audit(username, "login", {})
    return _see_other(sess.safe_next(next))


def _actor(state: AppState, username: str) -> str:
    return username if state.store.reviewer_exists(username) else "unknown"


@router.post("/logout")
def logout(request: Request, state: State, who: SignedIn, csrf_token: FormText = "") -> Response:
    if not sess.csrf_ok(request.session, csrf_token):
        return _error(request, 403, "Sign-out refused", "The form had expired. Reload the page and retry.")
    state.store.audit(who.username, "logout", {})
    sess.end(request)
    return _see_other("/login")


# ---- queue ---------------------------------------------------------------------------------------


@router.get("/")
def queue(request: Request, state: State, who: SignedIn, status: str = "pending", page_no: int = 1) -> Response:
    try:
        wanted = status_filter(status)
    except ValueError as exc:
        return _error(request, 422, "Unknown filter", str(exc))
    chosen = queue_filter(dict(request.query_params))
    page_no = max(1, page_no)
    with state.store.reading():
        items, counts = state.store.queue_with_counts(wanted, PAGE_SIZE, (page_no - 1) * PAGE_SIZE, chosen)
        total = state.store.queue_total(wanted, chosen)
        facets = state.store.queue_facets()
        progress = state.store.review_progress(who.username, chosen)
    counts = {**counts, "all": sum(counts.values())}
    return page(
        request,
        "queue.html",
        {
            "views": [build_view(i) for i in items],
            "status": wanted or "all",
            "filters": STATUS_FILTERS,
            "counts": counts,
            "chosen": chosen,
            "facets": facets,
            "progress": progress,
            "page_no": page_no,
            "pages": max(1, math.ceil(total / PAGE_SIZE)),
            "total": total,
            "first_n": (page_no - 1) * PAGE_SIZE + 1,
            "query": filter_query(chosen, status=wanted or "all"),
            "filter_qs": filter_query(chosen),
            "who": who,
        },
    )


SKIPPED = "skipped"
MAX_SKIPPED = 50


@router.post("/next")
def take_next(
    request: Request,
    state: State,
    who: SignedIn,
    csrf_token: FormText = "",
    adjudication: FormText = "",
    skip: FormText = "",
    language: FormText = "",
    kind: FormText = "",
    cause: FormText = "",
    theme: FormText = "",
    cluster: FormText = "",
) -> Response:
    """Take the next item of the queue (leased to you); `skip`: pass over this item (its lease is released
    and it is not offered to you again in this session)."""
    if not sess.csrf_ok(request.session, csrf_token):
        return _error(request, 403, "Not taken", "The form had expired. Reload the page and retry.")
    chosen = queue_filter({"language": language, "kind": kind, "cause": cause, "theme": theme, "cluster": cluster})
    skipped = [s for s in request.session.get(SKIPPED, []) if isinstance(s, str)]
    if skip:
        skipped = [*skipped, skip][-MAX_SKIPPED:]
        request.session[SKIPPED] = skipped
    try:
        item = state.writer.take_next(who, chosen, adjudication=bool(adjudication), skip=tuple(skipped))
    except ReviewRuleError as exc:
        return _error(request, 403, "Not allowed", str(exc))
    if item is None:
        sess.flash(request.session, "Nothing left in this queue for you.")
        return _see_other("/?" + filter_query(chosen))
    qs = filter_query(chosen, mode="adjudication" if adjudication else "")
    return _see_other(f"/items/{item.item_id}" + (f"?{qs}" if qs else ""))


# ---- items ---------------------------------------------------------------------------------------


def _priority_reason(state: AppState, item: ReviewItem) -> str:
    found = state.store.cluster_cause_of(item.cluster_id)
    if found is not None and found.priority_factors:
        factors = " × ".join(f"{name} {value:g}" for name, value in found.priority_factors.items())
        return f"priority {item.priority:.2f} = {factors}; higher first"
    cluster = state.store.cluster(item.cluster_id)
    if cluster is None:
        return f"priority {item.priority:.2f} (its cluster is no longer current)"
    shares = ", ".join(f"{k} {v:.0%}" for k, v in sorted(cluster.kind_shares.items(), key=lambda kv: -kv[1]))
    return (
        f"priority {item.priority:.2f} = ln(1 + {cluster.size} members) × signal severity "
        f"{severity(cluster.kind_shares):.2f} (kinds: {shares}); higher first"
    )


def _item_page(
    request: Request,
    state: State,
    who: Who,
    shown: ItemPage,
    *,
    form: dict[str, Any] | None = None,
    errors: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    item = shown.item
    view = build_view(item)
    decisions = state.store.item_decisions(item.item_id)
    mine = [d for d in decisions if d.reviewer == who.username and d.kind == "review"]
    own = mine[-1] if mine else None
    reference, reference_hint = view.prefill(own)
    if form is None:
        base = own
        form = {
            "verdict": base.verdict if base else "",
            "harm": base.harm if base else (item.suggested_harm or ""),
            "root_cause": base.root_cause if base else (item.suggested_cause or ""),
            "reference_answer": reference,
            "note": (base.note if base else "") or "",
            "unusable": (base.unusable if base else "") or "",
            "rubric": (base.rubric if base else []),
        }
    rubric = list(form.get("rubric") or [])
    rubric += [{"criterion": "", "points": ""}] * max(0, RUBRIC_ROWS - len(rubric))
    params = dict(request.query_params)
    chosen = queue_filter(params)
    mode = params.get("mode", "")
    list_status = "disputed" if mode == "adjudication" else (item.status if item.status != "retired" else None)
    prev_id, next_id = state.store.queue_neighbours(item.item_id, list_status, chosen)
    n, total = state.store.queue_position(item.item_id)
    taxonomy = load_taxonomy()
    seen = visible_decisions(decisions, item.status, who.username, who.is_lead)
    history = shown.history if who.is_lead or item.status not in ("pending", *IN_PROGRESS) else []
    return page(
        request,
        "item.html",
        {
            "view": view,
            "who": who,
            "keywords": shown.keywords,
            "history": history,
            "form": form,
            "rubric": rubric[: max(RUBRIC_ROWS, len(rubric))],
            "reference_hint": reference_hint,
            "version": item.version,
            "errors": errors or [],
            "decisions": seen,
            "hidden_decisions": len(decisions) - len(seen),
            "verdicts": VERDICTS,
            "harms": HARMS,
            "unusable_reasons": UNUSABLE,
            "causes": list(zip(CAUSE_KEYS, taxonomy.causes, strict=False)),
            "taxonomy_version": taxonomy.version,
            "members": [build_view_of_payload(p) for p in state.store.cluster_members(item.cluster_id, item.event_id)],
            "position": (n, total),
            "priority_reason": _priority_reason(state, item),
            "cluster_cause": state.store.cluster_cause_of(item.cluster_id),
            "prev_id": prev_id,
            "next_id": next_id,
            "qs": filter_query(chosen, mode=mode),
            "chosen": chosen,
            "mode": mode,
            "adjudicating": item.status == "disputed" and who.is_lead,
            "disagreement": disagreement(decisions) if who.is_lead else None,
        },
        status_code,
    )


def build_view_of_payload(payload: dict[str, Any]) -> dict[str, str]:
    """A cluster member as a snippet: kind and the last user turn (de-identified, like everything)."""
    users = [str(m.get("content", "")) for m in payload.get("messages") or [] if isinstance(m, dict)]
    text = " ".join((users[-1] if users else "").split())
    return {"kind": str(payload.get("kind", "")), "snippet": text[:200] + ("…" if len(text) > 200 else "")}


@router.get("/items/{item_id}")
def item_page(request: Request, item_id: str, state: State, who: SignedIn) -> Response:
    with state.store.reading():
        try:
            shown = ItemPage(*state.store.item_with_context(item_id))
        except NotFoundError:
            return _error(request, 404, "Item not found", "There is no review item with this id.")
        return _item_page(request, state, who, shown)


def _form_decision(form: dict[str, Any]) -> dict[str, Any]:
    """The posted form as the JSON API's decision body (the legacy `decision` field passes through)."""
    rubric = []
    for i in range(RUBRIC_ROWS):
        criterion = str(form.get(f"rubric_criterion_{i}") or "").strip()
        points = str(form.get(f"rubric_points_{i}") or "").strip()
        if criterion or points:
            rubric.append({"criterion": criterion, "points": points or "0"})
    body: dict[str, Any] = {
        "reference_answer": form.get("reference_answer") or "",
        "note": form.get("note") or "",
        "version": int(str(form.get("version") or "")),
    }
    if form.get("decision"):
        body["decision"] = form["decision"]
        return body
    for name in ("verdict", "harm", "root_cause", "unusable"):
        value = str(form.get(name) or "").strip()
        if value:
            body[name] = value
    if rubric:
        body["rubric"] = rubric
    return body


@router.post("/items/{item_id}/decision")
async def decide(request: Request, item_id: str, state: State, who: SignedIn) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    # The store and the de-identifier block: run them off the event loop, like the sync routes.
    return await run_in_threadpool(_decide_sync, request, item_id, state, who, form)


def _decide_sync(request: Request, item_id: str, state: State, who: Who, form: dict[str, str]) -> Response:
    if not sess.csrf_ok(request.session, form.get("csrf_token")):
        return _error(
            request,
            403,
            "Decision not saved",
            "The form had expired (you may have signed in again elsewhere). Reload the item.",
        )
    echo = {
        "verdict": form.get("verdict", ""),
        "harm": form.get("harm", ""),
        "root_cause": form.get("root_cause", ""),
        "reference_answer": form.get("reference_answer", ""),
        "note": form.get("note", ""),
        "unusable": form.get("unusable", ""),
        "rubric": [
            {"criterion": form.get(f"rubric_criterion_{i}", ""), "points": form.get(f"rubric_points_{i}", "")}
            for i in range(RUBRIC_ROWS)
        ],
    }

    def redisplay(messages: list[str], status_code: int) -> Response:
        with state.store.reading():
            return _redisplay(messages, status_code)

    def _redisplay(messages: list[str], status_code: int) -> Response:
        try:
            shown = ItemPage(*state.store.item_with_context(item_id))
        except NotFoundError:
            return _error(request, 404, "Item not found", "There is no review item with this id.")
        return _item_page(request, state, who, shown, form=echo, errors=messages, status_code=status_code)

    try:
        parsed = Decision.model_validate(_form_decision(form))
    except ValidationError as exc:
        return redisplay([e["msg"].removeprefix("Value error, ") for e in exc.errors()], 422)
    except ValueError:
        return redisplay(["the form lost its version; reload the item"], 422)
    try:
        saved = state.writer.decide(item_id, who, parsed)
    except NotFoundError:
        return _error(request, 404, "Item not found", "There is no review item with this id.")
    except DecisionInputError as exc:
        return redisplay([str(exc)], 422)
    except ReviewRuleError as exc:
        return redisplay([str(exc)], 403 if exc.forbidden else 409)
    except VersionConflictError:
        current = state.store.review_item(item_id)
        return page(
            request,
            "conflict.html",
            {
                "view": build_view(current),
                "complete": current.status in ("accepted", "rejected"),
                "mine": {
                    "decision": parsed.decision or parsed.verdict or f"unusable ({parsed.unusable})",
                    "reference_answer": parsed.reference_answer or "",
                    "note": parsed.note or "",
                },
            },
            409,
        )
    chosen = queue_filter(form)
    adjudicating = form.get("mode") == "adjudication"
    skipped = tuple(s for s in request.session.get(SKIPPED, []) if isinstance(s, str))
    following = state.writer.take_next(who, chosen, adjudication=adjudicating and who.is_lead, skip=skipped)
    if following is None and adjudicating:
        following = state.writer.take_next(who, chosen, skip=skipped)
    then = "Here is the next item." if following else "Nothing is left in this queue for you."
    scrubbed = (
        f" {saved.identifiers_replaced} identifier(s) in your text were replaced before saving."
        if saved.identifiers_replaced
        else ""
    )
    status_text = {
        "second_review": "waiting for a second, independent review",
        "disputed": "the two reviews disagree; a lead will adjudicate",
    }.get(saved.item.status, saved.item.status)
    sess.flash(request.session, f"Saved: “{saved.item.cluster_label}” item {status_text}.{scrubbed} {then}")
    if following is None:
        return _see_other("/?" + filter_query(chosen))
    mode = "adjudication" if following.status == "disputed" else ""
    qs = filter_query(chosen, mode=mode)
    return _see_other(f"/items/{following.item_id}" + (f"?{qs}" if qs else ""))
