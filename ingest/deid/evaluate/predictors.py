"""The two systems as predictors for `ingest.deid.evaluate.metrics`: ours (what it replaces) and vanilla Presidio."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.deid.deidentifier import Deidentifier, TextJob
from ingest.deid.evaluate.baseline import vanilla_analyzer, vanilla_detect
from ingest.deid.evaluate.metrics import LabelledText, Predictor
from ingest.deid.model import Entity


def ours_predictor(deidentifier: Deidentifier, batch_size: int = 256) -> Predictor:
    """Scores what the de-identifier replaces (kept ages of 89 or less are not counted as found)."""

    def predict(items: Sequence[LabelledText]) -> list[list[Entity]]:
        out: list[list[Entity]] = []
        for start in range(0, len(items), batch_size):
            jobs = [TextJob(i.text, i.language) for i in items[start : start + batch_size]]
            out += [r.entities for r in deidentifier.deidentify_jobs(jobs)]
        return out

    return predict


def vanilla_predictor() -> Predictor:
    analyzer = vanilla_analyzer()

    def predict(items: Sequence[LabelledText]) -> list[list[Entity]]:
        return vanilla_detect(analyzer, [i.text for i in items])

    return predict
