"""Names that are also words in the slots that hold a name, identifiers glued to Chinese, eponyms after a title,
and a date the model ran on into a name (real engines). Sentences are made up for the rules, not taken from
the scored sets or the generator."""

from __future__ import annotations

from ingest.deid import Deidentifier


def _found(deidentifier: Deidentifier, text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(e.entity_type, text[e.start : e.end]) for e in deidentifier.detect(text, language)]


def _persons(deidentifier: Deidentifier, text: str, language: str = "en") -> list[str]:
    return [value for kind, value in _found(deidentifier, text, language) if kind == "PERSON"]


def test_a_given_name_that_is_a_word_is_a_name_where_a_name_stands(deidentifier: Deidentifier) -> None:
    cases = {
        "Hello May, your ferritin came back low.": "May",
        "any ideas on the rash?\n- june from ohio": "june",
        "still itchy after 2 weeks\nmark | call 0412 555 019": "mark",
        "hey its grace again, the cream did nothing": "grace",
        "my daughter hope (6) keeps coughing at night": "hope",
        "my wife will has had a migraine since friday": "will",
        "i asked nurse dawn about the dose": "dawn",
    }
    for text, name in cases.items():
        assert name in _persons(deidentifier, text), text


def test_the_same_words_elsewhere_stay(deidentifier: Deidentifier) -> None:
    for text in (
        "i will | ask my pharmacist tomorrow",
        "the doctor will see you soon and may change the dose",
        "it's bad again and the swelling is back",
        "my son will need stitches",
        "in june the hay fever always gets worse",
        "there is hope, the scan was clear",
    ):
        assert _persons(deidentifier, text) == [], text


def test_an_eponym_after_a_title_is_the_doctor_unless_the_disease_follows(deidentifier: Deidentifier) -> None:
    assert "graves" in _persons(deidentifier, "did anyone else see dr graves? the wait was long")
    result = deidentifier.deidentify_text("my gp said it looks like graves' disease")
    assert "graves' disease" in result.text
    assert "graves' disease" in deidentifier.deidentify_text("the dr thinks graves' disease again").text


def test_a_lower_case_signature_with_a_credential(deidentifier: Deidentifier) -> None:
    assert "maren holt" in _persons(deidentifier, "Rest and fluids should help.\nmaren holt, np")
    assert _persons(deidentifier, "i feel fine, md") == []


def test_identifiers_glued_to_chinese(deidentifier: Deidentifier) -> None:
    text = "孩子咳嗽一周了？邮箱wangfang_88@163.com麻烦回复"
    assert ("EMAIL_ADDRESS", "wangfang_88@163.com") in _found(deidentifier, text, "zh")
    text = "谢谢楼上...还有@小雨点妈妈 你家孩子后来好了吗"
    assert ("USERNAME", "@小雨点妈妈") in _found(deidentifier, text, "zh")


def test_a_doctor_greeted_by_surname_and_title_is_a_person_not_a_handle(deidentifier: Deidentifier) -> None:
    for text in ("王大夫您好，药吃完了还要继续吗", "急急急刘主任您好，化验单出来了"):
        found = _found(deidentifier, text, "zh")
        assert [kind for kind, _ in found] == ["PERSON"], (text, found)
        assert found[0][1] in ("王", "刘")


def test_a_date_does_not_run_on_into_the_name_after_it(deidentifier: Deidentifier) -> None:
    found = _found(deidentifier, "they moved my scan to nov 12 priya | text 07700 900123")
    assert ("DATE_TIME", "nov 12") in found and ("PERSON", "priya") in found, found


def test_a_city_between_a_street_and_a_canadian_postcode(deidentifier: Deidentifier) -> None:
    found = _found(deidentifier, "we are at 88 maple crescent, kelowna v1y 2b3 near the lake")
    assert ("LOCATION", "kelowna") in found and ("ZIP_CODE", "v1y 2b3") in found, found


def test_the_surname_after_a_name_the_model_found_alone(deidentifier: Deidentifier) -> None:
    for text in ("Solveig Hjertaas", "allergy list of Solveig Hjertaas: latex"):
        assert "Hjertaas" not in deidentifier.deidentify_text(text).text, text
    # A capitalised word after a name that is no surname stays.
    assert "Hospital" in deidentifier.deidentify_text("ask Maria Hospital staff about it").text
