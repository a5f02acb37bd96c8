"""The demo's and the tests' fake upstream: seeded synthetic signals (`generate_events`), malformed records
(`malformed.malformed_records`) and a producer (`produce.produce`). Scenario tables are data files in `data/`.
Not part of the ingest stage."""

from __future__ import annotations

from ingest.synthetic.generator import (
    FAILURE_MODES,
    TRUTH_FIELD,
    GeneratedEvent,
    cn_id_check_char,
    generate_events,
    template_slots,
    to_json_bytes,
    write_jsonl,
)

__all__ = [
    "FAILURE_MODES",
    "TRUTH_FIELD",
    "GeneratedEvent",
    "cn_id_check_char",
    "generate_events",
    "template_slots",
    "to_json_bytes",
    "write_jsonl",
]
