"""De-identification on consumer health text (`tests/deid_data/consumer_set.jsonl`), real Presidio engines.

Rules are tuned on the set's `tune` split only; the goals are asserted on the `heldout` split, at the
figures reached (the issue's goals, where not yet met, are in the comments). presidio-synth is scored by
value-disappears recall of direct identifiers when the shared copy is present, whole and on the held-out
part of its fixed split (`ingest.deid.evaluate.metrics.split_of`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.deid import Deidentifier
from ingest.deid.evaluate.metrics import evaluate, load_dataset, select_split
from ingest.deid.evaluate.predictors import ours_predictor

CONSUMER_SET = Path(__file__).resolve().parents[1] / "deid_data" / "consumer_set.jsonl"
PRESIDIO_SYNTH = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "presidio-synth" / "synth_dataset_v2.json"
)


@pytest.fixture(scope="module")
def heldout(deidentifier: Deidentifier) -> Any:
    items = select_split(load_dataset(CONSUMER_SET, "jsonl"), "heldout")
    assert len(items) == 217
    return evaluate(items, ours_predictor(deidentifier))["all_labels"]


def test_direct_identifier_recall(heldout: dict[str, Any]) -> None:
    # Goal 0.99; reached 0.988 (span coverage) and 0.988 (value disappears); 0.977 and 0.970 before the
    # names found through other detections, messenger ids and lower-case cities.
    assert heldout["direct_identifiers"]["recall"] >= 0.985, heldout["direct_identifiers"]
    assert heldout["value_disappears"]["direct_identifiers"]["recall"] >= 0.985, heldout["value_disappears"]


def test_span_precision(heldout: dict[str, Any]) -> None:
    # Goal 0.95; reached 0.995 overall, 0.994 on direct identifiers (0.964 / 0.961 before 谢谢医生 stopped
    # being a surname and a title).
    assert heldout["overall"]["precision"] >= 0.99, heldout["overall"]
    assert heldout["direct_identifiers"]["precision"] >= 0.99, heldout["direct_identifiers"]


def test_clinical_terms_survive(heldout: dict[str, Any]) -> None:
    # Goal under 1 %; reached 0.13 % (1 of 794).
    assert heldout["clinical_terms"]["lost_rate"] < 0.005, heldout["clinical_terms"]


@pytest.fixture(scope="module")
def synth(deidentifier: Deidentifier) -> Any:
    if not PRESIDIO_SYNTH.is_file():
        pytest.skip("presidio-synth is not in ../shared/data")
    items = load_dataset(PRESIDIO_SYNTH, "presidio")
    predictions = ours_predictor(deidentifier)(items)
    by_id = dict(zip((i.id for i in items), predictions, strict=True))

    def scores(split: str | None) -> dict[str, Any]:
        chosen = select_split(items, split)
        return evaluate(chosen, lambda batch: [by_id[i.id] for i in batch])["all_labels"]

    return scores


def test_presidio_synth_identifiers_disappear(synth: Any) -> None:
    # Goal 0.97; reached 0.971 on the whole set (0.924 before this work's last round, 0.695 before the
    # consumer-text rules, vanilla Presidio 0.702), 0.970 on its `tune` split and 0.973 on `heldout`.
    whole, heldout = synth(None), synth("heldout")
    assert whole["value_disappears"]["direct_identifiers"]["recall"] >= 0.97, whole["value_disappears"]
    assert heldout["value_disappears"]["direct_identifiers"]["recall"] >= 0.97, heldout["value_disappears"]
    # Precision reached 0.936 on direct identifiers (0.939 overall).
    assert whole["direct_identifiers"]["precision"] >= 0.93, whole["direct_identifiers"]
