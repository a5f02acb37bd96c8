"""The ingest's de-identification of a batch: every text of every event (arguments' keys and values
included) analysed in one pass, and texts seen recently not analysed again, with the same output."""

from __future__ import annotations

from typing import Any

import pytest

from infra.settings import DeidSettings
from ingest.deid import Deidentifier
from ingest.deid.cache import DetectionCache
from ingest.deid.model import Entity
from ingest.event import SignalEvent
from ingest.synthetic import generate_events
from ingest.synthetic.generator import TRUTH_FIELD


def _events(n: int) -> list[SignalEvent]:
    generated = generate_events(n, seed=11)
    return [SignalEvent.model_validate({k: v for k, v in g.event.items() if k != TRUTH_FIELD}) for g in generated]


def _deidentifier(cache_size: int) -> Deidentifier:
    deid = Deidentifier("test-key-not-secret", settings=DeidSettings(detection_cache_size=cache_size))
    deid.setup()
    return deid


@pytest.fixture(scope="module")
def events() -> list[SignalEvent]:
    events = _events(120)
    # Arguments with identifying keys, free text, and a patient's name as a key.
    extra: dict[str, Any] = {
        "patient_name": "Gideon Vantreight",
        "note": "call Mrs Ilse Brandvold on 07911 123456",
        "allergies": {"Ilse Brandvold": "penicillin"},
    }
    with_arguments = [e for e in events if e.arguments is not None]
    assert with_arguments, "the generator makes tool errors with arguments"
    events.append(with_arguments[0].model_copy(update={"arguments": {**with_arguments[0].arguments, **extra}}))
    return events


def test_a_batch_comes_out_as_each_event_alone(events: list[SignalEvent]) -> None:
    deid = _deidentifier(cache_size=0)
    batched = deid.deidentify_events(events)
    alone = [deid.deidentify_events([event])[0] for event in events]
    assert batched == alone
    last = batched[-1]
    assert isinstance(last, SignalEvent) and last.arguments is not None
    flat = repr(last.arguments)
    for value in ("Gideon", "Vantreight", "Ilse", "07911 123456"):
        assert value not in flat
    assert "penicillin" in flat


def test_the_detection_cache_changes_nothing_but_the_work(events: list[SignalEvent]) -> None:
    cached = _deidentifier(cache_size=10_000)
    plain = _deidentifier(cache_size=0)
    first = cached.deidentify_events(events)
    again = cached.deidentify_events(events)  # every text is in the cache now
    assert first == again == plain.deidentify_events(events)
    assert cached._recent.hits > 0


def test_the_cache_is_bounded_keeps_no_text_and_forgets_the_least_recent() -> None:
    cache = DetectionCache(2)
    found = [Entity("PERSON", 0, 6, 0.9)]
    cache.put(("", "Gideon rang", "en"), found)
    cache.put(("", "second", "en"), [])
    assert cache.get(("", "Gideon rang", "en")) == found  # now the most recent
    cache.put(("", "third", "en"), [])
    assert len(cache) == 2
    assert cache.get(("", "second", "en")) is None
    assert cache.get(("", "Gideon rang", "en")) == found
    assert cache.get(("", "Gideon rang", "zh")) is None  # the language is part of the key
    assert all(isinstance(key, bytes) and b"Gideon" not in key for key in cache._entries)
    assert DetectionCache(0).get(("", "x", "en")) is None
