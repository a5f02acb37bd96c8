"""Ingest throughput, broker -> DuckDB, against a bare kafka-python read loop on the same topic (the ceiling).

(a) the full ingest (validate, hash, store, commit) without de-identification, (b) the same with the real
de-identifier (on fewer events: Presidio with spaCy NER runs at a hundred or so events per second per core),
and (c) the stage as `outerloop ingest` runs it with the real de-identifier, in one consumer process and in
one per core; the peak RSS of each, every measurement in its own process so that peak RSS is its own. How
the review page fares while an ingest writes is `bench_review_load`'s (the page reads a file of its own).
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import child_result, machine, peak_rss_mib, stop_child
from infra.broker import LocalBroker
from infra.kafka import ensure_topics, make_consumer, make_producer
from infra.settings import IngestSettings, KafkaSettings, Settings
from infra.store import Store
from ingest.consumer import Ingestor, IngestReport, fetch_limits
from ingest.event import SignalEvent
from ingest.synthetic import generate_events, to_json_bytes
from ingest.synthetic.generator import TRUTH_FIELD

PARTITIONS = 4


class _TimedIngestor(Ingestor):
    """Notes when the first poll returned records."""

    first_records_at: float | None = None

    def _ingest_batch(self, *args: Any, **kwargs: Any) -> None:
        if self.first_records_at is None:
            self.first_records_at = time.monotonic()
        super()._ingest_batch(*args, **kwargs)


class _NoDeidentification:
    def deidentify_events(self, events: Sequence[SignalEvent]) -> Sequence[SignalEvent | Exception]:
        return list(events)


def _produce(kafka: KafkaSettings, n: int) -> float:
    """Publish `n` realistic events (1 KiB on average); returns the average record size."""
    ensure_topics(kafka, [kafka.signals_topic, kafka.dead_letter_topic], partitions=PARTITIONS)
    producer = make_producer(kafka, linger_ms=20, batch_size=512 * 1024)
    total = 0
    try:
        for start in range(0, n, 10_000):
            for generated in generate_events(min(10_000, n - start), seed=start + 1):
                value = to_json_bytes(generated.event)
                total += len(value)
                producer.send(kafka.signals_topic, key=generated.event["event_id"].encode(), value=value)
        producer.flush(timeout=300)
    finally:
        producer.close(timeout=10)
    return total / n


def _bare_read(kafka: KafkaSettings, n: int) -> dict[str, Any]:
    """The same consumer, with the ingest's fetch settings, that only reads."""
    limits = IngestSettings()
    consumer = make_consumer(kafka, group_id=f"bare-{uuid.uuid4().hex[:8]}", **fetch_limits(limits))
    try:
        consumer.subscribe([kafka.signals_topic])
        count, first = 0, None
        while count < n:
            polled = consumer.poll(timeout_ms=limits.poll_timeout_ms, max_records=limits.max_batch_records)
            got = sum(len(batch) for batch in polled.values())
            if got and first is None:
                first = time.monotonic()
            count += got
        seconds = time.monotonic() - (first or time.monotonic())
    finally:
        consumer.close(autocommit=False)
    return {"events": count, "seconds": round(seconds, 2), "events_per_second": round(count / seconds, 1)}


def _ingest(settings: Settings, n: int, deidentify: bool) -> dict[str, Any]:
    store = Store(settings.db_path)
    deidentifier: Any = _NoDeidentification()
    if deidentify:
        from ingest.deid import Deidentifier

        deidentifier = Deidentifier("bench-key")
        deidentifier.setup()
    rss_at: dict[str, float] = {}
    last_batch_at: list[float] = []

    def progress(report: IngestReport) -> None:
        last_batch_at[:] = [time.monotonic()]
        for share in (0.2, 0.5, 1.0):
            if report.consumed >= share * n and f"{share:.0%}" not in rss_at:
                rss_at[f"{share:.0%}"] = peak_rss_mib()

    started = time.monotonic()
    ingestor = _TimedIngestor(settings, store, deidentifier, progress=progress)
    report = ingestor.run(max_records=n, idle_polls=3)
    wall = time.monotonic() - started
    # As the bare read: from the first poll that returned records (the group join is a fixed cost, not
    # throughput) to the last batch stored and its offsets committed (leaving the group is not either).
    seconds = last_batch_at[0] - (ingestor.first_records_at or started)
    return {
        "events": report.consumed,
        "stored": report.stored,
        "seconds": round(seconds, 2),
        "events_per_second": round(report.consumed / seconds, 1),
        "wall_seconds_with_group_join_and_close": round(wall, 2),
        "peak_rss_mib": peak_rss_mib(),
        "peak_rss_mib_at_share_consumed": rss_at,
        # Flat means a long run needs no more memory than a short one: the peak should not grow after 20 %.
        "peak_rss_growth_mib_20_to_100": round(rss_at.get("100%", 0.0) - rss_at.get("20%", 0.0), 1),
        "batch": {
            "max_records": settings.ingest.max_batch_records,
            "max_bytes": settings.ingest.max_batch_bytes,
            "store_hold_s": settings.ingest.store_hold_s,
        },
    }


def _deid_run(settings: Settings, n: int, consumers: int) -> dict[str, Any]:
    """The ingest stage as `outerloop ingest` runs it, real de-identification, `consumers` processes."""
    from ingest.run import run as ingest_run

    started = time.monotonic()
    report = ingest_run(settings, max_records=n, consumers=consumers)
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "consumers": consumers,
        "max_batch_records": settings.ingest.max_batch_records,
        "events": report.consumed,
        "stored": report.stored,
        "dead_lettered": report.dead_lettered,
        # From the first batch's arrival to the last batch's commit, over all consumers (as the bare read).
        "seconds": round(report.busy_seconds, 2),
        "events_per_second": round(report.consumed / report.busy_seconds, 1),
        "wall_seconds_with_model_load_group_join_and_close": round(time.monotonic() - started, 2),
        # One process: this one; more: each consumer process's peak (the largest of them).
        "peak_rss_mib_per_process": round(peak_rss_mib() if consumers == 1 else rss_children, 1),
    }


def _child(target: str, args: tuple[Any, ...], out: Any) -> None:
    if target == "bare":
        out.put(_bare_read(*args))
    elif target == "deid_run":
        out.put(_deid_run(*args))
    else:
        out.put(_ingest(*args))


def _distinct_text_share(n: int) -> dict[str, Any]:
    """How much of the stream's text repeats (a conversation's earlier turns come with each later signal):
    the de-identifier analyses each distinct text once (`ingest.deid.cache`)."""
    from ingest.deid.deidentifier import _event_jobs

    texts: list[tuple[str, str, str]] = []
    for start in range(0, n, 10_000):
        for generated in generate_events(min(10_000, n - start), seed=start + 1):
            event = SignalEvent.model_validate({k: v for k, v in generated.event.items() if k != TRUTH_FIELD})
            texts += [(j.context, j.text, j.language) for j in _event_jobs(event)]
    return {"texts": len(texts), "distinct": len(set(texts)), "distinct_share": round(len(set(texts)) / len(texts), 3)}


def _in_process(target: str, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    process = ctx.Process(target=_child, args=(target, args, out))
    process.start()
    try:
        result: dict[str, Any] = child_result(out, process)
    finally:
        stop_child(process)
    return result


ROUNDS = 3


def _run_settings(tmp: Path, kafka: KafkaSettings, run: str) -> Settings:
    """A store and a consumer group of the run's own, on the shared topic."""
    group = f"{kafka.group_id}-{run}"
    return Settings(data_dir=tmp / run, kafka=kafka.model_copy(update={"group_id": group}), deid_key="k")


def run(quick: bool) -> dict[str, Any]:
    n = 10_000 if quick else 100_000
    n_deid = 200 if quick else 1_000
    n_deid_stage = 4_000 if quick else 20_000
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp, LocalBroker() as broker:
        suffix = uuid.uuid4().hex[:8]
        kafka = KafkaSettings(
            bootstrap_servers=broker.bootstrap_servers,
            signals_topic=f"bench-{suffix}",
            dead_letter_topic=f"bench-{suffix}.dlq",
            group_id=f"bench-{suffix}",
            session_timeout_ms=6000,
        )
        started = time.monotonic()
        record_bytes = _produce(kafka, n)
        produce_s = time.monotonic() - started
        # Rounds alternate the bare read and the ingest of the same topic (in turn first), each in a group of
        # its own, so that a busy spell of this shared machine falls on both sides; the median round counts.
        rounds = []
        for i in range(ROUNDS):
            settings = _run_settings(Path(tmp), kafka, f"a{i}")
            if i % 2 == 0:
                bare = _in_process("bare", kafka, n)
                a = _in_process("ingest", settings, n, False)
            else:
                a = _in_process("ingest", settings, n, False)
                bare = _in_process("bare", kafka, n)
            rounds.append(
                {
                    "bare_read": bare,
                    "ingest_without_deid": a,
                    "ratio": a["events_per_second"] / bare["events_per_second"],
                }
            )
        settings = _run_settings(Path(tmp), kafka, "b")
        settings.ingest.max_batch_records = n_deid // 4  # stop near n_deid: the limit is checked between batches
        b = _in_process("ingest", settings, n_deid, True)
        # The stage as `outerloop ingest` runs it, with real de-identification and the default settings: one
        # consumer process, then one per core (each loads its own model; records never leave the process that
        # read them, nothing spills); then one per core with batches of 250 records, where each batch's store
        # turn (open, write, checkpoint) weighs more.
        with_deid = []
        cores = machine()["usable_cores"]
        for consumers, batch in ((1, None), (cores, None), (cores, 250)):
            settings = _run_settings(Path(tmp), kafka, f"d{consumers}-{batch}")
            if batch is not None:
                settings.ingest.max_batch_records = batch
            with_deid.append(_in_process("deid_run", settings, n_deid_stage, consumers))
    median = sorted(rounds, key=lambda r: r["ratio"])[len(rounds) // 2]
    return {
        "events": n,
        "avg_record_bytes": round(record_bytes),
        "partitions": PARTITIONS,
        "produce_seconds": round(produce_s, 1),
        "bare_read": median["bare_read"],
        "ingest_without_deid": median["ingest_without_deid"],
        "ingest_with_deid": {**b, "note": "fewer events: the real de-identifier (Presidio + spaCy NER) is slow"},
        "ingest_stage_with_deid": with_deid,
        "ingest_stage_with_deid_goal_events_per_second": 500,
        "ingest_stage_with_deid_goal_met": with_deid[1]["events_per_second"] >= 500,
        "stream_text_repetition": _distinct_text_share(n_deid_stage),
        "ratio_without_deid_to_bare_read": round(median["ratio"], 3),
        "ratio_each_round": [round(r["ratio"], 3) for r in rounds],
        "goal_ratio": 0.5,
        "goal_met": median["ratio"] >= 0.5,
        "children_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }
