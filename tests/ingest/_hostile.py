"""A generator of hostile records for the property tests: any structure, size, encoding and Unicode category.

`record(rng)` returns the bytes of one record built from a `random.Random`; the same seed gives the same
record. Each planted identifier-like string carries `MARKER`, so a test can tell that raw input reached a
place a person reads (a dead letter's reason, say).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

MARKER = "Qzvx"

# Characters by the kind of trouble they make.
_FORMAT = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u202d", "\u2066", "\u2069", "\u061c"]
_COMBINING = ["\u0301", "\u0308", "\u0336", "\u20dd", "\u0489"]
_EMOJI = ["\U0001f600", "\U0001f469\u200d\U0001f4bb", "\U0001f44d\U0001f3fd", "\U0001f1ec\U0001f1e7", "\u2764\ufe0f"]
_WIDE = ["１３８００１３８０００", "ＡＢＣ", "０", "＠", "．"]
_SCRIPTS = ["胸口疼", "谢谢医生", "راحة", "שלום", "отдых", "ヤマダ", "한국어", "ไทย", "\U00020000\U0002a6d6"]
_CONTROL = ["\x00", "\x01", "\x1b[31m", "\x7f", "\u2028", "\u2029", "\r\n", "\t", "\uffff", "\ufffe", "\ue000"]
_MARKUP = ["[INST]", "[/INST]", "[red]", "[/]", "<script>", "{{x}}", "%s", "${jndi:x}", "\\u0000", "'; DROP TABLE x;--"]
_CLINICAL = ["metformin 500mg", "Wegener's", "chest pain...", "bp 150/95", "HbA1c 7.2%", "Achilles tendon"]


def _identifier(rng: random.Random) -> str:
    forms: list[Callable[[], str]] = [
        lambda: f"{MARKER}ina {MARKER}son",
        lambda: f"+44 7911 {rng.randrange(100000, 999999)} {MARKER}",
        lambda: f"{MARKER}{rng.randrange(1000)}@example.org",
        lambda: f"https://{MARKER.lower()}.example.com/p?id={rng.randrange(10**6)}",
        lambda: f"MRN {MARKER}{rng.randrange(10**7)}",
        lambda: f"{MARKER}张伟 13800138000",
    ]
    return rng.choice(forms)()


def _piece(rng: random.Random) -> str:
    pool = rng.choice([_FORMAT, _COMBINING, _EMOJI, _WIDE, _SCRIPTS, _CONTROL, _MARKUP, _CLINICAL])
    if rng.random() < 0.25:
        return _identifier(rng)
    if rng.random() < 0.1:
        # Any code point except surrogates (UTF-8 cannot carry them; `_encode` sends some on purpose).
        points = (rng.randrange(0x110000) for _ in range(rng.randrange(1, 20)))
        return "".join(chr(c) for c in points if not 0xD800 <= c < 0xE000)
    return rng.choice(pool)


def text(rng: random.Random, max_chars: int = 4000) -> str:
    """Hostile free text: mixed pieces, sometimes one character or piece repeated into a long run."""
    if rng.random() < 0.15:
        run = rng.choice(_EMOJI + _FORMAT + _COMBINING + ["a", ".", "1", "é", "胸", "@", "-", "/"])
        return run * rng.randrange(1, max(2, max_chars // len(run))) + " " + _identifier(rng)
    parts: list[str] = []
    while sum(map(len, parts)) < rng.randrange(0, max_chars):
        parts.append(_piece(rng))
        parts.append(rng.choice([" ", "", "...", "\n", ". ", "，"]))
    return "".join(parts)


def _json_value(rng: random.Random, depth: int) -> Any:
    choice = rng.random()
    if depth <= 0 or choice < 0.35:
        return rng.choice(
            [
                None,
                True,
                0,
                -(2**63),
                2**70,
                1e308,
                -0.0,
                text(rng, 200),
                _identifier(rng),
                "",
            ]
        )
    if choice < 0.7:
        return [_json_value(rng, depth - 1) for _ in range(rng.randrange(0, 6))]
    return {text(rng, 40) or "k": _json_value(rng, depth - 1) for _ in range(rng.randrange(0, 6))}


def _nested(rng: random.Random, depth: int) -> Any:
    node: Any = _identifier(rng)
    for _ in range(depth):
        node = {text(rng, 10) or "n": node} if rng.random() < 0.5 else [node]
    return node


def base_event(i: int) -> dict[str, Any]:
    return {
        "event_id": f"prop-{i:06d}",
        "schema_version": 1,
        "kind": "bad_case",
        "occurred_at": "2026-10-01T09:00:00+00:00",
        "conversation_id": f"conv-{i}",
        "language": "en",
        "messages": [{"role": "user", "content": "my chest hurts again"}],
        "model_output": "Please rest.",
        "model_version": "m-1",
        "rating": 1,
    }


def _encode(rng: random.Random, event: Any) -> bytes:
    """UTF-8 JSON mostly; sometimes another encoding, a lone surrogate, a BOM or broken bytes."""
    plain = json.dumps(event, ensure_ascii=rng.random() < 0.2, separators=(",", ":"))
    roll = rng.random()
    if roll < 0.05:
        return plain.encode("utf-16")
    if roll < 0.08:
        return "\ufeff".encode() + plain.encode("utf-8", "surrogatepass")
    if roll < 0.11:
        return plain.replace('"Please', '"\\udc80Please').encode("utf-8", "surrogatepass")
    if roll < 0.14:
        return plain.replace("Please", "\ud800Please").encode("utf-8", "surrogatepass")
    data = bytearray(plain.encode("utf-8", "surrogatepass"))
    if roll < 0.24 and data:
        for _ in range(rng.randrange(1, 8)):  # flip, insert or drop bytes
            at = rng.randrange(len(data))
            op = rng.random()
            if op < 0.4:
                data[at] = rng.randrange(256)
            elif op < 0.7:
                data.insert(at, rng.choice([0x00, 0xC0, 0xAF, 0xFF, 0x80, 0x7B, 0x5B, 0x22]))
            else:
                del data[at]
    elif roll < 0.28:
        del data[rng.randrange(len(data) + 1) :]  # truncated
    return bytes(data)


def record(rng: random.Random, i: int, *, max_chars: int = 4000) -> bytes:
    """One hostile record (bytes as they would arrive on the topic)."""
    event: Any = base_event(i)
    kind = rng.randrange(9)
    if kind == 0:  # hostile text in a text field
        field = rng.choice(["model_output", "feedback", "correction", "message"])
        if field == "message":
            event["messages"] = [
                {"role": rng.choice(["user", "assistant", "tool", "system"]), "content": text(rng, max_chars)}
                for _ in range(rng.randrange(1, 4))
            ]
        else:
            event[field] = text(rng, max_chars)
    elif kind == 1:  # tool arguments of any shape, sometimes past the nesting or element limits
        event.update(kind="tool_error", tool=text(rng, 30) or "ocr", error=text(rng, 200) or "timeout")
        roll = rng.random()
        if roll < 0.3:
            event["arguments"] = _nested(rng, rng.choice([5, 60, 120, 400]))
        elif roll < 0.4:
            event["arguments"] = {"items": [_identifier(rng) for _ in range(rng.choice([10, 12_000]))]}
        else:
            event["arguments"] = {text(rng, 30) or "k": _json_value(rng, 4) for _ in range(rng.randrange(1, 8))}
    elif kind == 2:  # unknown fields, named by anything
        for _ in range(rng.randrange(1, 4)):
            event[text(rng, 60) or "x"] = _json_value(rng, 3)
    elif kind == 3:  # a required field of the wrong type, or missing
        field = rng.choice(list(event))
        if rng.random() < 0.5:
            del event[field]
        else:
            event[field] = _json_value(rng, 2)
    elif kind == 4:  # not an event at all
        event = _json_value(rng, 4)
    elif kind == 5:  # raw bytes
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
    elif kind == 6:  # a patient reference, language and ids of any text
        event.update(patient_ref=text(rng, 80), language=text(rng, 12) or "en", conversation_id=text(rng, 40) or "c")
    elif kind == 7:  # numbers at and past the edges
        event["rating"] = rng.choice([2**64, -(2**64), 1e309, 0.5, "1"])
        event["confidence"] = rng.choice([1e-400, 2.0, -1, None])
    else:  # a text field near or over the text size limit
        event["model_output"] = rng.choice(["x", "胸", "\U0001f600", "a "]) * rng.choice([1000, 70_000, 300_000])
    return _encode(rng, event)
