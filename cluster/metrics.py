"""Agreement between a clustering and reference labels (adjusted Rand index, normalised mutual info)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score


@dataclass(frozen=True)
class Score:
    ari: float
    nmi: float
    n_clusters: int
    noise_share: float
    n_scored: int


def is_noise(label: Hashable) -> bool:
    return label is None or label == -1


def score(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable], *, exclude_noise: bool) -> Score:
    """Score predicted labels (None or -1 = noise) against the truth.

    With `exclude_noise` the metrics cover only the items that were clustered; otherwise noise counts
    as one more predicted cluster, which is what a consumer of all the items would see.
    """
    if len(labels_true) != len(labels_pred):
        raise ValueError(f"{len(labels_true)} true labels but {len(labels_pred)} predicted labels")
    noise = [is_noise(p) for p in labels_pred]
    pairs = [
        (str(t), "<noise>" if flag else str(p))
        for t, p, flag in zip(labels_true, labels_pred, noise, strict=True)
        if not (exclude_noise and flag)
    ]
    n_clusters = len({p for p, flag in zip(labels_pred, noise, strict=True) if not flag})
    noise_share = float(sum(noise) / len(noise)) if noise else 0.0
    if not pairs:
        return Score(0.0, 0.0, n_clusters, noise_share, 0)
    truth, pred = zip(*pairs, strict=True)
    return Score(
        ari=float(adjusted_rand_score(truth, pred)),
        nmi=float(normalized_mutual_info_score(truth, pred)),
        n_clusters=n_clusters,
        noise_share=noise_share,
        n_scored=len(pairs),
    )
