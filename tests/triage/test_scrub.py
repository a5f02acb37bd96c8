"""Reviewer text is scrubbed for every language it contains, whatever the item's language."""

from __future__ import annotations

from tests.triage.review_app import SCRUB
from triage.web.scrub import languages_in


def test_english_identifiers_typed_on_a_chinese_item_are_replaced() -> None:
    # The Chinese pass alone keeps "Oakland"; the English pass replaces it.
    text = "请让患者尽快复诊。病人说：my name is Kevin Durant and I live in Oakland, call (408) 349-1572."
    scrubbed, replaced = SCRUB(text, "zh")
    assert not [v for v in ("Kevin Durant", "Oakland", "349-1572") if v in scrubbed] and replaced >= 3
    assert scrubbed.startswith("请让患者尽快复诊")


def test_a_chinese_name_typed_on_an_english_item_is_replaced() -> None:
    scrubbed, _ = SCRUB("Spoke with the daughter 王秀英 (手机13800138000) about the dose.", "en")
    assert "王秀英" not in scrubbed and "13800138000" not in scrubbed


def test_already_scrubbed_text_passes_unchanged() -> None:
    once, _ = SCRUB("请联系张伟医生。Call Mary Jones on 415-555-0134.", "zh")
    assert SCRUB(once, "zh")[0] == once


def test_languages_are_found_by_script() -> None:
    assert languages_in("plain english", "en") == ["en"]
    assert languages_in("中文 and english", "zh-CN") == ["zh-CN", "en"]
    assert languages_in("english 和中文", "en") == ["en", "zh"]
