"""The two DuckDB files of a data dir, split by owner, so that the review page never waits on the pipeline:

- the pipeline's file (`Settings.db_path`): events, dead letters, runs, clusters, assignments, lineage,
  causes; written by ingest, clustering and triage;
- the review file (`Settings.review_db_path`): review items, decisions, accounts, sessions, the audit log,
  datasets, and copies of what the review page shows, handed over by the triage stage (`Store.hand_over`).

DuckDB lets one process write a file at a time; ingest and clustering never open the review file, so the
page and they never take turns.

A data dir from before the split has its review state in the pipeline's file: the first `review_store`
copies it (and the copies the page needs) into a new review file once, and leaves the old rows where they
were, unread.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from infra.settings import Settings
from infra.store.schema import SCHEMA

if TYPE_CHECKING:
    from infra.store import Store

# The review state proper, copied whole.
_REVIEW_TABLES = ("reviewers", "review_sessions", "review_items", "review_decisions", "audit_log", "datasets")
# What the page shows with it (the rows a handoff copies): the items' events and their clusters' most probable
# members (`MEMBERS_PER_CLUSTER`), with their assignments and causes; the clusters and their causes.
MEMBERS_PER_CLUSTER = 6
# The once-only move of an older data dir's review state waits this long for a running pipeline stage to let go
# of its file (a start that gave up after the usual 10 s had to be repeated).
MIGRATION_WAIT_S = 300.0
_WANTED_EVENTS = (
    "SELECT event_id FROM (SELECT event_id FROM review_items UNION SELECT event_id FROM cluster_assignments "
    "WHERE cluster_id IS NOT NULL "
    "QUALIFY row_number() OVER (PARTITION BY cluster_id ORDER BY probability DESC, event_id) <= "
    f"{MEMBERS_PER_CLUSTER})"
)


def pipeline_store(settings: Settings) -> Store:
    from infra.store import Store

    return Store(settings.db_path)


def review_store(settings: Settings) -> Store:
    from infra.store import Store

    path = settings.review_db_path
    if not path.exists() and settings.db_path.exists():
        with _migration_lock(path):
            if not path.exists():
                _migrate(Store(settings.db_path, lock_timeout_s=MIGRATION_WAIT_S), path)
    return Store(path, shared=True)


@contextlib.contextmanager
def _migration_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = path.with_name(path.name + ".migrating")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _arrow(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "makes an extra copy": small tables, once
        return con.execute(sql).to_arrow_table()


def _migrate(old: Store, path: Path) -> None:
    """Copy an older data dir's review state out of the pipeline's file into a new review file at `path`,
    with the dashboard's counts as a handoff would bring them."""
    from infra.records import DASHBOARD_DAYS, DailySignals

    with old.connect() as con:
        if not any(old._count(con, t) for t in _REVIEW_TABLES):
            return
        tables: dict[str, Any] = {t: _arrow(con, f"SELECT * FROM {t}") for t in _REVIEW_TABLES}
        for t in ("events", "cluster_assignments", "event_causes"):
            tables[t] = _arrow(con, f"SELECT * FROM {t} WHERE event_id IN ({_WANTED_EVENTS})")
        for t in ("clusters", "cluster_causes"):
            tables[t] = _arrow(con, f"SELECT * FROM {t}")
        daily: list[DailySignals] = old._daily(con, DASHBOARD_DAYS)
        funnel = old._funnel(con)
        row = con.execute(
            "SELECT (SELECT coalesce(max(decision_id), 0) FROM review_decisions), "
            "(SELECT coalesce(max(seq), 0) FROM audit_log)"
        ).fetchone()
    decisions, audits = (int(v) for v in (row or (0, 0)))
    building = path.with_name(f".{path.name}.{os.getpid()}.new")
    building.unlink(missing_ok=True)
    new = duckdb.connect(str(building))
    try:
        # The sequences go on from the old file's, created before the schema would create them from 1.
        new.execute(f"CREATE SEQUENCE decision_seq START WITH {decisions + 1}")
        new.execute(f"CREATE SEQUENCE audit_seq START WITH {audits + 1}")
        new.execute(SCHEMA)
        new.begin()
        for name, table in tables.items():
            new.register("copied", table)
            new.execute(f"INSERT INTO {name} BY NAME SELECT * FROM copied")
            new.unregister("copied")
        old._replace_daily(new, daily)
        counts = {name: table.num_rows for name, table in tables.items()}
        at = datetime.now(UTC)
        new.execute(
            "INSERT INTO handoffs (run_id, taken_at, handed_at, signals, clustered, stats) VALUES (?,?,?,?,?,?)",
            ["migrated", at, at, funnel.signals, funnel.clustered, json.dumps(counts)],
        )
        old._append_audit(new, at, "outerloop", "review.migrated", None, {"from": old.path.name, "rows": counts})
        new.commit()
        new.execute("CHECKPOINT")
    finally:
        new.close()
    os.chmod(building, 0o600)
    os.replace(building, path)
