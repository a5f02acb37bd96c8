"""Root causes in the triage stage: per event, per cluster counted over its members, and the priority
factors that rank the queue; over a real DuckDB store seeded with the demo generator's events."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from infra.records import Assignment, Cluster, EventRow
from infra.settings import Settings
from infra.store import Store, review_store
from ingest.synthetic import TRUTH_FIELD, generate_events
from ingest.synthetic.stored import stored_event
from tests.triage.test_judge import Stub, _chat, stub  # noqa: F401 (stub is a fixture)
from triage import run as triage_stage
from triage.causes import priority, priority_factors, regressing_causes

# The generator's failure modes and the cause the taxonomy gives each.
EXPECTED = {
    "lab_ocr_timeout": "tool_failure",
    "evidence_retrieval_5xx": "tool_failure",
    "wrong_dose_unit": "dose_or_unit_error",
    "missed_red_flag": "missed_red_flag",
}


def _seed(store: Store, n: int = 240) -> dict[str, list[str]]:
    events = [g.event for g in generate_events(n, seed=3)]
    store.write_batch(
        [stored_event(e) for e in events],
        [],
    )
    members: dict[str, list[str]] = {}
    for e in events:
        members.setdefault(e[TRUTH_FIELD], []).append(e["event_id"])
    clusters = [
        Cluster(f"c-{mode}", "r", "en", mode, [], len(ids), {}, ids[:5], datetime(2026, 10, 1, tzinfo=UTC))
        for mode, ids in members.items()
    ]
    store.save_clustering("r", clusters, [Assignment(e, f"c-{m}", 1.0) for m, ids in members.items() for e in ids])
    return members


def test_each_cluster_gets_the_cause_most_of_its_members_show_with_evidence_counts(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    store = Store(settings.db_path)
    members = _seed(store)

    report = triage_stage.run(settings)

    causes = store.cluster_causes()
    assert set(causes) == {f"c-{m}" for m in members}
    for mode, cause in EXPECTED.items():
        found = causes[f"c-{mode}"]
        assert found.cause_id == cause, (mode, found)
        assert found.members == len(members[mode]) and found.summary[0].startswith(f"{found.agreeing} of ")
        assert found.fix_kind and found.default_harm
        assert set(found.priority_factors) == {"harm", "volume", "growth", "novelty", "regression"}
    assert "tool_error" in " ".join(causes["c-lab_ocr_timeout"].summary)
    assert len(store.event_causes()) == sum(len(ids) for ids in members.values())
    assert sum(report.causes.values()) == len(members)
    # The queue follows the product of the factors.
    queue = review_store(settings).review_queue(limit=1000)  # handed over to the review file
    ranked = [item.cluster_id for item in queue]
    by_score = sorted(causes.values(), key=lambda c: -priority(c.priority_factors))
    assert ranked[0] == by_score[0].cluster_id


def test_priority_multiplies_five_factors_and_regression_needs_a_rising_share() -> None:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    cluster = Cluster("c", "r", "en", "l", [], 40, {}, [], now - timedelta(days=2), now, 3.0, 1.0)
    factors = priority_factors(cluster, "severe", regressing=True, newest_event_at=now)
    assert factors == {
        "harm": 2.0,
        "volume": round(__import__("math").log1p(40), 4),
        "growth": 3.0,
        "novelty": 1.5,
        "regression": 1.5,
    }
    assert priority(factors) == round(2.0 * factors["volume"] * 3.0 * 1.5 * 1.5, 6)

    def event(i: int, version: str, day: int) -> EventRow:
        return EventRow(f"e{i}", "bad_case", "en", now + timedelta(days=day), {"model_version": version})

    from infra.records import EventCause

    events = [event(i, "v1", 0) for i in range(20)] + [event(i, "v2", 5) for i in range(20, 40)]
    cause = {
        f"e{i}": EventCause(f"e{i}", "dose_or_unit_error" if (i < 22 or i >= 30) else "other", 0.9, [], "rules")
        for i in range(40)
    }
    # v1: 20 of 20 dose errors; v2: 12 of 20 dose errors, 8 "other": dose falls, "other" rises from nothing.
    assert regressing_causes(events, cause) == {"other"}
    # v1: 10 of 20 dose errors; v2: 12 of 20: a rise of 20 % exactly is not enough, more is.
    halved = {k: EventCause(k, "other" if int(k[1:]) < 10 else v.cause_id, 0.9, [], "rules") for k, v in cause.items()}
    assert Counter(c.cause_id for c in list(halved.values())[:20])["dose_or_unit_error"] == 10
    assert "dose_or_unit_error" not in regressing_causes(events, halved)
    rising = {**halved, "e25": EventCause("e25", "dose_or_unit_error", 0.9, [], "rules")}
    assert "dose_or_unit_error" in regressing_causes(events, rising)


def test_the_judge_flags_clusters_where_it_disagrees_with_the_rules(tmp_path: Path, stub: Stub) -> None:  # noqa: F811
    stub.reply = lambda body: (200, _chat(json.dumps({"cause": "knowledge_error", "explanation": "A wrong fact."})))
    settings = Settings(data_dir=tmp_path)
    settings.rca.judge_url, settings.rca.judge_model = stub.url, "stub-model"
    store = Store(settings.db_path)
    members = _seed(store)

    report = triage_stage.run(settings)

    assert sorted(report.judge["flagged"]) == sorted(f"c-{m}" for m in members) and report.judge["error"] is None
    stored = store.cluster_causes()["c-lab_ocr_timeout"]
    assert stored.cause_id == "tool_failure"  # the rules' cause stands; the judge's is beside it
    assert stored.judge["judge_cause"] == "knowledge_error" and stored.judge["agrees"] is False
    sent = " ".join(m["content"] for _, body in stub.requests for m in body["messages"])
    assert "<PERSON_" not in sent  # de-identified text only, pseudonym tags removed


def test_the_item_page_shows_the_cluster_cause_with_its_evidence_confidence_and_fix(tmp_path: Path) -> None:
    from tests.triage.review_app import ITEM_IDS, logged_in, seed_store, start_review_app

    store = seed_store(tmp_path / "db" / "outerloop.duckdb")
    triage_stage.run(Settings(data_dir=tmp_path / "db"))
    cause = store.cluster_causes()["c-lookup"]
    server = start_review_app(store, tmp_path / "data")
    live = next(server)
    try:
        with logged_in(live, "alice") as client:
            page = client.get(f"/items/{ITEM_IDS['ev-lookup-1']}").text
    finally:
        server.close()
    assert cause.cause_id.replace("_", " ") in page and "suggested fix:" in page
    assert cause.summary[0] in page and f"confidence {cause.confidence:.2f}" in page
