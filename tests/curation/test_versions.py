"""`outerloop datasets` and `outerloop datasets diff` over two real exported versions."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from curation.export import export_datasets
from flows.cli import app
from flows.cli.datasets import export_sentence
from tests.curation.test_export import _decide, seed


def test_datasets_lists_versions_and_diffs_two(tmp_path: Path) -> None:
    store = seed(tmp_path / "outerloop.duckdb")
    exports = tmp_path / "datasets"
    _decide(store, "ev-a", "accepted", "Use paracetamol instead.")
    export_datasets(store, exports, eval_share=0.0)
    _decide(store, "ev-d", "accepted", "Pause metformin around iodinated contrast if kidney function is low.")
    export_datasets(store, exports, eval_share=0.0)
    runner = CliRunner()

    listed = runner.invoke(app, ["datasets", "--data-dir", str(tmp_path)])
    assert listed.exit_code == 0, listed.output
    assert "v0001" in listed.output and "v0002" in listed.output

    diffed = runner.invoke(app, ["datasets", "diff", "v0001", "v0002", "--json", "--data-dir", str(tmp_path)])
    assert diffed.exit_code == 0, diffed.output
    found = json.loads(diffed.output)
    assert found["added"]["sft.jsonl"] == ["ev-d"] and found["removed"]["sft.jsonl"] == []

    missing = runner.invoke(app, ["datasets", "diff", "v0001", "v0009", "--data-dir", str(tmp_path)])
    assert missing.exit_code == 2 and "no version 'v0009'" in missing.output


def test_export_says_what_it_wrote_or_that_nothing_was_new() -> None:
    written = {"created": True, "version": "v0003", "path": "d/v0003", "counts": {"eval.jsonl": 4, "sft.jsonl": 3}}
    assert export_sentence(written).startswith("v0003 written: 4 eval, 3 sft")
    same = {**written, "created": False, "version": "v0002"}
    assert export_sentence(same).startswith("nothing new since v0002; nothing written")
    empty = {**written, "created": False, "version": ""}
    assert export_sentence(empty).startswith("nothing to export: no completed reviews")


def test_no_completed_review_writes_no_empty_first_version(tmp_path: Path) -> None:
    result = export_datasets(seed(tmp_path / "outerloop.duckdb"), tmp_path / "datasets")
    assert (result.created, result.version) == (False, "")
    assert not (tmp_path / "datasets").exists() or not any((tmp_path / "datasets").rglob("v*"))
