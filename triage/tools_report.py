"""`outerloop report tools`: tool failures for the engineers who own the tools, before any clinician sees them.

A failed tool call is an engineering bug (a timeout, an outage, arguments the model got wrong), not
something to teach the model from clinicians' reviews, so it goes first to this report: per tool and
error class, how many signals, first and last seen, a few event ids and one de-identified example error.
The rows are events of kind `tool_error` and events of any kind whose stored cause is `tool_failure` or
`tool_misuse` (a bad answer after a failed call). The error class is the one the root-cause rules read
(`timeout`, `unavailable`, `server_error`, `connection`, `rate_limited`, `unreadable_input`,
`invalid_arguments`, `unknown_tool`), else the exception's name in the message, else `unclassified`;
an event with no error text at all (a user wrote that the lab report was never read) is `reported`, with
its complaint as the example.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from infra.records import EventRow
from triage.rootcause import lexicon
from triage.rootcause.judge import clip
from triage.rootcause.signal import from_event

UNNAMED_TOOL = "(unnamed)"
UNCLASSIFIED = "unclassified"
REPORTED = "reported"  # no error text: a user or clinician said the tool failed
EXAMPLE_IDS = 3
EXAMPLE_CHARS = 160
_EXCEPTION = re.compile(r"\b([A-Z][A-Za-z0-9]*(?:Error|Exception|Exceeded|Timeout|Failure))\b")


@dataclass(frozen=True)
class ToolFailure:
    """One tool's failures of one error class."""

    tool: str
    error_class: str
    cause: str  # the stored cause most of its events carry ("" before the first triage run)
    count: int
    first_seen: datetime
    last_seen: datetime
    event_ids: list[str]  # the latest few
    example_error: str  # the latest event's, de-identified, pseudonym tags removed, cut to EXAMPLE_CHARS

    def as_dict(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "error_class": self.error_class,
            "cause": self.cause,
            "count": self.count,
            "first_seen": self.first_seen.astimezone(UTC).isoformat(),
            "last_seen": self.last_seen.astimezone(UTC).isoformat(),
            "event_ids": list(self.event_ids),
            "example_error": self.example_error,
        }


def classify_error(error: str) -> str:
    """The error class of a tool error message (see the module's docstring)."""
    found = lexicon.error_class(error)
    if found:
        return found
    named = _EXCEPTION.search(error)
    return named.group(1) if named else UNCLASSIFIED


def _tool_and_error(event: EventRow) -> tuple[str, str, str]:
    """(tool, error text, error class); without an error text, the complaint that reports the failure."""
    signal = from_event(event.kind, event.language, event.payload)
    error = signal.error or signal.tool_messages
    if error:
        return signal.tool, error, classify_error(error)
    return signal.tool, signal.complaint, REPORTED


def tool_failures(rows: Iterable[tuple[EventRow, str | None]]) -> list[ToolFailure]:
    """Group `Store.tool_failure_events()` by (tool, error class), most signals first. An event that names
    no tool (a tool's message inside a conversation) takes a tool name the other events use when its error
    text mentions one."""
    parsed = [(event, cause, *_tool_and_error(event)) for event, cause in rows]
    known = sorted({tool for _, _, tool, _, _ in parsed if tool}, key=len, reverse=True)
    groups: dict[tuple[str, str], list[tuple[EventRow, str | None, str]]] = {}
    for event, cause, tool, error, error_class in parsed:
        if not tool:
            tool = next((name for name in known if name in error), UNNAMED_TOOL)
        groups.setdefault((tool, error_class), []).append((event, cause, error))
    out: list[ToolFailure] = []
    for (tool, error_class), members in groups.items():
        members.sort(key=lambda m: (m[0].occurred_at, m[0].event_id))
        causes = Counter(c for _, c, _ in members if c)
        latest = members[-1]
        out.append(
            ToolFailure(
                tool=tool,
                error_class=error_class,
                cause=causes.most_common(1)[0][0] if causes else "",
                count=len(members),
                first_seen=members[0][0].occurred_at,
                last_seen=latest[0].occurred_at,
                event_ids=[m[0].event_id for m in members[-EXAMPLE_IDS:]][::-1],
                example_error=clip(" ".join(latest[2].split()), EXAMPLE_CHARS),
            )
        )
    out.sort(key=lambda f: (-f.count, -f.last_seen.timestamp(), f.tool, f.error_class))
    return out
