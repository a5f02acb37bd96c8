"""Property: no single record, however built, stops the ingest or leaks what it carries.

Records come from `tests.ingest._hostile` (structure, size, encoding, Unicode categories). In process,
hypothesis seeds the generator, and each record goes through parsing, hashing and de-identification: it
ends as an event or a rejection with a known reason, never an exception. Through the real broker, one run over a
batch of them ends normally, with every record stored or dead-lettered and the good record after them
stored. Time is bounded by the de-identifier's per-text budget (`deid.max_text_seconds`), which turns a
slow text into a `deid_timeout` dead letter; the tests assert outcomes, never durations.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra.kafka import ensure_topics
from infra.settings import DeidSettings, Settings
from infra.store import Store
from ingest.consumer import Ingestor, content_hash
from ingest.deid import Deidentifier
from ingest.deid.model import DeidentificationError
from ingest.event import SignalEvent
from ingest.validate import Reason, Rejection, parse_record
from tests.ingest import _hostile
from tests.ingest._support import encode, publish

BUDGET_S = 5.0


@pytest.fixture(scope="module")
def deidentifier() -> Deidentifier:
    deid = Deidentifier("test-key-not-secret", settings=DeidSettings(max_text_seconds=BUDGET_S, detection_cache_size=0))
    deid.setup()
    return deid


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 2**32 - 1))
def test_any_record_becomes_an_event_or_a_named_rejection(deidentifier: Deidentifier, seed: int) -> None:
    # A seed, not hypothesis's own random: its draws lean to zero, which would make most records one kind.
    value = _hostile.record(random.Random(seed), seed % 1_000_000)
    limits = Settings().ingest
    parsed = parse_record(
        value,
        max_record_bytes=limits.max_record_bytes,
        max_text_bytes=limits.max_text_bytes,
        max_depth=limits.max_json_depth,
        max_elements=limits.max_json_elements,
    )
    if isinstance(parsed, Rejection):
        assert parsed.reason in set(Reason)
        assert _hostile.MARKER not in parsed.message
        return
    content_hash(b"k", parsed)
    (clean,) = deidentifier.deidentify_events([parsed])
    assert isinstance(clean, SignalEvent | DeidentificationError)
    if isinstance(clean, DeidentificationError):
        assert _hostile.MARKER not in str(clean)
    else:
        clean.to_json()


def test_a_run_over_hostile_records_ends_with_each_stored_or_dead_lettered(settings: Settings) -> None:
    ensure_topics(settings.kafka, [settings.kafka.signals_topic, settings.kafka.dead_letter_topic], partitions=1)
    rng = random.Random(20261127)
    values = [_hostile.record(rng, i, max_chars=2000) for i in range(80)]
    good = _hostile.base_event(999_999)
    # One partition: nothing may block the good record behind the hostile ones.
    publish(settings, [(b"k", v) for v in values] + [(b"k", encode(good))])
    settings.deid.max_text_seconds = BUDGET_S
    deid = Deidentifier(settings.secret("deid_key"), settings=settings.deid)
    deid.setup()
    store = Store(settings.db_path)

    report = Ingestor(settings, store, deid).run()

    assert report.consumed == len(values) + 1
    assert report.consumed == report.stored + report.duplicates + report.dead_lettered
    events = store.events()
    assert good["event_id"] in {e.event_id for e in events}
    dead = store.dead_letters(limit=10_000)
    assert len(events) == report.stored
    assert len({d.source_offset for d in dead}) == len(dead) == report.dead_lettered
    assert {d.reason for d in dead} <= {r.value for r in Reason}
    # What an operator reads of a dead letter never carries the record's text.
    assert not [d.message for d in dead if _hostile.MARKER in d.message]
