"""The group-aware, sticky train/eval split and the near-duplicate check against every eval version."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from curation.leakage import EvalIndex, prompt_text
from curation.records import EVAL, KTO, SFT, build_records
from curation.split import EVAL_SPLIT, HELD_OUT, TRAIN_SPLIT, assign_split, group_keys, key_hash
from infra.records import CompleteDecision, ReviewDecision, ReviewItem


def _item(n: int, cluster: str, conversation: str, patient: str, question: str | None = None) -> ReviewItem:
    event: dict[str, Any] = {
        "kind": "bad_case",
        "language": "en",
        "conversation_id": conversation,
        "patient_ref": patient,
        "messages": [{"role": "user", "content": question or f"question number {n} about drug {n * 7919 % 1000}"}],
        "model_output": f"wrong answer {n}",
    }
    at = datetime(2026, 11, 1, tzinfo=UTC)
    return ReviewItem(
        f"item-{n}", f"ev-{n}", cluster, cluster, 1.0, "accepted", f"reviewed answer {n}", None, 2, at, "rev", event
    )


def _decided(item: ReviewItem) -> CompleteDecision:
    decision = ReviewDecision(
        1,
        item.item_id,
        "rev",
        "review",
        "wrong",
        "minor",
        "other",
        item.reference_answer,
        [],
        None,
        None,
        1,
        item.updated_at,
    )
    return CompleteDecision(item, decision, [decision], False)


def _items(n: int) -> list[ReviewItem]:
    # Chains of shared keys: items share a cluster with one neighbour and a patient with another.
    return [_item(i, f"c{i // 3}", f"conv{i}", f"p{(i + 1) // 2}") for i in range(n)]


def test_no_cluster_conversation_or_patient_straddles_the_split() -> None:
    items = _items(300)
    split = assign_split(items, eval_share=0.3)
    side: dict[str, set[str]] = {}
    for item in items:
        for key in group_keys(item):
            side.setdefault(key, set()).add(split.of_item[item.item_id])
    assert all(len(sides) == 1 for sides in side.values())
    counts = split.counts()
    assert counts[EVAL_SPLIT] > 0 and counts[TRAIN_SPLIT] > 0


def test_the_split_is_sticky_across_versions() -> None:
    first = _items(120)
    v1 = assign_split(first, eval_share=0.3)
    # v2: more items, some joining v1's groups, and a share that would put nothing new in eval.
    second = [*first, *(_item(i, f"c{i // 3 - 20}", f"conv{i}", f"p-new{i}") for i in range(120, 200))]
    v2 = assign_split(second, v1.keys, eval_share=0.0)
    for item in first:
        assert v2.of_item[item.item_id] == v1.of_item[item.item_id]
    for item in second[120:]:
        hashes = {key_hash(k) for k in group_keys(item)}
        if hashes & set(v1.keys[EVAL_SPLIT]):
            assert v2.of_item[item.item_id] == EVAL_SPLIT
    assert set(v1.keys[EVAL_SPLIT]) <= set(v2.keys[EVAL_SPLIT])
    assert not set(v2.keys[EVAL_SPLIT]) & set(v2.keys[TRAIN_SPLIT])


def test_a_training_prompt_that_nearly_repeats_an_eval_prompt_is_left_out() -> None:
    question = "my mum takes warfarin 5 mg and wants ibuprofen for her knee, is that ok?"
    eval_item = _item(1, "c-a", "conv-a", "p-a", question)
    near = _item(2, "c-b", "conv-b", "p-b", question.replace("5 mg", "7.5 mg") + "!!")
    other = _item(3, "c-c", "conv-c", "p-c", "what is a normal fasting glucose level for an adult?")
    split_of = {"item-1": EVAL_SPLIT, "item-2": TRAIN_SPLIT, "item-3": TRAIN_SPLIT}

    records = build_records([_decided(i) for i in (eval_item, near, other)], split_of)

    assert [r["prompt_id"] for r in records.rows[EVAL]] == ["ev-1"]
    assert [r["metadata"]["event_id"] for r in records.rows[SFT]] == ["ev-3"]
    assert {r["metadata"]["event_id"] for r in records.rows[KTO]} == {"ev-3"}
    assert records.left_out["near_duplicate_of_eval"] == 1
    # An eval prompt of an earlier version counts too.
    again = build_records([_decided(other)], {"item-3": TRAIN_SPLIT}, [prompt_text(other.event["messages"])])
    assert again.rows[SFT] == [] and again.left_out["near_duplicate_of_eval"] == 1


def test_near_duplicate_index_keeps_different_prompts_apart() -> None:
    index = EvalIndex(["can i take ibuprofen with warfarin for knee pain?"])
    assert index.near("can i take ibuprofen with warfarin for knee pain??")
    assert not index.near("what dose of amoxicillin for a 14 kg child with otitis media?")


def test_an_item_joining_an_earlier_train_group_to_an_earlier_eval_group_is_held_out() -> None:
    train_item = _item(1, "c-train", "conv-1", "p-1")
    eval_item = _item(2, "c-eval", "conv-2", "p-2")
    v1 = assign_split([train_item, eval_item], {"eval": [key_hash(k) for k in group_keys(eval_item)]}, eval_share=0.0)
    assert (v1.of_item["item-1"], v1.of_item["item-2"]) == (TRAIN_SPLIT, EVAL_SPLIT)
    # The same patient as the train item, in the eval item's cluster; and a plain new item in the train cluster.
    bridge = _item(3, "c-eval", "conv-3", "p-1")
    joins_train = _item(4, "c-train", "conv-4", "p-4")
    v2 = assign_split([train_item, eval_item, bridge, joins_train], v1.keys, eval_share=1.0)
    assert v2.of_item == {"item-1": TRAIN_SPLIT, "item-2": EVAL_SPLIT, "item-3": HELD_OUT, "item-4": TRAIN_SPLIT}
    assert not set(v2.keys[EVAL_SPLIT]) & set(v2.keys[TRAIN_SPLIT])
