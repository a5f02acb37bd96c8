"""The ingest stage: Kafka -> validate -> de-identify -> DuckDB, at least once with exactly-once effect.

Per batch: records are parsed and de-identified in memory, the store transaction commits the events
and the dead-letter rows, rejected records go to the dead-letter topic (flushed), and only then are
the offsets committed. A crash anywhere replays the batch; storage is idempotent by `event_id`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.structs import OffsetAndMetadata

from infra.kafka import make_consumer, make_producer
from infra.settings import Settings
from infra.store import DeadLetter, Store, StoredEvent
from ingest.event import SignalEvent
from ingest.validate import Reason, Rejection, parse_record

log = logging.getLogger(__name__)


class ConsumerGroupJoinError(RuntimeError):
    pass


class EventDeidentifier(Protocol):
    def deidentify_events(self, events: Sequence[SignalEvent]) -> Sequence[SignalEvent | Exception]: ...


@dataclass
class IngestReport:
    consumed: int = 0
    stored: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    by_reason: Counter[str] = field(default_factory=Counter)
    lag: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    seconds: float = 0.0

    @property
    def events_per_second(self) -> float:
        return self.consumed / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "consumed": self.consumed,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "dead_lettered": self.dead_lettered,
            "dead_lettered_by_reason": dict(sorted(self.by_reason.items())),
            "lag": self.lag,
            "batches": self.batches,
            "seconds": round(self.seconds, 3),
            "events_per_second": round(self.events_per_second, 1),
        }


def content_hash(key: bytes, event: SignalEvent) -> str:
    """Keyed hash of the raw event, to tell a replay from a conflicting reuse of an `event_id`."""
    canonical = json.dumps(event.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class _Rejected:
    record: ConsumerRecord
    rejection: Rejection


class Ingestor:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        deidentifier: EventDeidentifier,
        *,
        progress: Callable[[IngestReport], None] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.deidentifier = deidentifier
        self.progress = progress
        self._hash_key = settings.secret("deid_key").encode("utf-8")

    def run(self, *, max_records: int | None = None, idle_polls: int | None = None) -> IngestReport:
        """Consume until the topic is idle for `idle_polls` polls (or `max_records` are consumed)."""
        kafka = self.settings.kafka
        limits = self.settings.ingest
        idle_limit = limits.idle_polls_before_stop if idle_polls is None else idle_polls
        report = IngestReport()
        started = time.monotonic()
        producer = make_producer(kafka)
        consumer = make_consumer(
            kafka,
            max_poll_records=limits.max_batch_records,
            fetch_max_bytes=limits.max_batch_bytes,
            max_partition_fetch_bytes=max(limits.max_batch_bytes // 4, limits.max_record_bytes + 1024),
        )
        try:
            consumer.subscribe([kafka.signals_topic])
            idle = 0
            join_deadline = time.monotonic() + limits.group_join_timeout_s
            while idle < idle_limit and (max_records is None or report.consumed < max_records):
                polled = consumer.poll(timeout_ms=limits.poll_timeout_ms, max_records=limits.max_batch_records)
                records = [r for batch in polled.values() for r in batch]
                if not records:
                    # Idle polls count only once the group has assigned partitions to this consumer.
                    if consumer.assignment():
                        idle += 1
                    elif time.monotonic() > join_deadline:
                        raise ConsumerGroupJoinError(
                            f"no partitions of {kafka.signals_topic!r} were assigned to group {kafka.group_id!r} "
                            f"within {limits.group_join_timeout_s:.0f}s"
                        )
                    continue
                idle = 0
                self._ingest_batch(records, consumer, producer, report)
                report.seconds = time.monotonic() - started
                if self.progress:
                    self.progress(report)
            report.lag = self._lag(consumer)
        finally:
            consumer.close(autocommit=False)
            producer.close(timeout=10)
        report.seconds = time.monotonic() - started
        return report

    def _ingest_batch(
        self,
        records: Sequence[ConsumerRecord],
        consumer: KafkaConsumer,
        producer: KafkaProducer,
        report: IngestReport,
    ) -> None:
        events: list[StoredEvent] = []
        rejected: list[_Rejected] = []
        limits = self.settings.ingest
        parsed_records: list[tuple[ConsumerRecord, SignalEvent]] = []
        for record in records:
            parsed = parse_record(
                record.value, max_record_bytes=limits.max_record_bytes, max_text_bytes=limits.max_text_bytes
            )
            if isinstance(parsed, Rejection):
                rejected.append(_Rejected(record, parsed))
            else:
                parsed_records.append((record, parsed))
        cleaned = self.deidentifier.deidentify_events([p for _, p in parsed_records])
        for (record, parsed), clean in zip(parsed_records, cleaned, strict=True):
            if isinstance(clean, Exception):  # dead-letter the record, never stop the partition
                message = f"de-identification failed ({type(clean).__name__})"
                rejected.append(_Rejected(record, Rejection(Reason.DEID_FAILED, message, parsed.event_id)))
            else:
                events.append(self._stored(record, parsed, clean))

        dead_letters = [
            DeadLetter(
                r.record.topic,
                r.record.partition,
                r.record.offset,
                r.rejection.reason.value,
                r.rejection.message,
                len(r.record.value or b""),
                r.rejection.event_id,
            )
            for r in rejected
        ]
        result = self.store.write_batch(events, dead_letters)
        if result.conflicts:
            by_offset = {(r.partition, r.offset): r for r in records}
            rejected += [
                _Rejected(
                    by_offset[(e.source_partition, e.source_offset)],
                    Rejection(
                        Reason.EVENT_ID_CONFLICT,
                        "event_id already stored with different content; not overwritten",
                        e.event_id,
                    ),
                )
                for e in result.conflicts
            ]
        for r in rejected:
            self._publish_dead_letter(producer, r)
        producer.flush(timeout=30)

        offsets: dict[TopicPartition, int] = {}
        for record in records:
            tp = TopicPartition(record.topic, record.partition)
            offsets[tp] = max(offsets.get(tp, -1), record.offset + 1)
        consumer.commit({tp: OffsetAndMetadata(off, "", -1) for tp, off in offsets.items()})

        report.batches += 1
        report.consumed += len(records)
        report.stored += result.stored
        report.duplicates += result.duplicates
        report.dead_lettered += len(rejected)
        report.by_reason.update(r.rejection.reason.value for r in rejected)

    def _stored(self, record: ConsumerRecord, raw: SignalEvent, clean: SignalEvent) -> StoredEvent:
        return StoredEvent(
            event_id=raw.event_id,
            content_hash=content_hash(self._hash_key, raw),
            kind=clean.kind.value,
            language=clean.language,
            occurred_at=clean.occurred_at,
            conversation_id=clean.conversation_id,
            patient_ref=clean.patient_ref,
            model_version=clean.model_version,
            payload=clean.model_dump(mode="json", exclude_none=True),
            source_topic=record.topic,
            source_partition=record.partition,
            source_offset=record.offset,
            size_bytes=len(record.value or b""),
        )

    def _publish_dead_letter(self, producer: KafkaProducer, rejected: _Rejected) -> None:
        record, rejection = rejected.record, rejected.rejection
        headers = [
            ("outerloop.reason", rejection.reason.value.encode()),
            ("outerloop.message", rejection.message.encode("utf-8")),
            ("outerloop.source_topic", record.topic.encode()),
            ("outerloop.source_partition", str(record.partition).encode()),
            ("outerloop.source_offset", str(record.offset).encode()),
        ]
        producer.send(self.settings.kafka.dead_letter_topic, key=record.key, value=record.value or b"", headers=headers)

    @staticmethod
    def _lag(consumer: KafkaConsumer) -> dict[str, int]:
        lag: dict[str, int] = {}
        for tp in sorted(consumer.assignment(), key=lambda t: (t.topic, t.partition)):
            high = consumer.highwater(tp)
            if high is None:
                continue
            lag[f"{tp.topic}[{tp.partition}]"] = max(0, high - consumer.position(tp))
        return lag
