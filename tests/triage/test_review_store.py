"""The review rules in the store, on a real DuckDB file: decisions append-only per reviewer, the status
derived from them, double review and adjudication, leases, complete decisions for the exporter, and
re-clustering that never orphans work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from review_app import CLUSTERS, ITEM_IDS

from infra.records import Assignment, Cluster, QueueFilter, ReviewRuleError, VersionConflictError
from infra.store import Store

TOP, SECOND = ITEM_IDS["ev-warfarin-1"], ITEM_IDS["ev-warfarin-2"]
LOOKUP, PROBE = ITEM_IDS["ev-lookup-1"], ITEM_IDS["ev-probe-1"]


def _decide(store: Store, item_id: str, reviewer: str, role: str = "reviewer", **values: Any) -> str:
    decision: dict[str, Any] = {
        "verdict": "wrong",
        "harm": "minor",
        "root_cause": "interaction_missed",
        "reference_answer": f"{reviewer}'s answer",
        **values,
    }
    item = store.record_decision(
        item_id,
        reviewer=reviewer,
        role=role,
        expected_version=store.review_item(item_id).version,
        **decision,
    )
    return item.status


def test_a_single_review_completes_an_item_of_low_harm(store: Store) -> None:
    assert _decide(store, TOP, "alice") == "accepted"
    assert _decide(store, SECOND, "alice", verdict="acceptable", harm="none", root_cause=None) == "rejected"
    assert _decide(store, LOOKUP, "alice", verdict=None, unusable="junk") == "rejected"
    assert [i.item_id for i in store.accepted_items()] == [TOP]
    [done] = store.complete_decisions()
    assert (done.item.item_id, done.final.reviewer, done.reviewers, done.adjudicated) == (
        TOP,
        "alice",
        ["alice"],
        False,
    )
    assert len(store.complete_decisions(None)) == 3


def test_moderate_harm_needs_a_second_independent_review(store: Store) -> None:
    assert _decide(store, TOP, "alice", harm="moderate") == "second_review"
    item = store.review_item(TOP)
    assert item.double_review and item.reference_answer is None  # the first answer is not shown on the item
    assert store.accepted_items() == []
    assert _decide(store, TOP, "alice", harm="moderate") == "second_review"  # a revision, not a second review
    assert _decide(store, TOP, "bob", harm="minor") == "accepted"  # agrees on verdict and cause
    [done] = store.complete_decisions()
    assert done.reviewers == ["alice", "bob"] and done.final.reviewer == "bob"
    assert store.accepted_items()[0].reference_answer == "bob's answer"


def test_a_disagreement_waits_for_a_lead_who_did_not_review_it(store: Store) -> None:
    _decide(store, TOP, "alice", harm="severe")
    assert _decide(store, TOP, "bob", harm="severe", root_cause="knowledge_error") == "disputed"
    with pytest.raises(ReviewRuleError) as refused:
        _decide(store, TOP, "dave")
    assert refused.value.forbidden
    with pytest.raises(ReviewRuleError):
        _decide(store, TOP, "bob", role="lead")  # one of the two reviewers
    assert store.complete_decisions() == []
    assert _decide(store, TOP, "carol", role="lead", harm="severe") == "accepted"
    [done] = store.complete_decisions()
    assert done.adjudicated and done.reviewers == ["alice", "bob", "carol"]
    assert [d.kind for d in store.item_decisions(TOP)] == ["review", "review", "adjudication"]
    actions = [e.action for e in store.audit_log(TOP)]
    assert actions == ["decision.second_review", "decision.disputed", "decision.accepted"]


def test_a_suggested_harm_or_a_priority_threshold_asks_for_double_review(store: Store) -> None:
    top = store.review_item(TOP)
    store.record_decision(
        TOP, reviewer="alice", role="reviewer", expected_version=1, verdict="wrong", harm="none",
        root_cause="other", reference_answer="x y z", double_review_priority=top.priority,
    )  # fmt: skip
    assert store.review_item(TOP).status == "second_review"
    from infra.records import NewReviewItem

    store.add_review_items([NewReviewItem(SECOND, "ev-warfarin-2", "c-anticoag", 0.1, "missed_red_flag", "severe")])
    assert store.review_item(SECOND).suggested_cause == "missed_red_flag"
    assert _decide(store, SECOND, "alice", harm="none") == "second_review"


def test_stale_versions_conflict_and_complete_items_are_for_leads(store: Store) -> None:
    _decide(store, TOP, "alice")
    with pytest.raises(VersionConflictError):
        store.record_decision(TOP, reviewer="bob", role="reviewer", expected_version=1, verdict="acceptable")
    with pytest.raises(ReviewRuleError):
        _decide(store, TOP, "bob")
    assert _decide(store, TOP, "carol", role="lead", verdict="partly_wrong") == "accepted"
    assert store.complete_decisions()[0].final.reviewer == "carol"


def test_legacy_decisions_map_onto_the_structured_ones(store: Store) -> None:
    store.decide(TOP, reviewer="alice", status="accepted", expected_version=1, reference_answer="Ref", note="n")
    store.decide(SECOND, reviewer="alice", status="rejected", expected_version=1)
    top, second = store.item_decisions(TOP)[0], store.item_decisions(SECOND)[0]
    assert (top.verdict, top.reference_answer, top.note, top.unusable) == ("wrong", "Ref", "n", None)
    assert (second.verdict, second.unusable) == (None, "other")
    assert store.review_counts() == {"accepted": 1, "rejected": 1, "pending": 2}


def test_take_next_leases_and_others_skip(store: Store) -> None:
    first = store.take_next("alice", lease_s=600)
    assert first is not None and first.item_id == TOP and first.lease_by == "alice"
    assert store.take_next("alice", lease_s=600).item_id == TOP  # type: ignore[union-attr]  # hers again
    assert store.take_next("bob", lease_s=600).item_id == SECOND  # type: ignore[union-attr]
    with pytest.raises(ReviewRuleError):
        _decide(store, TOP, "bob")
    assert _decide(store, TOP, "alice", harm="moderate") == "second_review"
    # The second review comes first for others, never to the first reviewer.
    assert store.take_next("carol", lease_s=600).item_id == TOP  # type: ignore[union-attr]
    assert store.take_next("alice", lease_s=600).item_id == LOOKUP  # type: ignore[union-attr]
    assert store.take_next("dave", queue=QueueFilter(kind="low_confidence")).item_id == PROBE  # type: ignore[union-attr]
    assert store.take_next("dave", queue=QueueFilter(language="zh")) is None
    with pytest.raises(ReviewRuleError):
        store.take_next("alice", adjudication=True)
    progress = store.review_progress("alice")
    assert progress["done_today"] == 1 and progress["per_reviewer_today"] == {"alice": 1}


def test_a_skipped_item_is_released_and_not_offered_again(store: Store) -> None:
    assert store.take_next("alice").item_id == TOP  # type: ignore[union-attr]
    assert store.take_next("alice", skip=[TOP]).item_id == SECOND  # type: ignore[union-attr]
    assert store.review_item(TOP).lease_by is None
    assert store.take_next("bob").item_id == TOP  # type: ignore[union-attr]


def test_disabling_a_reviewer_releases_their_leases(store: Store) -> None:
    store.take_next("alice")
    store.set_reviewer_disabled("alice", True)
    assert store.review_item(TOP).lease_by is None
    assert store.take_next("bob").item_id == TOP  # type: ignore[union-attr]


def test_expired_leases_are_taken_over(store: Store) -> None:
    store.take_next("alice", lease_s=0.0)
    assert store.take_next("bob").item_id == TOP  # type: ignore[union-attr]


def test_the_queue_pages_past_any_fixed_cap(store: Store) -> None:
    everything = store.review_queue(None, limit=1000)
    pages = [store.review_queue(None, limit=1, offset=n) for n in range(len(everything))]
    assert [p[0].item_id for p in pages] == [i.item_id for i in everything]
    assert store.queue_total(None) == 4 and store.queue_total("pending", QueueFilter(cluster="c-anticoag")) == 2
    assert store.queue_position(SECOND) == (2, 4)
    assert store.queue_neighbours(SECOND, "pending") == (TOP, LOOKUP)
    assert store.queue_facets()["kind"] == ["bad_case", "correction", "low_confidence", "tool_error"]


def test_reclustering_reattaches_retires_and_relabels_never_orphans(store: Store) -> None:
    _decide(store, LOOKUP, "alice")  # decided; its cluster will vanish with the event in no cluster
    _decide(store, TOP, "alice")  # decided; its event moves to a new cluster
    merged = Cluster("c-bleeding", "run-2", "en", "Bleeding risk", ["bleeding"], 14, {"correction": 1.0}, [])
    survivors = [c for c in CLUSTERS if c.cluster_id == "c-dosing"] + [merged]
    assignments = [
        Assignment("ev-warfarin-1", "c-bleeding", 0.9),
        Assignment("ev-warfarin-2", "c-bleeding", 0.8),
        Assignment("ev-lookup-1", None, 0.0),
        Assignment("ev-probe-1", "c-dosing", 0.9),
    ]
    store.save_clustering("run-2", survivors, assignments)
    store.decide(SECOND, reviewer="bob", status="rejected", expected_version=1)  # decided before the run
    pending_gone = ITEM_IDS["ev-probe-1"]
    assert store.reconcile_review_items() == {"reattached": 0, "relabelled": 2, "retired": 0, "kept": 1}
    assert store.review_item(TOP).cluster_label == "Bleeding risk" and store.review_item(TOP).status == "accepted"
    assert store.review_item(LOOKUP).status == "accepted"  # kept with its decision
    assert store.review_item(pending_gone).status == "pending"

    store.save_clustering("run-3", [merged], [Assignment("ev-probe-1", None, 0.0)])
    counts = store.reconcile_review_items()
    assert counts["retired"] == 1
    retired = store.review_item(pending_gone)
    assert retired.status == "retired" and "disappeared" in (retired.retired_reason or "")
    assert [e.action for e in store.audit_log(pending_gone)] == ["item.retired"]


def test_a_database_from_before_structured_decisions_upgrades_and_stays_exportable(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE review_items (item_id VARCHAR PRIMARY KEY, event_id VARCHAR NOT NULL, cluster_id VARCHAR "
        "NOT NULL, priority DOUBLE NOT NULL, status VARCHAR NOT NULL, reference_answer VARCHAR, note VARCHAR, "
        "version INTEGER NOT NULL, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, "
        "updated_by VARCHAR)"
    )
    con.execute(
        "CREATE TABLE reviewers (username VARCHAR PRIMARY KEY, password_hash VARCHAR NOT NULL, "
        "created_at TIMESTAMPTZ NOT NULL)"
    )
    con.execute("INSERT INTO reviewers VALUES ('alice', 'h', now())")
    con.execute(
        "INSERT INTO review_items VALUES ('i1', 'e1', 'c1', 1.0, 'accepted', 'Ref', 'n', 2, now(), now(), 'alice')"
    )
    con.execute(
        "INSERT INTO review_items VALUES ('i2', 'e2', 'c1', 1.0, 'rejected', NULL, NULL, 2, now(), now(), 'bob')"
    )
    con.close()
    store = Store(path)
    Store(path)  # opening again adds nothing twice
    assert store.reviewer_role("alice") == "reviewer"
    first, second = store.item_decisions("i1"), store.item_decisions("i2")
    assert [(d.reviewer, d.verdict, d.reference_answer, d.unusable) for d in first] == [("alice", "wrong", "Ref", None)]
    assert [(d.reviewer, d.verdict, d.unusable) for d in second] == [("bob", None, "other")]
