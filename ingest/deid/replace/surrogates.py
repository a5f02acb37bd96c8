"""What replaces a detected identifier: a typed tag, or a realistic fake value of the same shape.

Both styles are keyed: the same identifier gets the same surrogate in every event of a deployment,
and a different key gives unrelated surrogates. Dates and ages are handled by the de-identifier
(date shifting, "90+") before a surrogate is asked for.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Literal, Protocol

from ingest.deid.analyze.routing import has_cjk
from ingest.deid.replace.pseudonym import Pseudonymizer, normalise, tag_type

SurrogateStyle = Literal["tag", "fake"]


class Surrogates(Protocol):
    def __call__(self, entity_type: str, value: str) -> str: ...


class TagSurrogates:
    """A typed tag with a keyed pseudonym for every entity, e.g. <PERSON_3f2a91>."""

    def __init__(self, pseudonymizer: Pseudonymizer) -> None:
        self.pseudonymizer = pseudonymizer

    def __call__(self, entity_type: str, value: str) -> str:
        return self.pseudonymizer.tag(entity_type, value)


_EN_FIRST = [
    "Avery",
    "Jordan",
    "Riley",
    "Morgan",
    "Casey",
    "Quinn",
    "Rowan",
    "Emery",
    "Harper",
    "Logan",
    "Parker",
    "Reese",
    "Sawyer",
    "Skyler",
    "Dakota",
]
_EN_LAST = [
    "Holloway",
    "Pemberton",
    "Ashdown",
    "Whitlock",
    "Farrow",
    "Kingsley",
    "Marlowe",
    "Thorne",
    "Radley",
    "Winslow",
    "Calloway",
    "Ellery",
]
_ZH_SURNAME = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
_ZH_GIVEN = ["子涵", "雨桐", "浩宇", "欣怡", "梓萱", "俊熙", "思远", "若曦", "一诺", "嘉怡", "明轩", "晨阳"]
_EN_STREETS = [
    "Alder",
    "Birch",
    "Cobalt",
    "Dunmore",
    "Elmstead",
    "Fernhill",
    "Glenrose",
    "Harlow",
    "Ivybridge",
    "Juniper",
]
_EN_STREET_TYPES = ["Street", "Avenue", "Road", "Lane", "Drive", "Court"]
_EN_CITIES = ["Fairview", "Riverton", "Lakeside", "Brookfield", "Millbrook", "Oakdale", "Pinecrest", "Westbury"]
_ZH_PLACES = ["和平", "建设", "解放", "人民", "新华", "长江", "光明", "友谊", "中山", "文化"]


class FakeSurrogates:
    """Realistic fake values: names from neutral lists (Chinese for Chinese names), digits and
    letters redrawn in place for numbers and codes (separators and length kept), placeholder domains
    for e-mail addresses and URLs."""

    def __init__(self, pseudonymizer: Pseudonymizer, key: str) -> None:
        self.pseudonymizer = pseudonymizer
        self._key = key.encode("utf-8")

    def __repr__(self) -> str:
        return "FakeSurrogates(key=<hidden>)"

    def _stream(self, tag: str, value: str) -> bytes:
        message = f"FAKE\x1f{tag}\x1f{normalise(tag, value)}".encode()
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        return digest + hashlib.sha256(digest).digest()

    def __call__(self, entity_type: str, value: str) -> str:
        tag = tag_type(entity_type)
        rnd = self._stream(tag, value)
        cjk = has_cjk(value)
        if tag == "PERSON":
            if cjk:
                return _ZH_SURNAME[rnd[0] % len(_ZH_SURNAME)] + (
                    _ZH_GIVEN[rnd[1] % len(_ZH_GIVEN)] if len(value) > 2 else _ZH_GIVEN[rnd[1] % len(_ZH_GIVEN)][0]
                )
            words = value.split()
            first = _EN_FIRST[rnd[0] % len(_EN_FIRST)]
            return first if len(words) < 2 else f"{first} {_EN_LAST[rnd[1] % len(_EN_LAST)]}"
        if tag == "EMAIL":
            return f"user{int.from_bytes(rnd[:3], 'big') % 100000:05d}@example.org"
        if tag == "URL":
            return f"https://example.org/r/{rnd[:4].hex()}"
        if tag == "IP":
            return f"10.{rnd[0]}.{rnd[1]}.{rnd[2] or 1}"
        if tag in ("ADDRESS", "LOCATION"):
            return self._place(tag, value, rnd, cjk)
        if tag == "FILE":
            return f"file_{rnd[:3].hex()}"
        if any(ch.isdigit() for ch in value):
            return _redraw(value, rnd)
        return self.pseudonymizer.tag(entity_type, value)

    @staticmethod
    def _place(tag: str, value: str, rnd: bytes, cjk: bool) -> str:
        if cjk:
            place = _ZH_PLACES[rnd[0] % len(_ZH_PLACES)]
            if tag == "LOCATION":
                return f"{place}市"
            return f"{place}路{1 + rnd[1] % 200}号{1 + rnd[2] % 30}栋{101 + rnd[3] % 1200}室"
        city = _EN_CITIES[rnd[0] % len(_EN_CITIES)]
        if tag == "LOCATION":
            return city
        street = f"{1 + int.from_bytes(rnd[1:3], 'big') % 9800} {_EN_STREETS[rnd[3] % len(_EN_STREETS)]} "
        return street + _EN_STREET_TYPES[rnd[4] % len(_EN_STREET_TYPES)] + (f", {city}" if "," in value else "")


def _redraw(value: str, rnd: bytes) -> str:
    """Each digit and ASCII letter redrawn from the keyed stream; everything else kept."""
    out = []
    for n, ch in enumerate(value):
        b = rnd[n % len(rnd)] ^ (n * 31 & 0xFF)
        if ch.isdigit():
            out.append(str(b % 10))
        elif "A" <= ch <= "Z":
            out.append(chr(ord("A") + b % 26))
        elif "a" <= ch <= "z":
            out.append(chr(ord("a") + b % 26))
        else:
            out.append(ch)
    return "".join(out)


def make_surrogates(style: SurrogateStyle, pseudonymizer: Pseudonymizer, key: str = "") -> Surrogates:
    if style == "tag":
        return TagSurrogates(pseudonymizer)
    if style == "fake":
        if not key:
            raise ValueError("surrogate_style='fake' needs the de-identification key")
        return FakeSurrogates(pseudonymizer, key)
    raise ValueError(f"unknown surrogate_style {style!r}; expected 'tag' or 'fake'")


_FAKE_EMAIL = re.compile(r"user\d{5}@example\.org")
_FAKE_URL = re.compile(r"https://example\.org/r/[0-9a-f]{8}")


def is_fake_surrogate(entity_type: str, value: str) -> bool:
    """True when `value` can only be a `FakeSurrogates` output of its type (a second pass keeps it).

    Only values no real person or place can have are recognised: e-mails and URLs at the reserved
    example.org domain and generated file names. Fake names, streets and cities are drawn from common real
    ones ("孙欣怡", "Springfield"), so a real identifier can look exactly like one: they are replaced again
    on a second pass rather than risk keeping a real one. Redrawn digits cannot be told from real ones.
    """
    tag = tag_type(entity_type)
    v = value.strip()
    if tag == "EMAIL":
        return _FAKE_EMAIL.fullmatch(v) is not None
    if tag == "URL":
        return _FAKE_URL.fullmatch(v) is not None or v.startswith(("example.org", "https://example.org"))
    if tag == "FILE":
        return re.fullmatch(r"file_[0-9a-f]{6}", v) is not None
    return False
