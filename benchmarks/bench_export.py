"""Dataset export of 10,000 accepted items, with the group-aware split and the near-duplicate check.

Items are the demo generator's events (seed 7), one cluster per failure mode and scenario-like bucket,
each accepted with a reviewer's reference; 3 % of them repeat another event's question with a small
edit, so the near-duplicate check has something to find. Timed: `export_datasets` end to end (split,
records, near-duplicate index over every eval prompt, leak check, files, manifest, card), against the
same records built without split or leakage control (`build_records` alone) in the same run.
"""

from __future__ import annotations

import hashlib
import json
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import peak_rss_mib
from curation.export import export_datasets
from curation.records import build_records
from infra.records import Assignment, Cluster, NewReviewItem, StoredEvent
from infra.store import Store
from ingest.synthetic import generate_events

SEED = 7
NEAR_DUPLICATE_SHARE = 0.03


def _events(n: int) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    events = [g.event for g in generate_events(n, seed=SEED)]
    for event in rng.sample(events, int(n * NEAR_DUPLICATE_SHARE)):
        source = rng.choice(events)
        question = next((m["content"] for m in source["messages"] if m["role"] == "user"), "")
        event["messages"] = [{"role": "user", "content": question.rstrip("?.!") + " ??"}]
    return events


def _seed(store: Store, events: list[dict[str, Any]]) -> None:
    stored = [
        StoredEvent(
            e["event_id"],
            hashlib.sha256(e["event_id"].encode()).hexdigest(),
            e["kind"],
            e["language"],
            datetime.fromisoformat(e["occurred_at"]),
            e["conversation_id"],
            e.get("patient_ref"),
            e["model_version"],
            e,
        )
        for e in events
    ]
    for i in range(0, len(stored), 2000):
        store.write_batch(stored[i : i + 2000], [])
    cluster_of = {
        e["event_id"]: f"c{int(hashlib.sha256(e['event_id'].encode()).hexdigest(), 16) % 150:03d}" for e in events
    }
    clusters = [
        Cluster(cid, "bench", "en", cid, [], 1, {}, [], datetime.now(UTC)) for cid in sorted(set(cluster_of.values()))
    ]
    store.save_clustering("bench", clusters, [Assignment(eid, cid, 1.0) for eid, cid in cluster_of.items()])
    store.add_review_items([NewReviewItem(f"item-{eid}", eid, cid, 1.0) for eid, cid in cluster_of.items()])
    for n, event in enumerate(events):
        item = store.review_item(f"item-{event['event_id']}")
        store.decide(
            item.item_id,
            reviewer=f"reviewer-{n % 7}",
            status="accepted",
            expected_version=item.version,
            reference_answer=f"Reviewed answer {n}: {event.get('model_output', '')[:40]}, corrected and checked.",
        )


def run(quick: bool = False) -> dict[str, Any]:
    n = 1_000 if quick else 10_000
    with tempfile.TemporaryDirectory(prefix="olbench-export-") as tmp:
        store = Store(Path(tmp) / "outerloop.duckdb")
        started = time.perf_counter()
        _seed(store, _events(n))
        seed_s = time.perf_counter() - started

        started = time.perf_counter()
        plain = build_records(store.complete_decisions(status=None))
        baseline_s = time.perf_counter() - started

        started = time.perf_counter()
        result = export_datasets(store, Path(tmp) / "datasets")
        export_s = time.perf_counter() - started
        manifest = json.loads((result.path / "manifest.json").read_text())
    return {
        "items": n,
        "export_seconds": round(export_s, 2),
        "baseline_records_only_seconds": round(baseline_s, 2),
        "ratio_to_baseline": round(export_s / baseline_s, 2) if baseline_s else None,
        "seeding_seconds_not_timed": round(seed_s, 1),
        "counts": result.counts,
        "baseline_counts": {f: len(rows) for f, rows in plain.rows.items()},
        "split": manifest["split"],
        "left_out": manifest["left_out"],
        "peak_rss_mib": peak_rss_mib(),
    }
