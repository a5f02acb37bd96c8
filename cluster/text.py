"""The text a stored (de-identified) event is clustered on.

The failure theme shows in what the user asked, what the assistant answered and what went wrong
(feedback, a clinician's correction or note, a tool's error), so those are kept and ordered so that
the most telling parts come first: embedders truncate long inputs (MiniLM at 256 word pieces). Pseudonym tags
such as ``<PERSON_3f2a91>`` are removed so that identifiers never drive similarity.
"""

from __future__ import annotations

import re
from typing import Any

# `<PERSON_3f2a91>` (keyed pseudonyms) and `<PERSON>` (plain Presidio replacement).
PSEUDONYM_TAG = re.compile(r"<[A-Z][A-Z0-9_]*?(?:_[0-9a-fA-F]{4,})?>")
_SPACES = re.compile(r"[ \t]+")

MAX_PART_CHARS = 400
MAX_USER_TURNS = 3


def strip_pseudonyms(text: str) -> str:
    """Remove pseudonym tags and the whitespace they leave behind."""
    return _SPACES.sub(" ", PSEUDONYM_TAG.sub("", text)).strip()


def _clip(text: str, limit: int = MAX_PART_CHARS) -> str:
    text = strip_pseudonyms(text)
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def cluster_text(payload: dict[str, Any]) -> str:
    """Text to embed for one event payload (a `SignalEvent` dumped as JSON)."""
    messages = payload.get("messages") or []
    user_turns = [str(m.get("content", "")) for m in messages if m.get("role") == "user"]
    # The first question sets the topic; the last ones show where the conversation went wrong.
    if len(user_turns) > MAX_USER_TURNS:
        user_turns = [user_turns[0], *user_turns[-(MAX_USER_TURNS - 1) :]]
    parts = [_clip(t) for t in user_turns]
    # A clinician's note or a tool's error inside the conversation says what went wrong, even when
    # the event's kind carries no `correction` / `error` field (a bad case after a failed tool call).
    notes = [str(m.get("content", "")) for m in messages if m.get("role") in ("clinician", "tool")]
    parts += [_clip(n) for n in notes if n != payload.get("error")]

    for name in ("feedback", "correction"):
        if payload.get(name):
            parts.append(_clip(str(payload[name])))
    if payload.get("error") or payload.get("tool"):
        parts.append(_clip(f"{payload.get('tool') or ''} {payload.get('error') or ''}"))
    if payload.get("model_output"):
        parts.append(_clip(str(payload["model_output"])))
    return "\n".join(p for p in parts if p)
