"""The dead-letter topic: read it back (deduplicated by source coordinates), preview safely, replay after a fix.

The topic holds the original bytes (it is the one place a rejected record survives, under Kafka's own
access control); the store holds only metadata. Previews are de-identified and truncated, never raw.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kafka import TopicPartition
from kafka.errors import KafkaError

from infra.kafka import make_consumer, make_producer
from infra.settings import KafkaSettings
from ingest.deid import Deidentifier
from ingest.event import Kind
from ingest.validate import FIELD_NAMES

PREVIEW_SCAN_CHARS = 4096
_CONTROL = {c: " " for c in range(32)} | {0x7F: " "}
_JSON_PUNCTUATION = str.maketrans({c: " " for c in '[]{}",:\\'})
_DIGITS = re.compile(r"\d{3,}")
_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*:)?')
_IDENTIFIER_FIELDS = frozenset({"patient_ref", "event_id", "conversation_id"})


@dataclass(frozen=True)
class DeadLetterRecord:
    source_topic: str
    source_partition: int
    source_offset: int
    reason: str
    message: str
    key: bytes | None
    value: bytes

    @property
    def source(self) -> tuple[str, int, int]:
        return (self.source_topic, self.source_partition, self.source_offset)


class DeadLetterReadError(RuntimeError):
    pass


def _record(key: bytes | None, value: bytes | None, headers: list[tuple[str, bytes]]) -> DeadLetterRecord | None:
    h = {k: v.decode("utf-8", "replace") for k, v in headers}
    try:
        return DeadLetterRecord(
            h["outerloop.source_topic"],
            int(h["outerloop.source_partition"]),
            int(h["outerloop.source_offset"]),
            h.get("outerloop.reason", "unknown"),
            h.get("outerloop.message", ""),
            key,
            value or b"",
        )
    except (KeyError, ValueError):
        return None  # not written by outerloop


def read_dead_letters(settings: KafkaSettings, *, timeout_s: float = 30.0) -> Iterator[DeadLetterRecord]:
    """Every dead letter once (the topic is at least once after a crash), oldest first per partition."""
    consumer = make_consumer(settings, group_id=None, enable_auto_commit=False, consumer_timeout_ms=1000)
    try:
        parts = consumer.partitions_for_topic(settings.dead_letter_topic) or set()
        tps = [TopicPartition(settings.dead_letter_topic, p) for p in sorted(parts)]
        if not tps:
            return
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        seen: set[tuple[str, int, int]] = set()
        deadline = time.monotonic() + timeout_s
        while True:
            polled = consumer.poll(timeout_ms=500)
            for batch in polled.values():
                for r in batch:
                    record = _record(r.key, r.value, list(r.headers))
                    if record is not None and record.source not in seen:
                        seen.add(record.source)
                        yield record
            # highwater() is known once a fetch returned; it is what end_offsets() should be.
            ends = [consumer.highwater(tp) for tp in tps]
            if all(e is not None and consumer.position(tp) >= e for tp, e in zip(tps, ends, strict=True)):
                return
            if time.monotonic() > deadline:
                raise DeadLetterReadError(
                    f"could not read {settings.dead_letter_topic!r} to its end within {timeout_s:.0f}s"
                )
    finally:
        consumer.close(autocommit=False)


def _event_text(data: dict[str, Any]) -> str:
    """The first free text of an event-shaped object (never identifiers such as patient_ref)."""
    messages = data.get("messages")
    candidates = [data.get("model_output")]
    if isinstance(messages, list) and messages and isinstance(messages[0], dict):
        candidates.insert(0, messages[0].get("content"))
    return next((c for c in candidates if isinstance(c, str)), "")


def _json_strings(text: str) -> str:
    """The strings of a JSON prefix that could not be read whole: known field names kept, other keys as <key>,
    identifier fields' values (patient_ref, event_id, conversation_id) as <id>, other values as they are."""
    parts: list[str] = []
    key: str | None = None
    for match in _JSON_STRING.finditer(text):
        value, is_key = match.group(1), match.group(2) is not None
        if is_key:
            key = value
            parts.append(value if value in FIELD_NAMES else "<key>")
        else:
            parts.append("<id>" if key in _IDENTIFIER_FIELDS else value.replace("\\", " "))
    return " ".join(parts)


def preview(deidentifier: Deidentifier, value: bytes, chars: int = 100) -> str:
    """A de-identified, truncated, single-line glimpse of a record: enough to recognise it, no identifiers.

    An event-shaped record shows its kind, its field names and its first de-identified text; anything else
    shows its de-identified text with JSON punctuation blanked (so names in lists read as names) and long
    digit runs masked. Only a prefix is analysed, and the output is cut far inside it.
    """
    text = value[:PREVIEW_SCAN_CHARS].decode("utf-8", "replace")
    data: Any = None
    if len(value) <= PREVIEW_SCAN_CHARS:
        with contextlib.suppress(ValueError, RecursionError):
            data = json.loads(text)
    if isinstance(data, dict):
        kind = data.get("kind") if data.get("kind") in {k.value for k in Kind} else "?"
        language = data.get("language") if isinstance(data.get("language"), str) else "en"
        body = deidentifier.deidentify_text(_event_text(data)[:PREVIEW_SCAN_CHARS], language).text
        fields = sorted({k if k in FIELD_NAMES else "<key>" for k in map(str, data)})
        clean = f"kind={kind} fields={','.join(fields)[:40]} text={body}"
    elif text.lstrip().startswith("{"):
        clean = deidentifier.deidentify_text(_DIGITS.sub("#", _json_strings(text))).text
    else:
        clean = deidentifier.deidentify_text(_DIGITS.sub("#", text.translate(_JSON_PUNCTUATION))).text
    return " ".join(clean[:chars].translate(_CONTROL).split())


def replay(
    settings: KafkaSettings, select: Callable[[DeadLetterRecord], bool], *, max_request_size: int = 8 * 1024 * 1024
) -> list[DeadLetterRecord]:
    """Re-publish the selected dead letters' original bytes (and keys) to the signals topic; confirmed sends."""
    chosen = [r for r in read_dead_letters(settings) if select(r)]
    if not chosen:
        return []
    producer = make_producer(settings, max_request_size=max_request_size)
    try:
        futures = [
            producer.send(
                settings.signals_topic,
                key=r.key,
                value=r.value,
                headers=[
                    ("outerloop.replayed_from", f"{r.source_topic}[{r.source_partition}]@{r.source_offset}".encode())
                ],
            )
            for r in chosen
        ]
        producer.flush(timeout=60)
        failed = [f for f in futures if not f.is_done or f.failed()]
        if failed:
            raise DeadLetterReadError(
                f"{len(failed)} of {len(futures)} replayed records were not confirmed by the broker"
            )
    except KafkaError as exc:
        raise DeadLetterReadError(f"replay failed: {type(exc).__name__}") from None
    finally:
        producer.close(timeout=10)
    return chosen
