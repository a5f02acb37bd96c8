"""A real identifier that looks exactly like a `fake`-style surrogate (drawn from common real names and
places) is still replaced: found by the end-to-end canary, where planted Chinese names survived."""

from __future__ import annotations

import pytest

from ingest.deid import Deidentifier


@pytest.mark.parametrize(
    ("text", "language", "identifier"),
    [
        ("您好，我叫孙欣怡（病案号57064157），急", "zh", "孙欣怡"),
        ("你好，我是郑欣怡，请解读附件中的凝血功能报告。", "zh", "郑欣怡"),
        ("Hello, my name is Avery Holloway and I need a refill of metformin.", "en", "Avery Holloway"),
    ],
)
def test_a_real_name_shaped_like_a_fake_surrogate_is_replaced(
    deidentifier: Deidentifier, text: str, language: str, identifier: str
) -> None:
    assert identifier not in deidentifier.deidentify_text(text, language).text
