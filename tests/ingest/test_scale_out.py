"""Scale-out: three consumer processes of one group share six partitions and one DuckDB file; one of them is
killed with `kill -9` between its store transaction and its offset commit, and restarted."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from infra.kafka import ensure_topics
from infra.settings import Settings
from infra.store import Store
from tests.ingest._support import IngestProcess, committed, encode, highwaters, minimal_event, publish

EVENTS = 6_000
PARTITIONS = 6


@pytest.mark.slow
def test_three_consumers_one_killed_and_restarted_store_each_event_once(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTERLOOP_INGEST__MAX_BATCH_RECORDS", "250")
    monkeypatch.setenv("OUTERLOOP_INGEST__IDLE_POLLS_BEFORE_STOP", "6")
    topic = settings.kafka.signals_topic
    ensure_topics(settings.kafka, [topic, settings.kafka.dead_letter_topic], partitions=PARTITIONS)
    events = [minimal_event(i, "scale", english=i % 20 == 0) for i in range(EVENTS)]
    publish(settings, [(e["event_id"].encode(), encode(e)) for e in events])
    ends = highwaters(settings, topic)
    assert len(ends) == PARTITIONS and sum(ends.values()) == EVENTS

    processes: list[IngestProcess] = []
    try:
        pair = IngestProcess.start(tmp_path, "pair", "--consumers", "2")
        victim = IngestProcess.start(tmp_path, "victim", fault="commit:2")
        processes += [pair, victim]
        victim.wait_for_pause()
        victim.kill9()
        # Restart once the group has expired the dead member (session timeout 6 s): the local broker (Tansu)
        # stalls a join that arrives while a dead member is still listed.
        time.sleep(8)
        restarted = IngestProcess.start(tmp_path, "restarted")
        processes.append(restarted)
        reports = {"pair (2 processes)": pair.wait_report(), "restarted": restarted.wait_report()}
    finally:
        for p in processes:
            p.stop()

    store = Store(settings.db_path)
    counts = store.counts()
    for name, report in reports.items():
        print(f"\n{name}: {report}")
    print(f"distinct offsets {sum(ends.values())}, stored {counts['events']}, dead-lettered {counts['dead_letters']}")
    assert {row.event_id for row in store.events()} == {e["event_id"] for e in events}
    assert counts["events"] == EVENTS and counts["dead_letters"] == 0
    assert reports["pair (2 processes)"]["consumed"] > 0
    assert sum(r["stored"] for r in reports.values()) <= EVENTS  # the victim stored the rest before its kill
    assert sum(r["consumed"] for r in reports.values()) >= EVENTS - 2 * 250
    assert committed(settings, topic, ends) == ends
    # The pair's consumer processes log to the run's log file, each under its own name.
    log = (settings.logs_dir / "outerloop.log").read_text(encoding="utf-8")
    for name in ("outerloop-ingest-0", "outerloop-ingest-1"):
        assert f" {name} ingest.deid.deidentifier de-identifier ready" in log
