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


@pytest.mark.slow
def test_revoked_partitions_are_committed_before_another_member_takes_them(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTERLOOP_INGEST__COMMIT_INTERVAL_S", "3600")
    monkeypatch.setenv("OUTERLOOP_INGEST__MAX_BATCH_RECORDS", "50")
    ensure_topics(settings.kafka, [settings.kafka.signals_topic, settings.kafka.dead_letter_topic], partitions=4)
    publish(settings, [(e["event_id"].encode(), encode(e)) for e in (minimal_event(i, "rb") for i in range(EVENTS))])
    lazy = load_settings()
    assert lazy.ingest.commit_interval_s == 3600
    deid = Deidentifier("test-key-not-secret")
    deid.setup()
    store = Store(lazy.db_path)

    def slow(report: IngestReport) -> None:
        time.sleep(0.5)  # a slow member, still consuming when the second one joins

    first = Ingestor(lazy, store, deid, progress=slow)
    reports: dict[str, IngestReport] = {}
    thread = threading.Thread(target=lambda: reports.update(first=first.run()), daemon=True)
    thread.start()
    second: IngestProcess | None = None
    try:
        deadline = time.monotonic() + 60
        while store.counts()["events"] < 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        second = IngestProcess.start(tmp_path, "second")
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
