"""The run report (markdown artifact) and `outerloop report fixes` on a synthetic stream in which one
failure mode disappears when a new model version rolls out."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.report import RunFacts, StageTiming, export_markdown, fix_rows, load_traffic, pipeline_markdown
from infra.records import Cluster, ReviewItem, VersionSignals
from ingest.synthetic import generate_events


def _cluster(cid: str, size: int, label: str = "lab, ocr", theme: str = "lab report | ocr") -> Cluster:
    return Cluster(cid, "r1", "en", label, ["lab", "ocr"], size, {"bad_case": 1.0}, [], theme_label=theme)


def _item(item_id: str, priority: float) -> ReviewItem:
    return ReviewItem(
        item_id,
        "e1",
        "en-001",
        "lab, ocr",
        priority,
        "pending",
        None,
        None,
        1,
        datetime.now(UTC),
        None,
        {"kind": "tool_error"},
    )


def test_pipeline_report_names_new_and_growing_clusters_and_what_needs_a_person() -> None:
    facts = RunFacts(
        stages=[StageTiming("ingest", 3.2, {"consumed": 12, "stored": 10}), StageTiming("cluster", 5.0, {})],
        ingest={"dead_lettered_by_reason": {"not_json": 2}, "lag": {"signals[0]": 0, "signals[1]": 4}},
        cluster_sizes_before={"en-001": 5, "en-002": 7},
        clusters=[_cluster("en-001", 9), _cluster("en-002", 7), _cluster("en-003", 4, label="new | pipe")],
        top_items=[_item("i-1", 0.9)],
        review_counts={"pending": 3},
    )
    md = pipeline_markdown(facts)
    assert "| ingest | 3.2 | consumed 12, stored 10 |" in md
    new = md.split("## New clusters (1)")[1].split("##")[0]
    assert "en-003" in new and "new \\| pipe" in new  # a pipe in a label cannot break the table
    growing = md.split("## Growing clusters (1)")[1].split("##")[0]
    assert "en-001" in growing and "+4" in growing and "en-002" not in growing
    assert "theme: lab report" in md  # the cause column shows the theme until root causes are stored
    assert "| i-1 | 0.90 | tool_error |" in md
    needs = md.split("## Needs a person")[1]
    assert "2 dead letters (not_json 2)" in needs and "outerloop dlq replay" in needs
    assert "4 records behind on 1 partitions" in needs
    assert "1 new clusters" in needs and "3 review items pending" in needs


def test_export_report_says_version_and_counts() -> None:
    md = export_markdown({"name": "ds", "version": "v0002", "created": True, "counts": {"sft": 3, "eval": 2}})
    assert md.startswith("# dataset ds v0002") and "| sft | 3 |" in md
    nothing = export_markdown({"name": "ds", "version": "v0002", "created": False, "counts": {}})
    assert "nothing written" in nothing


def _stream_where_one_mode_disappears(gone_mode: str) -> tuple[list[VersionSignals], list[str]]:
    """The generator's stream (three model versions rolled out over 28 days); signals of `gone_mode` stop
    under the newest version, as if that version fixed the failure."""
    events = generate_events(3000, seed=11)
    versions: list[str] = []
    for g in events:
        if g.event["model_version"] not in versions:
            versions.append(g.event["model_version"])
    newest = versions[-1]
    counts = Counter(
        (g.failure_mode, g.event["model_version"])
        for g in events
        if not (g.failure_mode == gone_mode and g.event["model_version"] == newest)
    )
    signals = [VersionSignals(mode, mode.replace("_", " "), v, n) for (mode, v), n in sorted(counts.items())]
    return signals, versions


def test_fixes_finds_the_failure_a_version_fixed_and_no_other() -> None:
    modes = sorted({g.failure_mode for g in generate_events(400, seed=11)})
    gone = modes[0]
    signals, versions = _stream_where_one_mode_disappears(gone)
    assert len(versions) == 3
    rows = {r.group_id: r for r in fix_rows(signals, versions)}
    assert rows[gone].verdict == "gone"
    assert (rows[gone].before, rows[gone].after) == (versions[1], versions[2])
    assert rows[gone].counts.get(versions[2], 0) == 0 and rows[gone].counts[versions[1]] >= 20
    others = {m: r.verdict for m, r in rows.items() if m != gone}
    assert set(others.values()) <= {"steady"}, others
    # Shares of a version's signals: the others' shares grow a little when one failure disappears.
    assert abs(sum(r.rates[versions[1]] for r in rows.values()) - 1.0) < 1e-9


def test_fixes_with_traffic_uses_rates_per_request(tmp_path: Path) -> None:
    signals = [
        VersionSignals("T1", "dose", "v1", 100),
        VersionSignals("T1", "dose", "v2", 100),
        VersionSignals("T2", "lab", "v1", 50),
        VersionSignals("T2", "lab", "v2", 10),
    ]
    # Without traffic, T1's share rises from 67 % to 91 %: "steady" at a factor of 2.
    shares = {r.group_id: r for r in fix_rows(signals, ["v1", "v2"])}
    assert shares["T2"].verdict == "down" and shares["T1"].verdict == "steady"
    # v2 served four times the requests: T1's rate per request fell by 4.
    path = tmp_path / "traffic.json"
    path.write_text(json.dumps({"v1": 10_000, "v2": 40_000}))
    rows = {r.group_id: r for r in fix_rows(signals, ["v1", "v2"], traffic=load_traffic(str(path)))}
    assert rows["T1"].verdict == "down" and rows["T1"].rates["v2"] == pytest.approx(100 / 40_000)
    csv = tmp_path / "traffic.csv"
    csv.write_text("model_version,requests\nv1,10000\nv2,40000\n")
    assert load_traffic(str(csv)) == {"v1": 10_000, "v2": 40_000}
    with pytest.raises(ValueError, match="no requests for v2"):
        fix_rows(signals, ["v1", "v2"], traffic={"v1": 5})
