"""`outerloop report tools` over a real DuckDB store: events written with `Store.write_batch`, causes from the
real triage stage, grouped per tool and error class with counts, first / last seen and example event ids."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from flows.cli import app
from infra.records import Assignment, Cluster, StoredEvent
from infra.settings import Settings
from infra.store import Store
from ingest.synthetic import TRUTH_FIELD, generate_events
from ingest.synthetic.stored import stored_event
from triage import run as triage_stage
from triage.tools_report import REPORTED, classify_error, tool_failures

AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)  # after the generator's last event


def _stored(e: dict[str, Any]) -> StoredEvent:
    return stored_event(e)


def _extra_events() -> list[dict[str, Any]]:
    """Two tool misuses with a pseudonym tag, and a bad answer after a failed call that names no tool."""
    base = {
        "schema_version": 1,
        "language": "en",
        "conversation_id": "conv-x",
        "model_version": "medassist-2026.10.2",
        "messages": [{"role": "user", "content": "How much ibuprofen can I take?"}],
        "model_output": "Take 400 mg.",
    }
    misuse = [
        {
            **base,
            "event_id": f"misuse-{n}",
            "kind": "tool_error",
            "occurred_at": (AT + timedelta(hours=n)).isoformat(),
            "tool": "dose_calculator",
            "arguments": {"weight": "heavy"},
            "error": "ValidationError: field 'weight_kg' must be a number (patient <PERSON_3f2a91>)",
        }
        for n in range(2)
    ]
    bad_case = {
        **base,
        "event_id": "after-tool-1",
        "kind": "bad_case",
        "occurred_at": (AT + timedelta(days=1)).isoformat(),
        "rating": 1,
        "feedback": "It never read my lab report.",
        "messages": [
            {"role": "user", "content": "Please read my lab report."},
            {"role": "tool", "content": "TimeoutError: lab_report_ocr did not respond within 45s (file=scan.png)"},
        ],
    }
    return [*misuse, bad_case]


def seed_events(store: Store, n: int = 240) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """The demo generator's events plus `_extra_events`, written through `Store.write_batch`, and one cluster
    per failure mode (members by the generator's truth); returns (events, members per mode)."""
    events = [g.event for g in generate_events(n, seed=3)]
    extra = _extra_events()
    store.write_batch([_stored(e) for e in [*events, *extra]], [])
    members: dict[str, list[str]] = defaultdict(list)
    for e in events:
        members[e[TRUTH_FIELD]].append(e["event_id"])
    members["extra"] = [e["event_id"] for e in extra]
    clusters = [
        Cluster(f"c-{mode}", "r", "en", mode, [], len(ids), {}, ids[:5], datetime(2026, 10, 1, tzinfo=UTC))
        for mode, ids in members.items()
    ]
    store.save_clustering("r", clusters, [Assignment(e, f"c-{m}", 1.0) for m, ids in members.items() for e in ids])
    return [*events, *extra], dict(members)


def test_error_classes_are_the_rules_classes_then_the_exception_name() -> None:
    assert classify_error("asyncio.TimeoutError while waiting for OCR result") == "timeout"
    assert classify_error("HTTP 503 Service Unavailable from guideline-index") in ("unavailable", "server_error")
    assert classify_error("ValidationError: field 'weight_kg' must be a number") == "invalid_arguments"
    assert classify_error("FrobnicatorFailure: the widget broke") == "FrobnicatorFailure"
    assert classify_error("something odd happened") == "unclassified"


def test_report_tools_groups_stored_tool_failures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings(data_dir=tmp_path / "data")
    store = Store(settings.db_path)
    events, _ = seed_events(store)
    by_id = {e["event_id"]: e for e in events}

    # Before any triage run: tool_error events only, without a cause.
    early = tool_failures(store.tool_failure_events())
    assert sum(r.count for r in early) == sum(e["kind"] == "tool_error" for e in events)
    assert {r.cause for r in early} == {""}

    triage_stage.run(settings)
    causes = store.event_causes()
    expected = {
        e["event_id"]
        for e in events
        if e["kind"] == "tool_error" or causes[e["event_id"]].cause_id in ("tool_failure", "tool_misuse")
    }
    assert "after-tool-1" in expected  # a bad answer after a failed call, found by its cause

    result = CliRunner().invoke(app, ["report", "tools", "--json", "--data-dir", str(settings.data_dir)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    assert sum(r["count"] for r in rows) == len(expected)
    assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True)
    seen: set[str] = set()
    for r in rows:
        assert set(r) >= {"tool", "error_class", "cause", "count", "first_seen", "last_seen", "event_ids"}
        assert 1 <= len(r["event_ids"]) <= 3 and set(r["event_ids"]) <= expected
        assert r["first_seen"] <= r["last_seen"]
        assert r["example_error"].strip()  # an error text, or the complaint of a `reported` failure
        assert r["event_ids"][0] not in seen
        seen.update(r["event_ids"])
        latest = by_id[r["event_ids"][0]]
        assert datetime.fromisoformat(r["last_seen"]) == datetime.fromisoformat(latest["occurred_at"])

    # Users who wrote that the lab report was never read: no error text, their complaint is the example.
    assert any(r["error_class"] == REPORTED and r["cause"] == "tool_failure" for r in rows)
    misuse = next(r for r in rows if r["tool"] == "dose_calculator")
    assert (misuse["error_class"], misuse["cause"], misuse["count"]) == ("invalid_arguments", "tool_misuse", 2)
    assert misuse["event_ids"] == ["misuse-1", "misuse-0"]
    assert "<PERSON" not in misuse["example_error"] and "weight_kg" in misuse["example_error"]
    # The bad case names no tool; its message names one that tool_error events use.
    ocr = next(r for r in rows if (r["tool"], r["error_class"]) == ("lab_report_ocr", "timeout"))
    assert ocr["event_ids"][0] == "after-tool-1"

    # Each (tool, class) row counts exactly the tool_error events of that tool and class (plus found ones).
    timeouts = [
        e for e in events if e["kind"] == "tool_error" and e["tool"] == "lab_report_ocr"
        and classify_error(e["error"]) == "timeout"
    ]  # fmt: skip
    assert ocr["count"] == len(timeouts) + 1
    assert ocr["first_seen"] == min(datetime.fromisoformat(e["occurred_at"]) for e in timeouts).isoformat()

    table = CliRunner().invoke(app, ["report", "tools", "--data-dir", str(settings.data_dir), "--limit", "3"])
    assert table.exit_code == 0, table.output
    assert "tool failures" in table.output and "signals" in table.output
    assert str(rows[0]["count"]) in table.output


def test_report_tools_on_an_empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["report", "tools", "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    assert "no tool failures stored" in result.output
