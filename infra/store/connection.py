"""Connections to the DuckDB file: bounded retries while another process holds it, transactions,
column-wise inserts and rows read back by column name.

DuckDB admits one read-write process per file. Every unit of work opens a short connection; heavy compute
happens between connections, never inside one. Before it opens the file, a process claims it (`Intent`, an
exclusive `flock` held until its last connection closes), so processes take the file in strict turns. DuckDB's
own lock alone did not keep processes that take quick turns apart: now and then a committed batch was lost,
or a read failed with "Could not read enough bytes" (`tests/ingest/test_store_turns.py`). The
pipeline and the review page use files of their own (`infra.store.files`); the review service keeps its file
open and lets go while another process claims it (`infra.store.sharing`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from infra.records import StoreBusyError
from infra.store.schema import SCHEMA
from infra.store.sharing import Holder, Intent, intent_path

_ATTACH_LOCK = threading.Lock()
_THREAD = threading.local()  # per thread: connections open per file

Row = TypeVar("Row")


def now() -> datetime:
    return datetime.now(UTC)


def _is_busy(exc: Exception) -> bool:
    message = str(exc).lower()
    # "different configuration": this process has the file open read-write (the review service's own
    # connection, about to be let go) and a read-only connection was asked for.
    return any(m in message for m in ("lock", "file handle conflict", "already attached", "different configuration"))


def columns_of(rows: Sequence[Any], row_type: type, skip: tuple[str, ...] = ()) -> dict[str, list[Any]]:
    """One list per field of the dataclass `row_type`, for `StoreBase._insert`."""
    return {f.name: [getattr(r, f.name) for r in rows] for f in fields(row_type) if f.name not in skip}


def rows_as(
    cursor: duckdb.DuckDBPyConnection,
    make: Callable[..., Row],
    *,
    json_columns: Collection[str] = (),
    defaults: dict[str, Any] | None = None,
) -> list[Row]:
    """The cursor's rows as `make(**row)`, mapped by column name; JSON columns decoded, NULLs replaced
    by `defaults` where given."""
    names = [d[0] for d in cursor.description or ()]
    out: list[Row] = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        for name in json_columns:
            if row.get(name) is not None:
                row[name] = json.loads(row[name])
        for name, default in (defaults or {}).items():
            if row.get(name) is None:
                row[name] = default
        out.append(make(**row))
    return out


class StoreBase:
    def __init__(self, path: Path, *, lock_timeout_s: float = 10.0, shared: bool = False) -> None:
        """`shared`: the file may be held open by a long-running process (the review service, `hold`)."""
        self.path = Path(path)
        self.lock_timeout_s = lock_timeout_s
        self.shared = shared
        self._holder: Holder | None = None
        self._claimed: set[int] = set()  # ids of open connections that took the intent
        # The file holds reviewers' password hashes and sessions: a data directory this creates is 0700,
        # the database file and its WAL are 0600.
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self.connect() as con:
            con.execute(SCHEMA)
        for path in (self.path, self.path.with_name(self.path.name + ".wal"), intent_path(self.path)):
            if path.exists() and path.stat().st_mode & 0o077:
                path.chmod(0o600)

    def hold(self) -> None:
        """Keep the file open in this process (a connection per request then costs well under a millisecond,
        not an open and a checkpoint), letting go while another process claims it (only `shared` stores)."""
        if not self.shared:
            raise ValueError(f"{self.path.name} is not shared with other processes; nothing to hold")
        if self._holder is None:
            self._holder = Holder(self.path, self._anchor, self._drop_anchor)
            self._holder.start()

    def let_go(self) -> None:
        """Stop holding the file (threads waiting to open a connection go on)."""
        holder, self._holder = self._holder, None
        if holder is not None:
            holder.stop()

    def _anchor(self) -> duckdb.DuckDBPyConnection:
        return self._connect(False, time.monotonic() + self.lock_timeout_s)

    @staticmethod
    def _drop_anchor(con: object) -> None:
        with _ATTACH_LOCK:
            con.close()  # type: ignore[attr-defined]

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self._open(read_only)
        try:
            yield con
        finally:
            self._close(con)

    def _open(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_timeout_s
        mine: dict[str, int] = _THREAD.__dict__.setdefault("open", {})
        key = str(self.path)
        holder = self._holder
        claims = holder is None  # a holder's own connections need no claim: it lets go when others claim
        # While another process works in the file, wait here (a thread with a connection open goes on).
        if holder is not None and not mine.get(key) and not holder.gate.wait(max(deadline - time.monotonic(), 0)):
            raise StoreBusyError(
                f"database {self.path.name} stayed claimed by another process for {self.lock_timeout_s:.0f}s"
            )
        if claims:
            Intent.take(self.path, deadline)
        try:
            con = self._connect(read_only, deadline)
        except BaseException:
            if claims:
                Intent.give(self.path)
            raise
        mine[key] = mine.get(key, 0) + 1
        if claims:
            self._claimed.add(id(con))
        return con

    def _connect(self, read_only: bool, deadline: float) -> duckdb.DuckDBPyConnection:
        delay = 0.01
        while True:
            try:
                # DuckDB shares one database instance per file within a process; attaching it while
                # another thread detaches it fails, so opening and closing are serialised here.
                with _ATTACH_LOCK:
                    return duckdb.connect(str(self.path), read_only=read_only)
            except (duckdb.IOException, duckdb.ResourceInUseException, duckdb.ConnectionException) as exc:
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

    def _close(self, con: duckdb.DuckDBPyConnection) -> None:
        with _ATTACH_LOCK:
            con.close()
        mine: dict[str, int] = _THREAD.__dict__.setdefault("open", {})
        key = str(self.path)
        mine[key] = max(mine.get(key, 0) - 1, 0)
        if id(con) in self._claimed:
            self._claimed.discard(id(con))
            Intent.give(self.path)

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
