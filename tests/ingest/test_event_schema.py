from __future__ import annotations

import json

from ingest.event import SCHEMA_PATH, json_schema


def test_the_exported_json_schema_matches_the_model() -> None:
    assert json.loads(SCHEMA_PATH.read_text()) == json_schema(), (
        "ingest/schemas is stale: run `python -c 'from ingest.event import write_json_schema; write_json_schema()'`"
    )
