"""What a cluster is about: class-based TF-IDF keywords, a short label, exemplars, kind mix, time span.

Keywords follow c-TF-IDF (as in BERTopic): every cluster is one document, a term's weight is its
frequency in the cluster (L1-normalised) times log(1 + A / f), where A is the average number of
terms per cluster and f the term's frequency over all clusters. Chinese is segmented with jieba,
other languages use a simple Latin tokenizer with English stop words; pseudonym tags are dropped.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from cluster.text import strip_pseudonyms

N_KEYWORDS = 8
N_LABEL_KEYWORDS = 3
N_EXEMPLARS = 5

_LATIN_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Function words that survive the length filter; single characters are dropped anyway.
_ZH_STOP_TEXT = (
    "我们 你们 他们 什么 怎么 怎么办 这个 那个 一个 一下 可以 没有 就是 还是 如果 因为 所以 但是 "
    "现在 已经 请问 您好 你好 谢谢 需要 应该 是否 或者 以及 这样 那样 时候 自己 比较 非常 可能 一些"
)
_ZH_STOP_WORDS = frozenset(_ZH_STOP_TEXT.split())
_EXTRA_STOP_WORDS = frozenset({"ll", "ve", "don", "doesn", "didn", "isn", "wasn", "can't", "i'm", "it's"})


def tokenize(text: str, language: str) -> list[str]:
    text = strip_pseudonyms(text).lower()
    if language.startswith("zh"):
        return _zh_tokens(text)
    return _latin_tokens(text)


def _latin_tokens(text: str) -> list[str]:
    return [
        t
        for t in _LATIN_TOKEN.findall(text)
        if len(t) > 2 and t not in ENGLISH_STOP_WORDS and t not in _EXTRA_STOP_WORDS
    ]


def _zh_tokens(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokens: list[str] = []
    for word in jieba.lcut(text):
        word = word.strip()
        if _CJK.search(word):
            if len(word) > 1 and word not in _ZH_STOP_WORDS:
                tokens.append(word)
        else:
            tokens.extend(_latin_tokens(word))
    return tokens


def class_keywords(docs_per_class: Sequence[Sequence[list[str]]], top_n: int = N_KEYWORDS) -> list[list[str]]:
    """Top c-TF-IDF terms for each class, given each class's tokenized documents."""
    counts = [Counter(t for doc in docs for t in doc) for docs in docs_per_class]
    totals: Counter[str] = Counter()
    for c in counts:
        totals.update(c)
    if not totals:
        return [[] for _ in counts]
    avg_terms = sum(totals.values()) / len(counts)
    keywords: list[list[str]] = []
    for c in counts:
        size = sum(c.values()) or 1
        # Ties broken by the term itself, so the output is deterministic.
        scored = sorted(
            (((c[t] / size) * float(np.log(1.0 + avg_terms / totals[t])), t) for t in c),
            key=lambda st: (-st[0], st[1]),
        )
        keywords.append([t for _, t in scored[:top_n]])
    return keywords


def label_from(keywords: Sequence[str], language: str) -> str:
    top = list(keywords[:N_LABEL_KEYWORDS])
    if not top:
        return "(no keywords)"
    return ("、" if language.startswith("zh") else ", ").join(top)


def exemplars(vectors: np.ndarray, k: int = N_EXEMPLARS, iterations: int = 10, build_rows: int = 1000) -> list[int]:
    """Indices of `k` representative rows: the medoids of `k` parts of the cluster, largest part first.

    Cosine k-medoids: PAM's greedy BUILD picks the first medoid (the row most similar to all the others)
    and then, one at a time, the row that most raises every row's similarity to its nearest medoid, on a
    seeded sample of at most `build_rows` rows; near-copies of a medoid add nothing, so they come only
    when nothing else is left. Voronoi iterations over all rows then let each part take its own medoid.
    """
    n = vectors.shape[0]
    if n == 0:
        return []
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms > 0, norms, 1.0)
    sample = np.arange(n)
    if n > build_rows:
        sample = np.sort(np.random.default_rng(0).choice(n, size=build_rows, replace=False))
    similarity = unit[sample] @ unit[sample].T
    chosen = [int(np.argmax(similarity.sum(axis=0)))]
    best = similarity[:, chosen[0]].copy()
    while len(chosen) < min(k, len(sample)):
        gain = np.maximum(similarity - best[:, None], 0.0).sum(axis=0)
        gain[chosen] = -np.inf
        pick = int(np.argmax(gain))
        chosen.append(pick)
        best = np.maximum(best, similarity[:, pick])
    medoids = sample[chosen]
    part = _parts(unit, medoids)
    for _ in range(iterations):
        moved = medoids.copy()
        for j in range(len(medoids)):
            members = np.flatnonzero(part == j)
            moved[j] = members[int(np.argmax(unit[members] @ unit[members].sum(axis=0)))]
        if np.array_equal(moved, medoids):
            break
        medoids = moved
        part = _parts(unit, medoids)
    sizes = np.bincount(part, minlength=len(medoids))
    order = sorted(range(len(medoids)), key=lambda j: (-sizes[j], int(medoids[j])))
    return [int(medoids[j]) for j in order]


def _parts(unit: np.ndarray, medoids: np.ndarray) -> np.ndarray:
    """Each row's most similar medoid; a medoid stays in its own part, even beside a copy of it."""
    part = np.argmax(unit @ unit[medoids].T, axis=1)
    part[medoids] = np.arange(len(medoids))
    return part


def kind_shares(kinds: Sequence[str]) -> dict[str, float]:
    counts = Counter(kinds)
    return {k: round(v / len(kinds), 4) for k, v in sorted(counts.items())} if kinds else {}


@dataclass(frozen=True)
class TimeSpan:
    first: datetime | None
    last: datetime | None


def time_span(times: Sequence[datetime]) -> TimeSpan:
    return TimeSpan(min(times), max(times)) if times else TimeSpan(None, None)


@dataclass(frozen=True)
class Growth:
    per_day_7d: float
    per_day_28d: float


def growth(times: Sequence[datetime], as_of: datetime) -> Growth:
    """New items per day over the 7 and 28 days up to `as_of` (the newest event of the run, so that
    a re-run over the same events gives the same numbers)."""

    def per_day(days: int) -> float:
        start = as_of - timedelta(days=days)
        return round(sum(start < t <= as_of for t in times) / days, 4)

    return Growth(per_day(7), per_day(28))
