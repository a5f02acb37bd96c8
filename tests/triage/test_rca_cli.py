"""`outerloop rca-eval` through the Typer app: a labelled CSV in, scores as JSON out; a label that is not a
taxonomy id is an error naming its row (exit code 2, no traceback)."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from triage.rootcause import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "benchmarks" / "rca_data" / "rca_signals.csv"
SAMPLE = 150


def _sample(path: Path, n: int = SAMPLE, seed: int = 11) -> list[dict[str, str]]:
    """A seeded sample of the labelled set (multi-line transcripts kept), written as a CSV of its own."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    picked = random.Random(seed).sample(rows, n)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(picked)
    return picked


def test_rca_eval_scores_a_sample_of_the_labelled_set(tmp_path: Path) -> None:
    rows = _sample(tmp_path / "sample.csv")
    args = ["rca-eval", "--csv", str(tmp_path / "sample.csv"), "--text-col", "text", "--label-col", "label"]
    result = CliRunner().invoke(app, [*args, "--language-col", "language", "--kind-col", "kind"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    print(json.dumps({k: report[k] for k in ("n", "accuracy", "macro_f1", "by_language")}))

    assert report["n"] == SAMPLE and report["taxonomy_version"] == load_taxonomy().version
    assert report["accuracy"] >= 0.85 and report["macro_f1"] >= 0.8
    assert set(report["by_language"]) == {"en", "zh"}
    labels = {r["label"] for r in rows}
    assert labels <= set(report["per_cause"])
    for scores in report["per_cause"].values():
        assert set(scores) == {"precision", "recall", "f1", "support"}
        assert 0 <= scores["precision"] <= 1 and 0 <= scores["recall"] <= 1
    confusion = report["confusion"]
    assert set(confusion) == labels
    assert sum(sum(row.values()) for row in confusion.values()) == SAMPLE
    correct = sum(confusion[label].get(label, 0) for label in confusion)
    assert round(correct / SAMPLE, 4) == report["accuracy"]


def test_without_a_kind_column_texts_are_free_text_signals(tmp_path: Path) -> None:
    path = tmp_path / "free.csv"
    path.write_text(
        "text,cause\n"
        '"The lab report OCR timed out and the bot said my results were normal anyway",tool_failure\n'
        '"It told me to take 50 mg instead of 5 mg, ten times my dose",dose_or_unit_error\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["rca-eval", "--csv", str(path), "--text-col", "text", "--label-col", "cause"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["n"] == 2 and report["accuracy"] == 1.0


def test_a_label_that_is_not_a_taxonomy_id_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "text,label\n"
        "it gave the wrong dose,dose_or_unit_error\n"
        '"a transcript\nover two lines",dose_or_unit_error\n'
        "the OCR never worked,tool_broke\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["rca-eval", "--csv", str(path), "--text-col", "text", "--label-col", "label"])
    assert result.exit_code == 2
    # Rows count from 0 after the header; a quoted transcript over two lines is one row.
    assert "row 2 " in result.output and "'tool_broke' is not a root cause" in result.output
    assert "tool_failure" in result.output  # the valid ids are listed
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)

    missing = CliRunner().invoke(app, ["rca-eval", "--csv", str(path), "--label-col", "cause"])
    assert missing.exit_code == 2 and "no column 'cause'" in missing.output
    absent = CliRunner().invoke(app, ["rca-eval", "--csv", str(tmp_path / "nope.csv")])
    assert absent.exit_code == 2 and "cannot read" in absent.output


def test_help_describes_the_command() -> None:
    result = CliRunner().invoke(app, ["rca-eval", "--help"])
    assert result.exit_code == 0
    for option in ("--csv", "--text-col", "--label-col", "--language-col", "--kind-col"):
        assert option in result.output
    tools = CliRunner().invoke(app, ["report", "--help"])
    assert "tools" in tools.output and "fixes" in tools.output
