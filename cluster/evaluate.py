"""Clustering quality on a labelled text set: the same representation and fit as the stage
(sentence embedding + character n-gram LSA, UMAP, HDBSCAN, noise attachment, failure themes), scored
against the labels with noise counted as one more cluster, and wall time per phase.

The themes (groups of clusters, `cluster.themes`) are scored too: against `theme_labels` when the set
has a coarser reference level, else against `labels`."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

import numpy as np

from cluster.describe import tokenize
from cluster.embed import CharNgramVectorizer, represent
from cluster.fit import fit_with_settings
from cluster.metrics import score
from cluster.themes import Themes, group_themes, params_from
from infra.settings import ClusterSettings


def evaluate_texts(
    texts: Sequence[str],
    labels: Sequence[str],
    settings: ClusterSettings,
    embed: Callable[[list[str]], np.ndarray] | None,
    *,
    dense: np.ndarray | None = None,
    theme_labels: Sequence[str] | None = None,
    language: str = "en",
) -> dict[str, Any]:
    """Cluster `texts` and score against `labels`. `dense` skips embedding (precomputed vectors);
    `embed` None and no `dense`: the lexical LSA alone (as for Chinese)."""
    if len(labels) != len(texts) or (theme_labels is not None and len(theme_labels) != len(texts)):
        raise ValueError("texts, labels and theme labels must have the same length")
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    if dense is None and embed is not None:
        dense = np.asarray(embed(list(texts)), dtype=np.float32)
    seconds["embed"] = time.perf_counter() - started
    started = time.perf_counter()
    vectors = represent(texts, dense, CharNgramVectorizer(seed=settings.seed), settings.lexical_weight)
    seconds["lexical"] = time.perf_counter() - started
    fit = fit_with_settings(vectors, settings)
    seconds.update(fit.seconds)
    started = time.perf_counter()
    themes, found = theme_of_items(texts, fit.labels, language, settings)
    seconds["themes"] = time.perf_counter() - started
    counted = score(list(labels), fit.labels.tolist(), exclude_noise=False)
    themes_counted = score(list(labels if theme_labels is None else theme_labels), themes.tolist(), exclude_noise=False)
    excluded = score(list(labels), fit.labels.tolist(), exclude_noise=True)
    return {
        "items": len(texts),
        "nmi": round(counted.nmi, 4),
        "ari": round(counted.ari, 4),
        "n_clusters": counted.n_clusters,
        "noise_share": round(counted.noise_share, 4),
        "noise_excluded": {"nmi": round(excluded.nmi, 4), "ari": round(excluded.ari, 4)},
        "attached_from_noise": fit.attached,
        "params": None if fit.params is None else asdict(fit.params),
        "themes": {
            "scored_against": "theme labels" if theme_labels is not None else "labels",
            "nmi": round(themes_counted.nmi, 4),
            "ari": round(themes_counted.ari, 4),
            "n_themes": themes_counted.n_clusters,
            # Below cluster.theme_min_silhouette no grouping is made: each cluster is its own theme.
            "best_cut_silhouette": found.silhouette,
        },
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
    }


def theme_of_items(
    texts: Sequence[str], cluster_labels: np.ndarray, language: str, settings: ClusterSettings
) -> tuple[np.ndarray, Themes]:
    """Each item's theme index (-1 for noise), from its cluster label, and the themes found."""
    members: dict[int, list[int]] = {}
    for i, label in enumerate(cluster_labels.tolist()):
        if label >= 0:
            members.setdefault(int(label), []).append(i)
    ordered = sorted(members)
    found = group_themes([[tokenize(texts[i], language) for i in members[k]] for k in ordered], **params_from(settings))
    theme = dict(zip(ordered, found.labels, strict=True))
    return np.array([theme.get(int(label), -1) for label in cluster_labels.tolist()], dtype=np.int64), found
