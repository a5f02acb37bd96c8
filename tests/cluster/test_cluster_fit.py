from __future__ import annotations

import numpy as np
import pytest

from cluster.fit import choose_params, fit_clusters


def _blobs(n_per: int, centers: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    means = rng.normal(size=(centers, dim)) * 5
    points = np.vstack([m + rng.normal(scale=0.3, size=(n_per, dim)) for m in means])
    return points / np.linalg.norm(points, axis=1, keepdims=True)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 9, 14])
def test_tiny_inputs_do_not_crash(n: int) -> None:
    vectors = _blobs(14, 1)[:n]
    result = fit_clusters(vectors, seed=1)
    assert result.labels.shape == (n,) and result.probabilities.shape == (n,)
    assert set(result.labels.tolist()) <= {-1, 0}


def test_separated_blobs_are_found() -> None:
    result = fit_clusters(_blobs(20, 4), seed=1)
    assert len(set(result.labels.tolist()) - {-1}) == 4
    # Each blob maps to one cluster.
    for blob in range(4):
        found = set(result.labels[blob * 20 : (blob + 1) * 20].tolist()) - {-1}
        assert len(found) == 1


def test_params_adapt_to_size_and_honour_override() -> None:
    small, large = choose_params(40), choose_params(4000)
    assert small.n_neighbors is not None and large.n_neighbors is not None
    assert small.n_neighbors < large.n_neighbors and small.min_cluster_size < large.min_cluster_size
    assert choose_params(400, min_cluster_size=11).min_cluster_size == 11
    assert choose_params(8).n_neighbors is None
