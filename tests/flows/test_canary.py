"""Canary: unique identifiers planted in every free-text field of every kind of event never reach disk.

Ingest (broker, Presidio), clustering and triage (Prefect, Ray, DuckDB), the review page over HTTP with
identifiers typed into reviewers' answers and notes, and an export run; then every byte under the data
dir and Prefect's home is searched.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from flows.pipeline import export_flow, pipeline_flow
from infra.kafka import ensure_topics, make_producer
from infra.settings import Settings
from ingest.event import Kind
from ingest.synthetic import generate_events, to_json_bytes
from tests.flows._needles import finder
from triage.auth import add_reviewer

LogIn = Callable[[httpx.Client, str, str], httpx.Response]

N_EVENTS = 60


class Planter:
    """Unique identifiers, each an identifier in its context (the needle is what must not leak)."""

    def __init__(self) -> None:
        self.n = 0
        self.needles: list[str] = []

    def _next(self) -> int:
        self.n += 1
        return self.n

    def en(self) -> str:
        n = self._next()
        phone, mrn, email = f"(415) 7{n % 100:02d}-{4000 + n:04d}", f"{7300000 + n}", f"canary.{n:04d}.zq@gmail.com"
        self.needles += [phone, mrn, email]
        return f"my daughter Emily calls from {phone}, MRN {mrn}, email {email}"

    def zh(self) -> str:
        n = self._next()
        mobile, record = f"139{n:04d}{5500 + n:04d}", f"{8800000 + n}"
        self.needles += [mobile, record]
        return f"病案号：{record}，手机{mobile}"

    def text(self, language: str) -> str:
        return self.zh() if language.startswith("zh") else self.en()

    def ref(self) -> str:
        value = f"CANARYPT{self._next():05d}"
        self.needles.append(value)
        return value


def _planted_events(planter: Planter) -> list[dict[str, Any]]:
    events = [g.event for g in generate_events(N_EVENTS, seed=11, zh_share=0.3)]
    for event in events:
        lang = event.get("language", "en")
        event["patient_ref"] = planter.ref()
        for message in event["messages"]:
            message["content"] = message["content"] + " " + planter.text(lang)
        event["model_output"] = event["model_output"] + " " + planter.text(lang)
        for name in ("feedback", "correction", "error"):
            if event.get(name) is not None:
                event[name] = event[name] + " " + planter.text(lang)
        if event.get("arguments") is not None:
            name = f"Canarya Zelvorth{planter.n}"
            planter.needles.append(name)
            event["arguments"] = {**event["arguments"], "patient_name": name, "query": planter.text(lang)}
    return events


def test_no_planted_identifier_reaches_disk(
    settings: Settings, review_server: str, log_in: LogIn, capfd: pytest.CaptureFixture[str]
) -> None:
    planter = Planter()
    events = _planted_events(planter)
    needles = planter.needles
    assert {e["kind"] for e in events} == {k.value for k in Kind}, "every kind of event must be planted"
    assert len(set(needles)) == len(needles)
    ensure_topics(settings.kafka, [settings.kafka.signals_topic, settings.kafka.dead_letter_topic])
    producer = make_producer(settings.kafka)
    try:
        for event in events:
            producer.send(
                settings.kafka.signals_topic, key=event["conversation_id"].encode(), value=to_json_bytes(event)
            )
        producer.flush(timeout=60)
    finally:
        producer.close(timeout=10)

    result = pipeline_flow(str(settings.data_dir), settings.kafka.bootstrap_servers)
    assert result["ingest"]["stored"] == N_EVENTS

    from infra.store import review_store

    # Two reviewers (items of moderate suggested harm need two agreeing reviews before they are exported).
    for reviewer in ("canary.reviewer", "canary.second"):
        add_reviewer(review_store(settings), reviewer, "canary password 123")
    answers: dict[str, tuple[str, str]] = {}
    pages: list[str] = []
    items: list[dict[str, Any]] = []
    for reviewer in ("canary.reviewer", "canary.second"):
        with httpx.Client(base_url=review_server, timeout=120) as client:
            log_in(client, reviewer, "canary password 123")
            pages.append(client.get("/").text)
            listed = client.get("/api/items", params={"status": "pending"}).text
            pages.append(listed)
            if not answers:
                items = json.loads(listed)["items"]
                assert items, "the review queue is empty"
            csrf = client.get("/api/session").json()["csrf_token"]
            for item in items[:3]:
                shown = client.get(f"/api/items/{item['item_id']}").text
                pages.append(shown)
                # Reviewers type identifiers too: the answer and the note are planted like the events.
                answer, note = answers.setdefault(item["item_id"], (f"see your doctor; {planter.en()}", planter.zh()))
                version = json.loads(shown)["version"]
                body = {"decision": "accepted", "version": version, "reference_answer": answer, "note": note}
                saved = client.post(f"/api/items/{item['item_id']}/decision", json=body, headers={"X-CSRF-Token": csrf})
                assert saved.status_code == 200, saved.status_code
                pages.append(saved.text)
    export_flow(str(settings.data_dir))

    found_in = finder(needles)
    assert found_in("\n".join(pages).encode()) == []
    captured = capfd.readouterr()
    assert found_in((captured.out + captured.err).encode()) == []
    hits: dict[str, list[str]] = {}
    for root in (settings.data_dir, Path(os.environ["PREFECT_HOME"])):
        for path in root.rglob("*"):
            if path.is_file():
                found = found_in(path.read_bytes())
                if found:
                    hits[str(path)] = found[:5]
    assert hits == {}, f"planted identifiers on disk: {hits}"
