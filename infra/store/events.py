"""Events, dead letters and runs: the ingest's writes (idempotent by `event_id`) and what stages read.

The ingest's batches keep their connection across batches for a bounded time (`BatchWriter`), because
opening and closing one (a checkpoint) costs more than storing a batch.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import duckdb

from infra.records import DeadLetter, EventRow, StoredEvent, WriteResult
from infra.store.connection import StoreBase, columns_of, now, rows_as

CONFLICT_REASON = "event_id_conflict"
# Event writes check their ids against the table and then insert: one at a time within a process too.
_EVENT_WRITE_LOCK = threading.Lock()
# DuckDB's memory beyond its indexes while a `BatchWriter` holds the file.
_WRITER_MEMORY_HEADROOM = 32 * 2**20

BeforeCommit = Callable[[], None]


def _event_columns(events: Sequence[StoredEvent], at: datetime) -> dict[str, list[Any]]:
    columns = columns_of(events, StoredEvent, skip=("size_bytes",))
    columns["payload"] = [p if isinstance(p, str) else json.dumps(p, ensure_ascii=False) for p in columns["payload"]]
    return {**columns, "ingested_at": [at] * len(events)}


def _dead_letter_columns(letters: Sequence[DeadLetter], at: datetime) -> dict[str, list[Any]]:
    return {**columns_of(letters, DeadLetter), "dead_lettered_at": [at] * len(letters)}


_EVENT_SELECT = "SELECT event_id, kind, language, occurred_at, payload FROM events"


class BatchWriter:
    """Writes ingest batches, each in its own transaction, over one connection kept between batches.

    Other processes (the review page, other consumers) wait while it is held, so it is let go once it has
    been held `hold_s` seconds (0: after every batch), on `release()` (call it before waiting on anything
    else, e.g. the broker) and on exit.
    """

    def __init__(self, store: EventsSQL, hold_s: float) -> None:
        self._store = store
        self._hold_s = hold_s
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened_at = 0.0

    def write_batch(
        self,
        events: Sequence[StoredEvent],
        dead_letters: Sequence[DeadLetter],
        before_commit: BeforeCommit | None = None,
    ) -> WriteResult:
        """As `Store.write_batch`: the transaction has committed when this returns."""
        if self._con is None:
            self._con = self._store._open()
            self._opened_at = time.monotonic()
        try:
            result = self._store._write_batch(self._con, events, dead_letters, before_commit)
            self._store._cap_memory(self._con, _WRITER_MEMORY_HEADROOM)
            return result
        except BaseException:
            self.release()
            raise
        finally:
            if time.monotonic() - self._opened_at >= self._hold_s:
                self.release()

    def release(self) -> None:
        if self._con is not None:
            con, self._con = self._con, None
            self._store._close(con)

    def release_before(self, seconds: float) -> None:
        """Let go now if work of about `seconds` (e.g. de-identifying the next batch) would outlast the hold:
        other processes then write while this one works, instead of waiting for it."""
        if self._con is not None and time.monotonic() + seconds - self._opened_at >= self._hold_s:
            self.release()

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class EventsSQL(StoreBase):
    def writer(self, hold_s: float) -> BatchWriter:
        return BatchWriter(self, hold_s)

    def write_batch(
        self,
        events: Sequence[StoredEvent],
        dead_letters: Sequence[DeadLetter],
        before_commit: BeforeCommit | None = None,
    ) -> WriteResult:
        """Store a batch in one transaction, idempotent by `event_id`.

        An event whose id is stored with the same content hash is a duplicate (no-op); with another
        hash it is a conflict: never written, dead-lettered in the same transaction and returned to the
        caller, which publishes it to the dead-letter topic. `before_commit` runs inside the transaction,
        just before it commits.
        """
        with self.connect() as con:
            return self._write_batch(con, events, dead_letters, before_commit)

    def _write_batch(
        self,
        con: duckdb.DuckDBPyConnection,
        events: Sequence[StoredEvent],
        dead_letters: Sequence[DeadLetter],
        before_commit: BeforeCommit | None = None,
    ) -> WriteResult:
        letters = {(d.source_topic, d.source_partition, d.source_offset): d for d in dead_letters}
        result = WriteResult()
        at = now()
        with _EVENT_WRITE_LOCK, self.transaction(con) as con:
            known: dict[str, str] = {}
            if events:
                known = dict(
                    con.execute(
                        "SELECT event_id, content_hash FROM events WHERE event_id IN (SELECT unnest(?))",
                        [list({e.event_id for e in events})],
                    ).fetchall()
                )
            new: list[StoredEvent] = []
            for e in events:
                stored_hash = known.get(e.event_id)
                if stored_hash is None:
                    known[e.event_id] = e.content_hash
                    new.append(e)
                elif stored_hash == e.content_hash:
                    result.duplicates += 1
                else:
                    result.conflicts.append(e)
                    if e.source_topic is not None:
                        d = DeadLetter(
                            e.source_topic,
                            e.source_partition or 0,
                            e.source_offset or 0,
                            CONFLICT_REASON,
                            "event_id already stored with different content; not overwritten",
                            e.size_bytes,
                            e.event_id,
                        )
                        letters.setdefault((d.source_topic, d.source_partition, d.source_offset), d)
            if new:
                result.stored = self._insert(con, "events", _event_columns(new, at))
            if letters:
                result.dead_lettered = self._insert(
                    con, "dead_letters", _dead_letter_columns(list(letters.values()), at), or_ignore=True
                )
            if before_commit is not None:
                before_commit()
        return result

    @staticmethod
    def _cap_memory(con: duckdb.DuckDBPyConnection, headroom: int) -> None:
        """Cap DuckDB's memory at its indexes (which it cannot evict) plus `headroom` bytes.

        Uncapped, each checkpoint keeps the row group it rewrites (up to 122,880 rows) cached, and the peak
        RSS of a long ingest grows with the table. The cap lasts as long as the database stays open.
        """
        row = con.execute(
            "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'ART_INDEX'"
        ).fetchone()
        with contextlib.suppress(duckdb.OutOfMemoryException):  # more is pinned now: keep the previous cap
            con.execute(f"SET memory_limit = '{int(row[0] if row else 0) + headroom}B'")

    def counts(self) -> dict[str, int]:
        with self.connect() as con:
            return {
                t: self._count(con, t)
                for t in ("events", "dead_letters", "clusters", "review_items", "audit_log", "datasets")
            }

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table: for audits (e.g. a search for identifiers) and backups."""
        with self.connect(read_only=True) as con:
            tables = [
                r[0]
                for r in con.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
                ).fetchall()
            ]
            return {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in sorted(tables)}

    def dead_letters(self, limit: int = 100) -> list[DeadLetter]:
        with self.connect() as con:
            cursor = con.execute(
                "SELECT source_topic, source_partition, source_offset, reason, message, size_bytes, event_id "
                "FROM dead_letters ORDER BY dead_lettered_at, source_partition, source_offset LIMIT ?",
                [limit],
            )
            return rows_as(cursor, DeadLetter)

    def dead_letter_reasons(self) -> dict[str, int]:
        with self.connect() as con:
            return dict(
                con.execute("SELECT reason, count(*) FROM dead_letters GROUP BY reason ORDER BY reason").fetchall()
            )

    def events(self, language: str | None = None) -> list[EventRow]:
        sql = _EVENT_SELECT
        params: list[Any] = []
        if language is not None:
            sql += " WHERE language = ?"
            params.append(language)
        with self.connect() as con:
            return rows_as(con.execute(sql + " ORDER BY event_id", params), EventRow, json_columns=("payload",))

    def events_by_id(self, event_ids: Sequence[str]) -> dict[str, EventRow]:
        if not event_ids:
            return {}
        with self.connect() as con:
            cursor = con.execute(_EVENT_SELECT + " WHERE list_contains(?, event_id)", [list(event_ids)])
            rows = rows_as(cursor, EventRow, json_columns=("payload",))
        return {r.event_id: r for r in rows}

    def record_run(self, stage: str, started_at: datetime, stats: dict[str, Any]) -> str:
        run_id = f"{stage}-{uuid.uuid4().hex[:12]}"
        with self.connect() as con:
            con.execute("INSERT INTO runs VALUES (?,?,?,?,?)", [run_id, stage, started_at, now(), json.dumps(stats)])
        return run_id
