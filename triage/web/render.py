"""Server-side HTML rendering: one Jinja2 environment, autoescaping every template."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from triage.web import session as sess

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _when(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


ACTION_LABELS = {
    "decision.accepted": "Decided: complete, usable",
    "decision.rejected": "Decided: complete, not used",
    "decision.pending": "Returned to pending",
    "decision.second_review": "First review",
    "decision.disputed": "Second review disagrees",
    "item.taken": "Taken",
    "item.reattached": "Re-attached to a new cluster",
    "item.relabelled": "Re-labelled to a new cluster",
    "item.retired": "Retired",
}


def _action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


_env.filters["when"] = _when
_env.filters["action_label"] = _action_label
templates = Jinja2Templates(env=_env)


def page(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    who = sess.current(request)
    user = who.username if who else None
    if who is not None:
        sess.touch(request.session)
    base = {
        "user": user,
        "who": who,
        "csrf_token": sess.csrf_token(request.session),
        "flash": sess.pop_flash(request.session),
    }
    return templates.TemplateResponse(request, name, {**base, **(context or {})}, status_code=status_code)
