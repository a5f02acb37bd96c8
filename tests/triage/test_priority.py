from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime

import pytest

from infra.records import Cluster, EventRow
from triage.priority import KIND_WEIGHTS, build_review_items, item_id_for, severity


def _cluster(cid: str, size: int, shares: dict[str, float], exemplars: list[str]) -> Cluster:
    return Cluster(cid, "run-1", "en", f"label {cid}", [], size, shares, exemplars)


def _events(*ids: str) -> dict[str, EventRow]:
    return {i: EventRow(i, "bad_case", "en", datetime(2025, 1, 1, tzinfo=UTC), {}) for i in ids}


def test_item_id_is_a_stable_hash_of_the_event_id() -> None:
    assert item_id_for("ev-1") == hashlib.sha256(b"ev-1").hexdigest()[:16]
    assert item_id_for("ev-1") != item_id_for("ev-2")


def test_one_item_per_exemplar_with_size_and_severity_priority() -> None:
    clusters = [
        _cluster("small-corrections", 3, {"correction": 1.0}, ["a1"]),
        _cluster("big-mixed", 40, {"bad_case": 0.5, "low_confidence": 0.5}, ["b1", "b2", "b3"]),
    ]
    items = build_review_items(clusters, _events("a1", "b1", "b2", "b3"))
    assert [i.event_id for i in items] == ["b1", "b2", "b3", "a1"]
    assert {i.item_id for i in items} == {item_id_for(e) for e in ("a1", "b1", "b2", "b3")}
    by_event = {i.event_id: i for i in items}
    assert by_event["a1"].priority == pytest.approx(math.log1p(3) * 1.0)
    assert by_event["b1"].priority == pytest.approx(math.log1p(40) * (0.5 * 0.8 + 0.5 * 0.4))
    assert by_event["b1"].cluster_id == "big-mixed"


def test_exemplar_rank_breaks_ties_but_never_overtakes_another_cluster() -> None:
    clusters = [
        _cluster("x", 10, {"follow_up": 1.0}, ["x1", "x2", "x3"]),
        _cluster("y", 10, {"follow_up": 0.999}, ["y1"]),  # normalised: same severity as x
    ]
    items = build_review_items(clusters, _events("x1", "x2", "x3", "y1"))
    priorities = {i.event_id: i.priority for i in items}
    assert priorities["x1"] > priorities["x2"] > priorities["x3"]
    assert priorities["x1"] == pytest.approx(priorities["y1"])
    assert [i.event_id for i in items][:2] in (["x1", "y1"], ["y1", "x1"])


def test_correction_heavy_cluster_beats_same_size_low_confidence_cluster() -> None:
    clusters = [
        _cluster("lowconf", 8, {"low_confidence": 1.0}, ["l1"]),
        _cluster("corr", 8, {"correction": 1.0}, ["c1"]),
    ]
    assert [i.cluster_id for i in build_review_items(clusters, _events("l1", "c1"))] == ["corr", "lowconf"]


def test_missing_events_are_skipped_and_duplicates_kept_once_under_the_best_cluster() -> None:
    clusters = [
        _cluster("weak", 2, {"low_confidence": 1.0}, ["shared", "gone"]),
        _cluster("strong", 20, {"correction": 1.0}, ["shared"]),
    ]
    items = build_review_items(clusters, _events("shared"))
    assert [(i.event_id, i.cluster_id) for i in items] == [("shared", "strong")]


def test_deterministic_and_empty_inputs() -> None:
    clusters = [_cluster("a", 5, {"tool_error": 1.0}, ["e1", "e2"]), _cluster("b", 0, {}, ["e3"])]
    events = _events("e1", "e2", "e3")
    assert build_review_items(clusters, events) == build_review_items(list(reversed(clusters)), events)
    assert build_review_items([], events) == []
    assert [i.priority for i in build_review_items(clusters, events)][-1] == 0.0


def test_severity_weights_and_normalisation() -> None:
    assert severity({}) == 0.0
    assert severity({"correction": 2.0}) == pytest.approx(1.0)
    assert severity({"unknown_kind": 1.0}) == 0.0
    assert severity({k: 1.0 for k in KIND_WEIGHTS}) == pytest.approx(sum(KIND_WEIGHTS.values()) / 5)
