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
        ("Patient line: call 555\u2011123\u20114567 today", "en", ("123\u20114567", "4567")),
        ("Patient born 03\u201104\u20111976 was seen today", "en", ("1976",)),
        ("Patient card 4111\u20111111\u20111111\u20111111 was seen today", "en", ("1111\u20111111",)),
    ],
    ids=[
        "zero-width space",
        "zero-width joiner",
        "right-to-left override",
        "full-width digits",
        "phone with non-breaking hyphens",
        "date with non-breaking hyphens",
        "card number with non-breaking hyphens",
    ],
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


def _detect_seconds(deidentifier: Deidentifier, text: str) -> float:
    started = time.perf_counter()
    deidentifier.detect(text)
    return time.perf_counter() - started


def test_dots_between_letters_cost_no_more_than_prose(deidentifier: Deidentifier) -> None:
    # Presidio's URL patterns tried every top-level domain at every dot up to 253 characters ahead of each
    # position: 40 KB of "a.a.a.…" took 9.7 s, prose of that length 0.8 s. Now they run only around a dot
    # that a top-level domain can follow.
    size = 40_000
    prose = "my son says the rash is back again after the cream. " * (size // 52)
    seconds_prose = min(_detect_seconds(deidentifier, prose + str(i)) for i in range(2))
    seconds_dots = min(_detect_seconds(deidentifier, "a." * (size // 2) + str(i)) for i in range(2))
    assert seconds_dots < 2 * seconds_prose + 0.5, (seconds_prose, seconds_dots)


def test_a_url_is_found_whole_among_dots(deidentifier: Deidentifier) -> None:
    urls = " see https://clinic.example.com/patients/jane-roe?id=4471 or www.janeroe.net. "
    text = "a." * 3_000 + urls + "b." * 3_000
    spans = {text[e.start : e.end] for e in deidentifier.detect(text) if e.entity_type == "URL"}
    assert "https://clinic.example.com/patients/jane-roe?id=4471" in spans
    assert "www.janeroe.net" in spans


def test_names_are_found_in_every_piece_of_a_long_text(deidentifier: Deidentifier) -> None:
    # A long text goes to NER in pieces; a name at the start, by a cut and at the end is found.
    lines = ["the itching got worse overnight and the cream did nothing at all"] * 200
    lines[0] = "Yesterday Ottoline Brackenridge phoned about the rash"
    lines[31] = "Then Ottoline Brackenridge phoned about the rash"
    lines[-1] = "Finally Ottoline Brackenridge phoned about the rash"
    text = "\n".join(lines)
    out = deidentifier.deidentify_text(text).text
    assert "Ottoline" not in out and "Brackenridge" not in out
    assert out.count("the itching got worse overnight") == 197


def test_ner_pieces_cover_the_text_and_cut_after_lines_then_sentences() -> None:
    from ingest.deid.analyze.routing import ner_pieces

    for text in ("x" * 9_999, "word " * 2_001, "a line\n" * 1_000, "Ends here. " * 800, "short"):
        pieces = ner_pieces(text, limit=1_000)
        assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
        assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
        assert all(0 < end - start <= 1_000 for start, end in pieces)
    lines = "a line\n" * 1_000
    assert all(lines[end - 1] == "\n" for _, end in ner_pieces(lines, limit=1_000)[:-1])
    sentences = "Ends here. " * 800
    assert all(sentences[end - 2 : end] == ". " for _, end in ner_pieces(sentences, limit=1_000)[:-1])


def _event(event_id: str, texts: list[str]) -> SignalEvent:
    return SignalEvent.model_validate(
        {
            "event_id": event_id,
            "schema_version": 1,
            "kind": "low_confidence",
            "occurred_at": "2026-10-01T09:00:00+00:00",
            "conversation_id": "c-1",
            "messages": [{"role": "user", "content": t} for t in texts],
            "model_output": "ok",
            "model_version": "m-1",
            "confidence": 0.3,
        }
    )


def test_an_event_of_many_long_texts_has_a_budget_of_its_own() -> None:
    # Each text had its own budget, added up over the batch: a record of many long, token-dense texts held
    # its batch for as long as all of them took. Now such an event is analysed alone, within its budget.
    from ingest.deid.deidentifier import HEAVY_EVENT_CHARS

    quick = Deidentifier("test-key-one", settings=DeidSettings(max_text_seconds=20, max_event_seconds=0.5))
    quick.setup()
    dense = "a\n" * 30_000 + TAIL
    heavy = _event("heavy", [dense + str(i) for i in range(4)])
    light = _event("light", ["my chest hurts" + TAIL])
    assert sum(len(m.content) for m in heavy.messages) > HEAVY_EVENT_CHARS
    started = time.perf_counter()
    first, second = quick.deidentify_events([heavy, light])
    assert isinstance(first, DeidentificationTimeout)
    assert isinstance(second, SignalEvent) and "John" not in second.messages[0].content
    assert time.perf_counter() - started < 60  # a hang guard; unbounded, the four texts take minutes here


def test_a_long_event_within_its_budget_is_deidentified(deidentifier: Deidentifier) -> None:
    long_text = "the rash is back again after the cream.\n" * 1_000 + TAIL
    [clean] = deidentifier.deidentify_events([_event("long", [long_text])])
    assert isinstance(clean, SignalEvent)
    assert "John" not in clean.messages[0].content and clean.messages[0].content.startswith("the rash is back")


@pytest.mark.parametrize(
    ("unit", "language"),
    [("\t", "en"), ("\t\n", "en"), (" ", "en"), ("王", "zh"), ("黄大夫您好", "zh")],
    ids=["tabs", "tabs and line breaks", "spaces", "one surname repeated", "a greeting repeated"],
)
def test_time_grows_linearly_with_runs_of_whitespace_and_repeated_names(
    deidentifier: Deidentifier, unit: str, language: str
) -> None:
    # Whitespace in two places in a row of a pattern ("\s*,?\s+") was tried every way across a long run, and
    # every repetition of a found name was checked against every other: 40 KB of tabs 7 s, of 王 11 s.
    def seconds(n: int) -> float:
        return min(_detect_seconds(deidentifier, unit * n + f" {i} John Smith") for i in range(2))

    small, large = seconds(10_000 // len(unit)), seconds(40_000 // len(unit))
    assert large < 8 * small + 0.5, (small, large)


def test_a_long_run_of_whitespace_is_kept_and_does_not_hide_a_name(deidentifier: Deidentifier) -> None:
    text = "the rash is back.\t" + "\t" * 5_000 + "John Smith\n\n\n" + " " * 3_000 + "called 415-555-0134"
    out = deidentifier.deidentify_text(text).text
    assert "John" not in out and "0134" not in out
    assert out.startswith("the rash is back." + "\t" * 5_001) and " " * 3_000 + "called " in out
