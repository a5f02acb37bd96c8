"""The clustering chain, one language at a time: represent -> fit -> describe -> themes.

The stage (`cluster.stage`) and the evaluation (`cluster.evaluate`) both call `run_chain`, so what
is scored is what the pipeline does. Naming (stable ids) and exemplars are the stage's business.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from cluster import describe, themes
from cluster.embed import CharNgramVectorizer, represent
from cluster.fit import FitResult, fit_with_settings
from infra.settings import ClusterSettings


@dataclass(frozen=True)
class ChainResult:
    vectors: np.ndarray
    lexical: CharNgramVectorizer  # fitted: new items are vectorised with it
    fit: FitResult
    members: list[list[int]]  # item indices of each cluster, largest cluster first
    tokens: list[list[list[str]]]  # per cluster, per member, its terms
    keywords: list[list[str]]  # per cluster, its class-based TF-IDF keywords
    themes: themes.Themes  # over `members` (theme of cluster i is themes.labels[i])
    seconds: dict[str, float] = field(default_factory=dict)

    def theme_of_items(self) -> np.ndarray:
        """Each item's theme index; -1 for noise."""
        out = np.full(len(self.fit.labels), -1, dtype=np.int64)
        for cluster, idx in enumerate(self.members):
            out[idx] = self.themes.labels[cluster]
        return out


def ordered_members(labels: np.ndarray) -> list[list[int]]:
    """Item indices per fitted label, largest first; ties by first member (rows come sorted by event id),
    so the order, and the ids named from it, are reproducible."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        if label >= 0:
            members[int(label)].append(i)
    return sorted(members.values(), key=lambda idx: (-len(idx), idx[0]))


def run_chain(texts: Sequence[str], dense: np.ndarray | None, language: str, settings: ClusterSettings) -> ChainResult:
    """Cluster `texts` (`dense`: sentence embeddings, or None for the lexical LSA alone) and describe them."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    lexical = CharNgramVectorizer(seed=settings.seed)
    vectors = represent(texts, dense, lexical, settings.lexical_weight)
    seconds["lexical"] = time.perf_counter() - started
    fit = fit_with_settings(vectors, settings)
    seconds.update(fit.seconds)
    started = time.perf_counter()
    members = ordered_members(fit.labels)
    tokens = [[describe.tokenize(texts[i], language) for i in idx] for idx in members]
    keywords = describe.class_keywords(tokens)
    found = themes.group_themes(tokens, **themes.params_from(settings))
    seconds["themes"] = time.perf_counter() - started
    return ChainResult(vectors, lexical, fit, members, tokens, keywords, found, seconds)
