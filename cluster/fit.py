"""Density clustering of unit-norm vectors: UMAP to a few dimensions, then HDBSCAN.

Parameters adapt to the number of items: the minimum cluster size grows with sqrt(n)/3 (about 18 at
3,000 items, 29 at 7,500, capped at 50), UMAP keeps 10 dimensions and sqrt(n)/4 neighbours (15..30),
and HDBSCAN's `min_samples` stays small (5) so dense themes are not eroded into noise. These
defaults were chosen on banking77; on the demo generator's failure modes they find the tight
sub-themes (one per scenario) inside each mode rather than the modes (see
benchmarks/bench_cluster.py). Inputs too small for UMAP's neighbour graph skip the
reduction and run HDBSCAN on the vectors themselves (Euclidean distance between unit vectors is a
monotone function of cosine distance); fewer than `MIN_ITEMS` items are all noise.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import HDBSCAN

from cluster.assign import Centroids, attach, fit_centroids
from infra.settings import ClusterSettings

MIN_ITEMS = 3
MIN_ITEMS_FOR_UMAP = 15
UMAP_COMPONENTS = 10
MIN_SAMPLES = 5
MIN_CLUSTER_SIZE = 8


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
    centroids: Centroids | None = None  # for attaching later items; None: no cluster
    attached: int = 0  # HDBSCAN noise points moved into their nearest cluster
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per phase: reduce, hdbscan, attach


def choose_params(n: int, min_cluster_size: int | None = None) -> FitParams:
    """Neighbourhood and cluster sizes for `n` items (`min_cluster_size` overrides the adaptive one)."""
    mcs = min_cluster_size or int(np.clip(round(math.sqrt(n) / 3), MIN_CLUSTER_SIZE, 50))
    mcs = max(2, min(mcs, n))
    min_samples = max(2, min(MIN_SAMPLES, math.ceil(mcs / 2)))
    if n < MIN_ITEMS_FOR_UMAP:
        return FitParams(mcs, min(min_samples, n), None, None)
    n_neighbors = min(n - 1, int(np.clip(round(math.sqrt(n) / 4), 15, 30)))
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


def fit_clusters(
    vectors: np.ndarray,
    *,
    seed: int,
    min_cluster_size: int | None = None,
    attach_quantile: float | None = 0.05,
    max_fit_items: int | None = None,
) -> FitResult:
    """Cluster unit-norm rows; noise within the learned similarity threshold joins its nearest cluster.

    `attach_quantile` None keeps HDBSCAN's noise as it is (see `cluster.assign`). With more than
    `max_fit_items` rows, UMAP and HDBSCAN run on a seeded random sample of that many and the other
    rows are attached to the sample's clusters like noise is (UMAP's cost grows faster than linearly).
    """
    n = vectors.shape[0]
    if n < MIN_ITEMS:
        return FitResult(np.full(n, -1, dtype=int), np.zeros(n), None)
    fit_rows = np.arange(n)
    if max_fit_items is not None and n > max_fit_items:
        fit_rows = np.sort(np.random.default_rng(seed).choice(n, size=max_fit_items, replace=False))
    sample = vectors[fit_rows]
    params = choose_params(len(fit_rows), min_cluster_size)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    points = reduce(sample, params, seed) if params.n_neighbors is not None else sample.astype(np.float64)
    seconds["reduce"] = time.perf_counter() - started
    started = time.perf_counter()
    hdb = HDBSCAN(
        min_cluster_size=params.min_cluster_size,
        min_samples=params.min_samples,
        metric="euclidean",
        cluster_selection_method="eom",
        allow_single_cluster=len(fit_rows) < MIN_ITEMS_FOR_UMAP,
        copy=True,
    )
    fitted = np.asarray(hdb.fit_predict(points), dtype=int)
    labels = np.full(n, -1, dtype=int)
    labels[fit_rows] = fitted
    probabilities = np.zeros(n)
    probabilities[fit_rows] = np.where(fitted >= 0, hdb.probabilities_, 0.0)
    seconds["hdbscan"] = time.perf_counter() - started
    started = time.perf_counter()
    centroids = fit_centroids(vectors, labels, 0.0 if attach_quantile is None else attach_quantile)
    pending = labels < 0
    if attach_quantile is None:
        pending[fit_rows] = False  # HDBSCAN's noise stays noise; unsampled rows are still attached
    if centroids is None or not pending.any():
        seconds["attach"] = time.perf_counter() - started
        return FitResult(labels, probabilities, params, centroids, 0, seconds)
    attached = attach(vectors[pending], centroids)
    labels[pending] = attached.labels
    # An attached item's strength is its cosine similarity to the centroid.
    probabilities[pending] = np.where(attached.labels >= 0, np.clip(attached.similarity, 0.0, 1.0), 0.0)
    seconds["attach"] = time.perf_counter() - started
    return FitResult(labels, probabilities, params, centroids, int((attached.labels >= 0).sum()), seconds)


def fit_with_settings(vectors: np.ndarray, settings: ClusterSettings) -> FitResult:
    return fit_clusters(
        vectors,
        seed=settings.seed,
        min_cluster_size=settings.min_cluster_size,
        attach_quantile=settings.attach_quantile,
        max_fit_items=settings.max_fit_items,
    )
