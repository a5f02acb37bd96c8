"""Accepted review items as dataset records: HealthBench-style rubric evals, TRL conversational SFT,
preference pairs and unpaired KTO examples.

The prompt is the conversation up to the failed answer, never including it. Gold (an SFT target, a
`chosen`, a `true` KTO completion, an ideal completion) is only ever a reference a reviewer wrote or
confirmed, and never the failed answer or a near copy of it (`gold.near_copy`). A physician's correction
carried by the signal is a note about the answer, not an answer a patient should receive: it becomes
rubric evidence in the eval record, and a reference only when a reviewer confirms it as the answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from curation.gold import near_copy
from curation.leakage import EvalIndex, prompt_text
from curation.split import EVAL_SPLIT, HELD_OUT, TRAIN_SPLIT
from infra.records import CompleteDecision

EVAL = "eval.jsonl"
SFT = "sft.jsonl"
PREFERENCE = "preference.jsonl"
KTO = "kto.jsonl"
DATA_FILES = (EVAL, SFT, PREFERENCE, KTO)
PROMPT_ROLES = frozenset({"system", "user", "assistant"})


@dataclass
class Records:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {f: [] for f in DATA_FILES})
    event_ids: set[str] = field(default_factory=set)
    cluster_ids: set[str] = field(default_factory=set)
    reviewers: set[str] = field(default_factory=set)
    skipped_item_ids: list[str] = field(default_factory=list)
    # Why items or rows were left out, e.g. "reference_near_failed_answer": 2.
    left_out: Counter[str] = field(default_factory=Counter)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def prompt_messages(event: dict[str, Any]) -> list[dict[str, str]]:
    """The conversation up to the failed answer: turns after it (a follow-up, a clinician's note) and the
    answer itself are left out, and only system, user and assistant turns are kept (TRL's chat roles)."""
    messages = [m for m in event.get("messages") or [] if isinstance(m, dict)]
    failed = _text(event.get("model_output"))
    cut = len(messages)
    if failed is not None:
        for i in range(len(messages) - 1, -1, -1):
            if messages[i].get("role") == "assistant" and near_copy(str(messages[i].get("content", "")), failed):
                cut = i
                break
    kept = [
        {"role": str(m.get("role")), "content": str(m.get("content", ""))}
        for m in messages[:cut]
        if m.get("role") in PROMPT_ROLES
    ]
    while kept and kept[-1]["role"] == "assistant":  # a prompt ends on the user's turn
        kept.pop()
    return kept


def _assistant(content: str) -> list[dict[str, str]]:
    return [{"role": "assistant", "content": content}]


def _metadata(decided: CompleteDecision) -> dict[str, Any]:
    item, final = decided.item, decided.final
    event = item.event
    return {
        "event_id": item.event_id,
        "item_id": item.item_id,
        "cluster_id": item.cluster_id,
        "cluster_label": item.cluster_label,
        "theme_id": item.theme_id,
        "theme": item.theme_label,
        "root_cause": final.root_cause,
        "suggested_root_cause": item.suggested_cause,
        "verdict": final.verdict,
        "harm": final.harm,
        "adjudicated": decided.adjudicated,
        "kind": event.get("kind"),
        "model_version": event.get("model_version"),
        "language": event.get("language"),
        "conversation_id": event.get("conversation_id"),
        "reviewers": decided.reviewers,
        "decision_ids": [d.decision_id for d in decided.decisions],
    }


def _rubrics(decided: CompleteDecision, reference: str | None) -> list[dict[str, Any]]:
    """The reviewer's criteria (tagged `written`) when given; otherwise criteria derived from the decision,
    tagged `generated` so they can be told from written ones."""
    written = [
        {"criterion": str(r["criterion"]), "points": int(r["points"]), "tags": ["written"]}
        for r in decided.final.rubric
        if isinstance(r, dict) and r.get("criterion") and isinstance(r.get("points"), int | float)
    ]
    if written:
        return written
    event = decided.item.event
    rubrics: list[dict[str, Any]] = []
    correction = _text(event.get("correction"))
    if correction is not None:
        role = str(event.get("corrector_role") or "clinician")
        rubrics.append(
            {
                "criterion": f"Avoids the error a {role} reported in the failed answer: {correction}",
                "points": 8,
                "tags": ["generated", "source:correction", "axis:accuracy"],
            }
        )
    if reference is not None:
        rubrics.append(
            {
                "criterion": f"Gives the substance of the reviewed reference answer: {reference}",
                "points": 10,
                "tags": ["generated", "source:reference", "axis:completeness"],
            }
        )
    failed = _text(event.get("model_output"))
    if failed is not None:
        rubrics.append(
            {
                "criterion": f"Does not repeat the answer reviewers judged wrong: {failed}",
                "points": -8,
                "tags": ["generated", "source:failed_answer", "axis:accuracy"],
            }
        )
    return rubrics


def _example_tags(decided: CompleteDecision) -> list[str]:
    item = decided.item
    event = item.event
    tags = [
        f"cluster:{item.cluster_id}",
        f"kind:{event.get('kind')}",
        f"language:{event.get('language')}",
    ]
    if item.theme_id:
        tags.append(f"theme:{item.theme_id}")
    if decided.final.root_cause:
        tags.append(f"root_cause:{decided.final.root_cause}")
    if decided.final.harm:
        tags.append(f"harm:{decided.final.harm}")
    return tags


def build_records(
    decisions: list[CompleteDecision],
    split_of: Mapping[str, str] | None = None,
    earlier_eval_prompts: Iterable[str] = (),
) -> Records:
    """Records in event-id order, so the same decisions always give the same bytes.

    `split_of` sends each item (by id) to "eval" (eval.jsonl only) or "train" (sft, preference and kto
    only); without it every item is training. A training prompt that nearly repeats an evaluation prompt of
    this or an earlier version (`earlier_eval_prompts`) is left out of training and counted.

    Only complete reviews count (one decision where one suffices, two that agree, or a lead's
    adjudication). A review marked unusable is left out. An answer judged acceptable is a `true` KTO
    example (train) and nothing else. An item with no prompt (no user turn before the failed answer) is
    skipped and listed. An item without a reviewed reference, or whose reference nearly copies the failed
    answer, gives no SFT row, no preference pair and no ideal completion; its failed answer is still a
    `false` KTO example.
    """
    out = Records()
    ordered = sorted(decisions, key=lambda d: (d.item.event_id, d.item.item_id))
    prompts = {d.item.item_id: prompt_messages(d.item.event) for d in ordered}
    splits = {d.item.item_id: (split_of or {}).get(d.item.item_id, TRAIN_SPLIT) for d in ordered}
    index = EvalIndex(
        [
            *earlier_eval_prompts,
            *(prompt_text(prompts[d.item.item_id]) for d in ordered if splits[d.item.item_id] == EVAL_SPLIT),
        ]
    )
    for decided in ordered:
        item, final = decided.item, decided.final
        if final.unusable is not None:
            out.left_out[f"unusable:{final.unusable}"] += 1
            continue
        if splits[item.item_id] == HELD_OUT:
            out.left_out["joins_a_train_group_to_an_eval_group"] += 1
            continue
        prompt = prompts[item.item_id]
        if not any(m["role"] == "user" for m in prompt):
            out.skipped_item_ids.append(item.item_id)
            out.left_out["no_prompt"] += 1
            continue
        if splits[item.item_id] == TRAIN_SPLIT and index.near(prompt_text(prompt)):
            out.skipped_item_ids.append(item.item_id)
            out.left_out["near_duplicate_of_eval"] += 1
            continue
        event = item.event
        failed = _text(event.get("model_output"))
        if final.verdict == "acceptable":
            if splits[item.item_id] == TRAIN_SPLIT and failed is not None:
                metadata = {**_metadata(decided), "split": TRAIN_SPLIT}
                out.rows[KTO].append(
                    {"prompt": prompt, "completion": _assistant(failed), "label": True, "metadata": metadata}
                )
                _count_source(out, decided)
            continue
        reference = _text(final.reference_answer)
        if reference is not None and failed is not None and near_copy(reference, failed):
            out.left_out["reference_near_failed_answer"] += 1
            reference = None
        elif reference is None:
            out.left_out["no_reviewed_reference"] += 1
        metadata = {**_metadata(decided), "split": splits[item.item_id]}
        if splits[item.item_id] == EVAL_SPLIT:
            out.rows[EVAL].append(
                {
                    "prompt_id": item.event_id,
                    "prompt": prompt,
                    "rubrics": _rubrics(decided, reference),
                    "example_tags": _example_tags(decided),
                    "ideal_completions_data": (
                        {"ideal_completion": reference, "ideal_completions_ref_completions": []} if reference else None
                    ),
                    "metadata": metadata,
                }
            )
        else:
            _add_training_rows(out, prompt, reference, failed, metadata)
        _count_source(out, decided)
    return out


def _count_source(out: Records, decided: CompleteDecision) -> None:
    out.event_ids.add(decided.item.event_id)
    out.cluster_ids.add(decided.item.cluster_id)
    out.reviewers.update(decided.reviewers)


def _add_training_rows(
    out: Records, prompt: list[dict[str, str]], reference: str | None, failed: str | None, metadata: dict[str, Any]
) -> None:
    if reference is not None:
        out.rows[SFT].append({"messages": [*prompt, *_assistant(reference)], "metadata": metadata})
        out.rows[KTO].append(
            {"prompt": prompt, "completion": _assistant(reference), "label": True, "metadata": metadata}
        )
        if failed is not None:
            out.rows[PREFERENCE].append(
                {
                    "prompt": prompt,
                    "chosen": _assistant(reference),
                    "rejected": _assistant(failed),
                    "metadata": metadata,
                }
            )
    if failed is not None:
        out.rows[KTO].append({"prompt": prompt, "completion": _assistant(failed), "label": False, "metadata": metadata})
