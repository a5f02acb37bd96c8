"""Attach items to fitted clusters by cosine similarity to the cluster centroids.

The threshold is learned from the fit: the `quantile` of the similarities of the clusters' own
members to their centroid (0.05: 95% of fitted members would pass). An item below it fits nowhere
and stays unassigned. The same rule serves two purposes: after HDBSCAN, noise points close enough
to a theme join it; in incremental runs, new items join existing clusters without a refit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.preprocessing import normalize


@dataclass(frozen=True)
class Centroids:
    labels: np.ndarray  # cluster label of each centroid row
    vectors: np.ndarray  # unit-norm rows, one per cluster
    threshold: float  # minimum cosine similarity to join a cluster


@dataclass(frozen=True)
class Attachment:
    labels: np.ndarray  # cluster label per item, -1 = fits nowhere
    similarity: np.ndarray  # cosine similarity to the nearest centroid


def fit_centroids(vectors: np.ndarray, labels: np.ndarray, quantile: float) -> Centroids | None:
    """Centroids of the clusters in `labels` (-1 ignored); None when there is no cluster."""
    found = np.unique(labels[labels >= 0])
    if found.size == 0:
        return None
    centroids = normalize(np.vstack([vectors[labels == k].mean(axis=0) for k in found])).astype(np.float32)
    members = labels >= 0
    own = np.einsum("ij,ij->i", vectors[members], centroids[np.searchsorted(found, labels[members])])
    return Centroids(found, centroids, float(np.quantile(own, quantile)))


def attach(vectors: np.ndarray, centroids: Centroids) -> Attachment:
    """Nearest centroid of each row, or -1 when its similarity is below the learned threshold."""
    if vectors.shape[0] == 0:
        return Attachment(np.zeros(0, dtype=int), np.zeros(0))
    sims = vectors.astype(np.float32) @ centroids.vectors.T
    best = sims.argmax(axis=1)
    similarity = sims[np.arange(len(best)), best].astype(float)
    labels = np.where(similarity >= centroids.threshold, centroids.labels[best], -1)
    return Attachment(labels.astype(int), similarity)
