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


def test_cluster_text_keeps_tool_and_clinician_messages_once() -> None:
    error = "lab_report_ocr ReadTimeout after 90 s"
    payload = {
        "messages": [
            {"role": "user", "content": "Can you read my lab report?"},
            {"role": "tool", "content": error},
            {"role": "clinician", "content": "Escalated: the OCR keeps timing out on scans"},
            {"role": "assistant", "content": "I could not read the file."},
        ],
        "model_output": "I could not read the file.",
        "feedback": "it never read my report",
    }
    assert cluster_text(payload).splitlines() == [
        "Can you read my lab report?",
        error,
        "Escalated: the OCR keeps timing out on scans",
        "it never read my report",
        "I could not read the file.",
    ]
    # A tool_error event repeats the tool message in `error`: it is kept once, with the tool's name.
    text = cluster_text({**payload, "tool": "lab_report_ocr", "error": error})
    assert text.count("ReadTimeout") == 1
    assert f"lab_report_ocr {error}" in text.splitlines()
