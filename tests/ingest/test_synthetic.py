"""The synthetic signal generator: valid, deterministic, varied events with recorded fake identifiers."""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ingest.event import Kind, SignalEvent
from ingest.synthetic import (
    FAILURE_MODES,
    TRUTH_FIELD,
    GeneratedEvent,
    generate_events,
    template_slots,
    to_json_bytes,
    write_jsonl,
)
from ingest.synthetic import generator as synthetic

DEFAULT_START = datetime(2026, 10, 1, tzinfo=UTC)
CN_ID = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def mixed() -> list[GeneratedEvent]:
    return generate_events(3000, seed=11, zh_share=0.5)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _iso7064_valid(number: str) -> bool:
    """MOD 11-2 over all 18 characters: sum(a_i * 2^(17-i)) must be 1 mod 11 (X counts 10)."""
    digits = [10 if c == "X" else int(c) for c in number]
    return sum(d * pow(2, 17 - i, 11) for i, d in enumerate(digits)) % 11 == 1


def test_every_event_validates_against_the_contract(mixed: list[GeneratedEvent]) -> None:
    for generated in mixed:
        event = generated.event
        parsed = SignalEvent.model_validate(event)
        assert event[TRUTH_FIELD] == generated.failure_mode in FAILURE_MODES
        assert TRUTH_FIELD not in parsed.model_dump()
        assert parsed.schema_version == 1
        assert parsed.language in {"en", "zh"}
        assert 2 <= len(parsed.messages) <= 4
        assert {m.role for m in parsed.messages} >= {"user", "assistant"}
        assert parsed.messages[0].role == "user"
        assert parsed.model_output in [m.content for m in parsed.messages if m.role == "assistant"]
        assert re.fullmatch(r"medassist-\d{4}\.\d{2}\.\d", parsed.model_version)


def test_kind_specific_fields(mixed: list[GeneratedEvent]) -> None:
    for generated in mixed:
        event = SignalEvent.model_validate(generated.event)
        if event.kind is Kind.BAD_CASE:
            assert event.rating in (1, 2) and event.feedback
        elif event.kind is Kind.CORRECTION:
            assert event.correction and event.corrector_role in {"physician", "pharmacist", "nurse"}
        elif event.kind is Kind.LOW_CONFIDENCE:
            assert event.confidence is not None and 0.05 <= event.confidence <= 0.45
        elif event.kind is Kind.TOOL_ERROR:
            assert event.tool and event.error and isinstance(event.arguments, dict) and event.arguments
        else:
            users = [m for m in event.messages if m.role == "user"]
            assert len(users) >= 2, "a follow-up holds the earlier question and the follow-up question"


def test_event_ids_unique_and_times_ordered_in_the_window(mixed: list[GeneratedEvent]) -> None:
    ids = [g.event["event_id"] for g in mixed]
    assert len(set(ids)) == len(ids)
    times = [datetime.fromisoformat(g.event["occurred_at"]) for g in mixed]
    assert all(t.tzinfo is not None for t in times)
    assert times == sorted(times)
    assert times[0] >= DEFAULT_START and times[-1] < DEFAULT_START + timedelta(days=28)
    assert times[-1] - times[0] > timedelta(days=25)
    zh_offsets = {g.event["occurred_at"][-6:] for g in mixed if g.event["language"] == "zh"}
    assert zh_offsets == {"+08:00"}


def test_same_arguments_give_byte_identical_output() -> None:
    start = datetime(2027, 3, 5, 12, tzinfo=UTC)
    first = b"\n".join(to_json_bytes(g.event) for g in generate_events(500, seed=3, zh_share=0.4, start=start))
    again = b"\n".join(to_json_bytes(g.event) for g in generate_events(500, seed=3, zh_share=0.4, start=start))
    other = b"\n".join(to_json_bytes(g.event) for g in generate_events(500, seed=4, zh_share=0.4, start=start))
    assert first == again
    assert first != other
    assert [g.planted for g in generate_events(50, seed=3)] == [g.planted for g in generate_events(50, seed=3)]


def test_all_kinds_and_modes_appear_in_300_events() -> None:
    events = generate_events(300)
    assert {g.event["kind"] for g in events} == {k.value for k in Kind}
    assert {g.failure_mode for g in events} == set(FAILURE_MODES)
    assert len(FAILURE_MODES) >= 7 and len(set(FAILURE_MODES)) == len(FAILURE_MODES)


def test_modes_map_to_plausible_kinds(mixed: list[GeneratedEvent]) -> None:
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for g in mixed:
        kinds[g.failure_mode][g.event["kind"]] += 1
    for mode in ("lab_ocr_timeout", "evidence_retrieval_5xx"):
        assert kinds[mode].most_common(1)[0][0] == "tool_error"
    for mode in set(FAILURE_MODES) - {"lab_ocr_timeout", "evidence_retrieval_5xx"}:
        assert kinds[mode]["tool_error"] == 0
    assert kinds["lost_followup_context"].most_common(1)[0][0] == "follow_up"


@pytest.mark.parametrize("share", [0.0, 0.25, 0.6, 1.0])
def test_chinese_share_follows_the_request(share: float) -> None:
    events = generate_events(2000, seed=5, zh_share=share)
    zh = [g for g in events if g.event["language"] == "zh"]
    assert abs(len(zh) / len(events) - share) < 0.04
    for g in zh:
        assert CJK.search(g.event["messages"][0]["content"] + g.event["model_output"])
    for g in events:
        if g.event["language"] == "en":
            assert not CJK.search(" ".join(_strings(g.event["messages"])))


def test_every_planted_string_occurs_in_its_event(mixed: list[GeneratedEvent]) -> None:
    for generated in mixed:
        values = "\n".join(_strings(generated.event))
        as_json = to_json_bytes(generated.event).decode("utf-8")
        assert len(set(generated.planted)) == len(generated.planted)
        for planted in generated.planted:
            assert len(planted) >= 2
            assert planted in values and planted in as_json
        if "patient_ref" in generated.event:
            assert generated.event["patient_ref"] in generated.planted


def test_most_events_carry_identifiers_in_their_free_text(mixed: list[GeneratedEvent]) -> None:
    def has_text_identifier(g: GeneratedEvent) -> bool:
        texts = "\n".join(SignalEvent.model_validate(g.event).text_fields())
        return any(p in texts for p in g.planted)

    for language in ("en", "zh"):
        subset = [g for g in mixed if g.event["language"] == language]
        share = sum(has_text_identifier(g) for g in subset) / len(subset)
        assert share >= 0.8, f"{language}: only {share:.0%} of events carry a planted identifier"


def test_identifier_types_are_all_planted(mixed: list[GeneratedEvent]) -> None:
    planted = [p for g in mixed for p in g.planted]
    patterns = {
        "us phone (fictional 555-01xx)": r"(\(\d{3}\) |\+1 |\d{3}[-.])555[-. ]01\d\d",
        "email (reserved domain)": r"[a-z.]+\d*@(mail\.)?example\.(com|org|net)",
        "ssn": r"\d{3}[- ]\d{2}[- ]\d{4}",
        "mrn": r"\d{7,10}",
        "dob": r"(\d{2}/\d{2}/\d{4}|[A-Z][a-z]+ \d{1,2}, \d{4}|\d{4}年\d{1,2}月\d{1,2}日)",
        "en address": r"\d+ [A-Z][a-z]+ (Street|Avenue|Lane|Drive|Court|Road),.*",
        "zh address": r".+[省市].+区.+号.+室",
        "cn mobile": r"(\+86 )?1[3-9]\d[- ]?\d{4}[- ]?\d{4}",
        "cn id": r"\d{17}[\dX]",
        "zh name": r"[\u4e00-\u9fff]{2,3}",
        "en name": r"[A-Z][a-z]+ [A-Z][a-z]+(-[A-Z][a-z]+)?",
        "patient ref": r"P-\d{8}",
        "file with a name": r".+_[a-z]+_[a-z]+_\d{8}\.(jpg|pdf|png|heic)",
    }
    for label, pattern in patterns.items():
        assert any(re.fullmatch(pattern, p) for p in planted), f"no planted {label}"
    emails = [p for p in planted if "@" in p]
    assert all(re.search(r"@(mail\.)?example\.(com|org|net)$", e) for e in emails)
    us_phones = [p for p in planted if re.fullmatch(r"(\(\d{3}\) |\+1 \d{3} |\d{3}[-.])555[-. ]\d{4}", p)]
    assert us_phones and all(re.search(r"555[-. ]01\d\d$", p) for p in us_phones)


def test_chinese_id_numbers_have_valid_checksums(mixed: list[GeneratedEvent]) -> None:
    ids = [p for g in mixed for p in g.planted if re.fullmatch(r"\d{17}[\dX]", p)]
    assert len(ids) >= 30
    for number in ids:
        assert _iso7064_valid(number), number
        datetime.strptime(number[6:14], "%Y%m%d")
    in_text = {m for g in mixed for s in _strings(g.event) for m in CN_ID.findall(s)}
    assert in_text and all(_iso7064_valid(n) for n in in_text)


def test_check_char_helper_matches_known_example() -> None:
    # The worked example of GB 11643-1999.
    assert synthetic.cn_id_check_char("11010519491231002") == "X"
    with pytest.raises(ValueError):
        synthetic.cn_id_check_char("123")


def test_texts_are_varied_within_each_mode(mixed: list[GeneratedEvent]) -> None:
    user_texts: dict[tuple[str, str], set[str]] = defaultdict(set)
    outputs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for g in mixed:
        key = (g.failure_mode, g.event["language"])
        questions = [m["content"] for m in g.event["messages"] if m["role"] == "user"]
        text = questions[-1] if g.event["kind"] != "follow_up" or len(questions) < 2 else questions[-2]
        for planted in g.planted:
            text = text.replace(planted, "<ID>")
        user_texts[key].add(text.lower())
        outputs[key].add(g.event["model_output"])
    assert set(user_texts) == {(m, lang) for m in FAILURE_MODES for lang in ("en", "zh")}
    for key, texts in user_texts.items():
        assert len(texts) >= 40, f"{key}: only {len(texts)} distinct user questions"
        assert len(outputs[key]) >= 15, f"{key}: only {len(outputs[key])} distinct answers"


def test_template_tables_are_complete_and_resolvable() -> None:
    generic = synthetic._GENERIC_SLOTS | synthetic._ID_SLOTS
    for lang in ("en", "zh"):
        for mode in synthetic._MODES:
            text = synthetic._TEXT[lang][mode.name]
            assert len(text["user"]) >= 6 and len(text["answer"]) >= 4, (lang, mode.name)
            assert len(text["feedback"]) >= 4 and len(text["error" if mode.tool else "correction"]) >= 4
            if "follow_up" in mode.kinds:
                assert len(text["followup"]) >= 4
            scenarios = synthetic._SCENARIOS[lang][mode.name]
            assert len(scenarios) >= 6
            keys = {frozenset(k for k in s if not k.startswith("_")) for s in scenarios}
            assert len(keys) == 1, f"{lang}/{mode.name}: scenarios differ in their slots"
            available = generic | next(iter(keys)) | (synthetic._TOOL_SLOTS if mode.tool else frozenset())
            for part, templates in text.items():
                for template in templates:
                    missing = template_slots(template) - available
                    assert not missing, f"{lang}/{mode.name}/{part}: {template!r} needs {missing}"


def test_distinct_modes_have_distinct_vocabulary(mixed: list[GeneratedEvent]) -> None:
    """Each mode's English text has words that mark it, so an embedding clustering has themes to find.

    Typos in patient-style text can hit the one marker word of a message, hence not 100 %.
    """
    markers = {
        "missed_red_flag": ("chest", "stroke", "headache", "stool", "breath", "rash", "sleep", "ER", "911"),
        "wrong_dose_unit": ("mg", "mcg", "dose", "units"),
        "missed_drug_interaction": ("take", "interact", "with my", " on ", "gave me", "meds"),
        "lab_ocr_timeout": ("report", "lab", "OCR", "result", "upload", "test", "panel", "attached", "file"),
        "evidence_retrieval_5xx": ("guideline", "evidence", "search", "503", "502"),
        "lost_followup_context": ("again", "allergy", "history", "last", "previous", "asthma", "warfarin", "CKD"),
        "hallucinated_citation": ("trial", "study", "guideline", "evidence", "Cochrane", "NEJM", "ref"),
        "pregnancy_contraindication": ("pregnan", "wks", "weeks", "OB", "G2P1"),
    }
    for mode, words in markers.items():
        texts = [
            " ".join(_strings(g.event["messages"]))
            for g in mixed
            if g.failure_mode == mode and g.event["language"] == "en"
        ]
        hit = sum(any(w.lower() in t.lower() for w in words) for t in texts) / len(texts)
        assert hit > 0.9, f"{mode}: only {hit:.0%} of events mention a marker"


def test_start_must_be_timezone_aware_and_arguments_checked() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        generate_events(3, start=datetime(2026, 10, 1))
    with pytest.raises(ValueError):
        generate_events(-1)
    with pytest.raises(ValueError):
        generate_events(3, zh_share=1.5)
    assert generate_events(0) == []


def test_write_jsonl_round_trips(tmp_path: Path) -> None:
    events = generate_events(40, seed=2, zh_share=0.5)
    path = tmp_path / "signals.jsonl"
    write_jsonl(events, path)
    raw = path.read_bytes()
    assert "病".encode() in raw or CJK.search(raw.decode("utf-8"))
    lines = raw.decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [g.event for g in events]


def test_twenty_thousand_events_are_fast() -> None:
    began = time.perf_counter()
    events = generate_events(20_000, seed=1)
    assert len(events) == 20_000
    assert time.perf_counter() - began < 10.0
