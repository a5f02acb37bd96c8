"""Density clustering of unit-norm vectors: UMAP to a few dimensions, then HDBSCAN.

Parameters adapt to the number of items. Inputs too small for UMAP's neighbour graph skip the
reduction and run HDBSCAN on the vectors themselves (Euclidean distance between unit vectors is a
monotone function of cosine distance); fewer than `MIN_ITEMS` items are all noise.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import HDBSCAN

MIN_ITEMS = 3
MIN_ITEMS_FOR_UMAP = 15
UMAP_COMPONENTS = 5


@dataclass(frozen=True)
class FitParams:
    min_cluster_size: int
    min_samples: int
    n_neighbors: int | None  # None: UMAP skipped
    n_components: int | None


@dataclass(frozen=True)
class FitResult:
    labels: np.ndarray  # int, -1 = noise
    probabilities: np.ndarray  # HDBSCAN membership strength in [0, 1]; 0 for noise
    params: FitParams | None  # None: too few items to fit


def choose_params(n: int, min_cluster_size: int | None = None) -> FitParams:
    """Neighbourhood and cluster sizes for `n` items (`min_cluster_size` overrides the adaptive one)."""
    mcs = min_cluster_size or int(np.clip(round(n / 30), 3, 50))
    mcs = max(2, min(mcs, n))
    min_samples = max(2, min(mcs, math.ceil(mcs / 2)))
    if n < MIN_ITEMS_FOR_UMAP:
        return FitParams(mcs, min(min_samples, n), None, None)
    n_neighbors = int(np.clip(round(math.sqrt(n)), 5, 30))
    return FitParams(mcs, min_samples, n_neighbors, min(UMAP_COMPONENTS, n - 2))


def reduce(vectors: np.ndarray, params: FitParams, seed: int) -> np.ndarray:
    import umap

    assert params.n_neighbors is not None and params.n_components is not None
    reducer = umap.UMAP(
        n_neighbors=params.n_neighbors,
        n_components=params.n_components,
        metric="cosine",
        min_dist=0.0,
        random_state=seed,
        n_jobs=1,  # random_state makes UMAP single-threaded anyway; saying so silences its warning
    )
    with warnings.catch_warnings():
        # Disconnected neighbour graphs make spectral init fall back to random init, with a warning.
        warnings.filterwarnings("ignore", message=".*[Ss]pectral initialisation failed.*")
        warnings.filterwarnings("ignore", message=".*disconnected.*")
        return np.asarray(reducer.fit_transform(vectors), dtype=np.float64)


def fit_clusters(vectors: np.ndarray, *, seed: int, min_cluster_size: int | None = None) -> FitResult:
    n = vectors.shape[0]
    if n < MIN_ITEMS:
        return FitResult(np.full(n, -1, dtype=int), np.zeros(n), None)
    params = choose_params(n, min_cluster_size)
    points = reduce(vectors, params, seed) if params.n_neighbors is not None else vectors.astype(np.float64)
    hdb = HDBSCAN(
        min_cluster_size=params.min_cluster_size,
        min_samples=params.min_samples,
        metric="euclidean",
        cluster_selection_method="eom",
        allow_single_cluster=n < MIN_ITEMS_FOR_UMAP,
        copy=True,
    )
    labels = hdb.fit_predict(points)
    probabilities = np.where(labels >= 0, hdb.probabilities_, 0.0)
    return FitResult(np.asarray(labels, dtype=int), np.asarray(probabilities, dtype=float), params)
