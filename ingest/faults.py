"""A test hook for crash tests: pause the ingest at a named point so a test can `kill -9` it exactly there.

Inert unless `OUTERLOOP_FAULT_PAUSE=<point>:<batch>` is set, e.g. `write:3` pauses inside the store
transaction of the third batch. The process announces `outerloop-fault-pause <point> <batch>` on stderr
and sleeps until killed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from infra.store import Store

FAULT_ENV = "OUTERLOOP_FAULT_PAUSE"
POINTS = ("poll", "write", "commit")
ANNOUNCEMENT = "outerloop-fault-pause"


def _armed() -> tuple[str, int] | None:
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return None
    point, _, batch = spec.partition(":")
    if point not in POINTS or not batch.isdigit():
        raise ValueError(f"{FAULT_ENV} must be <point>:<batch> with point one of {POINTS}, not {spec!r}")
    return point, int(batch)


def fault_point(point: str, batch: int) -> None:
    if _armed() == (point, batch):
        print(f"{ANNOUNCEMENT} {point} {batch}", file=sys.stderr, flush=True)
        while True:
            time.sleep(60)


class FaultPausingStore(Store):
    """A store whose transactions can pause before COMMIT (the `write` point); plain otherwise."""

    batch = 0

    @contextmanager
    def transaction(self, con: duckdb.DuckDBPyConnection | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        with super().transaction(con) as con:
            yield con
            fault_point("write", self.batch)


def ingest_store(path: Path) -> Store:
    armed = _armed()
    return FaultPausingStore(path) if armed and armed[0] == "write" else Store(path)
