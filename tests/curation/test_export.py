"""Dataset export over a real DuckDB store seeded and decided through Store methods."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from curation.export import SCHEMA, export_datasets
from infra.records import Assignment, Cluster, NewReviewItem, StoredEvent
from infra.store import Store

NAME = "outerloop-review"


def _payload(event_id: str, kind: str, question: str, output: str, **fields: Any) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "schema_version": 1,
        "kind": kind,
        "occurred_at": "2025-03-04T10:15:00Z",
        "conversation_id": f"conv-{event_id}",
        "patient_ref": "pseudo-1",
        "language": "en",
        "messages": [{"role": "user", "content": question}],
        "model_output": output,
        "model_version": "assistant-2025.02",
        **fields,
    }


PAYLOADS = [
    _payload(
        "ev-a",
        "correction",
        "Ibuprofen with warfarin?",
        "Yes, fine.",
        correction="No: bleeding risk; use paracetamol.",
        corrector_role="physician",
    ),
    _payload("ev-b", "bad_case", "Aspirin for toothache on warfarin?", "Aspirin is good.", rating=1),
    _payload(
        "ev-c", "low_confidence", "Amoxicillin dose for 14 kg child?", "About 250 mg three times a day.", confidence=0.3
    ),
    _payload("ev-d", "tool_error", "Metformin before contrast CT?", "Cannot check.", tool="lookup", error="timeout"),
]


def seed(path: Path) -> Store:
    store = Store(path)
    store.write_batch(
        [
            StoredEvent(
                p["event_id"],
                hashlib.sha256(p["event_id"].encode()).hexdigest(),
                p["kind"],
                "en",
                datetime(2025, 3, 4, tzinfo=UTC),
                p["conversation_id"],
                p["patient_ref"],
                p["model_version"],
                p,
            )
            for p in PAYLOADS
        ],
        [],
    )
    clusters = [
        Cluster(
            "c-anticoag",
            "run-1",
            "en",
            "Anticoagulant interactions",
            ["warfarin"],
            10,
            {"correction": 0.5, "bad_case": 0.5},
            ["ev-a", "ev-b"],
            theme_id="T-c-anticoag",
            theme_label="interaction, pharmacist, combine",
        ),
        Cluster("c-dosing", "run-1", "en", "Paediatric dosing", ["dose"], 4, {"low_confidence": 1.0}, ["ev-c"]),
        Cluster("c-tools", "run-1", "en", "Tool failures", ["lookup"], 2, {"tool_error": 1.0}, ["ev-d"]),
    ]
    store.save_clustering(
        "run-1", clusters, [Assignment(e, c.cluster_id, 1.0) for c in clusters for e in c.exemplar_ids]
    )
    store.add_review_items([NewReviewItem(f"item-{e}", e, c.cluster_id, 1.0) for c in clusters for e in c.exemplar_ids])
    return store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seed(tmp_path / "outerloop.duckdb")


def _decide(store: Store, event_id: str, status: str, reference: str | None, reviewer: str = "alice") -> None:
    item = store.review_item(f"item-{event_id}")
    store.decide(
        item.item_id, reviewer=reviewer, status=status, expected_version=item.version, reference_answer=reference
    )


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_writes_files_manifest_and_card(store: Store, tmp_path: Path) -> None:
    _decide(store, "ev-a", "accepted", "No: ibuprofen raises bleeding risk with warfarin; use paracetamol.")
    _decide(store, "ev-c", "accepted", "About 250 mg three times a day.", reviewer="bob")  # = model output
    _decide(store, "ev-b", "rejected", None)
    out = tmp_path / "datasets"

    result = export_datasets(store, out, eval_share=0.0)

    assert (result.created, result.version, result.parent_version) == (True, "v0001", None)
    assert result.path == out / NAME / "v0001"
    assert sorted(p.name for p in result.path.iterdir()) == [
        "README.md",
        "eval.jsonl",
        "kto.jsonl",
        "manifest.json",
        "preference.jsonl",
        "sft.jsonl",
    ]
    assert not [p for p in (out / NAME).iterdir() if p.name.startswith(".")], "temp dir left behind"

    prompt_a = [{"role": "user", "content": "Ibuprofen with warfarin?"}]
    reference_a = "No: ibuprofen raises bleeding risk with warfarin; use paracetamol."
    assert _lines(result.path / "eval.jsonl") == []
    sft = _lines(result.path / "sft.jsonl")
    assert [row["messages"] for row in sft] == [[*prompt_a, {"role": "assistant", "content": reference_a}]]
    prefs = _lines(result.path / "preference.jsonl")
    assert [(p["prompt"], p["chosen"], p["rejected"]) for p in prefs] == [
        (
            prompt_a,
            [{"role": "assistant", "content": reference_a}],
            [{"role": "assistant", "content": "Yes, fine."}],
        )
    ]
    kto = _lines(result.path / "kto.jsonl")
    assert sorted((k["metadata"]["event_id"], k["label"]) for k in kto) == [
        ("ev-a", False),
        ("ev-a", True),
        ("ev-c", False),
    ]

    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["schema"] == SCHEMA
    assert (manifest["name"], manifest["version"], manifest["parent_version"]) == (NAME, "v0001", None)
    assert manifest["counts"] == {"eval.jsonl": 0, "sft.jsonl": 1, "preference.jsonl": 1, "kto.jsonl": 3}
    assert manifest["left_out"] == {"reference_near_failed_answer": 1, "unusable:other": 1}  # ev-b was rejected
    assert manifest["split"]["items"] == {"eval": 0, "train": 2, "held_out": 0} and manifest["split"]["leaked"] == 0
    for name, digest in manifest["sha256"].items():
        assert hashlib.sha256((result.path / name).read_bytes()).hexdigest() == digest
    assert manifest["source_event_ids"] == ["ev-a", "ev-c"]
    assert manifest["cluster_ids"] == ["c-anticoag", "c-dosing"]
    assert manifest["reviewers"] == ["alice", "bob"]
    assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    card = (result.path / "README.md").read_text()
    assert card.startswith("---\n") and "config_name: sft" in card and "config_name: eval" not in card
    assert f"# {NAME} v0001" in card and "de-identified" in card and "Licence" in card
    assert store.dataset_versions(NAME) == [("v0001", manifest)]
    everything = "".join(p.read_text() for p in result.path.iterdir())
    assert "pseudo-1" not in everything and "Aspirin" not in everything  # no patient ref, no rejected item


def test_eval_records_are_healthbench_rubric_evals(store: Store, tmp_path: Path) -> None:
    _decide(store, "ev-a", "accepted", "No: ibuprofen raises bleeding risk with warfarin; use paracetamol.")
    _decide(store, "ev-c", "accepted", "About 250 mg three times a day.", reviewer="bob")  # = model output

    result = export_datasets(store, tmp_path / "out", eval_share=1.0)

    evals = _lines(result.path / "eval.jsonl")
    assert [e["prompt_id"] for e in evals] == ["ev-a", "ev-c"]
    assert evals[0]["prompt"] == [{"role": "user", "content": "Ibuprofen with warfarin?"}]
    assert evals[0]["metadata"]["cluster_label"] == "Anticoagulant interactions"
    assert evals[0]["metadata"]["theme"] == "interaction, pharmacist, combine"
    assert evals[0]["metadata"]["theme_id"] == "T-c-anticoag"
    assert evals[0]["metadata"]["kind"] == "correction"
    assert "theme:T-c-anticoag" in evals[0]["example_tags"] and "kind:correction" in evals[0]["example_tags"]
    assert evals[0]["ideal_completions_data"]["ideal_completion"].startswith("No: ibuprofen raises")
    assert all("generated" in r["tags"] for r in evals[0]["rubrics"])
    assert any("bleeding risk; use paracetamol" in r["criterion"] for r in evals[0]["rubrics"])  # the correction
    # The reviewer "accepted" the failed answer as the reference: never an ideal completion.
    assert evals[1]["ideal_completions_data"] is None
    assert result.counts == {"eval.jsonl": 2, "sft.jsonl": 0, "preference.jsonl": 0, "kto.jsonl": 0}


def test_every_file_loads_with_datasets_in_the_trl_and_healthbench_shapes(tmp_path: Path) -> None:
    cache = str(tmp_path / "hf-cache")  # per test: datasets reads HF_DATASETS_CACHE once, at import
    datasets = pytest.importorskip("datasets")
    paths = {}
    for share, db in ((0.0, "train"), (1.0, "eval")):  # one store each: a group's split is sticky
        decided = seed(tmp_path / f"{db}.duckdb")
        _decide(decided, "ev-a", "accepted", "No: ibuprofen raises bleeding risk with warfarin; use paracetamol.")
        _decide(decided, "ev-d", "accepted", "Pause metformin around iodinated contrast if kidney function is low.")
        paths[db] = export_datasets(decided, tmp_path / db, eval_share=share).path

    loaded = {
        c: datasets.load_dataset(str(paths["train"]), c, split="train", cache_dir=cache)
        for c in ("sft", "preference", "kto")
    }
    loaded["eval"] = datasets.load_dataset(str(paths["eval"]), "eval", split="train", cache_dir=cache)

    assert {c: d.num_rows for c, d in loaded.items()} == {"sft": 2, "preference": 2, "kto": 4, "eval": 2}
    for row in loaded["sft"]:
        roles = [m["role"] for m in row["messages"]]
        assert roles[-1] == "assistant" and roles.count("assistant") == 1 and roles[0] == "user"
    for row in loaded["preference"]:
        assert row["prompt"][-1]["role"] == "user"
        assert [m["role"] for m in row["chosen"]] == ["assistant"] == [m["role"] for m in row["rejected"]]
        assert row["chosen"][0]["content"] != row["rejected"][0]["content"]
    for row in loaded["kto"]:
        assert isinstance(row["label"], bool) and [m["role"] for m in row["completion"]] == ["assistant"]
    for row in loaded["eval"]:
        assert set(row) >= {"prompt", "prompt_id", "rubrics", "example_tags", "ideal_completions_data"}
        assert all(set(r) == {"criterion", "points", "tags"} for r in row["rubrics"])


def test_prompt_stops_before_the_failed_answer() -> None:
    from curation.records import prompt_messages

    event = {
        "messages": [
            {"role": "user", "content": "Can I take ibuprofen with warfarin?"},
            {"role": "assistant", "content": "Yes, that is fine."},
            {"role": "user", "content": "My pharmacist said no??"},
            {"role": "clinician", "content": "Missed interaction."},
        ],
        "model_output": "Yes, that is fine.",
    }
    assert prompt_messages(event) == [{"role": "user", "content": "Can I take ibuprofen with warfarin?"}]


def test_reexport_without_new_decisions_creates_no_version(store: Store, tmp_path: Path) -> None:
    _decide(store, "ev-a", "accepted", "Use paracetamol.")
    first = export_datasets(store, tmp_path / "out")
    again = export_datasets(store, tmp_path / "out")
    assert (again.created, again.version, again.path) == (False, "v0001", first.path)
    assert [v for v, _ in store.dataset_versions(NAME)] == ["v0001"]
    assert sorted(p.name for p in (tmp_path / "out" / NAME).iterdir()) == ["v0001"]


def test_new_decision_creates_next_version_with_parent(store: Store, tmp_path: Path) -> None:
    _decide(store, "ev-a", "accepted", "Use paracetamol.")
    first = export_datasets(store, tmp_path / "out", eval_share=0.0)
    first_bytes = {p.name: p.read_bytes() for p in first.path.iterdir()}
    _decide(store, "ev-d", "accepted", "Pause metformin around iodinated contrast if kidney function is low.")

    second = export_datasets(store, tmp_path / "out", eval_share=0.0)

    assert (second.created, second.version, second.parent_version) == (True, "v0002", "v0001")
    assert second.counts == {"eval.jsonl": 0, "sft.jsonl": 2, "preference.jsonl": 2, "kto.jsonl": 4}
    assert {p.name: p.read_bytes() for p in first.path.iterdir()} == first_bytes, "v0001 must never change"
    assert [v for v, _ in store.dataset_versions(NAME)] == ["v0001", "v0002"]
    assert export_datasets(store, tmp_path / "out", eval_share=0.0).version == "v0002"


def test_a_correction_alone_is_rubric_evidence_never_the_reference(store: Store, tmp_path: Path) -> None:
    _decide(store, "ev-a", "accepted", None)
    result = export_datasets(store, tmp_path / "out", eval_share=1.0)
    (record,) = _lines(result.path / "eval.jsonl")
    assert record["ideal_completions_data"] is None
    assert any("bleeding risk; use paracetamol" in r["criterion"] for r in record["rubrics"])
    other = seed(tmp_path / "train.duckdb")
    _decide(other, "ev-a", "accepted", None)
    train = export_datasets(other, tmp_path / "train", eval_share=0.0)
    assert train.counts["sft.jsonl"] == train.counts["preference.jsonl"] == 0
    assert [k["label"] for k in _lines(train.path / "kto.jsonl")] == [False]


def test_unrecorded_version_on_disk_is_adopted_or_skipped_never_overwritten(tmp_path: Path) -> None:
    # A run that renamed v0001 into place but died before recording it looks, to a store without
    # the record, like an unrecorded directory; here another store plays that role.
    out = tmp_path / "out"
    first, crashed, different = (seed(tmp_path / f"{n}.duckdb") for n in ("first", "crashed", "different"))
    for s in (first, crashed, different):
        _decide(s, "ev-a", "accepted", "Use paracetamol.")
    _decide(different, "ev-c", "accepted", "25-45 mg/kg/day in two doses.")
    written = export_datasets(first, out)
    v1_bytes = {p.name: p.read_bytes() for p in written.path.iterdir()}

    adopted = export_datasets(crashed, out)
    assert (adopted.version, adopted.path) == ("v0001", written.path)
    assert [v for v, _ in crashed.dataset_versions(NAME)] == ["v0001"]

    skipped = export_datasets(different, out)
    assert skipped.version == "v0002"
    assert {p.name: p.read_bytes() for p in written.path.iterdir()} == v1_bytes


def test_bad_dataset_name_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="dataset name"):
        export_datasets(store, tmp_path, name="../escape")


def test_only_complete_reviews_are_exported_and_an_adjudication_is_the_one_that_counts(
    store: Store, tmp_path: Path
) -> None:
    def decide(event_id: str, reviewer: str, role: str = "reviewer", **decision: Any) -> None:
        item = store.review_item(f"item-{event_id}")
        store.record_decision(item.item_id, reviewer=reviewer, role=role, expected_version=item.version, **decision)

    # ev-a: moderate harm needs two reviews; they disagree on the cause; a lead adjudicates.
    decide(
        "ev-a",
        "alice",
        verdict="wrong",
        harm="moderate",
        root_cause="interaction_missed",
        reference_answer="Alice: avoid ibuprofen with warfarin.",
    )
    decide(
        "ev-a", "bob", verdict="wrong", harm="moderate", root_cause="knowledge_error", reference_answer="Bob: avoid it."
    )
    decide(
        "ev-a",
        "lead",
        role="lead",
        verdict="wrong",
        harm="moderate",
        root_cause="interaction_missed",
        reference_answer="No: ibuprofen raises bleeding risk with warfarin; use paracetamol.",
        rubric=[{"criterion": "Warns about bleeding risk", "points": 9}],
    )
    # ev-b: a second review is still missing: not exported.
    decide(
        "ev-b",
        "alice",
        verdict="wrong",
        harm="severe",
        root_cause="interaction_missed",
        reference_answer="Aspirin adds bleeding risk on warfarin.",
    )
    # ev-c: the answer was fine after all: a true KTO example, nothing else.
    decide("ev-c", "bob", verdict="acceptable", harm="none", root_cause="other")

    train = export_datasets(store, tmp_path / "train", eval_share=0.0)

    sft = _lines(train.path / "sft.jsonl")
    assert [row["messages"][-1]["content"] for row in sft] == [
        "No: ibuprofen raises bleeding risk with warfarin; use paracetamol."
    ]
    assert sft[0]["metadata"]["adjudicated"] is True and sft[0]["metadata"]["root_cause"] == "interaction_missed"
    assert sft[0]["metadata"]["reviewers"] == ["alice", "bob", "lead"]
    kto = sorted((k["metadata"]["event_id"], k["label"]) for k in _lines(train.path / "kto.jsonl"))
    assert kto == [("ev-a", False), ("ev-a", True), ("ev-c", True)]
    assert "Aspirin" not in "".join(p.read_text() for p in train.path.iterdir())

    other = seed(tmp_path / "eval.duckdb")
    item = other.review_item("item-ev-a")
    other.record_decision(
        item.item_id,
        reviewer="alice",
        role="reviewer",
        expected_version=item.version,
        verdict="wrong",
        harm="minor",
        root_cause="interaction_missed",
        reference_answer="Use paracetamol.",
        rubric=[{"criterion": "Warns about bleeding", "points": 7}],
    )
    (record,) = _lines(export_datasets(other, tmp_path / "eval", eval_share=1.0).path / "eval.jsonl")
    assert record["rubrics"] == [{"criterion": "Warns about bleeding", "points": 7, "tags": ["written"]}]
    assert "root_cause:interaction_missed" in record["example_tags"]
