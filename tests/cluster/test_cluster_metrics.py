from __future__ import annotations

import pytest

from cluster.metrics import score


def test_perfect_clustering_up_to_renaming() -> None:
    result = score(["a", "a", "b", "b"], ["en-002", "en-002", "en-001", "en-001"], exclude_noise=True)
    assert result.ari == pytest.approx(1.0) and result.nmi == pytest.approx(1.0)
    assert result.n_clusters == 2 and result.noise_share == 0.0


def test_noise_excluded_or_counted() -> None:
    truth = ["a", "a", "a", "b", "b", "b"]
    pred = ["x", "x", None, "y", "y", -1]
    excluded = score(truth, pred, exclude_noise=True)
    assert excluded.ari == pytest.approx(1.0) and excluded.n_scored == 4
    assert excluded.noise_share == pytest.approx(2 / 6)
    counted = score(truth, pred, exclude_noise=False)
    assert counted.ari < 1.0 and counted.n_scored == 6


def test_length_mismatch() -> None:
    with pytest.raises(ValueError, match="2 true labels but 1"):
        score(["a", "b"], ["x"], exclude_noise=True)
