"""The whole loop on the real components: broker, Presidio, Ray, Prefect, DuckDB, the web app over HTTP."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from cluster.metrics import score
from flows.pipeline import export_flow, pipeline_flow
from infra.settings import Settings, load_settings
from infra.store import Store, review_store
from ingest.synthetic.malformed import PLANTED as MALFORMED_PLANTED
from ingest.synthetic.produce import produce
from tests.flows._needles import finder
from triage.auth import add_reviewer

LogIn = Callable[[httpx.Client, str, str], httpx.Response]

N_EVENTS = 360
N_MALFORMED = 12


def _files_containing(roots: list[Path], needles: list[str]) -> dict[str, list[str]]:
    found_in = finder(needles)
    hits: dict[str, list[str]] = {}
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and (found := found_in(path.read_bytes())):
                hits[str(path)] = found
    return hits


@pytest.mark.slow
def test_the_loop_end_to_end(
    settings: Settings, review_server: str, log_in: LogIn, capfd: pytest.CaptureFixture[str]
) -> None:
    produced = produce(
        settings.kafka, n_events=N_EVENTS, n_malformed=N_MALFORMED, max_text_bytes=settings.ingest.max_text_bytes
    )
    # Clusters are per language by design: the truth is (language, mode).
    truth = {g.event["event_id"]: f"{g.event['language'][:2]}:{g.failure_mode}" for g in produced.events}
    planted = sorted({p for g in produced.events for p in g.planted} | set(MALFORMED_PLANTED))

    result = pipeline_flow(str(settings.data_dir), settings.kafka.bootstrap_servers)

    # Nothing lost: every consumed record is stored or dead-lettered with a reason.
    ingest = result["ingest"]
    assert ingest["consumed"] == N_EVENTS + N_MALFORMED
    assert ingest["stored"] == N_EVENTS
    assert ingest["dead_lettered"] == N_MALFORMED
    assert ingest["consumed"] == ingest["stored"] + ingest["duplicates"] + ingest["dead_lettered"]
    store = Store(settings.db_path)
    assert store.counts()["events"] == N_EVENTS
    dead = store.dead_letters()
    assert len(dead) == N_MALFORMED and all(d.reason and d.message for d in dead)

    # The clustering recovers the synthetic failure modes.
    assignments = store.assignments()
    clustered = [(truth[e], c) for e, c in assignments.items() if c is not None]
    scores = score([t for t, _ in clustered], [c for _, c in clustered], exclude_noise=True)
    print(f"\nend-to-end clustering: {scores}, clustered {len(clustered)}/{len(assignments)}")
    assert scores.ari >= 0.6
    assert len(clustered) >= 0.6 * N_EVENTS

    # Two logged-in reviewers accept items over HTTP (the suggested harm of most causes is moderate or worse,
    # so each needs two agreeing reviews), editing one reference answer.
    password = "correct horse battery staple"
    review = review_store(settings)  # accounts, items and decisions: the review file (the server holds it open)
    add_reviewer(review, "dr.reviewer", password)
    add_reviewer(review, "dr.second", password)
    edited_answer = "Call emergency services now: chest pain spreading to the arm can be a heart attack."
    # The first decision builds the reviewer-text de-identifier (seconds on a busy machine): no 5 s default.
    items: list[dict[str, Any]] = []
    for reviewer in ("dr.reviewer", "dr.second"):
        with httpx.Client(base_url=review_server, follow_redirects=False, timeout=120) as client:
            login = log_in(client, reviewer, password)
            assert login.status_code == 303, login.text
            csrf = client.get("/api/session").json()["csrf_token"]
            if not items:
                items = client.get("/api/items", params={"status": "pending"}).json()["items"]
                assert len(items) >= 5
            decided = []
            for n, item in enumerate(items[:4]):
                version = client.get(f"/api/items/{item['item_id']}").json()["version"]
                answer = edited_answer if n == 0 else f"Reviewed reference answer {n}: see your doctor today."
                body = {"decision": "accepted", "version": version, "note": "checked", "reference_answer": answer}
                response = client.post(
                    f"/api/items/{item['item_id']}/decision", json=body, headers={"X-CSRF-Token": csrf}
                )
                assert response.status_code == 200, response.text
                decided.append(item)
            rejected = items[4]
            version = client.get(f"/api/items/{rejected['item_id']}").json()["version"]
            response = client.post(
                f"/api/items/{rejected['item_id']}/decision",
                json={"decision": "rejected", "version": version},
                headers={"X-CSRF-Token": csrf},
            )
            assert response.status_code == 200

    summary = export_flow(str(settings.data_dir))
    version_dir = Path(summary["path"])
    manifest = json.loads((version_dir / "manifest.json").read_text())
    sft = (version_dir / "sft.jsonl").read_text()
    # The edited answer is gold on exactly one side of the split: training (SFT and preference) or eval.
    in_train = edited_answer in sft and edited_answer in (version_dir / "preference.jsonl").read_text()
    assert in_train != (edited_answer in (version_dir / "eval.jsonl").read_text())
    manifest_text = json.dumps(manifest)
    for item in decided:
        assert item["event_id"] in manifest_text
    assert rejected["event_id"] not in manifest_text
    assert "dr.reviewer" in manifest_text

    # A second run over the same topic stores nothing twice, even when a new group replays it all.
    again = pipeline_flow(str(settings.data_dir), settings.kafka.bootstrap_servers)
    assert again["ingest"]["stored"] == 0
    replay_settings = load_settings()
    replay_settings.kafka.group_id += "-replay"
    from ingest.run import run as ingest_stage

    replay = ingest_stage(replay_settings)
    assert replay.consumed == N_EVENTS + N_MALFORMED
    assert (replay.stored, replay.duplicates) == (0, N_EVENTS)
    assert store.counts()["events"] == N_EVENTS
    assert review.review_counts().get("accepted") == 4
    assert store.review_counts() == {}  # the pipeline's file holds no review state

    # No planted identifier anywhere: DuckDB file and WAL, exports, logs, Prefect's database, output.
    captured = capfd.readouterr()
    leaks = _files_containing([settings.data_dir, Path(os.environ["PREFECT_HOME"])], planted)
    assert leaks == {}, f"planted identifiers found on disk: {leaks}"
    dumps = [*store.dump().values(), *review.dump().values()]
    table_text = "\n".join(json.dumps(rows, default=str, ensure_ascii=False) for rows in dumps)
    found_in = finder(planted)
    assert found_in(table_text.encode()) == []
    assert found_in((captured.out + captured.err).encode()) == []
