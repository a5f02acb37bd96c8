"""The DuckDB store: the only module that issues SQL.

DuckDB admits one read-write process per file, and the pipeline and the review page are different
processes, so every unit of work opens a short connection and retries a bounded number of times
while another process holds the lock. Heavy compute happens between connections, never inside one.
The ingest's batches are the exception: a `BatchWriter` keeps its connection across batches for a
bounded time, because opening and closing one (a checkpoint) costs more than storing a batch.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

SCHEMA = """
-- event_id is unique without a key index: every write checks its batch against the table inside the
-- batch's transaction, and DuckDB lets one process write a file at a time. DuckDB keeps a key index in
-- memory whole (about 100 bytes per event), so the ingest's memory would grow with the table.
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    conversation_id VARCHAR NOT NULL,
    patient_ref VARCHAR,
    model_version VARCHAR NOT NULL,
    payload JSON NOT NULL,
    source_topic VARCHAR,
    source_partition INTEGER,
    source_offset BIGINT,
    ingested_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS dead_letters (
    source_topic VARCHAR NOT NULL,
    source_partition INTEGER NOT NULL,
    source_offset BIGINT NOT NULL,
    reason VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    event_id VARCHAR,
    size_bytes BIGINT NOT NULL,
    dead_lettered_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source_topic, source_partition, source_offset)
);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    stage VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    stats JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id VARCHAR PRIMARY KEY,
    run_id VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    keywords JSON NOT NULL,
    size INTEGER NOT NULL,
    kind_shares JSON NOT NULL,
    exemplar_ids JSON NOT NULL,
    first_seen TIMESTAMPTZ,
    last_seen TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS growth_7d DOUBLE DEFAULT 0;
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS growth_28d DOUBLE DEFAULT 0;
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS theme_id VARCHAR DEFAULT '';
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS theme_label VARCHAR DEFAULT '';
CREATE TABLE IF NOT EXISTS cluster_assignments (
    event_id VARCHAR PRIMARY KEY,
    cluster_id VARCHAR,
    run_id VARCHAR NOT NULL,
    probability DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS cluster_lineage (
    run_id VARCHAR NOT NULL,
    event VARCHAR NOT NULL,
    cluster_id VARCHAR NOT NULL,
    parent_id VARCHAR,
    share DOUBLE NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS review_items (
    item_id VARCHAR PRIMARY KEY,
    event_id VARCHAR NOT NULL,
    cluster_id VARCHAR NOT NULL,
    priority DOUBLE NOT NULL,
    status VARCHAR NOT NULL,
    reference_answer VARCHAR,
    note VARCHAR,
    version INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR
);
CREATE SEQUENCE IF NOT EXISTS audit_seq;
CREATE TABLE IF NOT EXISTS audit_log (
    seq BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    logged_at TIMESTAMPTZ NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    item_id VARCHAR,
    detail JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS reviewers (
    username VARCHAR PRIMARY KEY,
    password_hash VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS datasets (
    name VARCHAR NOT NULL,
    version VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    path VARCHAR NOT NULL,
    manifest JSON NOT NULL,
    PRIMARY KEY (name, version)
);
"""

REVIEW_STATUSES = ("pending", "accepted", "rejected")
CONFLICT_REASON = "event_id_conflict"


_ATTACH_LOCK = threading.Lock()
# Event writes check their ids against the table and then insert: one at a time within a process too.
_EVENT_WRITE_LOCK = threading.Lock()


def _is_busy(exc: Exception) -> bool:
    message = str(exc).lower()
    return "lock" in message or "file handle conflict" in message or "already attached" in message


class StoreBusyError(RuntimeError):
    """Another process held the database lock for longer than the retry budget."""


class VersionConflictError(RuntimeError):
    """The review item changed since the reviewer loaded it."""


class NotFoundError(LookupError):
    pass


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class StoredEvent:
    event_id: str
    content_hash: str
    kind: str
    language: str
    occurred_at: datetime
    conversation_id: str
    patient_ref: str | None
    model_version: str
    payload: dict[str, Any] | str  # a str is the payload already encoded as JSON
    source_topic: str | None = None
    source_partition: int | None = None
    source_offset: int | None = None
    size_bytes: int = 0


@dataclass(frozen=True)
class DeadLetter:
    source_topic: str
    source_partition: int
    source_offset: int
    reason: str
    message: str
    size_bytes: int
    event_id: str | None = None


@dataclass
class WriteResult:
    stored: int = 0
    duplicates: int = 0
    conflicts: list[StoredEvent] = field(default_factory=list)
    dead_lettered: int = 0


@dataclass(frozen=True)
class EventRow:
    event_id: str
    kind: str
    language: str
    occurred_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True)
class Cluster:
    cluster_id: str
    run_id: str
    language: str
    label: str
    keywords: list[str]
    size: int
    kind_shares: dict[str, float]
    exemplar_ids: list[str]
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    growth_7d: float = 0.0  # new items per day over the 7 days before the newest event of the run
    growth_28d: float = 0.0  # same over 28 days
    theme_id: str = ""  # the failure theme (cluster.themes, named by cluster.identity.theme_ids)
    theme_label: str = ""


@dataclass(frozen=True)
class Assignment:
    event_id: str
    cluster_id: str | None
    probability: float


@dataclass(frozen=True)
class LineageRecord:
    event: str  # continued | split | merged | born | died
    cluster_id: str  # the new cluster (for "died", the old one)
    parent_id: str | None
    share: float  # share of the parent's members that went to this cluster
    run_id: str = ""


@dataclass(frozen=True)
class NewReviewItem:
    item_id: str
    event_id: str
    cluster_id: str
    priority: float


@dataclass(frozen=True)
class ReviewItem:
    item_id: str
    event_id: str
    cluster_id: str
    cluster_label: str
    priority: float
    status: str
    reference_answer: str | None
    note: str | None
    version: int
    updated_at: datetime
    updated_by: str | None
    event: dict[str, Any]
    theme_id: str = ""
    theme_label: str = ""


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    item_id: str | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class ItemPage:
    item: ReviewItem
    keywords: list[str]
    history: list[AuditEntry]


@dataclass(frozen=True)
class QueuePage:
    items: list[ReviewItem]
    counts: dict[str, int]


def _columns(rows: Sequence[Any], row_type: type, skip: tuple[str, ...] = ()) -> dict[str, list[Any]]:
    """One list per field of the dataclass `row_type`, for `Store._insert`."""
    return {f.name: [getattr(r, f.name) for r in rows] for f in fields(row_type) if f.name not in skip}


def _event_columns(events: Sequence[StoredEvent], at: datetime) -> dict[str, list[Any]]:
    columns = _columns(events, StoredEvent, skip=("size_bytes",))
    columns["payload"] = [p if isinstance(p, str) else json.dumps(p, ensure_ascii=False) for p in columns["payload"]]
    return {**columns, "ingested_at": [at] * len(events)}


def _dead_letter_columns(letters: Sequence[DeadLetter], at: datetime) -> dict[str, list[Any]]:
    return {**_columns(letters, DeadLetter), "dead_lettered_at": [at] * len(letters)}


# DuckDB's memory beyond its indexes while a `BatchWriter` holds the file.
_WRITER_MEMORY_HEADROOM = 32 * 2**20


class BatchWriter:
    """Writes ingest batches, each in its own transaction, over one connection kept between batches.

    Other processes (the review page, other consumers) wait while it is held, so it is let go once it has
    been held `hold_s` seconds (0: after every batch), on `release()` (call it before waiting on anything
    else, e.g. the broker) and on exit.
    """

    def __init__(self, store: Store, hold_s: float) -> None:
        self._store = store
        self._hold_s = hold_s
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened_at = 0.0

    def write_batch(self, events: Sequence[StoredEvent], dead_letters: Sequence[DeadLetter]) -> WriteResult:
        """As `Store.write_batch`: the transaction has committed when this returns."""
        if self._con is None:
            self._con = self._store._open()
            self._opened_at = time.monotonic()
        try:
            result = self._store._write_batch(self._con, events, dead_letters)
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

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class Store:
    def __init__(self, path: Path, *, lock_timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        self.lock_timeout_s = lock_timeout_s
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as con:
            con.execute(SCHEMA)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self._open(read_only)
        try:
            yield con
        finally:
            self._close(con)

    def _open(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_timeout_s
        delay = 0.01
        while True:
            try:
                # DuckDB shares one database instance per file within a process; attaching it while
                # another thread detaches it fails, so opening and closing are serialised here.
                with _ATTACH_LOCK:
                    return duckdb.connect(str(self.path), read_only=read_only)
            except (duckdb.IOException, duckdb.ResourceInUseException) as exc:
                if not _is_busy(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"database {self.path.name} stayed locked by another process for "
                        f"{self.lock_timeout_s:.0f}s; retry when the other run finishes"
                    ) from None
                # Short waits: a writer that holds the file across batches lets go only briefly.
                time.sleep(delay)
                delay = min(delay * 2, 0.05)

    @staticmethod
    def _close(con: duckdb.DuckDBPyConnection) -> None:
        with _ATTACH_LOCK:
            con.close()

    @contextmanager
    def transaction(self, con: duckdb.DuckDBPyConnection | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction, on `con` if given, else on a connection of its own."""
        with ExitStack() as stack:
            if con is None:
                con = stack.enter_context(self.connect())
            con.begin()
            try:
                yield con
            except BaseException:
                con.rollback()
                raise
            con.commit()

    # ---- ingest -------------------------------------------------------------------------------

    def writer(self, hold_s: float) -> BatchWriter:
        return BatchWriter(self, hold_s)

    def write_batch(self, events: Sequence[StoredEvent], dead_letters: Sequence[DeadLetter]) -> WriteResult:
        """Store a batch in one transaction, idempotent by `event_id`.

        An event whose id is stored with the same content hash is a duplicate (no-op); with another
        hash it is a conflict: never written, dead-lettered in the same transaction and returned to the
        caller, which publishes it to the dead-letter topic.
        """
        with self.connect() as con:
            return self._write_batch(con, events, dead_letters)

    def _write_batch(
        self, con: duckdb.DuckDBPyConnection, events: Sequence[StoredEvent], dead_letters: Sequence[DeadLetter]
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

    @staticmethod
    def _insert(
        con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[Any]], *, or_ignore: bool = False
    ) -> int:
        """One INSERT of whole columns (row-at-a-time inserts are slow in DuckDB); returns the rows inserted."""
        select = ", ".join(f"unnest(${i}) AS {name}" for i, name in enumerate(columns, start=1))
        sql = f"INSERT INTO {table} BY NAME SELECT {select}" + (" ON CONFLICT DO NOTHING" if or_ignore else "")
        row = con.execute(sql, list(columns.values())).fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

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
            rows = con.execute(
                "SELECT source_topic, source_partition, source_offset, reason, message, size_bytes, event_id "
                "FROM dead_letters ORDER BY dead_lettered_at, source_partition, source_offset LIMIT ?",
                [limit],
            ).fetchall()
        return [DeadLetter(*r) for r in rows]

    def dead_letter_reasons(self) -> dict[str, int]:
        with self.connect() as con:
            return dict(
                con.execute("SELECT reason, count(*) FROM dead_letters GROUP BY reason ORDER BY reason").fetchall()
            )

    def events(self, language: str | None = None) -> list[EventRow]:
        sql = "SELECT event_id, kind, language, occurred_at, payload FROM events"
        params: list[Any] = []
        if language is not None:
            sql += " WHERE language = ?"
            params.append(language)
        with self.connect() as con:
            rows = con.execute(sql + " ORDER BY event_id", params).fetchall()
        return [EventRow(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def events_by_id(self, event_ids: Sequence[str]) -> dict[str, EventRow]:
        if not event_ids:
            return {}
        with self.connect() as con:
            rows = con.execute(
                "SELECT event_id, kind, language, occurred_at, payload FROM events WHERE list_contains(?, event_id)",
                [list(event_ids)],
            ).fetchall()
        return {r[0]: EventRow(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows}

    # ---- runs -----------------------------------------------------------------------------------

    def record_run(self, stage: str, started_at: datetime, stats: dict[str, Any]) -> str:
        run_id = f"{stage}-{uuid.uuid4().hex[:12]}"
        with self.connect() as con:
            con.execute("INSERT INTO runs VALUES (?,?,?,?,?)", [run_id, stage, started_at, now(), json.dumps(stats)])
        return run_id

    # ---- clustering -------------------------------------------------------------------------

    def save_clustering(
        self,
        run_id: str,
        clusters: Sequence[Cluster],
        assignments: Sequence[Assignment],
        lineage: Sequence[LineageRecord] = (),
    ) -> None:
        """Replace the current clustering with this run's (a full fit), and append its lineage."""
        at = now()
        with self.transaction() as con:
            con.execute("DELETE FROM clusters")
            con.execute("DELETE FROM cluster_assignments")
            if lineage:
                con.executemany(
                    "INSERT INTO cluster_lineage VALUES (?,?,?,?,?,?)",
                    [(run_id, r.event, r.cluster_id, r.parent_id, r.share, at) for r in lineage],
                )
            self._insert_clusters(con, run_id, clusters, assignments, at)

    def update_clustering(self, run_id: str, clusters: Sequence[Cluster], assignments: Sequence[Assignment]) -> None:
        """An incremental run: replace the given clusters' rows and upsert the given assignments."""
        at = now()
        with self.transaction() as con:
            if clusters:
                con.executemany("DELETE FROM clusters WHERE cluster_id = ?", [[c.cluster_id] for c in clusters])
            if assignments:
                con.executemany(
                    "DELETE FROM cluster_assignments WHERE event_id = ?", [[a.event_id] for a in assignments]
                )
            self._insert_clusters(con, run_id, clusters, assignments, at)

    def cluster_lineage(self) -> list[LineageRecord]:
        with self.connect() as con:
            rows = con.execute(
                "SELECT event, cluster_id, parent_id, share, run_id FROM cluster_lineage "
                "ORDER BY recorded_at, run_id, cluster_id, event, parent_id"
            ).fetchall()
        return [LineageRecord(*r) for r in rows]

    def cluster_ids_ever(self) -> set[str]:
        """Every cluster id in use now or recorded in the lineage (ids are never reused)."""
        with self.connect() as con:
            rows = con.execute(
                "SELECT cluster_id FROM clusters UNION SELECT cluster_id FROM cluster_lineage "
                "UNION SELECT parent_id FROM cluster_lineage WHERE parent_id IS NOT NULL"
            ).fetchall()
        return {r[0] for r in rows}

    @staticmethod
    def _insert_clusters(
        con: duckdb.DuckDBPyConnection,
        run_id: str,
        clusters: Sequence[Cluster],
        assignments: Sequence[Assignment],
        at: datetime,
    ) -> None:
        if clusters:
            con.executemany(
                "INSERT INTO clusters (cluster_id, run_id, language, label, keywords, size, kind_shares, "
                "exemplar_ids, first_seen, last_seen, created_at, growth_7d, growth_28d, theme_id, theme_label) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        c.cluster_id,
                        run_id,
                        c.language,
                        c.label,
                        json.dumps(c.keywords, ensure_ascii=False),
                        c.size,
                        json.dumps(c.kind_shares),
                        json.dumps(c.exemplar_ids),
                        c.first_seen,
                        c.last_seen,
                        at,
                        c.growth_7d,
                        c.growth_28d,
                        c.theme_id,
                        c.theme_label,
                    )
                    for c in clusters
                ],
            )
        if assignments:
            con.executemany(
                "INSERT INTO cluster_assignments VALUES (?,?,?,?)",
                [(a.event_id, a.cluster_id, run_id, a.probability) for a in assignments],
            )

    _CLUSTER_SELECT = (
        "SELECT cluster_id, run_id, language, label, keywords, size, kind_shares, exemplar_ids, "
        "first_seen, last_seen, growth_7d, growth_28d, theme_id, theme_label FROM clusters"
    )

    def clusters(self) -> list[Cluster]:
        with self.connect() as con:
            rows = con.execute(self._CLUSTER_SELECT + " ORDER BY size DESC, cluster_id").fetchall()
        return [self._cluster(r) for r in rows]

    def cluster(self, cluster_id: str) -> Cluster | None:
        with self.connect() as con:
            return self._cluster_by_id(con, cluster_id)

    def _cluster_by_id(self, con: duckdb.DuckDBPyConnection, cluster_id: str) -> Cluster | None:
        r = con.execute(self._CLUSTER_SELECT + " WHERE cluster_id = ?", [cluster_id]).fetchone()
        return None if r is None else self._cluster(r)

    @staticmethod
    def _cluster(r: tuple[Any, ...]) -> Cluster:
        return Cluster(
            r[0],
            r[1],
            r[2],
            r[3],
            json.loads(r[4]),
            r[5],
            json.loads(r[6]),
            json.loads(r[7]),
            r[8],
            r[9],
            r[10],
            r[11],
            r[12] or "",
            r[13] or "",
        )

    def assignments(self) -> dict[str, str | None]:
        with self.connect() as con:
            return dict(con.execute("SELECT event_id, cluster_id FROM cluster_assignments").fetchall())

    # ---- review -------------------------------------------------------------------------------

    def add_review_items(self, items: Sequence[NewReviewItem]) -> int:
        """Queue items; an item already queued keeps its status and decisions (priority is refreshed)."""
        if not items:
            return 0
        at = now()
        with self.transaction() as con:
            before = self._count(con, "review_items")
            con.executemany(
                "INSERT INTO review_items VALUES (?,?,?,?,'pending',NULL,NULL,1,?,?,NULL) "
                "ON CONFLICT (item_id) DO UPDATE SET priority = excluded.priority, cluster_id = excluded.cluster_id",
                [(i.item_id, i.event_id, i.cluster_id, i.priority, at, at) for i in items],
            )
            return self._count(con, "review_items") - before

    _ITEM_SELECT = (
        "SELECT r.item_id, r.event_id, r.cluster_id, coalesce(c.label, r.cluster_id), r.priority, r.status, "
        "r.reference_answer, r.note, r.version, r.updated_at, r.updated_by, e.payload, coalesce(c.theme_id, ''), "
        "coalesce(c.theme_label, '') "
        "FROM review_items r JOIN events e USING (event_id) LEFT JOIN clusters c USING (cluster_id)"
    )

    @staticmethod
    def _item(r: tuple[Any, ...]) -> ReviewItem:
        return ReviewItem(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], json.loads(r[11]), r[12], r[13]
        )

    def review_queue(self, status: str | None = "pending", limit: int = 200) -> list[ReviewItem]:
        with self.connect() as con:
            return self._review_queue(con, status, limit)

    def _review_queue(self, con: duckdb.DuckDBPyConnection, status: str | None, limit: int) -> list[ReviewItem]:
        sql = self._ITEM_SELECT
        params: list[Any] = []
        if status is not None:
            sql += " WHERE r.status = ?"
            params.append(status)
        sql += " ORDER BY r.priority DESC, r.item_id LIMIT ?"
        params.append(limit)
        return [self._item(r) for r in con.execute(sql, params).fetchall()]

    def queue_page(self, status: str | None = "pending", limit: int = 200) -> QueuePage:
        """What the queue page shows, read on one connection."""
        with self.connect() as con:
            counts = self._review_counts(con)
            return QueuePage(self._review_queue(con, status, limit), counts)

    def accepted_items(self) -> list[ReviewItem]:
        with self.connect() as con:
            rows = con.execute(self._ITEM_SELECT + " WHERE r.status = 'accepted' ORDER BY r.event_id, r.item_id")
            return [self._item(r) for r in rows.fetchall()]

    def review_item(self, item_id: str) -> ReviewItem:
        with self.connect() as con:
            return self._review_item(con, item_id)

    def _review_item(self, con: duckdb.DuckDBPyConnection, item_id: str) -> ReviewItem:
        row = con.execute(self._ITEM_SELECT + " WHERE r.item_id = ?", [item_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no review item {item_id!r}")
        return self._item(row)

    def item_page(self, item_id: str) -> ItemPage:
        """What an item's page shows, read on one connection."""
        with self.connect() as con:
            item = self._review_item(con, item_id)
            cluster = self._cluster_by_id(con, item.cluster_id)
            return ItemPage(item, cluster.keywords if cluster else [], self._audit_log(con, item_id))

    def decide(
        self,
        item_id: str,
        *,
        reviewer: str,
        status: str,
        expected_version: int,
        reference_answer: str | None = None,
        note: str | None = None,
    ) -> ReviewItem:
        """Record a decision if the item is still at `expected_version`; audit it in the same transaction."""
        if status not in REVIEW_STATUSES:
            raise ValueError(f"status must be one of {REVIEW_STATUSES}, not {status!r}")
        at = now()
        try:
            self._decide(
                item_id=item_id,
                reviewer=reviewer,
                status=status,
                expected_version=expected_version,
                reference_answer=reference_answer,
                note=note,
                at=at,
            )
        except duckdb.TransactionException as exc:
            if "conflict" not in str(exc).lower():
                raise
            raise VersionConflictError(
                f"item {item_id} was changed by someone else at the same moment; reload it and decide again"
            ) from None
        return self.review_item(item_id)

    def _decide(
        self,
        *,
        item_id: str,
        reviewer: str,
        status: str,
        expected_version: int,
        reference_answer: str | None,
        note: str | None,
        at: datetime,
    ) -> None:
        with self.transaction() as con:
            row = con.execute(
                "SELECT version, status, reference_answer FROM review_items WHERE item_id = ?", [item_id]
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no review item {item_id!r}")
            if row[0] != expected_version:
                raise VersionConflictError(
                    f"item {item_id} was changed by someone else (now version {row[0]}, you had "
                    f"{expected_version}); reload it and decide again"
                )
            con.execute(
                "UPDATE review_items SET status = ?, reference_answer = ?, note = ?, version = version + 1, "
                "updated_at = ?, updated_by = ? WHERE item_id = ?",
                [status, reference_answer, note, at, reviewer, item_id],
            )
            detail = {
                "from_status": row[1],
                "to_status": status,
                "version": expected_version + 1,
                "reference_answer_changed": reference_answer != row[2],
                "note": note,
            }
            con.execute(
                "INSERT INTO audit_log (logged_at, actor, action, item_id, detail) VALUES (?,?,?,?,?)",
                [at, reviewer, f"decision.{status}", item_id, json.dumps(detail, ensure_ascii=False)],
            )

    def audit(self, actor: str, action: str, detail: dict[str, Any], item_id: str | None = None) -> None:
        with self.connect() as con:
            con.execute(
                "INSERT INTO audit_log (logged_at, actor, action, item_id, detail) VALUES (?,?,?,?,?)",
                [now(), actor, action, item_id, json.dumps(detail, ensure_ascii=False)],
            )

    def audit_log(self, item_id: str | None = None) -> list[AuditEntry]:
        with self.connect() as con:
            return self._audit_log(con, item_id)

    @staticmethod
    def _audit_log(con: duckdb.DuckDBPyConnection, item_id: str | None) -> list[AuditEntry]:
        sql = "SELECT seq, logged_at, actor, action, item_id, detail FROM audit_log"
        params: list[Any] = []
        if item_id is not None:
            sql += " WHERE item_id = ?"
            params.append(item_id)
        rows = con.execute(sql + " ORDER BY seq", params).fetchall()
        return [AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]

    def review_counts(self) -> dict[str, int]:
        with self.connect() as con:
            return self._review_counts(con)

    @staticmethod
    def _review_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        return dict(con.execute("SELECT status, count(*) FROM review_items GROUP BY status").fetchall())

    # ---- reviewers ----------------------------------------------------------------------------

    def add_reviewer(self, username: str, password_hash: str) -> None:
        with self.connect() as con:
            con.execute(
                "INSERT INTO reviewers VALUES (?,?,?) ON CONFLICT (username) DO UPDATE "
                "SET password_hash = excluded.password_hash",
                [username, password_hash, now()],
            )

    def reviewer_password_hash(self, username: str) -> str | None:
        with self.connect() as con:
            row = con.execute("SELECT password_hash FROM reviewers WHERE username = ?", [username]).fetchone()
        return row[0] if row else None

    # ---- datasets -----------------------------------------------------------------------------

    def record_dataset(self, name: str, version: str, path: str, manifest: dict[str, Any]) -> None:
        with self.connect() as con:
            con.execute(
                "INSERT INTO datasets VALUES (?,?,?,?,?)",
                [name, version, now(), path, json.dumps(manifest, ensure_ascii=False)],
            )

    def dataset_versions(self, name: str) -> list[tuple[str, dict[str, Any]]]:
        with self.connect() as con:
            rows = con.execute(
                "SELECT version, manifest FROM datasets WHERE name = ? ORDER BY created_at", [name]
            ).fetchall()
        return [(r[0], json.loads(r[1])) for r in rows]
