"""The ingest stage: Kafka -> validate -> de-identify -> DuckDB, at least once with exactly-once effect.

Per batch: records are parsed and de-identified in memory, the store transaction commits the events
and the dead-letter rows, rejected records go to the dead-letter topic (flushed, every send checked),
and only then are the offsets committed. A crash anywhere replays the batch; storage is idempotent by
`event_id`, and the dead-letter topic is at least once (readers dedupe by source topic/partition/offset).
Offsets stored but not yet committed are committed when a rebalance revokes their partitions.
The store connection is kept across batches for at most `ingest.store_hold_s` (see `infra.store.events.BatchWriter`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from kafka import AsyncConsumerRebalanceListener, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import (
    CommitFailedError,
    IllegalGenerationError,
    KafkaError,
    MessageSizeTooLargeError,
    RebalanceInProgressError,
    UnknownMemberIdError,
)
from kafka.producer.future import FutureRecordMetadata
from kafka.structs import OffsetAndMetadata

from infra.kafka import make_consumer, make_producer
from infra.records import DeadLetter, StoredEvent
from infra.settings import IngestSettings, Settings
from ingest.deid.model import DeidentificationTimeout
from ingest.event import SignalEvent
from ingest.faults import NO_FAULTS, Faults
from ingest.validate import Reason, Rejection, parse_record

if TYPE_CHECKING:
    from infra.store import Store

log = logging.getLogger(__name__)


class ConsumerGroupJoinError(RuntimeError):
    pass


class BrokerLostError(RuntimeError):
    """The broker stopped answering mid-run; offsets of stored events may be uncommitted (replayed later)."""


# Room for a dead letter's headers and the request's framing beyond the record's own bytes.
_DEAD_LETTER_OVERHEAD = 65536
_TOO_LARGE = (MessageSizeTooLargeError,)

# The group moved on (rebalance, fenced member): the next owner replays from the last commit.
_GROUP_MOVED_ON = (CommitFailedError, RebalanceInProgressError, IllegalGenerationError, UnknownMemberIdError)


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
    # Wall-clock times (epoch seconds, comparable across processes) of the first batch's arrival and the
    # last batch's commit: the time spent on records, without start-up, group join or the idle polls at the end.
    first_batch_at: float | None = None
    last_batch_at: float | None = None

    @property
    def events_per_second(self) -> float:
        return self.consumed / self.seconds if self.seconds > 0 else 0.0

    @property
    def busy_seconds(self) -> float:
        if self.first_batch_at is None or self.last_batch_at is None:
            return 0.0
        return self.last_batch_at - self.first_batch_at

    def merge(self, other: IngestReport) -> None:
        """Add another consumer's report (one run of N consumer processes reports once)."""
        self.consumed += other.consumed
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.dead_lettered += other.dead_lettered
        self.by_reason.update(other.by_reason)
        self.lag.update(other.lag)
        self.batches += other.batches
        self.seconds = max(self.seconds, other.seconds)
        firsts = [t for t in (self.first_batch_at, other.first_batch_at) if t is not None]
        lasts = [t for t in (self.last_batch_at, other.last_batch_at) if t is not None]
        self.first_batch_at = min(firsts) if firsts else None
        self.last_batch_at = max(lasts) if lasts else None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IngestReport:
        return cls(
            consumed=data["consumed"],
            stored=data["stored"],
            duplicates=data["duplicates"],
            dead_lettered=data["dead_lettered"],
            by_reason=Counter(data["dead_lettered_by_reason"]),
            lag=dict(data["lag"]),
            batches=data["batches"],
            seconds=data["seconds"],
            first_batch_at=data.get("first_batch_at"),
            last_batch_at=data.get("last_batch_at"),
        )

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
            "first_batch_at": self.first_batch_at,
            "last_batch_at": self.last_batch_at,
            "busy_seconds": round(self.busy_seconds, 3),
        }


def fetch_limits(limits: IngestSettings) -> dict[str, int]:
    """The consumer's fetch settings: one poll returns at most one batch, and a record up to its limit fits."""
    return {
        "max_poll_records": limits.max_batch_records,
        "fetch_max_bytes": limits.max_batch_bytes,
        "max_partition_fetch_bytes": max(limits.max_batch_bytes // 4, limits.max_record_bytes + 1024),
    }


def content_hash(key: bytes, event: SignalEvent) -> str:
    """Keyed hash of the raw event, to tell a replay from a conflicting reuse of an `event_id`."""
    return hmac.new(key, event.canonical_json().encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class _Rejected:
    record: ConsumerRecord
    rejection: Rejection


class _CommitOnRevoke(AsyncConsumerRebalanceListener):  # type: ignore[misc]
    """Commit what is stored for the partitions a rebalance takes away, before another member gets them.

    kafka-python 3 runs listeners on its IO thread, where a blocking commit() fails: the commit is awaited.
    """

    def __init__(self, ingestor: Ingestor, consumer: KafkaConsumer) -> None:
        self._ingestor = ingestor
        self._consumer = consumer
        self.error: Exception | None = None

    async def on_partitions_revoked(self, revoked: Collection[TopicPartition]) -> None:
        pending = self._ingestor.pending
        offsets = {tp: off for tp, off in pending.items() if tp in revoked}
        if not offsets:
            return
        try:
            await self._consumer.commit_async({tp: OffsetAndMetadata(off, "", -1) for tp, off in offsets.items()})
            self._ingestor.committed.update(offsets)
        except _GROUP_MOVED_ON as exc:
            log.warning("offset commit on revocation refused (%s): the next owner replays", type(exc).__name__)
        except Exception as exc:  # kafka-python only logs listener errors: keep it for the poll loop
            self.error = exc
            return
        for tp in offsets:
            pending.pop(tp, None)

    async def on_partitions_assigned(self, assigned: Collection[TopicPartition]) -> None:
        pass


class Ingestor:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        deidentifier: EventDeidentifier,
        *,
        progress: Callable[[IngestReport], None] | None = None,
        faults: Faults = NO_FAULTS,
    ) -> None:
        self.settings = settings
        self.faults = faults
        self.store = store
        self.deidentifier = deidentifier
        self.progress = progress
        self._hash_key = settings.secret("deid_key").encode("utf-8")
        # Offsets whose records are stored (and dead letters confirmed) but not yet committed to Kafka.
        self.pending: dict[TopicPartition, int] = {}
        self.committed: dict[TopicPartition, int] = {}
        self._last_commit = time.monotonic()
        self._writer = store.writer(settings.ingest.store_hold_s)
        # How long the last batch's de-identification took: the store is let go across one that outlasts the hold.
        self._deid_seconds = 0.0

    @property
    def dead_letter_request_bytes(self) -> int:
        """The dead-letter producer's request limit: the largest record the consumer fetches, plus headers."""
        fetch = fetch_limits(self.settings.ingest)
        return max(fetch["fetch_max_bytes"], fetch["max_partition_fetch_bytes"]) + _DEAD_LETTER_OVERHEAD

    def run(self, *, max_records: int | None = None, idle_polls: int | None = None) -> IngestReport:
        """Consume until the topic is idle for `idle_polls` polls (or `max_records` are consumed)."""
        kafka = self.settings.kafka
        limits = self.settings.ingest
        idle_limit = limits.idle_polls_before_stop if idle_polls is None else idle_polls
        report = IngestReport()
        started = time.monotonic()
        self.pending, self.committed = {}, {}
        self._last_commit = time.monotonic()
        # A dead letter carries its record's original bytes, whatever its size up to one fetch; a larger one
        # (a broker returns the first record of a partition whatever the fetch limits) goes without them.
        producer = make_producer(kafka, max_request_size=self.dead_letter_request_bytes)
        try:
            consumer = make_consumer(kafka, **fetch_limits(limits))
        except BaseException:
            producer.close(timeout=1)
            raise
        try:
            listener = _CommitOnRevoke(self, consumer)
            consumer.subscribe([kafka.signals_topic], listener=listener)
            idle = 0
            batch = 0
            assigned_once = False
            join_deadline = quiet_deadline = time.monotonic() + limits.group_join_timeout_s
            while idle < idle_limit and (max_records is None or report.consumed < max_records):
                polled = consumer.poll(timeout_ms=limits.poll_timeout_ms, max_records=limits.max_batch_records)
                if listener.error is not None:
                    raise self._lost("commit offsets on a rebalance", listener.error)
                records = [r for part in polled.values() for r in part]
                assigned_once = assigned_once or bool(consumer.assignment())
                if not records:
                    self._writer.release()
                    # An empty poll is idle only when this member has read all it was assigned: a rebalance
                    # also returns nothing for a while. A silent broker ends the wait after the join timeout.
                    if assigned_once and (self._caught_up(consumer) or time.monotonic() > quiet_deadline):
                        idle += 1
                    elif not assigned_once and time.monotonic() > join_deadline:
                        # Normal when the group's other members hold every partition; nothing was read,
                        # so nothing is committed and this member ends with an empty report.
                        log.warning(
                            "no partitions of %r were assigned to this member of group %r within %.0fs; "
                            "the other members hold them all, or the group could not be joined",
                            kafka.signals_topic,
                            kafka.group_id,
                            limits.group_join_timeout_s,
                        )
                        break
                    continue
                idle = 0
                quiet_deadline = time.monotonic() + limits.group_join_timeout_s
                batch += 1
                self.faults.at("poll", batch)
                if report.first_batch_at is None:
                    report.first_batch_at = time.time()
                self._ingest_batch(batch, records, consumer, producer, report)
                report.last_batch_at = time.time()
                report.seconds = time.monotonic() - started
                if self.progress:
                    self.progress(report)
            self._commit(consumer)
            self._check_broker(consumer)
            report.lag = self._lag(consumer)
        finally:
            self._writer.release()
            consumer.close(autocommit=False, timeout_ms=int(limits.broker_op_timeout_s * 1000))
            producer.close(timeout=limits.broker_op_timeout_s)
        report.seconds = time.monotonic() - started
        return report

    def _ingest_batch(
        self,
        batch: int,
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
                record.value,
                max_record_bytes=limits.max_record_bytes,
                max_text_bytes=limits.max_text_bytes,
                max_depth=limits.max_json_depth,
                max_elements=limits.max_json_elements,
            )
            if isinstance(parsed, Rejection):
                rejected.append(_Rejected(record, parsed))
            else:
                parsed_records.append((record, parsed))
        self._writer.release_before(self._deid_seconds)
        deid_started = time.monotonic()
        cleaned = self.deidentifier.deidentify_events([p for _, p in parsed_records])
        self._deid_seconds = time.monotonic() - deid_started
        for (record, parsed), clean in zip(parsed_records, cleaned, strict=True):
            if isinstance(clean, Exception):  # dead-letter the record, never stop the partition
                message = f"de-identification failed ({type(clean).__name__})"
                reason = Reason.DEID_TIMEOUT if isinstance(clean, DeidentificationTimeout) else Reason.DEID_FAILED
                rejected.append(_Rejected(record, Rejection(reason, message, parsed.event_id)))
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
        result = self._writer.write_batch(events, dead_letters, lambda: self.faults.at("write", batch))
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
        self._publish_dead_letters(producer, rejected)

        for record in records:
            tp = TopicPartition(record.topic, record.partition)
            self.pending[tp] = max(self.pending.get(tp, -1), record.offset + 1)
        self.faults.at("commit", batch)
        if time.monotonic() - self._last_commit >= self.settings.ingest.commit_interval_s:
            self._commit(consumer)

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
            payload=clean.to_json(),
            source_topic=record.topic,
            source_partition=record.partition,
            source_offset=record.offset,
            size_bytes=len(record.value or b""),
        )

    def _commit(self, consumer: KafkaConsumer) -> None:
        """Commit the stored offsets, retrying a silent broker with backoff."""
        offsets = dict(self.pending)
        if not offsets:
            return
        limits = self.settings.ingest
        for attempt in range(limits.broker_retries):
            try:
                consumer.commit(
                    {tp: OffsetAndMetadata(off, "", -1) for tp, off in offsets.items()},
                    timeout_ms=int(limits.broker_op_timeout_s * 1000),
                )
                self.committed.update(offsets)
                break
            except _GROUP_MOVED_ON as exc:
                log.warning("offset commit refused (%s): the partitions' next owner replays them", type(exc).__name__)
                break
            except KafkaError as exc:
                if attempt + 1 == limits.broker_retries:
                    raise self._lost("commit offsets", exc) from None
                self._writer.release()
                time.sleep(limits.broker_retry_backoff_s * 2**attempt)
        for tp in offsets:
            del self.pending[tp]
        if not self.pending:
            self._last_commit = time.monotonic()

    def _check_broker(self, consumer: KafkaConsumer) -> None:
        """An idle stream and a lost broker look alike to poll(): ask the group coordinator before stopping."""
        assigned = sorted(consumer.assignment(), key=lambda t: (t.topic, t.partition))
        if not assigned:
            return
        limits = self.settings.ingest
        for attempt in range(limits.broker_retries):
            try:
                consumer.committed(assigned[0], timeout_ms=int(limits.broker_op_timeout_s * 1000))
                return
            except KafkaError as exc:
                if attempt + 1 == limits.broker_retries:
                    raise self._lost("confirm the stream is idle", exc) from None
                time.sleep(limits.broker_retry_backoff_s * 2**attempt)

    def _lost(self, action: str, exc: Exception) -> BrokerLostError:
        limits = self.settings.ingest
        return BrokerLostError(
            f"the Kafka broker at {self.settings.kafka.bootstrap_servers} stopped answering: could not {action} "
            f"after {limits.broker_retries} attempts of {limits.broker_op_timeout_s:.0f}s ({type(exc).__name__}). "
            "Stored events whose offsets were not committed are replayed on the next run (no loss, no double)."
        )

    def _publish_dead_letters(self, producer: KafkaProducer, rejected: Sequence[_Rejected]) -> None:
        """Publish and confirm every dead letter: an unconfirmed one must keep its offset uncommitted."""
        if not rejected:
            return
        self._writer.release()
        sent = [(r, self._publish_dead_letter(producer, r)) for r in rejected]
        self._confirm(producer, sent)
        # Too large for the producer or for the topic (its max.message.bytes): the dead letter goes without
        # the record's bytes, its headers say so; the run never stops on a record's size.
        too_large = [r for r, f in sent if f.is_done and isinstance(f.exception, _TOO_LARGE)]
        if too_large:
            self._confirm(producer, [(r, self._publish_dead_letter(producer, r, omit_value=True)) for r in too_large])

    def _confirm(self, producer: KafkaProducer, sent: Sequence[tuple[_Rejected, FutureRecordMetadata]]) -> None:
        limits = self.settings.ingest
        wait_s = limits.broker_op_timeout_s * limits.broker_retries
        try:
            producer.flush(timeout=wait_s)
        except KafkaError as exc:
            raise self._lost("publish dead letters", exc) from None
        failed = [f for _, f in sent if not f.is_done or (f.failed() and not isinstance(f.exception, _TOO_LARGE))]
        if failed:
            cause = failed[0].exception if failed[0].is_done else None
            raise self._lost("publish dead letters", cause or TimeoutError(f"{wait_s:.0f}s")) from None

    def _publish_dead_letter(
        self, producer: KafkaProducer, rejected: _Rejected, *, omit_value: bool = False
    ) -> FutureRecordMetadata:
        record, rejection = rejected.record, rejected.rejection
        value = record.value or b""
        reason, message = rejection.reason.value, rejection.message
        size = len(value) + len(record.key or b"") + len(message.encode("utf-8"))
        extra: list[tuple[str, bytes]] = []
        if omit_value or size + _DEAD_LETTER_OVERHEAD // 2 > self.dead_letter_request_bytes:
            extra = [("outerloop.value_omitted", str(len(value)).encode())]
            reason = Reason.RECORD_TOO_LARGE.value
            message = f"{message}; the record ({len(value)} bytes) is too large to dead-letter whole: value omitted"
            value = b""
        headers = [
            ("outerloop.reason", reason.encode()),
            ("outerloop.message", message.encode("utf-8")),
            ("outerloop.source_topic", record.topic.encode()),
            ("outerloop.source_partition", str(record.partition).encode()),
            ("outerloop.source_offset", str(record.offset).encode()),
            *extra,
        ]
        try:
            return producer.send(self.settings.kafka.dead_letter_topic, key=record.key, value=value, headers=headers)
        except _TOO_LARGE as exc:
            if omit_value:
                raise self._lost("publish dead letters", exc) from None
            return self._publish_dead_letter(producer, rejected, omit_value=True)

    def _caught_up(self, consumer: KafkaConsumer) -> bool:
        timeout_ms = int(self.settings.ingest.broker_op_timeout_s * 1000)
        for tp in consumer.assignment():
            high = consumer.highwater(tp)
            if high is None or consumer.position(tp, timeout_ms=timeout_ms) < high:
                return False
        return True

    @staticmethod
    def _lag(consumer: KafkaConsumer) -> dict[str, int]:
        lag: dict[str, int] = {}
        for tp in sorted(consumer.assignment(), key=lambda t: (t.topic, t.partition)):
            high = consumer.highwater(tp)
            if high is None:
                continue
            lag[f"{tp.topic}[{tp.partition}]"] = max(0, high - consumer.position(tp))
        return lag
