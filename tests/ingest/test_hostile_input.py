"""Hostile input through the real broker: every record ends stored or dead-lettered with the right reason,
its original bytes and its source coordinates, and no bad record blocks its partition."""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

import pytest
from kafka import KafkaConsumer

from infra.kafka import ensure_topics
from infra.settings import Settings
from infra.store import Store
from ingest.consumer import Ingestor
from ingest.deid import Deidentifier
from tests.ingest._support import encode, minimal_event, publish


@pytest.fixture(scope="module")
def deidentifier() -> Deidentifier:
    deid = Deidentifier("test-key-not-secret")
    deid.setup()
    return deid


def _event(i: int, **changes: Any) -> dict[str, Any]:
    event = {**minimal_event(i, "hostile"), **changes}
    return {k: v for k, v in event.items() if v is not None}


def _nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"leaf": 1}
    for _ in range(depth):
        node = {"n": node}
    return node


def _cases(max_text_bytes: int) -> list[tuple[str, bytes | None, bytes, str | None]]:
    """(name, key, value, expected reason or None for stored)."""
    conflicting = _event(90)
    cases: list[tuple[str, bytes | None, bytes, str | None]] = [
        ("not json", b"k", b"patient Gideon Vantreight -- {not json", "not_json"),
        ("invalid utf-8", b"k", encode(_event(1))[:30] + b"\xff\xfe" + encode(_event(1))[30:], "invalid_utf8"),
        ("not an object", b"k", b'["a", "list"]', "not_object"),
        ("missing field", b"k", encode(_event(2, model_output=None)), "missing_field"),
        ("wrong type", b"k", encode(_event(3, messages="not a list")), "wrong_type"),
        ("unknown kind", b"k", encode(_event(4, kind="complaint")), "unknown_kind"),
        ("newer schema_version", b"k", encode(_event(5, schema_version=2)), "unsupported_schema_version"),
        ("text over the limit", b"k", encode(_event(6, model_output="x" * (max_text_bytes + 1))), "text_too_large"),
        ("5 MiB message", b"k", encode(_event(7, model_output="y" * (5 * 1024 * 1024))), "record_too_large"),
        ("empty message", b"k", b"", "empty"),
        (
            "deeply nested JSON",
            b"k",
            encode(_event(8, arguments=None))[:-1] + b',"arguments":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "too_deeply_nested",
        ),
        ("number too long to read", b"k", encode(_event(14))[:-1] + b',"rating":' + b"1" * 5000 + b"}", "not_json"),
        (
            "unpaired surrogate escape",
            b"k",
            encode(_event(15, model_output="rest SURROGATE")).replace(b"SURROGATE", b"\\ud800"),
            "invalid_utf8",
        ),
        ("raw control character", b"k", encode(_event(9)).replace("建议".encode(), b"\x01\x07"), "not_json"),
        ("null key", None, encode(_event(10)), None),
        ("escaped control characters", b"k", encode(_event(11, model_output="tab\there\u0000nul\u001bescape")), None),
        ("mixed scripts", b"k", encode(_event(12, model_output="Rest 休息 راحة отдых 🛌 ok")), None),
        (
            "nested but within limits",
            b"k",
            encode(_event(13, kind="tool_error", tool="ocr", error="timeout", arguments=_nested(50))),
            None,
        ),
        ("event", b"k", encode(conflicting), None),
        ("event_id conflict", b"k", encode({**conflicting, "model_output": "another answer"}), "event_id_conflict"),
    ]
    return cases


def _dead_letter_topic(settings: Settings, expected: int) -> list[Any]:
    consumer = KafkaConsumer(
        settings.kafka.dead_letter_topic,
        bootstrap_servers=settings.kafka.bootstrap_servers,
        auto_offset_reset="earliest",
        consumer_timeout_ms=3000,
        fetch_max_bytes=16 * 1024 * 1024,
        max_partition_fetch_bytes=16 * 1024 * 1024,
    )
    records: list[Any] = []
    deadline = time.monotonic() + 120  # a hang guard: the loop ends as soon as all have come
    while len(records) < expected and time.monotonic() < deadline:
        records += list(consumer)
    consumer.close()
    return records


def test_every_hostile_record_ends_where_it_should(settings: Settings, deidentifier: Deidentifier) -> None:
    ensure_topics(settings.kafka, [settings.kafka.signals_topic, settings.kafka.dead_letter_topic], partitions=1)
    cases = _cases(settings.ingest.max_text_bytes)
    assert settings.ingest.max_text_bytes == 256 * 1024
    # One partition: a bad record must not block the good ones behind it.
    publish(settings, [(key, value) for _, key, value, _ in cases] + [(b"k", encode(_event(99)))])
    store = Store(settings.db_path)
    report = Ingestor(settings, store, deidentifier).run()

    rejected = [(name, value, reason) for name, _, value, reason in cases if reason]
    assert report.consumed == len(cases) + 1
    assert report.stored == len(cases) + 1 - len(rejected)
    assert report.consumed == report.stored + report.duplicates + report.dead_lettered
    assert report.by_reason == Counter(reason for _, _, reason in rejected)

    stored_ids = {row.event_id for row in store.events()}
    assert {"hostile-000010", "hostile-000011", "hostile-000012", "hostile-000013", "hostile-000090"} <= stored_ids
    assert "hostile-000099" in stored_ids
    by_id = {row.event_id: row for row in store.events()}
    assert by_id["hostile-000090"].payload["model_output"] != "another answer"
    assert "休息" in by_id["hostile-000012"].payload["model_output"]

    rows = {d.source_offset: d for d in store.dead_letters()}
    dead = _dead_letter_topic(settings, len(rejected))
    assert len(dead) == len(rejected)
    for record in dead:
        headers = dict(record.headers)
        offset = int(headers["outerloop.source_offset"])
        name, _, value, reason = cases[offset]
        assert headers["outerloop.reason"].decode() == reason, name
        assert record.value == value, f"{name}: the dead letter must carry the original bytes"
        assert headers["outerloop.source_topic"].decode() == settings.kafka.signals_topic
        assert headers["outerloop.source_partition"] == b"0"
        assert headers["outerloop.message"], name
        assert rows[offset].reason == reason and rows[offset].size_bytes == len(value)
        assert "Gideon" not in headers["outerloop.message"].decode() + rows[offset].message
    assert json.dumps(store.dump(), default=str).count("Gideon") == 0


def test_the_text_size_limit_is_configurable(
    settings: Settings, deidentifier: Deidentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infra.settings import load_settings

    monkeypatch.setenv("OUTERLOOP_INGEST__MAX_TEXT_BYTES", "1024")
    small = load_settings()
    ensure_topics(small.kafka, [small.kafka.signals_topic, small.kafka.dead_letter_topic], partitions=1)
    publish(small, [(b"k", encode(_event(1, model_output="z" * 2000))), (b"k", encode(_event(2)))])
    report = Ingestor(small, Store(small.db_path), deidentifier).run()
    assert (report.stored, dict(report.by_reason)) == (1, {"text_too_large": 1})


def test_a_record_larger_than_the_dead_letter_producer_takes_is_dead_lettered_without_its_value(
    settings: Settings, deidentifier: Deidentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infra.settings import load_settings

    # Small limits make the dead-letter producer's limit (the consumer's fetch limit + 64 KiB) about 68 KiB;
    # the broker still hands over a larger record (the first of a partition comes whatever the fetch limits).
    monkeypatch.setenv("OUTERLOOP_INGEST__MAX_RECORD_BYTES", "1024")
    monkeypatch.setenv("OUTERLOOP_INGEST__MAX_BATCH_BYTES", "4096")
    small = load_settings()
    ensure_topics(small.kafka, [small.kafka.signals_topic, small.kafka.dead_letter_topic], partitions=1)
    huge = encode(_event(1, model_output="Gideon Vantreight " * 20_000))
    publish(small, [(b"k", huge), (b"k", encode(_event(2)))])
    ingestor = Ingestor(small, Store(small.db_path), deidentifier)
    assert len(huge) > ingestor.dead_letter_request_bytes
    report = ingestor.run()
    assert (report.stored, dict(report.by_reason)) == (1, {"record_too_large": 1})
    [dead] = _dead_letter_topic(small, 1)
    headers = dict(dead.headers)
    assert dead.value == b"" and headers["outerloop.value_omitted"] == str(len(huge)).encode()
    assert headers["outerloop.reason"] == b"record_too_large"
    assert b"Gideon" not in headers["outerloop.message"]
