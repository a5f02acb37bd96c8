"""Which analysis a text gets: English NER only on predominantly Latin-script text, in pieces.

The English spaCy model tags Chinese characters as arbitrary entities and misses Chinese names, so
it must never see Chinese text. Pattern recognizers (all languages) run on every text.

A long text goes to NER in pieces of at most `MAX_NER_CHARS`, cut after a line break, else after a
sentence's end, else at a space. spaCy's entity recogniser steps through one document token by token, so a
single long document costs several times more per token than the same tokens as many documents, which it
steps through side by side: 200 KB of one-letter lines took 48 s as one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Han (incl. extension A and compatibility ideographs), kana and Hangul.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CJK_LANGUAGES = frozenset({"zh", "ja", "ko", "yue", "cmn", "wuu"})

MAX_NER_CHARS = 2_000
_SENTENCE_END = re.compile(r"[.!?。！？]\s")

# Largest share of CJK letters at which a text still counts as predominantly Latin.
MAX_CJK_SHARE_FOR_NER = 0.2
MAX_CJK_SHARE_FOR_NER_IF_DECLARED_CJK = 0.05


@dataclass(frozen=True)
class Route:
    ner: bool
    cjk: bool


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def cjk_share(text: str) -> float:
    """Share of CJK characters among letters (CJK + Latin); 0.0 for a text with neither."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def declares_cjk(language: str) -> bool:
    return language.strip().lower().replace("_", "-").split("-")[0] in _CJK_LANGUAGES


def route(text: str, language: str) -> Route:
    if not has_cjk(text):
        return Route(ner=_LATIN.search(text) is not None, cjk=False)
    limit = MAX_CJK_SHARE_FOR_NER_IF_DECLARED_CJK if declares_cjk(language) else MAX_CJK_SHARE_FOR_NER
    return Route(ner=cjk_share(text) <= limit, cjk=True)


def ner_pieces(text: str, limit: int = MAX_NER_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of `text`, each at most `limit` characters."""
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n") + 1
        if cut <= limit // 2:
            ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 2)]
            cut = ends[-1] if ends else window.rfind(" ") + 1
        if cut <= limit // 4:
            cut = limit
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, len(text)))
    return pieces
