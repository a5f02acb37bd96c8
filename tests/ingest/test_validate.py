from __future__ import annotations

import json

import pytest

from ingest.event import SignalEvent
from ingest.synthetic.malformed import PLANTED, SAMPLED_REASONS, malformed_records
from ingest.validate import Reason, Rejection, parse_record

LIMITS = {"max_record_bytes": 4 * 1024 * 1024, "max_text_bytes": 256 * 1024}

VALID = {
    "event_id": "e-1",
    "schema_version": 1,
    "kind": "tool_error",
    "occurred_at": "2026-10-01T09:00:00+08:00",
    "conversation_id": "c-1",
    "language": "zh",
    "messages": [{"role": "user", "content": "化验单识别失败 \u200b ok"}],
    "model_output": "抱歉",
    "model_version": "m-1",
    "tool": "lab_ocr",
    "arguments": {"file": "a.png"},
    "error": "TimeoutError: 30s",
    "unknown_field": "dropped",
}


@pytest.mark.parametrize(
    ("record", "reason"), malformed_records(len(SAMPLED_REASONS)), ids=[r.value for r in SAMPLED_REASONS]
)
def test_each_malformed_record_gets_its_reason_without_leaking_content(record: bytes, reason: Reason) -> None:
    result = parse_record(record, **LIMITS)
    assert isinstance(result, Rejection)
    assert result.reason is reason
    assert result.message
    assert not [p for p in PLANTED if p in result.message]


def test_a_valid_event_parses_and_unknown_fields_are_dropped() -> None:
    result = parse_record(json.dumps(VALID, ensure_ascii=False).encode(), **LIMITS)
    assert isinstance(result, SignalEvent)
    assert "unknown_field" not in result.model_dump()
    assert result.arguments == {"file": "a.png"}


def test_a_record_over_the_size_limit_is_rejected_before_parsing() -> None:
    big = json.dumps({**VALID, "model_output": "x" * (5 * 1024 * 1024)}).encode()
    result = parse_record(big, **LIMITS)
    assert isinstance(result, Rejection) and result.reason is Reason.RECORD_TOO_LARGE


def test_kind_specific_fields_are_required() -> None:
    data = {**VALID, "kind": "correction"}
    result = parse_record(json.dumps(data).encode(), **LIMITS)
    assert isinstance(result, Rejection) and result.reason is Reason.MISSING_FIELD
    assert "correction" in result.message


def test_wrong_type_names_the_field_not_the_value() -> None:
    data = {**VALID, "confidence": "Jane Roe"}
    result = parse_record(json.dumps(data).encode(), **LIMITS)
    assert isinstance(result, Rejection) and result.reason is Reason.WRONG_TYPE
    assert "confidence" in result.message and "Jane Roe" not in result.message


def _edge_records() -> list[bytes]:
    valid = json.dumps(VALID, ensure_ascii=False).encode()
    return [
        valid.replace(b'"conversation_id": "c-1"', b'"conversation_id": "c-1", "conversation_id": "c-2"'),
        valid.replace(b"ok", b"\\ud800 ok"),  # a lone surrogate escape: json.loads takes it, pydantic does not
        valid.replace(b"ok", b"\xed\xa0\x80 ok"),  # a surrogate encoded in UTF-8
        valid.replace(b'"schema_version": 1', b'"schema_version": true'),
        valid.replace(b'"schema_version": 1', b'"schema_version": 1.0'),
        valid.replace(b'"schema_version": 1', b'"schema_version": "1"'),
        valid.replace(b'"a.png"', b"NaN"),
        valid.replace(b'"a.png"', b"1e400"),
        valid.replace(b'"a.png"', b"123456789012345678901234567890"),
        valid.replace(b'"a.png"', b'{"deep": [[[[[[[[[[[[{"x": null}]]]]]]]]]]]]}'),
        valid.replace(b'"a.png"', b"[" * 300 + b"]" * 300),
        valid.replace(b"ok", b"\\u0000\\u001f\x7f ok"),
        valid.replace(b'"+08:00"', b'"Z"').replace(b"+08:00", b""),
        valid.replace(b'"kind": "tool_error"', b'"kind": "TOOL_ERROR"'),
        valid.replace(b'"language": "zh"', b'"language": null'),
        valid + b"  \n",
        b"\xef\xbb\xbf" + valid,
        valid[:-1],
    ]


def test_the_one_pass_parse_gives_exactly_what_the_stepwise_parse_gives() -> None:
    from ingest.synthetic import generate_events, to_json_bytes
    from ingest.validate import _parse_stepwise

    records = [to_json_bytes(g.event) for g in generate_events(300, seed=7)]
    records += [r for r, _ in malformed_records(3 * len(SAMPLED_REASONS))] + _edge_records()
    small = {"max_record_bytes": 4096, "max_text_bytes": 1024}  # most records over the one-pass size
    for limits in (LIMITS, small):
        for record in records:
            fast, stepwise = parse_record(record, **limits), _parse_stepwise(record, **limits)
            assert type(fast) is type(stepwise)
            if isinstance(fast, SignalEvent):
                assert repr(fast.model_dump()) == repr(stepwise.model_dump())  # type: ignore[union-attr]  # NaN != NaN
            else:
                assert fast == stepwise


def test_records_that_json_reads_but_no_text_can_hold_are_rejected() -> None:
    valid = json.dumps(VALID, ensure_ascii=False).encode()
    too_long = valid[:-1] + b', "rating": ' + b"1" * 5000 + b"}"
    result = parse_record(too_long, **LIMITS)
    assert isinstance(result, Rejection) and result.reason is Reason.NOT_JSON
    lone = valid.replace("抱歉".encode(), b"\\ud800")
    result = parse_record(lone, **LIMITS)
    assert isinstance(result, Rejection) and result.reason is Reason.INVALID_UTF8
    paired = valid.replace("抱歉".encode(), b"\\ud83d\\ude00")
    result = parse_record(paired, **LIMITS)
    assert isinstance(result, SignalEvent) and result.model_output == "\U0001f600"


def _deep_arguments(depth: int) -> dict[str, object]:
    node: dict[str, object] = {"leaf": 1}
    for _ in range(depth):
        node = {"n": node}
    return node


@pytest.mark.parametrize("max_text_bytes", [256 * 1024, 64])  # the one-pass path and the stepwise path
def test_arguments_nested_300_levels_are_dead_lettered_not_a_crash(max_text_bytes: int) -> None:
    data = {**VALID, "arguments": _deep_arguments(300)}
    result = parse_record(json.dumps(data).encode(), max_record_bytes=4 * 1024 * 1024, max_text_bytes=max_text_bytes)
    assert isinstance(result, Rejection) and result.reason is Reason.TOO_DEEPLY_NESTED
    assert result.event_id == "e-1"


def test_nesting_and_element_limits_are_parameters() -> None:
    record = json.dumps({**VALID, "arguments": _deep_arguments(10)}).encode()
    assert isinstance(parse_record(record, **LIMITS, max_depth=12), SignalEvent)
    shallow = parse_record(record, **LIMITS, max_depth=11)
    assert isinstance(shallow, Rejection) and shallow.reason is Reason.TOO_DEEPLY_NESTED


@pytest.mark.parametrize("max_text_bytes", [256 * 1024, 64])
def test_too_many_elements_are_dead_lettered(max_text_bytes: int) -> None:
    data = {**VALID, "arguments": {"ids": list(range(20_000))}}
    result = parse_record(json.dumps(data).encode(), max_record_bytes=4 * 1024 * 1024, max_text_bytes=max_text_bytes)
    assert isinstance(result, Rejection) and result.reason is Reason.TOO_MANY_ELEMENTS
    many_messages = {**VALID, "messages": [{"role": "user", "content": "x"}] * 20_000}
    result = parse_record(json.dumps(many_messages).encode(), **LIMITS)
    assert isinstance(result, Rejection) and result.reason is Reason.TOO_MANY_ELEMENTS


def test_reasons_name_a_fields_path_shape_never_a_user_controlled_key() -> None:
    key = "Jane Roe 415-555-0134"
    unknown = {**VALID, key: "x" * (300 * 1024)}
    result = parse_record(json.dumps(unknown).encode(), **LIMITS)
    assert isinstance(result, Rejection) and result.reason is Reason.TEXT_TOO_LARGE
    assert "Jane" not in result.message and "<key>" in result.message
    in_arguments = {**VALID, "arguments": {key: ["ok", "y" * (300 * 1024)]}}
    result = parse_record(json.dumps(in_arguments).encode(), **LIMITS)
    assert isinstance(result, Rejection) and "arguments.<key>[1]" in result.message and "Jane" not in result.message
    in_messages = {**VALID, "messages": [{"role": "user", "content": "a"}, {"role": "user", "content": 3}]}
    result = parse_record(json.dumps(in_messages).encode(), **LIMITS)
    assert isinstance(result, Rejection) and "messages[1].content" in result.message
