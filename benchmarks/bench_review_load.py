"""The review page under load while the pipeline writes: 50 reviewers reading and deciding over HTTP, while an
ingest of 100,000 events and a clustering run write the pipeline's file, in these variants:

- `single_file_baseline` (the layout before): the page reads and writes the pipeline's file;
- `split` (the product): the page has a file of its own (`review.duckdb`), handed items by the triage stage;
- `split_pipeline_nice_10`: the same, with the ingest and clustering processes at niceness 10 (the page is
  interactive, the pipeline batch work; on a machine they share, the pipeline can run at a lower priority).

Everything on 127.0.0.1, each part in a process of its own: the review app under uvicorn; the reviewers
(asyncio + httpx, one process): each logs in, then loops over the queue page, "take next" (a lease), the
item page, a structured decision (its reference answer de-identified by the server, as always), and one
time in five the JSON list, one time in five the dashboard, thinking 2-6 s between requests (about 12
requests/s in all, many times what 50 clinicians writing reference answers do); the ingest (the consumer's
batch loop without de-identification, `ingest.store_hold_s` at its default) of events produced beforehand;
the clustering stage (a refit of the stored base events on Ray, started so that it has read its events
when the ingest starts, then writing its result while or after the ingest runs), followed by one handoff of
the size the triage stage hands over (in the baseline, the same items queued in the pipeline's file as
triage did before). Latency is measured by the reviewers' clients, from the first batch the ingest stored to the end
of the handoff; before that, 20 s of the same load with the pipeline idle. Ingest events/s in that window
is compared with a bare kafka-python read of the same topic by itself, just before.
"""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing as mp
import os
import random
import shutil
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.bench_dashboard import populate
from benchmarks.bench_ingest import _bare_read, _produce
from benchmarks.common import child_result, peak_rss_mib, stop_child
from infra.broker import LocalBroker, free_port
from infra.records import Handoff, NewReviewItem
from infra.settings import KafkaSettings, Settings
from infra.store import Store, pipeline_store, review_store

REVIEWERS = 50
PASSWORD = "bench reviewer password"
# Seconds between a reviewer's requests: 4 on average, about 12 requests a second from 50 reviewers. A clinician
# who reads a case and writes a reference answer spends minutes on it; this is many times that pace.
THINK_S = (2.0, 6.0)
IDLE_S = 20.0
GOAL_P95_MS, GOAL_P99_MS = 100.0, 250.0
READS = ("queue_page", "item_page", "items_json", "dashboard")
# name: (layout, niceness of the ingest and clustering processes). The page is interactive, the pipeline batch
# work: on a machine they share, the pipeline can run at a lower CPU priority (`nice -n 10 outerloop serve`).
VARIANTS = {"single_file_baseline": ("single_file", 0), "split": ("split", 0), "split_pipeline_nice_10": ("split", 10)}
REFERENCE = "Do not combine these; take paracetamol instead and call your doctor if it gets worse ({n})."


# ---- preparation (not timed) --------------------------------------------------------------------------


def _prepare(data: Path, n_base: int) -> dict[str, Any]:
    """The split layout's data dir: `n_base` stored events in the demo generator's clusters, triaged (review
    items handed over to the review file), and the reviewers' accounts."""
    from triage import run as triage_stage
    from triage.auth import hash_password

    settings = Settings(data_dir=data, deid_key="bench-key")
    made = populate(pipeline_store(settings), n_base, review=False)
    triage_stage.run(settings)
    review = review_store(settings)
    password_hash = hash_password(PASSWORD)  # one hash for every account: hashing is the slow part
    for i in range(REVIEWERS):
        review.add_reviewer(_name(i), password_hash, "reviewer")
    made["review_items"] = len(review.review_queue(status=None, limit=100_000))
    return made


def _name(i: int) -> str:
    return f"reviewer-{i:02d}"


def _single_file(split: Path, single: Path) -> None:
    """The baseline: the same state in one file, as the layout before kept it (items queued in the pipeline's
    file by the triage stage, accounts beside them)."""
    shutil.copytree(split, single)
    review = Store(single / "review.duckdb")
    pipeline = Store(single / "outerloop.duckdb")
    pipeline.add_review_items(_queued(review))
    for account in review.reviewers():
        pipeline.add_reviewer(account.username, review.reviewer_password_hash(account.username) or "", account.role)
    (single / "review.duckdb").unlink()


def _queued(review: Store) -> list[NewReviewItem]:
    return [
        NewReviewItem(i.item_id, i.event_id, i.cluster_id, i.priority, i.suggested_cause, i.suggested_harm)
        for i in review.review_queue(status=None, limit=100_000)
    ]


def _handoff_like_triage(split: Path) -> Handoff:
    """What the triage stage hands over for the base: its items with their copies (a full triage run over
    105,000 events would spend minutes on root causes before it)."""
    from triage import run as triage_stage

    settings = Settings(data_dir=split, deid_key="bench-key")
    pipeline, review = pipeline_store(settings), review_store(settings)
    return triage_stage._handoff(
        pipeline,
        review,
        datetime.now(UTC),
        _queued(review),
        pipeline.clusters(),
        list(pipeline.cluster_causes().values()),
        list(pipeline.event_causes().values()),
    )


# ---- the processes -------------------------------------------------------------------------------------


def _serve(settings: Settings, layout: str, port: int) -> None:
    import uvicorn

    from triage.web.app import create_app
    from triage.web.scrub import ReviewerTextScrubber

    scrub = ReviewerTextScrubber(settings.secret("deid_key"), settings.deid)
    scrub.warm()
    store = Store(settings.db_path) if layout == "single_file" else None
    app = create_app(settings, store=store, scrub=scrub)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, server_header=False)


def _cluster_then_handoff(
    settings: Settings, layout: str, handoff: Handoff, read: Any, out: Any, nice: int = 0
) -> None:
    """The clustering stage (a refit), then one handoff; notes when the stage has read its events."""
    from cluster import run as cluster_stage

    os.nice(nice)  # its Ray processes inherit it

    reading = Store.events

    def events(self: Store, *args: Any, **kwargs: Any) -> Any:
        rows = reading(self, *args, **kwargs)
        read.set()
        return rows

    Store.events = events  # type: ignore[method-assign,assignment]
    started = time.monotonic()
    report = cluster_stage.run(settings, refit=True)
    clustered = time.monotonic()
    if layout == "split":
        fresh = dataclasses.replace(handoff, run_id=f"bench-{uuid.uuid4().hex[:8]}", taken_at=datetime.now(UTC))
        applied = review_store(settings).hand_over(fresh).applied
    else:
        store = Store(settings.db_path)
        store.reconcile_review_items()
        applied = store.add_review_items(handoff.items) >= 0
    done = time.monotonic()
    out.put(
        {
            "cluster": report.as_dict(),
            "cluster_window": [started, clustered],
            "handoff_seconds": round(done - clustered, 3),
            "handoff_applied": applied,
            "handoff_items": len(handoff.items),
            "handoff_events": len(handoff.events),
            "end": done,
        }
    )


def _child(target: str, args: tuple[Any, ...], out: Any, nice: int = 0) -> None:
    os.nice(nice)
    out.put(_bare_read(*args) if target == "bare" else _ingest(*args))


class _NoDeidentification:
    def deidentify_events(self, events: Sequence[Any]) -> Sequence[Any]:
        return list(events)


def _ingest(settings: Settings, n: int) -> dict[str, Any]:
    """The ingest's batch loop (without de-identification) over `n` events; its rate from the first batch
    stored to the last (the group join is a fixed cost, not throughput)."""
    from ingest.consumer import Ingestor, IngestReport

    batches: list[tuple[float, int]] = []

    def progress(report: IngestReport) -> None:
        batches.append((time.monotonic(), report.consumed))

    report = Ingestor(settings, Store(settings.db_path), _NoDeidentification(), progress=progress).run(
        max_records=n, idle_polls=3
    )
    (first, before), (last, consumed) = batches[0], batches[-1]
    return {
        "events": report.consumed,
        "stored": report.stored,
        "seconds": round(last - first, 2),
        "events_per_second": round((consumed - before) / (last - first), 1),
        "monotonic_window": [first, last],
    }


def _reviewers(url: str, go: Any, stop: Any, ready: Any, out: Any, seed: int) -> None:
    out.put(asyncio.run(_review_load(url, go, stop, ready, seed)))


async def _review_load(url: str, go: Any, stop: Any, ready: Any, seed: int) -> list[tuple[str, float, float, int, str]]:
    import httpx

    samples: list[tuple[str, float, float, int, str]] = []
    # Idle connections are dropped before the server's keep-alive timeout (5 s) would close them under a request.
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2, keepalive_expiry=4.0)
    clients = [httpx.AsyncClient(base_url=url, timeout=60, limits=limits) for _ in range(REVIEWERS)]
    try:
        # A few at a time: the login throttle counts attempts per client address before the password check,
        # and every reviewer here comes from 127.0.0.1.
        gate = asyncio.Semaphore(8)
        tokens = await asyncio.gather(*(_log_in(c, _name(i), gate) for i, c in enumerate(clients)))
        ready.set()
        while not go.is_set():
            await asyncio.sleep(0.05)
        await asyncio.gather(
            *(
                _review(client, token, random.Random(seed + i), stop, samples)
                for i, (client, token) in enumerate(zip(clients, tokens, strict=True))
            )
        )
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return samples


async def _log_in(client: Any, username: str, gate: asyncio.Semaphore) -> str:
    async with gate:
        form = (await client.get("/login")).text
        token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = await client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    if response.status_code != 303:
        raise RuntimeError(f"login of {username} failed: {response.status_code}")
    csrf: str = (await client.get("/api/session")).json()["csrf_token"]
    return csrf


async def _review(client: Any, csrf: str, rng: random.Random, stop: Any, samples: list[Any]) -> None:
    headers = {"X-CSRF-Token": csrf}

    async def timed(kind: str, method: str, path: str, **kwargs: Any) -> Any:
        started = time.monotonic()
        try:
            response = await client.request(method, path, **kwargs)
            status, error = response.status_code, ""
        except Exception as exc:  # a timeout or a dropped connection counts as an error
            response, status, error = None, 0, f"{type(exc).__name__}: {exc}"[:200]
        if status >= 500:
            error = response.text[:200] if response is not None else ""
        samples.append((kind, started, time.monotonic() - started, status, error))
        return response

    async def think() -> None:
        await asyncio.sleep(rng.uniform(*THINK_S))

    await asyncio.sleep(rng.uniform(0, THINK_S[1]))  # reviewers do not start in step
    n = 0
    while not stop.is_set():
        await timed("queue_page", "GET", "/")
        await think()
        taken = await timed("take_next", "POST", "/api/queue/next", json={}, headers=headers)
        if taken is not None and taken.status_code == 200:
            item = taken.json()
            await think()
            await timed("item_page", "GET", f"/items/{item['item_id']}")
            await think()
            body = {
                "verdict": "wrong",
                "harm": "minor",
                "root_cause": item.get("suggested_cause") or "other",
                "reference_answer": REFERENCE.format(n=n),
                "version": item["version"],
            }
            await timed("decision", "POST", f"/api/items/{item['item_id']}/decision", json=body, headers=headers)
        if taken is None or taken.status_code != 200 or rng.random() < 0.2:
            await think()
            await timed("items_json", "GET", "/api/items", params={"limit": 50})
        if rng.random() < 0.2:
            await think()
            await timed("dashboard", "GET", "/dashboard")
        n += 1
        await think()


# ---- one layout under load ------------------------------------------------------------------------------


def _under_load(settings: Settings, layout: str, n: int, handoff: Handoff, nice: int) -> dict[str, Any]:
    import httpx

    ctx = mp.get_context("spawn")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = ctx.Process(target=_serve, args=(settings, layout, port), name=f"review-{layout}")
    go, stop, ready, read = ctx.Event(), ctx.Event(), ctx.Event(), ctx.Event()
    load_out, ingest_out, cluster_out = ctx.Queue(), ctx.Queue(), ctx.Queue()
    load = ctx.Process(target=_reviewers, args=(url, go, stop, ready, load_out, 7), name="reviewers")
    ingest = ctx.Process(target=_child, args=("ingest", (settings, n), ingest_out, nice), name="ingest")
    cluster = ctx.Process(
        target=_cluster_then_handoff, args=(settings, layout, handoff, read, cluster_out, nice), name="cluster"
    )
    processes = [server, load, ingest, cluster]
    load_before = round(os.getloadavg()[0], 2)  # other work on this machine, before ours starts
    try:
        server.start()
        _wait(lambda: _answers(httpx, url), server, 120, "the review app did not start")
        load.start()
        _wait(ready.is_set, load, 300, "the reviewers did not log in")
        go.set()
        idle_from = time.monotonic()
        time.sleep(IDLE_S)
        idle_to = time.monotonic()
        cluster.start()
        _wait(read.is_set, cluster, 600, "the clustering stage did not read its events")
        ingest.start()
        ingested = child_result(ingest_out, ingest, 1800)
        clustered = child_result(cluster_out, cluster, 1800)
        stop.set()
        samples = child_result(load_out, load, 300)
    finally:
        stop.set()
        for p in reversed(processes):
            stop_child(p, grace_s=0)
    first, last = ingested["monotonic_window"]
    window = (first, max(last, clustered["end"]))
    return {
        "load_average_1min_before_and_after": [load_before, round(os.getloadavg()[0], 2)],
        "idle_pipeline": _latency(samples, idle_from, idle_to),
        "pipeline_writing": _latency(samples, *window),
        "during_ingest": _latency(samples, first, last),
        "window_seconds": round(window[1] - window[0], 1),
        "ingest": {k: v for k, v in ingested.items() if k in ("events", "stored", "seconds", "events_per_second")},
        "ingest_store_hold_s": settings.ingest.store_hold_s,
        "pipeline_nice": nice,
        "cluster": clustered["cluster"],
        "cluster_seconds": round(clustered["cluster_window"][1] - clustered["cluster_window"][0], 1),
        "cluster_write_overlapped_ingest": clustered["cluster_window"][1] <= last,
        "handoff": {k: clustered[k] for k in ("handoff_seconds", "handoff_applied", "handoff_items", "handoff_events")},
    }


def _answers(httpx: Any, url: str) -> bool:
    try:
        return bool(httpx.get(f"{url}/healthz", timeout=2).status_code == 200)
    except httpx.HTTPError:
        return False


def _wait(ready: Any, process: Any, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not ready():
        if not process.is_alive():
            raise RuntimeError(f"{what}: {process.name} exited ({process.exitcode})")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} in {timeout_s:.0f}s")
        time.sleep(0.1)


def _percentiles(seconds: list[float]) -> dict[str, float]:
    if not seconds:
        return {}
    ordered = sorted(seconds)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {"p50_ms": at(0.5), "p95_ms": at(0.95), "p99_ms": at(0.99), "max_ms": at(1.0)}


def _latency(samples: list[tuple[str, float, float, int, str]], start: float, end: float) -> dict[str, Any]:
    inside = [s for s in samples if start <= s[1] <= end]
    kinds = sorted({s[0] for s in inside})
    served = [s for s in inside if 0 < s[3] < 500]
    return {
        "requests": len(inside),
        "requests_per_second": round(len(inside) / max(end - start, 1e-9), 1),
        "errors": len(inside) - len(served),
        "conflicts_409": sum(s[3] == 409 for s in inside),
        "other_4xx": sum(400 <= s[3] < 500 and s[3] != 409 for s in inside),
        "error_examples": sorted({f"{s[0]} {s[3]} {s[4]}" for s in inside if not 0 < s[3] < 500})[:5],
        "page": _percentiles([s[2] for s in inside]),
        "reads": _percentiles([s[2] for s in inside if s[0] in READS]),
        "decisions": _percentiles([s[2] for s in inside if s[0] == "decision"]),
        "per_kind": {
            k: {"n": sum(s[0] == k for s in inside), **_percentiles([s[2] for s in inside if s[0] == k])} for k in kinds
        },
    }


# ---- the benchmark ---------------------------------------------------------------------------------------


def run(quick: bool = False) -> dict[str, Any]:
    n = 10_000 if quick else 100_000
    n_base = 500 if quick else 2_000
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp, LocalBroker() as broker:
        suffix = uuid.uuid4().hex[:8]
        kafka = KafkaSettings(
            bootstrap_servers=broker.bootstrap_servers,
            signals_topic=f"bench-{suffix}",
            dead_letter_topic=f"bench-{suffix}.dlq",
            group_id=f"bench-{suffix}",
            session_timeout_ms=6000,
        )
        record_bytes = _produce(kafka, n)
        split = Path(tmp) / "template-split"
        made = _prepare(split, n_base)
        handoff = _handoff_like_triage(split)
        _single_file(split, Path(tmp) / "template-single_file")
        layouts: dict[str, Any] = {}
        for variant, (layout, nice) in VARIANTS.items():
            shutil.copytree(Path(tmp) / f"template-{layout}", Path(tmp) / variant)
            settings = Settings(
                data_dir=Path(tmp) / variant,
                deid_key="bench-key",
                kafka=kafka.model_copy(update={"group_id": f"{kafka.group_id}-{variant}"}),
            )
            ctx = mp.get_context("spawn")
            bare_out = ctx.Queue()
            bare = ctx.Process(target=_child, args=("bare", (kafka, n), bare_out), name="bare-read")
            bare.start()
            try:
                bare_read = child_result(bare_out, bare, 900)
            finally:
                stop_child(bare, grace_s=0)
            measured = _under_load(settings, layout, n, handoff, nice)
            measured["bare_read_events_per_second"] = bare_read["events_per_second"]
            measured["ingest_to_bare_read"] = round(
                measured["ingest"]["events_per_second"] / bare_read["events_per_second"], 3
            )
            layouts[variant] = measured
    split_page = layouts["split"]["pipeline_writing"]["page"]
    single_page = layouts["single_file_baseline"]["pipeline_writing"]["page"]
    return {
        "reviewers": REVIEWERS,
        "think_seconds": list(THINK_S),
        "ingest_events": n,
        "ingest_deidentification": False,
        "avg_record_bytes": round(record_bytes),
        "base": made,
        **layouts,
        "single_file_to_split": {
            q: round(single_page[q] / split_page[q], 1) for q in ("p50_ms", "p95_ms", "p99_ms") if split_page.get(q)
        },
        "goal": {"p95_ms": GOAL_P95_MS, "p99_ms": GOAL_P99_MS, "ingest_to_bare_read": 0.5},
        "goal_met": split_page.get("p95_ms", 1e9) <= GOAL_P95_MS and split_page.get("p99_ms", 1e9) <= GOAL_P99_MS,
        "peak_rss_mib": peak_rss_mib(),
    }
