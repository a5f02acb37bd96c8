"""A rebalance commits what is stored for the revoked partitions, so the member taking them over does not
re-read them (offsets are committed lazily here, so only the revocation can have committed them)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from infra.kafka import ensure_topics
from infra.settings import Settings, load_settings
from infra.store import Store
from ingest.consumer import Ingestor, IngestReport
from ingest.deid import Deidentifier
from tests.ingest._support import IngestProcess, committed, encode, highwaters, minimal_event, publish

EVENTS = 2_000
PAUSE_AT = 500  # the first member has this many left to read, at least, when the second one is ready to join
READY = "de-identifier ready"


@pytest.mark.slow
def test_revoked_partitions_are_committed_before_another_member_takes_them(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTERLOOP_INGEST__COMMIT_INTERVAL_S", "3600")
    monkeypatch.setenv("OUTERLOOP_INGEST__MAX_BATCH_RECORDS", "50")
    # The first member pauses between batches below; it must not keep the store from the second one meanwhile.
    monkeypatch.setenv("OUTERLOOP_INGEST__STORE_HOLD_S", "0")
    ensure_topics(settings.kafka, [settings.kafka.signals_topic, settings.kafka.dead_letter_topic], partitions=4)
    publish(settings, [(e["event_id"].encode(), encode(e)) for e in (minimal_event(i, "rb") for i in range(EVENTS))])
    lazy = load_settings()
    assert lazy.ingest.commit_interval_s == 3600
    deid = Deidentifier("test-key-not-secret")
    deid.setup()
    store = Store(lazy.db_path)

    log = lazy.logs_dir / "outerloop.log"
    second: IngestProcess | None = None
    log_start = 0

    def second_ready() -> bool:
        if second is None:
            return False
        if second.process.poll() is not None:
            return True  # it failed: wait_report says why
        text = log.read_bytes()[log_start:].decode(errors="replace") if log.exists() else ""
        return READY in text or READY in second.stderr.read_text(errors="replace")

    def slow(report: IngestReport) -> None:
        # A slow member, still consuming when the second one joins, however long that one takes to start:
        # past PAUSE_AT it waits (between polls) until the second one is ready, then goes on slowly until
        # a rebalance has taken partitions from it (the revocation commits: `first.committed`).
        if report.consumed >= PAUSE_AT and not first.committed:
            deadline = time.monotonic() + 240  # a hang guard; the wait ends when the second one is ready
            while not second_ready() and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(2.0)
        else:
            time.sleep(0.5)

    first = Ingestor(lazy, store, deid, progress=slow)
    reports: dict[str, IngestReport] = {}
    thread = threading.Thread(target=lambda: reports.update(first=first.run()), daemon=True)
    try:
        log_start = log.stat().st_size if log.exists() else 0
        second = IngestProcess.start(tmp_path, "second")
        thread.start()
        joined = second.wait_report()
        thread.join(timeout=300)
    finally:
        if second is not None:
            second.stop()
    print(f"\nfirst member: {reports['first'].as_dict()}\nsecond member: {joined}")
    assert store.counts()["events"] == EVENTS
    assert joined["consumed"] > 0, "the second member took over partitions"
    assert joined["duplicates"] == 0, "it started where the first member's revoked partitions were committed"
    assert reports["first"].consumed + joined["consumed"] == EVENTS
    ends = highwaters(settings, settings.kafka.signals_topic)
    assert committed(settings, settings.kafka.signals_topic, ends) == ends
