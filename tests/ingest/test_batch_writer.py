"""The ingest's store writer keeps its connection across batches, and lets other processes have the file."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from infra.records import StoredEvent
from infra.store import Store


def _event(i: int) -> StoredEvent:
    at = datetime(2026, 10, 1, tzinfo=UTC)
    return StoredEvent(f"e{i}", f"h{i}", "bad_case", "en", at, "c", None, "m1", {"n": i}, "t", 0, i, 10)


def _another_process_can_open(path: Path) -> bool:
    opener = "import duckdb, sys; duckdb.connect(sys.argv[1]).close()"
    return subprocess.run([sys.executable, "-c", opener, str(path)], capture_output=True).returncode == 0


def test_the_writer_holds_the_file_until_released(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.duckdb")
    with store.writer(hold_s=60) as writer:
        assert writer.write_batch([_event(1)], []).stored == 1
        assert writer.write_batch([_event(1), _event(2)], []).duplicates == 1
        assert not _another_process_can_open(store.path)
        writer.release()
        assert _another_process_can_open(store.path)
        assert writer.write_batch([_event(3)], []).stored == 1  # opens again
    assert _another_process_can_open(store.path)
    assert [e.event_id for e in store.events()] == ["e1", "e2", "e3"]


def test_a_writer_without_hold_time_lets_go_after_each_batch(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.duckdb")
    writer = store.writer(hold_s=0)
    assert writer.write_batch([_event(1)], []).stored == 1
    assert _another_process_can_open(store.path)


def test_the_writer_lets_go_before_work_that_would_outlast_its_hold(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.duckdb")
    with store.writer(hold_s=60) as writer:
        writer.write_batch([_event(1)], [])
        writer.release_before(0.01)  # short work: the file stays held
        assert not _another_process_can_open(store.path)
        writer.release_before(120.0)  # e.g. de-identifying a batch that took longer than the hold last time
        assert _another_process_can_open(store.path)
        assert writer.write_batch([_event(2)], []).stored == 1
