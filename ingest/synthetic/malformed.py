"""Malformed records, one of each rejection reason, for the demo and the tests.

Some carry planted identifiers: a rejected record must never leak its content into the store,
the logs or the dead-letter reason.
"""

from __future__ import annotations

import json
from typing import Any

from ingest.validate import Reason

_DROP = object()
_BASE: dict[str, Any] = {
    "schema_version": 1,
    "kind": "bad_case",
    "occurred_at": "2026-10-05T08:30:00+00:00",
    "conversation_id": "conv-malformed",
    "patient_ref": "P-90000001",
    "language": "en",
    "messages": [{"role": "user", "content": "my husband Gideon Vantreight has chest pain, call 415-555-0911"}],
    "model_output": "Rest and drink water.",
    "model_version": "medassist-2026.10.2",
    "rating": 1,
}


def _event(i: int, **changes: Any) -> bytes:
    data = {**_BASE, "event_id": f"malformed-{i:05d}", **changes}
    for key in [k for k, v in changes.items() if v is _DROP]:
        del data[key]
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _record(i: int, reason: Reason, max_text_bytes: int) -> bytes:
    match reason:
        case Reason.EMPTY:
            return b""
        case Reason.INVALID_UTF8:
            return _event(i)[:40] + b"\xff\xfe\xfa" + _event(i)[40:]
        case Reason.NOT_JSON:
            return b"patient Gideon Vantreight, MRN 7730021 -- not json {"
        case Reason.TOO_DEEPLY_NESTED:
            return b"[" * 50_000 + b"]" * 50_000
        case Reason.NOT_OBJECT:
            return json.dumps(["Gideon Vantreight", 415_555_0911]).encode()
        case Reason.MISSING_FIELD:
            return _event(i, model_output=_DROP)
        case Reason.WRONG_TYPE:
            return _event(i, messages="Gideon Vantreight says the answer was wrong")
        case Reason.UNKNOWN_KIND:
            return _event(i, kind="complaint")
        case Reason.UNSUPPORTED_SCHEMA_VERSION:
            return _event(i, schema_version=99)
        case Reason.TEXT_TOO_LARGE:
            return _event(i, model_output="x" * (max_text_bytes + 1))
        case _:
            raise ValueError(f"no malformed sample for {reason}")


SAMPLED_REASONS: tuple[Reason, ...] = (
    Reason.EMPTY,
    Reason.INVALID_UTF8,
    Reason.NOT_JSON,
    Reason.TOO_DEEPLY_NESTED,
    Reason.NOT_OBJECT,
    Reason.MISSING_FIELD,
    Reason.WRONG_TYPE,
    Reason.UNKNOWN_KIND,
    Reason.UNSUPPORTED_SCHEMA_VERSION,
    Reason.TEXT_TOO_LARGE,
)

PLANTED = ("Gideon Vantreight", "415-555-0911", "7730021", "P-90000001")


def malformed_records(n: int, *, max_text_bytes: int = 256 * 1024) -> list[tuple[bytes, Reason]]:
    """`n` malformed records cycling through every sampled reason, each with its expected reason."""
    return [
        (_record(i, reason, max_text_bytes), reason)
        for i, reason in ((i, SAMPLED_REASONS[i % len(SAMPLED_REASONS)]) for i in range(n))
    ]
