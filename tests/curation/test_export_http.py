"""Datasets end to end: clinicians decide through the review server's HTTP API, two versions are
exported, every file loads with `datasets`, the shapes are TRL's and HealthBench's, no failed answer is
ever gold, no group straddles train and eval across versions, and already de-identified text in a
reference comes back unchanged."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from curation.export import export_datasets
from curation.gold import near_copy
from curation.split import EVAL_SPLIT, TRAIN_SPLIT
from infra.records import Assignment, Cluster, NewReviewItem, StoredEvent
from infra.store import Store
from tests.triage.review_app import PASSWORDS, ROLES, api_token, logged_in, start_review_app
from triage.auth import add_reviewer

N_CLUSTERS = 8
PER_CLUSTER = 3
ALREADY_DEIDENTIFIED = "Call <PERSON_3f2a91> at <PHONE_NUMBER_9c0d11>; the patient is 90+."


def _payload(n: int) -> dict[str, Any]:
    return {
        "event_id": f"ev-{n:03d}",
        "schema_version": 1,
        "kind": "bad_case",
        "occurred_at": (datetime(2026, 10, 1, tzinfo=UTC) + timedelta(hours=n)).isoformat(),
        "conversation_id": f"conv-{n:03d}",
        "patient_ref": f"<PATIENT_REF_{n % 11:06x}>",
        "language": "en",
        "messages": [
            {"role": "user", "content": f"question {n}: is {n * 37 % 500} mg of drug {n * 7919 % 97} safe for me?"},
            {"role": "assistant", "content": f"failed answer {n}: yes, take as much as you like."},
            {"role": "user", "content": "are you sure??"},
        ],
        "model_output": f"failed answer {n}: yes, take as much as you like.",
        "model_version": "assistant-2026.10",
        "rating": 1,
    }


def _seed(store: Store) -> list[str]:
    payloads = [_payload(n) for n in range(N_CLUSTERS * PER_CLUSTER)]
    store.write_batch(
        [
            StoredEvent(
                p["event_id"],
                hashlib.sha256(p["event_id"].encode()).hexdigest(),
                p["kind"],
                "en",
                datetime.fromisoformat(p["occurred_at"]),
                p["conversation_id"],
                p["patient_ref"],
                p["model_version"],
                p,
            )
            for p in payloads
        ],
        [],
    )
    cluster_of = {p["event_id"]: f"c-{n % N_CLUSTERS}" for n, p in enumerate(payloads)}
    clusters = [
        Cluster(f"c-{k}", "r", "en", f"cluster {k}", [], PER_CLUSTER, {"bad_case": 1.0}, []) for k in range(N_CLUSTERS)
    ]
    store.save_clustering("r", clusters, [Assignment(e, c, 1.0) for e, c in cluster_of.items()])
    store.add_review_items([NewReviewItem(f"item-{e}", e, c, 1.0) for e, c in cluster_of.items()])
    for username, password in PASSWORDS.items():
        add_reviewer(store, username, password, ROLES[username])
    return [p["event_id"] for p in payloads]


def _decide_over_http(store: Store, data_dir: Path, event_ids: list[str]) -> None:
    server = start_review_app(store, data_dir)
    live = next(server)
    try:
        with logged_in(live, "alice") as client:
            token = api_token(client)
            for n, event_id in enumerate(event_ids):
                item = client.get(f"/api/items/item-{event_id}").json()
                failed = store.review_item(f"item-{event_id}").event["model_output"]
                reference = (
                    f"{ALREADY_DEIDENTIFIED} Do not exceed the labelled dose."
                    if n % 4 == 1
                    else f"Reviewed answer for {event_id}: no, that dose is too high; ask your pharmacist."
                )
                body = {
                    "verdict": "wrong",
                    "harm": "minor",
                    "root_cause": "dose_or_unit_error",
                    "reference_answer": reference,
                    "rubric": [],
                    "note": None,
                    "unusable": None,
                    "version": item["version"],
                }
                headers = {"X-CSRF-Token": token}
                if n % 4 == 0:  # "accepting" the failed answer as the reference is refused: it is never gold
                    copied = client.post(
                        f"/api/items/item-{event_id}/decision",
                        json={**body, "reference_answer": failed},
                        headers=headers,
                    )
                    assert copied.status_code == 422, copied.text
                response = client.post(f"/api/items/item-{event_id}/decision", json=body, headers=headers)
                assert response.status_code == 200, response.text
    finally:
        server.close()


def _rows(version_dir: Path, name: str) -> list[dict[str, Any]]:
    import json

    return [json.loads(line) for line in (version_dir / name).read_text("utf-8").splitlines()]


@pytest.mark.slow
def test_two_versions_from_http_decisions_load_and_never_leak(tmp_path: Path) -> None:
    cache = str(tmp_path / "hf-cache")  # per test: datasets reads HF_DATASETS_CACHE once, at import
    datasets = pytest.importorskip("datasets")
    store = Store(tmp_path / "db" / "outerloop.duckdb")
    event_ids = _seed(store)
    out = tmp_path / "datasets"

    _decide_over_http(store, tmp_path / "data", event_ids[:12])
    v1 = export_datasets(store, out, eval_share=0.4)
    _decide_over_http(store, tmp_path / "data", event_ids[12:])
    v2 = export_datasets(store, out, eval_share=0.4)
    assert (v1.version, v2.version, v2.parent_version) == ("v0001", "v0002", "v0001")

    patient_of = {e: store.review_item(f"item-{e}").event["patient_ref"] for e in event_ids}
    failed_of = {e: store.review_item(f"item-{e}").event["model_output"] for e in event_ids}
    side: dict[str, set[str]] = {}
    for version in (v1.path, v2.path):
        for name, split in (("eval.jsonl", EVAL_SPLIT), ("sft.jsonl", TRAIN_SPLIT), ("kto.jsonl", TRAIN_SPLIT)):
            if (version / name).stat().st_size == 0:
                continue
            config = name.removesuffix(".jsonl")
            loaded = datasets.load_dataset(str(version), config, split="train", cache_dir=cache)
            assert loaded.num_rows == len(_rows(version, name))
            for row in _rows(version, name):
                meta = row["metadata"]
                for key in (
                    f"cluster:{meta['cluster_id']}",
                    f"conversation:{meta['conversation_id']}",
                    f"patient:{patient_of[meta['event_id']]}",
                ):
                    side.setdefault(key, set()).add(split)
    straddling = {key: sides for key, sides in side.items() if len(sides) > 1}
    assert side and not straddling, f"groups straddle train and eval: {straddling}"
    assert {s for sides in side.values() for s in sides} == {EVAL_SPLIT, TRAIN_SPLIT}

    for version in (v1.path, v2.path):
        for row in _rows(version, "sft.jsonl"):
            roles = [m["role"] for m in row["messages"]]
            assert roles.count("assistant") == 1 and roles[-1] == "assistant" and roles[0] == "user"
            assert not near_copy(row["messages"][-1]["content"], failed_of[row["metadata"]["event_id"]])
        for row in _rows(version, "preference.jsonl"):
            assert row["prompt"][-1]["role"] == "user" and len(row["chosen"]) == len(row["rejected"]) == 1
            assert not near_copy(row["chosen"][0]["content"], failed_of[row["metadata"]["event_id"]])
            assert row["rejected"][0]["content"] == failed_of[row["metadata"]["event_id"]]
        for row in _rows(version, "eval.jsonl"):
            assert set(row) >= {"prompt", "prompt_id", "rubrics", "example_tags", "ideal_completions_data"}
            ideal = (row["ideal_completions_data"] or {}).get("ideal_completion")
            assert ideal is None or not near_copy(ideal, failed_of[row["prompt_id"]])
            assert all(m["content"] != failed_of[row["prompt_id"]] for m in row["prompt"])
    everything = "".join((v / n).read_text("utf-8") for v in (v1.path, v2.path) for n in ("eval.jsonl", "sft.jsonl"))
    assert ALREADY_DEIDENTIFIED in everything
