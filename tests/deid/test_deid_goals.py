"""The goals of issue 4 on the project's medical set, with the real Presidio engines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.deid import Deidentifier
from ingest.deid.evaluate import evaluate, load_dataset
from ingest.deid.scoring import ours_predictor
from tests.deid_data.generate import generate

MEDICAL_SET = Path(__file__).resolve().parents[1] / "deid_data" / "medical_set.jsonl"


@pytest.fixture(scope="module")
def scores(deidentifier: Deidentifier) -> dict[str, Any]:
    return evaluate(load_dataset(MEDICAL_SET, "jsonl"), ours_predictor(deidentifier))["all_labels"]


def test_the_shipped_set_is_what_the_generator_writes() -> None:
    import json

    shipped = [json.loads(line) for line in MEDICAL_SET.read_text(encoding="utf-8").splitlines()]
    assert shipped == generate()
    assert len(shipped) >= 600
    assert sum(row["language"] == "zh" for row in shipped) >= 200


@pytest.mark.xfail(strict=True, reason="goal not met yet: direct-identifier recall 0.959 on the medical set")
def test_recall_on_direct_identifiers(scores: dict[str, Any]) -> None:
    assert scores["direct_identifiers"]["recall"] >= 0.99, scores["direct_identifiers"]


@pytest.mark.xfail(strict=True, reason="goal not met yet: overall recall 0.942 on the medical set")
def test_recall_overall(scores: dict[str, Any]) -> None:
    assert scores["overall"]["recall"] >= 0.95, scores["overall"]


def test_precision(scores: dict[str, Any]) -> None:
    assert scores["overall"]["precision"] >= 0.90, scores["overall"]


def test_clinical_terms_survive(scores: dict[str, Any]) -> None:
    assert scores["clinical_terms"]["wrongly_redacted_rate"] < 0.01, scores["clinical_terms"]
