"""`outerloop cluster-eval` through the Typer app: a labelled CSV in, scores as JSON out."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app


def _write_csv(path: Path, n: int) -> None:
    from cluster.text import cluster_text
    from ingest.event import SignalEvent
    from ingest.synthetic import generate_events

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "mode", "kind"])
        for g in generate_events(n, seed=5, zh_share=1.0):
            event = SignalEvent.model_validate(g.event)
            writer.writerow([cluster_text(event.model_dump(mode="json")), g.failure_mode, event.kind.value])


def test_cluster_eval_scores_clusters_and_themes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "zh.csv"
    _write_csv(data, 800)
    # Clusters scored against the signal kind, themes against the failure mode: a theme score that fell
    # back to the kind column would be far from the modes.
    args = ["cluster-eval", "--csv", str(data), "--text-col", "text", "--label-col", "kind"]
    result = CliRunner().invoke(app, [*args, "--theme-label-col", "mode", "--language", "zh"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    print(json.dumps({k: report[k] for k in ("ari", "nmi", "n_clusters", "noise_share", "themes")}, ensure_ascii=False))

    assert report["items"] == 800
    assert 0.0 <= report["noise_share"] <= 1.0
    assert set(report["seconds"]) >= {"embed", "lexical", "reduce", "hdbscan", "themes"}
    themes = report["themes"]
    assert themes["scored_against"] == "theme labels"
    assert themes["n_themes"] < report["n_clusters"]
    # The generator's failure modes are the themes; its clusters are the scenarios inside them.
    assert themes["ari"] >= 0.8


def test_cluster_eval_names_a_missing_column(tmp_path: Path) -> None:
    data = tmp_path / "tiny.csv"
    data.write_text("text,label\nhello,a\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["cluster-eval", "--csv", str(data), "--label-col", "label", "--theme-label-col", "theme"]
    )
    assert result.exit_code != 0
    assert "--theme-label-col" in result.output and "['text', 'label']" in result.output
