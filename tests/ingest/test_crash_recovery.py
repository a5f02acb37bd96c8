"""Crash recovery with real processes: `kill -9` the ingest mid-poll, mid-write and between write and commit.

20,000 events (plus malformed records) on a 4-partition topic of the real local broker; after each kill the
ingest is restarted; at the end every event is stored exactly once and consumed == stored + dead-lettered.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from infra.kafka import ensure_topics
from infra.settings import Settings
from infra.store import Store
from ingest.synthetic.malformed import malformed_records
from tests.ingest._support import IngestProcess, committed, encode, highwaters, minimal_event, publish

EVENTS = 20_000
MALFORMED = 40
PARTITIONS = 4


@pytest.mark.slow
def test_kill_9_at_every_crash_point_loses_and_doubles_nothing(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTERLOOP_INGEST__MAX_BATCH_RECORDS", "500")
    topic = settings.kafka.signals_topic
    ensure_topics(settings.kafka, [topic, settings.kafka.dead_letter_topic], partitions=PARTITIONS)
    events = [minimal_event(i, "crash", english=i % 20 == 0) for i in range(EVENTS)]
    bad = [value for value, _ in malformed_records(MALFORMED)]
    stream = [(e["event_id"].encode(), encode(e)) for e in events]
    for j, value in enumerate(bad):  # spread through the stream
        stream.insert((j + 1) * len(stream) // (MALFORMED + 1), (None, value))
    publish(settings, stream)
    ends = highwaters(settings, topic)
    assert len(ends) == PARTITIONS and sum(ends.values()) == EVENTS + MALFORMED

    seed = random.randrange(10_000)
    rng = random.Random(seed)
    # The kill between write and commit comes last, so the final run must replay its batch.
    plan = [("poll", rng.randint(2, 8)), ("write", rng.randint(2, 8)), ("commit", rng.randint(2, 8))]
    print(f"\ncrash plan (seed {seed}): {plan}")
    store = Store(settings.db_path)
    processes: list[IngestProcess] = []
    try:
        for n, (point, batch) in enumerate(plan):
            process = IngestProcess.start(tmp_path, f"run{n}", fault=f"{point}:{batch}")
            processes.append(process)
            announced = process.wait_for_pause()
            assert announced.split()[1:] == [point, str(batch)]
            process.kill9()
            counts = store.counts()
            print(
                f"kill -9 at {point} of batch {batch}: stored {counts['events']}, dead letters {counts['dead_letters']}"
            )
        final = IngestProcess.start(tmp_path, "final")
        processes.append(final)
        report = final.wait_report()
    finally:
        for p in processes:
            p.stop()

    counts = store.counts()
    stored_ids = {row.event_id for row in store.events()}
    consumed = sum(ends.values())
    print(
        f"consumed (distinct offsets) {consumed}, stored {counts['events']}, dead-lettered {counts['dead_letters']}, "
        f"final run: consumed {report['consumed']}, duplicates skipped {report['duplicates']}, "
        f"stored {report['stored']}, dead-lettered {report['dead_lettered']}"
    )
    assert stored_ids == {e["event_id"] for e in events}
    assert counts["events"] == EVENTS
    assert counts["dead_letters"] == MALFORMED
    assert consumed == counts["events"] + counts["dead_letters"]
    assert report["duplicates"] > 0  # the batch stored before the last kill was replayed as a no-op
    assert report["consumed"] == report["stored"] + report["duplicates"] + report["dead_lettered"]
    assert committed(settings, topic, ends) == ends
