"""Replacement: keyed pseudonyms, date shifting, 90+, surrogate styles, structured fields."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from ingest.deid import Deidentifier
from ingest.deid.replace.date_shift import DateShifter
from ingest.event import Kind, Message, SignalEvent

TEXT = "Dr. Chen said Emily Carter (MRN 4482913) should call 415-555-0142."


def _event(patient: str, text: str) -> SignalEvent:
    return SignalEvent(
        event_id="e1",
        schema_version=1,
        kind=Kind.TOOL_ERROR,
        occurred_at=datetime(2026, 10, 1, tzinfo=UTC),
        conversation_id="c1",
        patient_ref=patient,
        language="en",
        messages=[Message(role="user", content=text)],
        model_output="ok",
        model_version="m1",
        tool="lookup",
        arguments={"patient_name": "Emily Carter", "note": "mrn 4482913"},
        error="lookup failed for Emily Carter",
        correction="Emily Carter is on metformin",
        corrector_role="physician",
    )


def test_same_identifier_same_pseudonym_across_events(deidentifier: Deidentifier) -> None:
    a = deidentifier.deidentify_text(TEXT).text
    b = deidentifier.deidentify_text("emily carter called again from 415 555 0142").text
    tags_a, tags_b = set(re.findall(r"<[A-Z_]+_[0-9a-f]+>", a)), set(re.findall(r"<[A-Z_]+_[0-9a-f]+>", b))
    assert "Emily" not in a and "4482913" not in a and "0142" not in a
    assert len(tags_a & tags_b) >= 2, (a, b)


def test_different_keys_are_unlinkable() -> None:
    one, two = Deidentifier("key-one"), Deidentifier("key-two")
    assert one.pseudonym("PERSON", "Emily Carter") != two.pseudonym("PERSON", "Emily Carter")
    assert one.pseudonym("PERSON", "Emily Carter") == Deidentifier("key-one").pseudonym("PERSON", "emily carter")


def test_dates_shift_per_patient_and_keep_intervals(deidentifier: Deidentifier) -> None:
    text = "seen on 03/14/2026 and again on 04/02/2026"
    out = deidentifier.deidentify_text(text, patient_key="patient-a").text
    first, second = re.findall(r"\d{2}/\d{2}/\d{4}", out)
    parse = lambda s: date(int(s[6:]), int(s[:2]), int(s[3:5]))  # noqa: E731
    assert (parse(second) - parse(first)).days == 19
    assert "03/14/2026" not in out
    shifter = DateShifter(b"k")
    assert shifter.offset("a") != 0 and shifter.offset("a") == DateShifter(b"k").offset("a")
    assert shifter.shift("2026年3月14日", "a") != "2026年3月14日"


def test_ages_over_89_become_90_plus(deidentifier: Deidentifier) -> None:
    assert "90+ year old" in deidentifier.deidentify_text("a 93 year old man with Parkinson's disease").text
    assert (
        "年龄90+" in deidentifier.deidentify_text("患者年龄95，有高血压", "zh").text
        or "90+" in deidentifier.deidentify_text("患者95岁，有高血压", "zh").text
    )
    kept = deidentifier.deidentify_text("a 67 year old woman with Crohn's disease")
    assert kept.text == "a 67 year old woman with Crohn's disease" and kept.entities == []


def test_fake_surrogates_keep_shape_and_language() -> None:
    fake = Deidentifier("test-key-one", surrogate_style="fake")
    fake.setup()
    out = fake.deidentify_text("call 415-555-0142 or email emily.carter@gmail.com").text
    assert re.search(r"\d{3}-\d{3}-\d{4}", out) and "415-555-0142" not in out
    assert "@example.org" in out
    zh = fake.deidentify_text("患者张伟，手机13812345678", "zh").text
    assert "张伟" not in zh and "13812345678" not in zh and re.search(r"[\u4e00-\u9fff]", zh)


def test_every_structured_field_is_deidentified(deidentifier: Deidentifier) -> None:
    out = deidentifier.deidentify_event(_event("PT-99812", "I am Emily Carter, born 03/14/1962"))
    dumped = out.model_dump_json()
    for raw in ("Emily", "Carter", "4482913", "PT-99812", "03/14/1962"):
        assert raw not in dumped, raw
    assert out.patient_ref and out.patient_ref.startswith("<PATIENT_")
    assert "metformin" in (out.correction or "")
