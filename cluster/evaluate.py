"""Clustering quality on a labelled text set: the same representation and fit as the stage
(sentence embedding + character n-gram LSA, UMAP, HDBSCAN, noise attachment), scored against the
labels with noise counted as one more cluster, and wall time per phase."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

import numpy as np

from cluster.embed import CharNgramVectorizer, represent
from cluster.fit import fit_with_settings
from cluster.metrics import score
from infra.settings import ClusterSettings


def evaluate_texts(
    texts: Sequence[str],
    labels: Sequence[str],
    settings: ClusterSettings,
    embed: Callable[[list[str]], np.ndarray] | None,
    *,
    dense: np.ndarray | None = None,
) -> dict[str, Any]:
    """Cluster `texts` and score against `labels`. `dense` skips embedding (precomputed vectors);
    `embed` None and no `dense`: the lexical LSA alone (as for Chinese)."""
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
    counted = score(list(labels), fit.labels.tolist(), exclude_noise=False)
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
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
    }
