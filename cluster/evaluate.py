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

from cluster.chain import run_chain
from cluster.metrics import score
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
    chain = run_chain(texts, dense, language, settings)
    seconds.update(chain.seconds)
    fit, found, themes = chain.fit, chain.themes, chain.theme_of_items()
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
