from __future__ import annotations

from cluster.text import cluster_text, strip_pseudonyms


def test_strip_pseudonyms_removes_keyed_and_plain_tags() -> None:
    text = "Call <PERSON_3f2a91> at <PHONE_0b71c2> or <EMAIL_ADDRESS> today"
    assert strip_pseudonyms(text) == "Call at or today"


def test_cluster_text_orders_question_feedback_error_answer() -> None:
    payload = {
        "messages": [
            {"role": "system", "content": "You are a medical assistant."},
            {"role": "user", "content": "Dose for <PERSON_3f2a91>?"},
            {"role": "assistant", "content": "500 mg"},
            {"role": "user", "content": "Are you sure?"},
        ],
        "model_output": "500 mg",
        "feedback": "too high for a child",
        "tool": "dose_calculator",
        "error": "TimeoutError",
    }
    text = cluster_text(payload)
    assert text.splitlines() == [
        "Dose for ?",
        "Are you sure?",
        "too high for a child",
        "dose_calculator TimeoutError",
        "500 mg",
    ]
    assert "medical assistant" not in text and "PERSON" not in text
