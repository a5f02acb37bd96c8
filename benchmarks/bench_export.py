"""Dataset export with the group-aware split and the near-duplicate check.

Items are the demo generator's events (seed 7) in 150 clusters, each decided with a reviewer's reference;
3 % of them repeat another event's question with a small edit, so the near-duplicate check has something
to find. Two measurements:
- 1,000 items on a real DuckDB store, decided through `Store.record_decision`: `export_datasets` end to
  end (reading the complete decisions, split, records, near-duplicate index, leak check, files, manifest,
  card), against the same records built without split or leakage control, in the same run.
- 10,000 items, the same export over the same decisions held in memory (`_Decided`, which answers the
  store's four calls an export makes): seeding 10,000 decisions one transaction each takes longer than
  the export itself, and what grows with the number of items is the split, the records and the
  near-duplicate check.
"""

from __future__ import annotations

import hashlib
import json
import random
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import peak_rss_mib
from curation.export import export_datasets
from curation.records import build_records
from infra.records import Assignment, Cluster, CompleteDecision, NewReviewItem
from infra.store import Store
from ingest.synthetic import generate_events
from ingest.synthetic.stored import stored_event

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
    stored = [stored_event(e) for e in events]
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


class _Decided:
    """The calls `export_datasets` makes of a store, over decisions read from a real one and replicated."""

    def __init__(self, decisions: list[CompleteDecision]) -> None:
        self.decisions = decisions
        self.versions: list[tuple[str, dict[str, Any]]] = []

    def complete_decisions(self, status: str | None = None) -> list[CompleteDecision]:
        return self.decisions

    def dataset_versions(self, name: str) -> list[tuple[str, dict[str, Any]]]:
        return self.versions

    def record_dataset(self, name: str, version: str, path: str, manifest: dict[str, Any]) -> None:
        self.versions.append((version, manifest))

    def audit(self, actor: str, action: str, detail: dict[str, Any], item_id: str | None = None) -> None:
        pass


def _replicated(decisions: list[CompleteDecision], n: int) -> list[CompleteDecision]:
    """`n` decisions from `decisions`, copies carrying new ids, conversations and patients (clusters kept)."""
    out: list[CompleteDecision] = []
    for i in range(n):
        d = decisions[i % len(decisions)]
        copy = i // len(decisions)
        if copy == 0:
            out.append(d)
            continue
        event = {
            **d.item.event,
            "conversation_id": f"{d.item.event.get('conversation_id')}-{copy}",
            "patient_ref": f"{d.item.event.get('patient_ref')}-{copy}",
            "messages": [
                {**m, "content": f"{m.get('content', '')} (case {i})"} if m.get("role") == "user" else m
                for m in d.item.event.get("messages") or []
            ],
        }
        item = replace(d.item, item_id=f"{d.item.item_id}-{copy}", event_id=f"{d.item.event_id}-{copy}", event=event)
        out.append(replace(d, item=item))
    return out


def _export(store: Any, out: Path, baseline: bool) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    if baseline:
        records = build_records(store.complete_decisions(status=None))
        return time.perf_counter() - started, {f: len(rows) for f, rows in records.rows.items()}
    result = export_datasets(store, out)
    seconds = time.perf_counter() - started
    manifest = json.loads((result.path / "manifest.json").read_text())
    return seconds, {"counts": result.counts, "split": manifest["split"], "left_out": manifest["left_out"]}


def run(quick: bool = False) -> dict[str, Any]:
    n_store = 300 if quick else 1_000
    n_memory = 2_000 if quick else 10_000
    with tempfile.TemporaryDirectory(prefix="olbench-export-") as tmp:
        store = Store(Path(tmp) / "outerloop.duckdb")
        started = time.perf_counter()
        _seed(store, _events(n_store))
        seed_s = time.perf_counter() - started
        base_s, base_counts = _export(store, Path(tmp) / "base", baseline=True)
        store_s, store_result = _export(store, Path(tmp) / "datasets", baseline=False)
        many = _Decided(_replicated(store.complete_decisions(status=None), n_memory))
        many_base_s, _ = _export(many, Path(tmp) / "many-base", baseline=True)
        many_s, many_result = _export(many, Path(tmp) / "many", baseline=False)
    return {
        "store_items": n_store,
        "store_export_seconds": round(store_s, 2),
        "store_baseline_records_only_seconds": round(base_s, 2),
        "store_ratio_to_baseline": round(store_s / base_s, 2) if base_s else None,
        "store_seeding_seconds_not_timed": round(seed_s, 1),
        "store_result": store_result,
        "store_baseline_counts": base_counts,
        "items": n_memory,
        "export_seconds": round(many_s, 2),
        "baseline_records_only_seconds": round(many_base_s, 2),
        "ratio_to_baseline": round(many_s / many_base_s, 2) if many_base_s else None,
        "result": many_result,
        "peak_rss_mib": peak_rss_mib(),
    }
