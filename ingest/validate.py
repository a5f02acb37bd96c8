"""Turn one raw Kafka record into a SignalEvent or a rejection with a machine-readable reason.

Rejection messages name fields and limits, never values: the raw record may carry patient data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from ingest.event import SCHEMA_VERSION, Kind, Message, SignalEvent


class Reason(StrEnum):
    EMPTY = "empty"
    RECORD_TOO_LARGE = "record_too_large"
    INVALID_UTF8 = "invalid_utf8"
    NOT_JSON = "not_json"
    TOO_DEEPLY_NESTED = "too_deeply_nested"
    TOO_MANY_ELEMENTS = "too_many_elements"
    NOT_OBJECT = "not_object"
    MISSING_FIELD = "missing_field"
    WRONG_TYPE = "wrong_type"
    UNKNOWN_KIND = "unknown_kind"
    UNSUPPORTED_SCHEMA_VERSION = "unsupported_schema_version"
    TEXT_TOO_LARGE = "text_too_large"
    INVALID_FIELD = "invalid_field"
    EVENT_ID_CONFLICT = "event_id_conflict"
    DEID_FAILED = "deid_failed"
    DEID_TIMEOUT = "deid_timeout"


@dataclass(frozen=True)
class Rejection:
    reason: Reason
    message: str
    event_id: str | None = None


# Names a reason may show; any other key (an unknown field, a key inside `arguments`) is user-controlled
# text, possibly an identifier, and shows as <key>.
FIELD_NAMES = frozenset(SignalEvent.model_fields) | frozenset(Message.model_fields)


def _loc(loc: tuple[Any, ...]) -> str:
    """The shape of a field's path, e.g. `messages[3].content` or `arguments.<key>[2]`: never a key's own text."""
    out = ""
    inside_arguments = False
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = str(part) if str(part) in FIELD_NAMES and not inside_arguments else "<key>"
        out += f".{name}" if out else name
        inside_arguments = inside_arguments or part == "arguments"
    return out or "(root)"


def _classify(error: ValidationError) -> Rejection:
    errors = error.errors(include_input=False, include_url=False)
    for e in errors:
        if _loc(e["loc"]) == "kind" and e["type"] == "enum":
            return Rejection(Reason.UNKNOWN_KIND, f"kind is not one of {', '.join(k.value for k in Kind)}")
    for e in errors:
        if e["type"] == "missing":
            return Rejection(Reason.MISSING_FIELD, f"required field {_loc(e['loc'])} is missing")
    for e in errors:
        if e["type"].endswith(("_type", "_parsing")):
            return Rejection(Reason.WRONG_TYPE, f"field {_loc(e['loc'])} has the wrong type ({e['type']})")
    first = errors[0]
    if first["type"] == "value_error":
        # The model's own cross-field rule; its message names fields only.
        return Rejection(Reason.MISSING_FIELD, str(first["msg"]).removeprefix("Value error, "))
    return Rejection(
        Reason.INVALID_FIELD, f"field {_loc(first['loc'])} is invalid ({first['type']}); {len(errors)} error(s) in all"
    )


def _text_sizes(data: dict[str, Any]) -> list[tuple[str, int]]:
    sizes: list[tuple[str, int]] = []

    def walk(value: Any, where: tuple[Any, ...]) -> None:
        if isinstance(value, str):
            sizes.append((_loc(where), len(value.encode("utf-8", "surrogatepass"))))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*where, str(k)))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*where, i))

    for key, value in data.items():
        walk(value, (key,))
    return sizes


# Defaults of IngestSettings.max_json_depth / max_json_elements (the record's root object is depth 1).
MAX_JSON_DEPTH = 64
MAX_JSON_ELEMENTS = 10_000


def _shape_rejection(data: Any, *, max_depth: int, max_elements: int, event_id: str | None) -> Rejection | None:
    """A rejection when `data` nests deeper than `max_depth` or holds more than `max_elements` items in all.

    Iterative (no recursion) and stops at the first limit passed, so it is cheap on any input.
    """
    elements = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > max_depth:
            return Rejection(
                Reason.TOO_DEEPLY_NESTED, f"JSON nests deeper than {max_depth} levels (the limit)", event_id
            )
        elements += len(children)
        if elements > max_elements:
            return Rejection(
                Reason.TOO_MANY_ELEMENTS, f"JSON holds more than {max_elements} elements (the limit)", event_id
            )
        stack.extend((child, depth + 1) for child in children)
    return None


def _event_shape(event: SignalEvent) -> dict[str, Any]:
    """What of a parsed event can nest or grow: its messages and its arguments, as in the record."""
    shape: dict[str, Any] = {"messages": [{"role": 0, "content": 0} for _ in event.messages]}
    if event.arguments is not None:
        shape["arguments"] = event.arguments
    return shape


def parse_record(
    value: bytes | None,
    *,
    max_record_bytes: int,
    max_text_bytes: int,
    max_depth: int = MAX_JSON_DEPTH,
    max_elements: int = MAX_JSON_ELEMENTS,
) -> SignalEvent | Rejection:
    # Pydantic reads and validates the bytes in one pass. A record no larger than the text limit cannot
    # hold an oversized text; whatever this pass refuses goes step by step below, which names the reason.
    if value and len(value) <= min(max_text_bytes, max_record_bytes):
        try:
            event = SignalEvent.model_validate_json(value)
        except (ValidationError, RecursionError):
            pass
        else:
            shape = _shape_rejection(
                _event_shape(event), max_depth=max_depth, max_elements=max_elements, event_id=event.event_id
            )
            return shape or event
    return _parse_stepwise(
        value,
        max_record_bytes=max_record_bytes,
        max_text_bytes=max_text_bytes,
        max_depth=max_depth,
        max_elements=max_elements,
    )


def _parse_stepwise(
    value: bytes | None,
    *,
    max_record_bytes: int,
    max_text_bytes: int,
    max_depth: int = MAX_JSON_DEPTH,
    max_elements: int = MAX_JSON_ELEMENTS,
) -> SignalEvent | Rejection:
    if not value:
        return Rejection(Reason.EMPTY, "the record has no value")
    if len(value) > max_record_bytes:
        return Rejection(Reason.RECORD_TOO_LARGE, f"record is {len(value)} bytes; the limit is {max_record_bytes}")
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejection(Reason.INVALID_UTF8, f"record is not valid UTF-8 (at byte {exc.start})")
    try:
        data = json.loads(text)
    except RecursionError:
        return Rejection(Reason.TOO_DEEPLY_NESTED, "JSON nesting is too deep to parse")
    except json.JSONDecodeError as exc:
        return Rejection(Reason.NOT_JSON, f"record is not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        return Rejection(Reason.NOT_JSON, "record has a number too long to read")
    if not isinstance(data, dict):
        return Rejection(Reason.NOT_OBJECT, f"record is a JSON {type(data).__name__}, not an object")
    event_id = data.get("event_id") if isinstance(data.get("event_id"), str) else None
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return Rejection(
            Reason.UNSUPPORTED_SCHEMA_VERSION,
            f"schema_version {version} is newer than the newest known ({SCHEMA_VERSION}); "
            "upgrade outerloop, then replay from the dead-letter topic",
            event_id,
        )
    shape = _shape_rejection(data, max_depth=max_depth, max_elements=max_elements, event_id=event_id)
    if shape is not None:
        return shape
    # A string's UTF-8 is never longer than its JSON: in a record within the limit, every text is.
    oversized = [(w, n) for w, n in _text_sizes(data) if n > max_text_bytes] if len(value) > max_text_bytes else []
    if oversized:
        where, size = oversized[0]
        return Rejection(
            Reason.TEXT_TOO_LARGE, f"text field {where} is {size} bytes; the limit is {max_text_bytes}", event_id
        )
    try:
        event = SignalEvent.model_validate(data)
    except ValidationError as exc:
        rejection = _classify(exc)
        return Rejection(rejection.reason, rejection.message, event_id)
    except RecursionError:
        return Rejection(Reason.TOO_DEEPLY_NESTED, "JSON nesting is too deep to validate", event_id)
    if "\\u" in text and _has_lone_surrogate(event):
        return Rejection(
            Reason.INVALID_UTF8, "a text holds an unpaired UTF-16 surrogate escape (\\ud800-\\udfff)", event_id
        )
    return event


def _has_lone_surrogate(event: SignalEvent) -> bool:
    """json.loads turns an unpaired escape such as \\ud800 into a str that no UTF-8 text can hold."""
    try:
        event.canonical_json().encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
