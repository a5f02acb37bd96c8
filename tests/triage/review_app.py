"""Helpers for the review app tests: a store seeded through Store methods, a live server, logins."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from infra.records import Assignment, Cluster, StoredEvent
from infra.settings import DeidSettings, ReviewSettings, Settings
from infra.store import Store
from ingest.event import SignalEvent
from triage.auth import add_reviewer
from triage.priority import build_review_items, item_id_for
from triage.web.app import create_app
from triage.web.scrub import ReviewerTextScrubber
from triage.web.throttle import LoginThrottle

# One real de-identifier for every app the tests start: its NLP model loads once per test process.
SCRUB = ReviewerTextScrubber("test-key-not-secret", DeidSettings())
PASSWORDS = {"alice": "alice-correct-horse", "bob": "bob-battery-staple", "carol": "carol-lead-staple-9"}
ROLES = {"alice": "reviewer", "bob": "reviewer", "carol": "lead"}
SCRIPT_PROBE = "<script>alert('x')</script>"


def _event(event_id: str, kind: str, user_text: str, model_output: str, **fields: Any) -> dict[str, Any]:
    event = SignalEvent.model_validate(
        {
            "event_id": event_id,
            "schema_version": 1,
            "kind": kind,
            "occurred_at": "2025-03-04T10:15:00+00:00",
            "conversation_id": f"conv-{event_id}",
            "patient_ref": "pseudo-7f3a9c",
            "language": "en",
            "messages": [
                {"role": "system", "content": "You are a careful medical assistant."},
                {"role": "user", "content": user_text},
            ],
            "model_output": model_output,
            "model_version": "assistant-2025.02",
            **fields,
        }
    )
    return event.model_dump(mode="json", exclude_none=True)


PAYLOADS = [
    _event(
        "ev-warfarin-1",
        "correction",
        "I take warfarin for atrial fibrillation and have a bad headache since yesterday. Can I take ibuprofen 800 mg?",
        "Yes, ibuprofen 800 mg up to three times a day is fine for a headache.",
        correction="No. Ibuprofen raises the bleeding risk with warfarin. Use paracetamol up to 1 g "
        "(max 3 g a day) and call your anticoagulation clinic if the headache is severe.",
        corrector_role="physician",
    ),
    _event(
        "ev-warfarin-2",
        "bad_case",
        "Is it ok to take aspirin with my warfarin for a toothache?",
        "Aspirin is a good choice for dental pain.",
        rating=1,
        feedback="The answer ignored that I am on warfarin.",
    ),
    _event(
        "ev-lookup-1",
        "tool_error",
        "Can metformin be taken before a CT scan with contrast?",
        "I could not check this right now. Please ask your pharmacist.",
        tool="drug_interaction_lookup",
        arguments={"drugs": ["metformin", "iodinated contrast"]},
        error="TimeoutError: interaction service did not answer within 5 s",
    ),
    _event(
        "ev-probe-1",
        "low_confidence",
        f"Dose question {SCRIPT_PROBE} for amoxicillin in a child of 14 kg?",
        "Perhaps 250 mg three times a day.",
        confidence=0.31,
    ),
]

CLUSTERS = [
    Cluster(
        "c-anticoag",
        "run-1",
        "en",
        "Anticoagulant interactions",
        ["warfarin", "ibuprofen", "bleeding"],
        12,
        {"correction": 0.5, "bad_case": 0.5},
        ["ev-warfarin-1", "ev-warfarin-2"],
        theme_id="T-c-anticoag",
        theme_label="interaction, pharmacist, combine",
    ),
    Cluster(
        "c-lookup",
        "run-1",
        "en",
        "Drug lookup tool failures",
        ["lookup", "timeout", "contrast"],
        5,
        {"tool_error": 1.0},
        ["ev-lookup-1"],
    ),
    Cluster(
        "c-dosing",
        "run-1",
        "en",
        "Uncertain paediatric dosing",
        ["dose", "child"],
        2,
        {"low_confidence": 1.0},
        ["ev-probe-1"],
    ),
]


def seed_store(path: Path) -> Store:
    store = Store(path)
    events = [
        StoredEvent(
            event_id=p["event_id"],
            content_hash=hashlib.sha256(json.dumps(p, sort_keys=True).encode()).hexdigest(),
            kind=p["kind"],
            language=p["language"],
            occurred_at=datetime(2025, 3, 4, 10, 15, tzinfo=UTC),
            conversation_id=p["conversation_id"],
            patient_ref=p["patient_ref"],
            model_version=p["model_version"],
            payload=p,
        )
        for p in PAYLOADS
    ]
    assert store.write_batch(events, []).stored == len(events)
    assignments = [Assignment(e, c.cluster_id, 0.9) for c in CLUSTERS for e in c.exemplar_ids]
    store.save_clustering("run-1", CLUSTERS, assignments)
    rows = store.events_by_id([p["event_id"] for p in PAYLOADS])
    store.add_review_items(build_review_items(CLUSTERS, rows))
    for username, password in PASSWORDS.items():
        add_reviewer(store, username, password, ROLES[username])
    return store


ITEM_IDS = {p["event_id"]: item_id_for(p["event_id"]) for p in PAYLOADS}


@dataclass
class LiveServer:
    url: str
    store: Store
    throttle: LoginThrottle

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=False, timeout=10)


@contextmanager
def running(app: Any, store: Store, throttle: LoginThrottle) -> Iterator[LiveServer]:
    """Serve `app` on a free loopback port in a background thread; stop it on exit."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("review app did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", store, throttle)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        assert not thread.is_alive(), "uvicorn thread did not stop"


def start_review_app(store: Store, data_dir: Path) -> Iterator[LiveServer]:
    settings = Settings(data_dir=data_dir, review=ReviewSettings())
    app = create_app(settings, store, SCRUB)
    throttle = LoginThrottle(max_failures=3, max_address_failures=8, window_s=60, backoff_s=30, failure_delay_s=0.01)
    app.state.outerloop.throttle = throttle
    with running(app, store, throttle) as live:
        yield live


_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = _CSRF_FIELD.search(html)
    assert match, "page has no csrf_token field"
    return match.group(1)


def login(client: httpx.Client, username: str, password: str, next_path: str = "") -> httpx.Response:
    form = client.get("/login")
    assert form.status_code == 200
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_from(form.text), "next": next_path},
    )


@contextmanager
def logged_in(server: LiveServer, username: str = "alice") -> Iterator[httpx.Client]:
    with server.client() as client:
        response = login(client, username, PASSWORDS[username])
        assert response.status_code == 303, response.text
        yield client


def api_token(client: httpx.Client) -> str:
    response = client.get("/api/session")
    assert response.status_code == 200
    token: str = response.json()["csrf_token"]
    return token
