"""The ingest stage against the real local broker, real Presidio and a real DuckDB file."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from kafka import KafkaConsumer, KafkaProducer

from infra.kafka import BrokerUnavailableError, ensure_topics, make_consumer
from infra.settings import KafkaSettings, Settings
from infra.store import Store
from ingest.consumer import Ingestor
from ingest.deid import Deidentifier
from ingest.synthetic import generate_events, to_json_bytes
from ingest.synthetic.malformed import malformed_records
from ingest.synthetic.produce import produce


@pytest.fixture(scope="module")
def deidentifier() -> Deidentifier:
    deid = Deidentifier("test-key-not-secret")
    deid.setup()
    return deid


def _dead_letter_topic(settings: Settings, expected: int) -> list[tuple[bytes, dict[str, bytes]]]:
    consumer = KafkaConsumer(
        settings.kafka.dead_letter_topic,
        bootstrap_servers=settings.kafka.bootstrap_servers,
        auto_offset_reset="earliest",
        consumer_timeout_ms=3000,
    )
    records: list[tuple[bytes, dict[str, bytes]]] = []
    deadline = time.monotonic() + 120  # a hang guard: the loop ends as soon as all have come
    while len(records) < expected and time.monotonic() < deadline:
        records += [(r.value, dict(r.headers)) for r in consumer]
    consumer.close()
    return records


@pytest.fixture
def producer(settings: Settings) -> Iterator[KafkaProducer]:
    ensure_topics(settings.kafka, [settings.kafka.signals_topic, settings.kafka.dead_letter_topic])
    p = KafkaProducer(bootstrap_servers=settings.kafka.bootstrap_servers)
    yield p
    p.close()


def test_ingest_stores_valid_events_and_dead_letters_the_rest(settings: Settings, deidentifier: Deidentifier) -> None:
    produced = produce(settings.kafka, n_events=120, n_malformed=10, max_text_bytes=settings.ingest.max_text_bytes)
    store = Store(settings.db_path)
    report = Ingestor(settings, store, deidentifier).run()
    assert (report.consumed, report.stored, report.dead_lettered) == (130, 120, 10)
    assert report.consumed == report.stored + report.duplicates + report.dead_lettered
    assert sum(report.by_reason.values()) == 10 and len(report.by_reason) == 10
    assert store.counts()["events"] == 120 and store.counts()["dead_letters"] == 10

    dead = _dead_letter_topic(settings, 10)
    assert len(dead) == 10
    expected = sorted(reason.value for _, reason in malformed_records(10))
    assert sorted(h["outerloop.reason"].decode() for _, h in dead) == expected
    assert all({"outerloop.source_topic", "outerloop.source_offset", "outerloop.message"} <= set(h) for _, h in dead)

    planted = {p for g in produced.events for p in g.planted}
    stored_text = json.dumps([e.payload for e in store.events()], ensure_ascii=False)
    assert [p for p in planted if p in stored_text] == []

    # Offsets were committed: the same group finds nothing new.
    again = Ingestor(settings, store, deidentifier).run(idle_polls=2)
    assert again.consumed == 0


def test_same_event_id_with_other_content_is_a_conflict_never_an_overwrite(
    settings: Settings, deidentifier: Deidentifier, producer: KafkaProducer
) -> None:
    event = generate_events(1, seed=3)[0].event
    altered = {**event, "model_output": "a different answer"}
    for payload in (event, event, altered):  # keyed by event_id: one partition keeps their order
        producer.send(settings.kafka.signals_topic, key=event["event_id"].encode(), value=to_json_bytes(payload))
    producer.flush()
    store = Store(settings.db_path)
    report = Ingestor(settings, store, deidentifier).run()
    assert (report.consumed, report.stored, report.duplicates, report.dead_lettered) == (3, 1, 1, 1)
    assert report.by_reason == {"event_id_conflict": 1}
    (row,) = store.events()
    assert row.payload["model_output"] != "a different answer"
    (dead,) = _dead_letter_topic(settings, 1)
    assert dead[0] == to_json_bytes(altered) and dead[1]["outerloop.reason"] == b"event_id_conflict"


def test_an_unreachable_broker_fails_fast_with_a_clear_error() -> None:
    settings = KafkaSettings(bootstrap_servers="127.0.0.1:9", connect_timeout_s=2)
    started = time.monotonic()
    with pytest.raises(BrokerUnavailableError, match="127.0.0.1:9"):
        make_consumer(settings)
    assert time.monotonic() - started < 15
