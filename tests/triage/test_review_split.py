"""The review state in a file of its own: the triage stage hands items over to it, the page and the export
use it, and the page answers while another process holds the pipeline's file (as ingest and clustering do).

Real DuckDB files, the real triage stage, the real review app under uvicorn on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import json
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import uvicorn
from review_app import SCRUB, api_token, login

from curation import run as curation_stage
from infra.records import Assignment, StoreBusyError
from infra.settings import Settings
from infra.store import MEMBERS_PER_CLUSTER, Store, pipeline_store, review_store
from tests.triage.test_causes import _seed
from triage import run as triage_stage
from triage.auth import add_reviewer
from triage.priority import build_review_items
from triage.web.app import create_app

PASSWORD = "a long enough password"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def seeded(settings: Settings) -> dict[str, list[str]]:
    """The pipeline's file with the generator's events in one cluster per failure mode, triaged once."""
    members = _seed(pipeline_store(settings))
    triage_stage.run(settings)
    return members


def _decision(item_id: str, version: int, root_cause: str) -> dict[str, object]:
    return {
        "verdict": "wrong",
        "harm": "minor",
        "root_cause": root_cause,
        "reference_answer": f"The checked answer for {item_id}: see a clinician today.",
        "version": version,
    }


@pytest.fixture
def live_review(settings: Settings) -> Iterator[str]:
    """The review app as `outerloop review` serves it: its store chosen from the settings, its lifespan on
    (the review file held open while it serves)."""
    app = create_app(settings, scrub=SCRUB)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "the review app did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not stop"


def _in_another_process(code: str, settings: Settings) -> subprocess.CompletedProcess[str]:
    """Run `code` (given `settings`) in a Python process of its own."""
    prelude = f"from infra.settings import Settings\nsettings = Settings(data_dir={str(settings.data_dir)!r})\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True, timeout=600
    )


def test_the_handoff_copies_exactly_the_items_triage_selected(settings: Settings, seeded: dict[str, list[str]]) -> None:
    pipeline, review = pipeline_store(settings), review_store(settings)
    clusters = pipeline.clusters()
    selected = build_review_items(clusters, pipeline.events_by_id([e for c in clusters for e in c.exemplar_ids]))

    queued = review.review_queue(status=None, limit=10_000)
    assert sorted(i.item_id for i in queued) == sorted(i.item_id for i in selected)
    assert {(i.event_id, i.cluster_id) for i in queued} == {(i.event_id, i.cluster_id) for i in selected}
    # The review file holds the items' events and each cluster's most probable members, not the rest.
    members = {e for c in clusters for e in sorted(seeded[c.label])[:MEMBERS_PER_CLUSTER]}
    copied = {e.event_id for e in review.events()}
    assert copied == {i.event_id for i in selected} | members
    assert len(copied) < len(pipeline.events())
    assert sorted(c.cluster_id for c in review.clusters()) == sorted(c.cluster_id for c in clusters)
    assert review.cluster_causes() == pipeline.cluster_causes()
    assert set(review.event_causes()) == copied
    # The page's reads find everything in the review file: the item's cluster, cause and five other members.
    item = queued[0]
    shown = review.cluster_members(item.cluster_id, item.event_id)
    assert shown == pipeline.cluster_members(item.cluster_id, item.event_id) and len(shown) == 5
    assert review.cluster_cause_of(item.cluster_id) == pipeline.cluster_cause_of(item.cluster_id)
    # The dashboard's counts are the pipeline's, as the handoff brought them.
    assert review.funnel().signals == len(pipeline.events()) and review.funnel().queued == len(selected)
    assert review.daily_signals() == pipeline.daily_signals()
    # Ingest and clustering's tables stay empty in the review file; review state stays out of the pipeline's.
    assert review.dead_letters() == [] and review.recent_runs() == []
    assert pipeline.review_counts() == {} and pipeline.reviewers() == []


def test_a_handoff_taken_twice_or_out_of_order_changes_nothing(
    settings: Settings, seeded: dict[str, list[str]]
) -> None:
    review = review_store(settings)
    [(run_id, taken_at, _)] = review.handoffs()
    before = review.dump()
    # The same handoff again: rebuild it as the stage did and hand it over a second time.
    pipeline = pipeline_store(settings)
    clusters = pipeline.clusters()
    items = build_review_items(clusters, pipeline.events_by_id([e for c in clusters for e in c.exemplar_ids]))
    again = triage_stage._handoff(pipeline, review, taken_at - timedelta(seconds=1), items, clusters, [], [])
    assert review.hand_over(dataclasses.replace(again, run_id=run_id)).applied is False
    assert review.hand_over(again).applied is False  # taken before the last one handed over: stale
    assert review.dump() == before


def test_a_second_run_updates_items_and_keeps_decisions_and_leases(
    settings: Settings, seeded: dict[str, list[str]]
) -> None:
    review = review_store(settings)
    leased = review.take_next("bob")
    assert leased is not None
    decided = next(i for i in review.review_queue(limit=1000) if i.cluster_id != leased.cluster_id)
    review.record_decision(
        decided.item_id,
        reviewer="alice",
        role="reviewer",
        expected_version=decided.version,
        verdict="wrong",
        harm="minor",
        root_cause="tool_failure",
        reference_answer="Retry the lookup, then ask a pharmacist.",
    )
    decided = review.review_item(decided.item_id)
    # A refit gives the decided item's cluster a new id (same members).
    pipeline = pipeline_store(settings)
    renamed = [
        dataclasses.replace(c, cluster_id="c-renamed") if c.cluster_id == decided.cluster_id else c
        for c in pipeline.clusters()
    ]
    moved = {e: "c-renamed" if c == decided.cluster_id else c for e, c in pipeline.assignments().items()}
    pipeline.save_clustering("r2", renamed, [Assignment(e, c, 1.0) for e, c in moved.items()])

    report = triage_stage.run(settings)

    assert report.new_items == 0 and report.reconciled["relabelled"] == 1
    after = review.review_item(decided.item_id)
    assert after.cluster_id == "c-renamed"
    assert (after.status, after.version, after.updated_by) == (decided.status, decided.version, "alice")
    assert [d.reviewer for d in review.item_decisions(decided.item_id)] == ["alice"]
    assert review.review_item(leased.item_id).lease_by == "bob"
    assert len(review.handoffs()) == 2


def test_decisions_saved_on_the_page_are_what_the_export_reads(
    settings: Settings, seeded: dict[str, list[str]], live_review: str
) -> None:
    import httpx

    review = review_store(settings)
    items = review.review_queue(limit=3)
    # Most causes' suggested harm is moderate or worse: two agreeing reviews complete an item.
    for reviewer in ("alice", "bob"):
        add_reviewer(review, reviewer, PASSWORD)
        with httpx.Client(base_url=live_review, timeout=120) as client:
            assert login(client, reviewer, PASSWORD).status_code == 303
            token = api_token(client)
            for item in items:
                version = client.get(f"/api/items/{item.item_id}").json()["version"]
                saved = client.post(
                    f"/api/items/{item.item_id}/decision",
                    json=_decision(item.item_id, version, "tool_failure"),
                    headers={"X-CSRF-Token": token},
                )
                assert saved.status_code == 200, saved.text
    # Saved means committed in the review file: another connection (the exporter's) reads them.
    complete = review_store(settings).complete_decisions()
    assert sorted(d.item.item_id for d in complete) == sorted(i.item_id for i in items)

    result = curation_stage.run(settings)

    manifest = json.loads((result.path / "manifest.json").read_text())
    assert sorted(manifest["source_event_ids"]) == sorted(i.event_id for i in items)
    assert [v for v, _ in review.dataset_versions("outerloop-review")] == [result.version]
    assert [r.stage for r in pipeline_store(settings).recent_runs()].count("export") == 1


HOLDER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1])
    con.begin()
    con.execute("CREATE TABLE IF NOT EXISTS held (n INTEGER)")
    con.execute("INSERT INTO held VALUES (1)")
    print("holding", flush=True)
    sys.stdin.read()  # until the test closes our stdin
    con.rollback()
    con.close()
    """
)


def test_the_page_reads_and_saves_while_another_process_holds_the_pipelines_file(
    settings: Settings, seeded: dict[str, list[str]], live_review: str
) -> None:
    import httpx

    add_reviewer(review_store(settings), "alice", PASSWORD)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(settings.db_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with httpx.Client(base_url=live_review, timeout=120) as client:
            assert login(client, "alice", PASSWORD).status_code == 303
            token = api_token(client)
            assert client.get("/").status_code == 200
            assert client.get("/dashboard").status_code == 200
            item = client.post("/api/queue/next", json={}, headers={"X-CSRF-Token": token}).json()
            assert client.get(f"/items/{item['item_id']}").status_code == 200
            saved = client.post(
                f"/api/items/{item['item_id']}/decision",
                json=_decision(item["item_id"], item["version"], "tool_failure"),
                headers={"X-CSRF-Token": token},
            )
            assert saved.status_code == 200, saved.text
            status = saved.json()["status"]
        # The pipeline's file was held all along: nothing else could open it.
        with pytest.raises(StoreBusyError):
            Store(settings.db_path, lock_timeout_s=0.2)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
    assert holder.returncode == 0
    assert review_store(settings).review_item(item["item_id"]).status == status != "pending"


def test_an_older_data_dir_keeps_its_review_state_once_moved_to_the_review_file(tmp_path: Path) -> None:
    from review_app import ITEM_IDS, seed_store

    old = seed_store(tmp_path / "outerloop.duckdb")  # everything in one file, as before the split
    top = ITEM_IDS["ev-warfarin-1"]
    old.record_decision(
        top, reviewer="alice", role="reviewer", expected_version=1, verdict="wrong", harm="minor",
        root_cause="interaction_missed", reference_answer="Paracetamol instead; ask the clinic.",
    )  # fmt: skip
    settings = Settings(data_dir=tmp_path)

    review = review_store(settings)

    assert review.review_counts() == old.review_counts()
    assert [a.username for a in review.reviewers()] == [a.username for a in old.reviewers()]
    assert review.item_decisions(top) == old.item_decisions(top)
    assert review.review_item(top) == old.review_item(top)  # with its event, cluster and cause
    assert review.audit_log()[-1].action == "review.migrated"
    # New decisions and audit entries go on after the old ones; the old file keeps its rows, unread.
    second = ITEM_IDS["ev-warfarin-2"]
    review.record_decision(
        second, reviewer="bob", role="reviewer", expected_version=1, verdict="acceptable", harm="none"
    )
    assert review.item_decisions(second)[0].decision_id > old.item_decisions(top)[0].decision_id
    assert old.review_item(second).status == "pending"
    assert review_store(settings).review_item(second).status == "rejected"  # moved once, not again


def test_the_service_holds_the_review_file_and_lets_other_processes_in(
    settings: Settings, seeded: dict[str, list[str]], live_review: str
) -> None:
    import httpx

    add_reviewer(review_store(settings), "alice", PASSWORD)  # this process claims the file for a moment
    with httpx.Client(base_url=live_review, timeout=120) as client:
        assert login(client, "alice", PASSWORD).status_code == 303  # the service has the file open now
    # While it serves, the review service keeps the file open: a process that does not claim it is refused.
    plain = _in_another_process(
        "import duckdb\ntry:\n    duckdb.connect(str(settings.review_db_path))\nexcept duckdb.Error as e:\n"
        "    print('refused:', e)\n",
        settings,
    )
    assert plain.stdout.startswith("refused:") and "lock" in plain.stdout, plain
    # The review CLI, the triage stage's handoff and the export claim it, and get in.
    account = _in_another_process(
        f"""
        from infra.store import review_store
        from triage.auth import add_reviewer
        add_reviewer(review_store(settings), "carol", {PASSWORD!r}, "lead")
        """,
        settings,
    )
    assert account.returncode == 0, account.stderr
    with httpx.Client(base_url=live_review, timeout=120) as client:
        assert login(client, "carol", PASSWORD).status_code == 303
        token = api_token(client)
        taken = client.post("/api/queue/next", json={}, headers={"X-CSRF-Token": token}).json()
        triaged = _in_another_process(
            "from triage import run\nprint(run.run(settings).as_dict()['new_items'])\n", settings
        )
        assert triaged.returncode == 0 and triaged.stdout.split()[-1] == "0", triaged.stderr
        # The page goes on after the handoff, the lease it gave out is kept, and saves are committed.
        assert client.get("/").status_code == 200
        saved = client.post(
            f"/api/items/{taken['item_id']}/decision",
            json=_decision(taken["item_id"], taken["version"], "tool_failure"),
            headers={"X-CSRF-Token": token},
        )
        assert saved.status_code == 200, saved.text
        exported = _in_another_process(
            "from infra.store import review_store\nprint(len(review_store(settings).complete_decisions(None)))\n",
            settings,
        )
    assert exported.returncode == 0, exported.stderr
    assert int(exported.stdout.split()[-1]) == (saved.json()["status"] in ("accepted", "rejected"))
    assert len(review_store(settings).handoffs()) == 2
