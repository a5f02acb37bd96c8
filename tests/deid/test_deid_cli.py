"""`outerloop deid` and `outerloop deid-eval` through the Typer app, real engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app


def test_deid_round_trip_keeps_every_field(tmp_path: Path) -> None:
    rows = [
        {"id": "a1", "text": "my daughter Emily has a fever, call 415-555-0142", "extra": {"k": 1}},
        {"id": "a2", "text": "病案号：4482913，患者张伟，手机13812345678", "language": "zh"},
    ]
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["deid", "--in", str(src), "--out", str(dst), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == ["a1", "a2"]
    for original, line in zip(rows, out, strict=True):
        assert {k: line[k] for k in original} == original
        assert line["entities"] and all({"type", "start", "end", "score"} <= set(e) for e in line["entities"])
    assert "Emily" not in out[0]["deid_text"] and "0142" not in out[0]["deid_text"]
    assert "4482913" not in out[1]["deid_text"] and "张伟" not in out[1]["deid_text"]


def test_deid_eval_prints_scores_for_both_systems(tmp_path: Path) -> None:
    dataset = Path(__file__).resolve().parents[1] / "deid_data" / "medical_set.jsonl"
    result = CliRunner().invoke(
        app,
        [
            "deid-eval",
            "--dataset",
            str(dataset),
            "--format",
            "jsonl",
            "--baseline",
            "vanilla",
            "--limit",
            "40",
            "--data-dir",
            str(tmp_path / "d"),
        ],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    for system in ("ours", "vanilla"):
        view = scores[system]["all_labels"]
        assert {"precision", "recall", "f2"} <= set(view["overall"]) and view["per_type"]
        assert "recall" in view["direct_identifiers"]
    assert scores["ours"]["all_labels"]["overall"]["recall"] > scores["vanilla"]["all_labels"]["overall"]["recall"]


def test_deid_eval_scores_one_split_with_value_recall_and_clinical_terms_lost(tmp_path: Path) -> None:
    dataset = Path(__file__).resolve().parents[1] / "deid_data" / "consumer_set.jsonl"
    args = ["deid-eval", "--dataset", str(dataset), "--split", "heldout", "--limit", "30"]
    result = CliRunner().invoke(app, [*args, "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["split"] == "heldout" and scores["ours"]["texts"] == 30
    view = scores["ours"]["all_labels"]
    assert 0 <= view["value_disappears"]["direct_identifiers"]["recall"] <= 1
    assert view["clinical_terms"]["lost_rate"] == view["clinical_terms"]["wrongly_redacted_rate"]
    bad = CliRunner().invoke(app, ["deid-eval", "--dataset", str(dataset), "--split", "train"])
    assert bad.exit_code == 2


@pytest.mark.slow
def test_deid_on_ray_actors_writes_what_one_process_writes(tmp_path: Path) -> None:
    dataset = Path(__file__).resolve().parents[1] / "deid_data" / "medical_set.jsonl"
    src = tmp_path / "in.jsonl"
    src.write_text("".join(dataset.read_text(encoding="utf-8").splitlines(keepends=True)[::20]), encoding="utf-8")
    outputs = []
    for actors in ("0", "2"):
        dst = tmp_path / f"out-{actors}.jsonl"
        args = ["deid", "--in", str(src), "--out", str(dst), "--batch-size", "5", "--ray-actors", actors]
        result = CliRunner().invoke(app, [*args, "--data-dir", str(tmp_path / "d")])
        assert result.exit_code == 0, result.output
        outputs.append(dst.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 32
