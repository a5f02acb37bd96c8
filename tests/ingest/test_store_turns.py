"""Processes that write one DuckDB file in quick turns (the ingest's consumer processes, with a reader such as
`outerloop status` between them) lose no committed row and never read a file another one is still closing.

DuckDB's own lock let that happen: with two writers and a reader taking turns connection by connection, a
run of a few hundred batches now and then lost a committed batch or failed a read with "Could not read enough
bytes". The store claims the file (`infra.store.sharing.Intent`) before DuckDB opens it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from infra.store import Store
from tests.ingest._support import REPO

BATCHES = 150
ROWS = 20
ROUNDS = 3

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from infra.records import StoredEvent
    from infra.store import Store

    path, member, batches, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    writer = Store(path, lock_timeout_s=300).writer(hold_s=0)  # lets go after every batch, as `--consumers N`
    at = datetime(2026, 10, 1, tzinfo=UTC)
    stored = 0
    for b in range(batches):
        events = [
            StoredEvent(f"m{member}-{b}-{i}", f"h{member}-{b}-{i}", "bad_case", "en", at, "c", None, "m1",
                        {"n": i}, "t", member, b * rows + i, 10)
            for i in range(rows)
        ]
        stored += writer.write_batch(events, []).stored
    print(stored)
    """
)

READER = textwrap.dedent(
    """
    import os, sys
    from infra.store import Store

    store = Store(sys.argv[1], lock_timeout_s=300)
    reads = 0
    while not os.path.exists(sys.argv[2]):
        store.counts()
        reads += 1
    print(reads)
    """
)


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _finish(process: subprocess.Popen[str]) -> int:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    return int(out.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_writers_and_a_reader_in_turns_lose_nothing(tmp_path: Path, round_: int) -> None:
    path = tmp_path / "pipeline.duckdb"
    Store(path)  # the schema, before the processes race for the file
    stop = tmp_path / "stop"
    reader = _start(READER, str(path), str(stop))
    writers = [_start(WRITER, str(path), str(m), str(BATCHES), str(ROWS)) for m in range(2)]
    try:
        stored = [_finish(w) for w in writers]
    finally:
        stop.touch()
        reads = _finish(reader)
        for p in (*writers, reader):
            if p.poll() is None:
                p.kill()
                p.wait()
    assert stored == [BATCHES * ROWS] * 2
    assert reads > 0
    assert Store(path).counts()["events"] == sum(stored)
