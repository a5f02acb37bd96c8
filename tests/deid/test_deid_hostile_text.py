"""Hostile free text: bounded de-identification time, and identifiers hidden behind Unicode tricks."""

from __future__ import annotations

import json
import time

import pytest

from infra.settings import DeidSettings
from ingest.deid import Deidentifier
from ingest.deid.model import DeidentificationTimeout
from ingest.deid.normalize import normalise
from ingest.event import SignalEvent

TAIL = " call John Smith at 415-555-0134"


def _seconds(deidentifier: Deidentifier, emoji: str, n: int) -> float:
    text = emoji * n + TAIL  # a run never seen before: spaCy's tokenizer caches the ones it has split
    started = time.perf_counter()
    out = deidentifier.deidentify_text(text).text
    elapsed = time.perf_counter() - started
    assert "John" not in out and "555-0134" not in out and out.startswith(emoji * 100)
    return elapsed


def test_time_grows_linearly_with_a_run_of_emoji(deidentifier: Deidentifier) -> None:
    # Was quadratic (spaCy's tokenizer strips one affix at a time from a whitespace-free run): 2k 0.44 s, 8k 8 s.
    small = min(_seconds(deidentifier, e, 2000) for e in ("😀", "😃"))
    large = min(_seconds(deidentifier, e, 8000) for e in ("😄", "😁"))
    assert large < 8 * small + 0.5, (small, large)


def test_a_text_over_its_time_budget_is_an_error_in_the_events_place() -> None:
    slow = Deidentifier("test-key-one", settings=DeidSettings(max_text_seconds=0.001))
    slow.setup()
    event = SignalEvent.model_validate(
        {
            "event_id": "e-1",
            "schema_version": 1,
            "kind": "low_confidence",
            "occurred_at": "2026-10-01T09:00:00+00:00",
            "conversation_id": "c-1",
            "messages": [{"role": "user", "content": "word " * 20_000 + TAIL}],
            "model_output": "ok",
            "model_version": "m-1",
            "confidence": 0.3,
        }
    )
    [result] = slow.deidentify_events([event])
    assert isinstance(result, DeidentificationTimeout)
    assert "John" not in str(result)


@pytest.mark.parametrize(
    ("text", "language", "hidden"),
    [
        ("Patient Jo\u200bhn Sm\u200bith was seen today", "en", ("Jo\u200bhn", "Sm\u200bith")),
        ("Patient John\u200dSmith was seen today", "en", ("John", "Smith")),
        ("Patient \u202eJohn Smith\u202c was seen today", "en", ("John", "Smith")),
        ("患者联系电话１３８００１３８０００，请回电", "zh", ("１３８００１３８０００",)),
    ],
    ids=["zero-width space", "zero-width joiner", "right-to-left override", "full-width digits"],
)
def test_identifiers_behind_format_characters_and_compatibility_forms_are_found(
    deidentifier: Deidentifier, text: str, language: str, hidden: tuple[str, ...]
) -> None:
    out = deidentifier.deidentify_text(text, language).text
    assert not [h for h in hidden if h in out], out
    assert out.startswith("患者联系电话" if language == "zh" else "Patient ")  # original text kept outside spans
    assert deidentifier.deidentify_text(out, language).text == out  # idempotent


def test_normalised_spans_map_back_to_the_original() -> None:
    text = "a\u200bｂ\ufb01 x"  # zero-width space, a full-width letter, a ligature that NFKC makes two letters
    n = normalise(text)
    assert n.text == "abfi x"
    from ingest.deid.model import Entity

    assert n.to_original(Entity("X", 1, 4, 1.0)) == Entity("X", 2, 4, 1.0)
    assert n.to_original(Entity("X", 0, 2, 1.0)) == Entity("X", 0, 3, 1.0)
    assert normalise("plain ascii").origin is None


def test_keys_inside_arguments_are_deidentified_like_values(deidentifier: Deidentifier) -> None:
    event = SignalEvent.model_validate(
        {
            "event_id": "e-2",
            "schema_version": 1,
            "kind": "tool_error",
            "occurred_at": "2026-10-01T09:00:00+00:00",
            "conversation_id": "c-1",
            "messages": [{"role": "user", "content": "check allergies"}],
            "model_output": "ok",
            "model_version": "m-1",
            "tool": "allergy_lookup",
            "error": "timeout",
            "arguments": {"allergies": {"Jane Roe": "penicillin"}, "file": "a.png"},
        }
    )
    clean = deidentifier.deidentify_event(event)
    assert clean.arguments is not None
    assert "Jane" not in json.dumps(clean.arguments)
    assert set(clean.arguments) == {"allergies", "file"}
    assert list(clean.arguments["allergies"].values()) == ["penicillin"]


@pytest.mark.parametrize("offset", range(100, 140, 3))
def test_a_long_chinese_paragraph_keeps_its_identifiers_whole_wherever_they_fall(
    deidentifier: Deidentifier, offset: int
) -> None:
    # A paragraph longer than the no-whitespace limit: its cuts must not fall inside the mobile number.
    filler = "我妈妈最近血压一直很高医生让她吃氨氯地平每天一片但是她说吃了以后脚有点肿" * 10
    text = filler[:offset] + "手机13800138000" + filler[offset:]
    out = deidentifier.deidentify_text(text, "zh").text
    assert "13800138000" not in out and "氨氯地平" in out
