"""Operating the ingest: connection trouble, the dead-letter listing and replay, the operator's report."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.pipeline import ingest_report_rows
from infra.broker import LocalBroker, free_port
from infra.kafka import ensure_topics
from infra.settings import IngestSettings, KafkaSettings, Settings, load_settings
from infra.store import Store
from ingest.consumer import BrokerLostError, Ingestor, IngestReport
from ingest.deid import Deidentifier
from ingest.synthetic.malformed import PLANTED, SAMPLED_REASONS, malformed_records
from tests.ingest._support import REPO, encode, minimal_event, publish


@pytest.fixture(scope="module")
def deidentifier() -> Deidentifier:
    deid = Deidentifier("test-key-not-secret")
    deid.setup()
    return deid


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=REPO,
        env={**os.environ, "COLUMNS": "300", **env},
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_a_broker_lost_mid_run_fails_clearly_and_commits_nothing_unstored(
    tmp_path: Path, deidentifier: Deidentifier
) -> None:
    with LocalBroker() as broker:
        settings = Settings(
            data_dir=tmp_path / "data",
            deid_key="k",
            kafka=KafkaSettings(bootstrap_servers=broker.bootstrap_servers, session_timeout_ms=6000),
            ingest=IngestSettings(
                max_batch_records=200, broker_op_timeout_s=2, broker_retries=3, broker_retry_backoff_s=0.2
            ),
        )
        ensure_topics(settings.kafka, [settings.kafka.signals_topic, settings.kafka.dead_letter_topic], partitions=2)
        publish(settings, [(None, encode(minimal_event(i, "lost"))) for i in range(3000)])
        store = Store(settings.db_path)
        ingestor = Ingestor(settings, store, deidentifier, progress=lambda _: broker.stop())
        started = time.monotonic()
        with pytest.raises(BrokerLostError, match=broker.bootstrap_servers) as failure:
            ingestor.run()
    elapsed = time.monotonic() - started
    print(f"\nbroker lost -> {failure.value} after {elapsed:.1f}s; committed {ingestor.committed}")
    assert elapsed < 90
    stored = {(row[10], row[11]) for row in store.dump()["events"]}
    assert ingestor.committed, "the first batch was committed before the broker went away"
    for tp, offset in ingestor.committed.items():
        assert {(tp.partition, o) for o in range(offset)} <= stored


def test_an_unreachable_broker_stops_the_cli_with_a_clear_error_not_a_hang(settings: Settings) -> None:
    address = f"127.0.0.1:{free_port()}"
    started = time.monotonic()
    result = _cli("ingest", "--bootstrap-servers", address, OUTERLOOP_KAFKA__CONNECT_TIMEOUT_S="3")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"no Kafka broker answered at {address}" in " ".join(result.stdout.split())
    assert time.monotonic() - started < 60


def test_dlq_lists_deidentified_previews_and_replays_after_a_fix(
    settings: Settings, deidentifier: Deidentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_topics(settings.kafka, [settings.kafka.signals_topic, settings.kafka.dead_letter_topic], partitions=2)
    publish(settings, [(b"k", value) for value, _ in malformed_records(len(SAMPLED_REASONS))])
    publish(settings, [(b"k", encode(minimal_event(1, "ok")))])
    store = Store(settings.db_path)
    assert Ingestor(settings, store, deidentifier).run().dead_lettered == len(SAMPLED_REASONS)

    listing = _cli("dlq")
    assert listing.returncode == 0, listing.stderr
    text = listing.stdout
    assert all(reason.value in text for reason in SAMPLED_REASONS)
    assert "@" in text and "<PERSON_" in text  # source offsets and de-identified previews are shown
    assert [p for p in PLANTED if p in text] == []

    assert _cli("dlq", "replay").returncode == 2  # nothing selected
    replay = _cli("dlq", "replay", "--reason", "text_too_large")
    assert replay.returncode == 0 and "replayed 1 dead letter(s)" in replay.stdout, replay.stdout + replay.stderr

    # The fix: a larger text limit. The replayed record is now stored; nothing else is consumed again.
    monkeypatch.setenv("OUTERLOOP_INGEST__MAX_TEXT_BYTES", str(1024 * 1024))
    fixed = load_settings()
    report = Ingestor(fixed, store, deidentifier).run()
    assert (report.consumed, report.stored, report.dead_lettered) == (1, 1, 0)
    assert "malformed-00009" in {row.event_id for row in store.events()}


def test_the_operator_report_has_counts_reasons_lag_and_throughput() -> None:
    report = IngestReport(consumed=10, stored=7, duplicates=1, dead_lettered=2, batches=1, seconds=2.0)
    report.by_reason.update(["not_json", "empty"])
    report.lag = {"signals[0]": 0, "signals[1]": 3}
    rows = {r["metric"]: r["value"] for r in ingest_report_rows(report.as_dict())}
    assert rows["consumed"] == "10" and rows["duplicates"] == "1" and rows["events_per_second"] == "5.0"
    assert rows["dead_lettered[not_json]"] == "1" and rows["lag signals[1]"] == "3"
    merged = IngestReport.from_dict(report.as_dict())
    merged.merge(report)
    assert (merged.consumed, merged.by_reason["empty"]) == (20, 2)
