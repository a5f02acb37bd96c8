"""Failure themes: groups of clusters that fail in the same way about different things.

Clusters follow what a conversation is about (a drug pair, a lab report, a symptom), because that is
what dominates both the sentence embedding and the character n-grams. The way it failed ("did not
flag the interaction", "OCR timed out", "cited a paper that does not exist") shows in words that recur
across several clusters. A theme is a group of clusters that share such words:

1. A cluster's *characteristic terms* are those found in at least `min_share` of its members, and in
   at least `MIN_MEMBERS` of them (a word of one event never speaks for a small cluster).
2. Terms characteristic of one cluster only are its topic; terms characteristic of more than
   `max_cluster_share` of all clusters say nothing about a theme. Both are dropped.
3. Each cluster is the set of its remaining terms; clusters are compared by cosine similarity of
   those sets and grouped by average linkage.
4. The cut with the highest silhouette wins, when it reaches `min_silhouette` (0.25: below it,
   Kaufman and Rousseeuw find no substantial structure); otherwise every cluster is its own theme.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from infra.settings import ClusterSettings

MIN_SHARE = 0.1
MIN_MEMBERS = 3
MAX_CLUSTER_SHARE = 0.5
MIN_SILHOUETTE = 0.25
N_THEME_KEYWORDS = 8


@dataclass(frozen=True)
class Themes:
    """`labels[i]` is the theme of cluster i (0..n_themes-1, in order of first appearance)."""

    labels: list[int]
    keywords: list[list[str]]  # per theme, the shared terms found in most of its clusters
    silhouette: float | None  # of the best cut, chosen or not; None with fewer than 3 clusters

    def groups(self) -> list[list[int]]:
        """The clusters of each theme, in theme order."""
        return _groups(self.labels)


def _groups(labels: list[int]) -> list[list[int]]:
    groups: list[list[int]] = [[] for _ in range(max(labels, default=-1) + 1)]
    for i, theme in enumerate(labels):
        groups[theme].append(i)
    return groups


def params_from(settings: ClusterSettings) -> dict[str, float]:
    """`group_themes` keyword arguments from the cluster settings."""
    return {"min_share": settings.theme_min_share, "min_silhouette": settings.theme_min_silhouette}


def characteristic_terms(docs: Sequence[Sequence[str]], min_share: float = MIN_SHARE) -> dict[str, float]:
    """Terms found in at least `min_share` of the tokenized `docs` and in at least `MIN_MEMBERS` of
    them, with the share of docs they are in."""
    if not docs:
        return {}
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(set(doc))
    return {t: k / len(docs) for t, k in counts.items() if k / len(docs) >= min_share and k >= MIN_MEMBERS}


def group_themes(
    docs_per_cluster: Sequence[Sequence[Sequence[str]]],
    *,
    min_share: float = MIN_SHARE,
    max_cluster_share: float = MAX_CLUSTER_SHARE,
    min_silhouette: float = MIN_SILHOUETTE,
) -> Themes:
    """Group clusters (each given as its members' tokenized texts) into themes."""
    terms = [characteristic_terms(docs, min_share) for docs in docs_per_cluster]
    n = len(terms)
    clusters_with: Counter[str] = Counter(t for ts in terms for t in ts)
    shared = sorted(t for t, k in clusters_with.items() if 2 <= k <= max_cluster_share * n)
    column = {t: j for j, t in enumerate(shared)}
    sets = np.zeros((n, len(shared)), dtype=np.float64)
    for i, ts in enumerate(terms):
        sets[i, [column[t] for t in ts if t in column]] = 1.0
    labels, silhouette = _cut(sets, min_silhouette)
    return Themes(labels, _theme_keywords(_groups(labels), terms, column), silhouette)


def _cut(sets: np.ndarray, min_silhouette: float) -> tuple[list[int], float | None]:
    n = sets.shape[0]
    if n < 3:
        return list(range(n)), None
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.metrics import silhouette_score

    norms = np.linalg.norm(sets, axis=1, keepdims=True)
    unit = sets / np.where(norms > 0, norms, 1.0)
    distance = np.clip(1.0 - unit @ unit.T, 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), "average")
    best: tuple[float, np.ndarray] | None = None
    for k in range(2, n):
        cut = fcluster(tree, k, "maxclust")
        if not 2 <= len(set(cut.tolist())) < n:
            continue
        score = float(silhouette_score(distance, cut, metric="precomputed"))
        if best is None or score > best[0]:
            best = (score, cut)
    if best is None or best[0] < min_silhouette:
        return list(range(n)), None if best is None else round(best[0], 4)
    order: dict[int, int] = {}
    return [order.setdefault(int(c), len(order)) for c in best[1]], round(best[0], 4)


def _theme_keywords(groups: list[list[int]], terms: list[dict[str, float]], column: dict[str, int]) -> list[list[str]]:
    """Per theme, the shared terms that characterise most of its clusters and fewest of the others,
    weighted by the share of its members they are found in."""
    keywords: list[list[str]] = []
    n = len(terms)
    for inside in groups:
        members = set(inside)
        outside = n - len(inside)
        score: dict[str, float] = {}
        for t in {t for i in inside for t in terms[i] if t in column}:
            coverage = sum(t in terms[i] for i in inside) / len(inside)
            elsewhere = sum(t in terms[i] for i in range(n) if i not in members) / outside if outside else 0.0
            share = sum(terms[i].get(t, 0.0) for i in inside) / len(inside)
            score[t] = (coverage - elsewhere) * share
        ranked = sorted(score.items(), key=lambda ts: (-ts[1], ts[0]))
        keywords.append([t for t, _ in ranked[:N_THEME_KEYWORDS]])
    return keywords
