"""A generated event as the store would hold it, for tests and benchmarks that seed a store directly
(without the broker and the de-identifier): the truth field dropped, a content hash of the event id."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from infra.records import StoredEvent
from ingest.synthetic.generator import TRUTH_FIELD


def stored_event(event: dict[str, Any]) -> StoredEvent:
    payload = {k: v for k, v in event.items() if k != TRUTH_FIELD}
    return StoredEvent(
        event["event_id"],
        hashlib.sha256(event["event_id"].encode()).hexdigest(),
        event["kind"],
        event["language"],
        datetime.fromisoformat(event["occurred_at"]),
        event["conversation_id"],
        event.get("patient_ref"),
        event["model_version"],
        payload,
    )
