"""Publish synthetic production signals (and optionally malformed records) to the signals topic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from infra.kafka import ensure_topics, make_producer
from infra.settings import KafkaSettings
from ingest.synthetic import GeneratedEvent, generate_events, to_json_bytes
from ingest.synthetic.malformed import malformed_records


@dataclass(frozen=True)
class Produced:
    events: list[GeneratedEvent]
    malformed: int


def produce(
    settings: KafkaSettings,
    *,
    n_events: int,
    n_malformed: int = 0,
    seed: int = 7,
    zh_share: float = 0.25,
    max_text_bytes: int = 256 * 1024,
    progress: Callable[[int], None] | None = None,
) -> Produced:
    ensure_topics(settings, [settings.signals_topic, settings.dead_letter_topic])
    events = generate_events(n_events, seed=seed, zh_share=zh_share)
    bad = malformed_records(n_malformed, max_text_bytes=max_text_bytes)
    producer = make_producer(settings, max_request_size=8 * 1024 * 1024)
    try:
        # Malformed records are spread through the stream, as they would arrive in production.
        step = max(1, len(events) // (len(bad) + 1))
        for sent, generated in enumerate(events, start=1):
            if bad and (sent - 1) % step == 0:
                producer.send(settings.signals_topic, value=bad.pop()[0])
            producer.send(
                settings.signals_topic,
                key=generated.event["conversation_id"].encode(),
                value=to_json_bytes(generated.event),
            )
            if progress and sent % 1000 == 0:
                progress(sent)
        for value, _ in bad:
            producer.send(settings.signals_topic, value=value)
        producer.flush(timeout=60)
    finally:
        producer.close(timeout=10)
    return Produced(events, n_malformed)
