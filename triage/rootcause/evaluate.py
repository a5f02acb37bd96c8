"""`rca-eval`'s core: score predicted root causes against labelled rows.

`evaluate(rows)` takes mappings with `label` (a taxonomy id) and either `payload` (a signal event's
fields, with `kind` and `language`) or `text` (a free-text signal; its `kind` is unknown unless given)
and returns accuracy, macro-F1, per-cause precision/recall/F1/support, the confusion matrix and the
same scores per language. `evaluate_csv` reads the rows from a CSV file.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from triage.rootcause.analyzer import RootCauseAnalyzer
from triage.rootcause.signal import FREE_TEXT_KIND, Signal, from_event, from_text
from triage.rootcause.taxonomy import Taxonomy, load_taxonomy


class EvaluationError(ValueError):
    """The rows to evaluate are malformed; the message names the row and what to fix."""


def _row_name(row: Mapping[str, Any], number: int) -> str:
    return f"row {number}" + (f" (id {row['id']!r})" if row.get("id") is not None else "")


def _signal(row: Mapping[str, Any], number: int) -> Signal:
    kind = row.get("kind") or None
    kind = None if kind == FREE_TEXT_KIND else kind
    language = row.get("language") or None
    payload = row.get("payload")
    if isinstance(payload, Mapping):
        return from_event(kind, language, dict(payload))
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise EvaluationError(f"{_row_name(row, number)} has neither a payload nor a non-empty text")
    return from_text(text, language, kind)


def scores(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the causes present in `gold`, per-cause scores and the confusion matrix."""
    n = len(gold)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    per_cause: dict[str, dict[str, float]] = {}
    present = [label for label in labels if any(g == label for g in gold)]
    for label in labels:
        tp = confusion[label][label]
        support = sum(confusion[label].values())
        predicted_as = sum(row[label] for row in confusion.values())
        if not support and not predicted_as:
            continue
        precision = tp / predicted_as if predicted_as else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_cause[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
        }
    macro = sum(per_cause[label]["f1"] for label in present) / len(present) if present else 0.0
    return {
        "n": n,
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / n, 4) if n else 0.0,
        "macro_f1": round(macro, 4),
        "per_cause": per_cause,
        "confusion": {g: dict(sorted(row.items())) for g, row in sorted(confusion.items())},
    }


def evaluate(
    rows: Iterable[Mapping[str, Any]], analyzer: RootCauseAnalyzer | None = None, taxonomy: Taxonomy | None = None
) -> dict[str, Any]:
    """Scores of `analyzer` (default: rules and similarity, no confirmations) on labelled `rows`."""
    taxonomy = taxonomy or (analyzer.taxonomy if analyzer else load_taxonomy())
    signals: list[Signal] = []
    gold: list[str] = []
    for number, row in enumerate(rows):
        label = row.get("label")
        if label not in taxonomy:
            raise EvaluationError(
                f"{_row_name(row, number)}: label {label!r} is not a root cause of taxonomy v{taxonomy.version}; "
                f"use one of: {', '.join(taxonomy.ids)}"
            )
        signals.append(_signal(row, number))
        gold.append(str(label))
    if not signals:
        raise EvaluationError("no rows to evaluate")
    analyzer = analyzer or RootCauseAnalyzer(taxonomy)
    predicted = [c.cause_id for c in analyzer.predict_signals(signals)]
    result = scores(gold, predicted, taxonomy.ids)
    result["taxonomy_version"] = taxonomy.version
    by_language: dict[str, list[int]] = defaultdict(list)
    for i, signal in enumerate(signals):
        by_language[signal.language].append(i)
    result["by_language"] = {
        language: {k: v for k, v in scores([gold[i] for i in idx], [predicted[i] for i in idx], taxonomy.ids).items()
                   if k in ("n", "accuracy", "macro_f1")}
        for language, idx in sorted(by_language.items())
    }  # fmt: skip
    return result


def evaluate_csv(
    path: str | Path,
    text_col: str,
    label_col: str,
    language_col: str | None = None,
    kind_col: str | None = None,
    analyzer: RootCauseAnalyzer | None = None,
) -> dict[str, Any]:
    """`evaluate` on a CSV file: one free-text signal per row (kind unknown unless `kind_col` is given)."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise EvaluationError(f"cannot read {path}: {exc}") from exc
    with handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        wanted = [c for c in (text_col, label_col, language_col, kind_col) if c]
        missing = [c for c in wanted if c not in columns]
        if missing:
            raise EvaluationError(
                f"{path}: no column {', '.join(map(repr, missing))}; the file has {', '.join(columns)}"
            )
        rows = []
        first_line = reader.line_num + 1  # a quoted field may span lines: a row starts after the last one ended
        for record in reader:
            rows.append(
                {
                    "id": f"line {first_line}",
                    "text": record[text_col],
                    "label": (record[label_col] or "").strip(),
                    "language": record[language_col] if language_col else None,
                    "kind": record[kind_col] if kind_col else None,
                }
            )
            first_line = reader.line_num + 1
    result = evaluate(rows, analyzer)
    result["source"] = str(path)
    return result
