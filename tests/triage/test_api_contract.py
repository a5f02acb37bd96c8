"""The structured decision contract of the JSON API and the page: what is required, what is refused,
who sees what during double review, pagination and take-next; the reference is never prefilled with
the failed answer, and a correction is shown with its corrector's actual role."""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from review_app import ITEM_IDS, PAYLOADS, LiveServer, _event, api_token, csrf_from, logged_in

from infra.records import Assignment, NewReviewItem, StoredEvent
from infra.store import Store

TOP, SECOND = ITEM_IDS["ev-warfarin-1"], ITEM_IDS["ev-warfarin-2"]
GOOD = {
    "verdict": "wrong",
    "harm": "moderate",
    "root_cause": "interaction_missed",
    "reference_answer": "Avoid ibuprofen with warfarin; take paracetamol and call the clinic.",
    "rubric": [{"criterion": "Warns about bleeding risk", "points": 8}],
    "note": "NSAID with anticoagulant",
    "unusable": None,
    "version": 1,
}


def _post(client: httpx.Client, item_id: str, body: dict[str, Any]) -> httpx.Response:
    return client.post(f"/api/items/{item_id}/decision", json=body, headers={"X-CSRF-Token": api_token(client)})


def test_session_names_the_role_and_the_csrf_token(live_server: LiveServer) -> None:
    with logged_in(live_server, "carol") as client:
        body = client.get("/api/session").json()
    assert body["user"] == "carol" and body["role"] == "lead" and len(body["csrf_token"]) > 20


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reference_answer": None}, "needs a reference answer"),
        ({"root_cause": None}, "needs a root cause"),
        ({"root_cause": "bad_luck"}, "taxonomy id"),
        ({"harm": None}, "choose the harm"),
        ({"verdict": None}, "choose a verdict"),
        ({"verdict": "fine"}, "verdict"),
        ({"rubric": [{"criterion": "x", "points": 11}]}, "points"),
        ({"unusable": "boring"}, "unusable"),
        ({"decision": "accepted"}, "not both"),
        ({"reference_answer": PAYLOADS[0]["model_output"] + " "}, "copies the failed model answer"),
    ],
)
def test_a_decision_that_breaks_the_contract_is_422(
    live_server: LiveServer, change: dict[str, Any], message: str
) -> None:
    with logged_in(live_server) as client:
        response = _post(client, TOP, {**GOOD, **change})
    assert response.status_code == 422, response.text
    assert message in response.text
    assert live_server.store.item_decisions(TOP) == []


def test_acceptable_and_unusable_need_no_reference(live_server: LiveServer) -> None:
    with logged_in(live_server) as client:
        ok = _post(client, TOP, {"verdict": "acceptable", "harm": "none", "version": 1})
        assert ok.status_code == 200, ok.text
        assert ok.json()["status"] == "rejected"
        junk = _post(client, SECOND, {"unusable": "junk", "version": 1})
        assert junk.status_code == 200 and junk.json()["status"] == "rejected"


def test_the_second_reviewer_does_not_see_the_first_and_the_lead_sees_both(live_server: LiveServer) -> None:
    with logged_in(live_server, "alice") as alice:
        first = _post(alice, TOP, GOOD)
        assert first.status_code == 200, first.text
        saved = first.json()
        assert (saved["status"], saved["version"], saved["double_review"]) == ("second_review", 2, True)
        assert [d["reviewer"] for d in saved["decisions"]] == ["alice"]
    with logged_in(live_server, "bob") as bob:
        seen = bob.get(f"/api/items/{TOP}").json()
        assert seen["decisions"] == [] and seen["reference_answer"] is None and seen["updated_by"] is None
        assert "paracetamol and call the clinic" not in json.dumps(seen)
        listed = bob.get("/api/items?status=second_review").json()["items"]
        assert [i["item_id"] for i in listed] == [TOP] and listed[0]["updated_by"] is None
        page = bob.get(f"/items/{TOP}").text
        assert "paracetamol and call the clinic" not in page and "earlier decision(s) are hidden" in page
        second = _post(bob, TOP, {**GOOD, "root_cause": "knowledge_error", "version": 2})
        assert second.json()["status"] == "disputed"
        assert _post(bob, TOP, {**GOOD, "version": 3}).status_code == 409  # waits for a lead
    with logged_in(live_server, "carol") as carol:
        seen = carol.get(f"/api/items/{TOP}").json()
        assert [d["root_cause"] for d in seen["decisions"]] == ["interaction_missed", "knowledge_error"]
        adjudicated = _post(carol, TOP, {**GOOD, "version": 3})
        assert adjudicated.json()["status"] == "accepted"
        stats = carol.get("/api/stats").json()
        assert stats["agreement"]["pairs"][0]["reviewers"] == ["alice", "bob"]


def test_a_reviewer_cannot_adjudicate(live_server: LiveServer) -> None:
    store = live_server.store
    for reviewer, cause in (("alice", "interaction_missed"), ("bob", "knowledge_error")):
        store.record_decision(
            TOP, reviewer=reviewer, role="reviewer", expected_version=store.review_item(TOP).version,
            verdict="wrong", harm="severe", root_cause=cause, reference_answer="Use paracetamol instead.",
        )  # fmt: skip
    with logged_in(live_server, "alice") as alice:
        assert (
            alice.post(
                "/api/queue/next", json={"adjudication": True}, headers={"X-CSRF-Token": api_token(alice)}
            ).status_code
            == 403
        )


def test_listing_pages_and_take_next(live_server: LiveServer) -> None:
    with logged_in(live_server) as client:
        first = client.get("/api/items?status=all&limit=3").json()
        assert (first["total"], len(first["items"]), first["next_offset"]) == (4, 3, 3)
        rest = client.get("/api/items?status=all&limit=3&offset=3").json()
        assert len(rest["items"]) == 1 and rest["next_offset"] is None
        assert client.get("/api/items?kind=tool_error").json()["total"] == 1
        token = api_token(client)
        taken = client.post("/api/queue/next", json={"kind": "tool_error"}, headers={"X-CSRF-Token": token})
        assert taken.status_code == 200 and taken.json()["lease_by"] == "alice"
        none = client.post("/api/queue/next", json={"language": "zh"}, headers={"X-CSRF-Token": token})
        assert none.status_code == 204
        progress = client.get("/api/progress").json()
        assert progress["left"] == 4 and progress["done_today"] == 0


def _add_correction(store: Store, event_id: str, role: str) -> str:
    payload = _event(
        event_id,
        "correction",
        "Can I double my metformin dose if I missed one?",
        "Yes, take two tablets at once.",
        correction="No, do not double the dose; take the next one at the usual time.",
        corrector_role=role,
    )
    store.write_batch(
        [
            StoredEvent(
                event_id=event_id,
                content_hash=hashlib.sha256(event_id.encode()).hexdigest(),
                kind="correction",
                language="en",
                occurred_at=datetime(2025, 3, 4, tzinfo=UTC),
                conversation_id=payload["conversation_id"],
                patient_ref=None,
                model_version="m",
                payload=payload,
            )
        ],
        [],
    )
    store.update_clustering("run-1", [], [Assignment(event_id, "c-dosing", 0.5)])
    store.add_review_items([NewReviewItem(f"item-{event_id}", event_id, "c-dosing", 0.01)])
    return f"item-{event_id}"


def test_the_reference_is_never_prefilled_with_the_failed_answer(live_server: LiveServer) -> None:
    nurse_item = _add_correction(live_server.store, "ev-nurse-1", "nurse")
    with logged_in(live_server) as client:
        nurse = html.unescape(client.get(f"/items/{nurse_item}").text)
        bad_case = html.unescape(client.get(f"/items/{SECOND}").text)
        physician = html.unescape(client.get(f"/items/{TOP}").text)
    assert "Correction by a nurse" in nurse and "Physician" not in nurse
    assert '<textarea id="reference_answer" name="reference_answer" rows="10"></textarea>' in nurse
    assert '<textarea id="reference_answer" name="reference_answer" rows="10"></textarea>' in bad_case
    assert f">{PAYLOADS[1]['model_output']}</textarea>" not in bad_case
    assert "prefilled with the correction by a physician" in physician
    assert "Correction by a physician" in physician
    for context in (
        "Cluster size",
        "Other members of this cluster",
        "Why here: priority",
        "Item 1 of 5",
        "missed red flag",
    ):
        assert context in physician, context


def test_skip_on_the_page_releases_the_item_and_takes_another(live_server: LiveServer) -> None:
    with logged_in(live_server) as client:
        queue = client.get("/")
        token = csrf_from(queue.text)
        taken = client.post("/next", data={"csrf_token": token})
        assert taken.headers["location"] == f"/items/{TOP}"
        assert 'id="skip-item"' in client.get(f"/items/{TOP}").text
        skipped = client.post("/next", data={"csrf_token": token, "skip": TOP})
        assert skipped.headers["location"] == f"/items/{SECOND}"
        again = client.post("/next", data={"csrf_token": token})
        assert again.headers["location"] == f"/items/{SECOND}"  # the skipped one is not offered again
    assert live_server.store.review_item(TOP).lease_by is None


def test_the_triage_stages_causes_are_the_suggestion_and_explain_the_priority(live_server: LiveServer) -> None:
    from infra.records import ClusterCause, EventCause

    cluster_cause = ClusterCause(
        "c-anticoag", "interaction_missed", 0.8, 12, 9, ["9 of 12 signals name an interacting drug pair"],
        {"interaction_missed": 0.75}, {"harm": 2.0, "volume": 2.565, "growth": 1.0}, "training_data", "moderate",
    )  # fmt: skip
    live_server.store.save_causes(
        [EventCause("ev-warfarin-2", "interaction_missed", 0.7, ["aspirin"], "rules")], [cluster_cause]
    )
    with logged_in(live_server) as client:
        page = html.unescape(client.get(f"/items/{SECOND}").text)
        listed = client.get("/api/items?cause=interaction_missed").json()["items"]
    assert re.search(r'value="interaction_missed" data-cause-key="\w" checked', page)
    assert "9 of 12 signals name an interacting drug pair" in page
    assert "harm 2 × volume 2.565 × growth 1" in page
    assert [i["item_id"] for i in listed] == [SECOND] and listed[0]["suggested_cause"] == "interaction_missed"
