"""Cluster ids.

Today an id is `<language>-<n>` with clusters numbered by size within one run, so ids are
deterministic and readable but not stable across runs: a theme that grows can change number.
This is the seam for stable identity: a namer that also sees the previous run's clusters (e.g.
matching by member overlap or centroid distance) can replace `size_order_ids` in `cluster_events`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# (language, member event ids of each cluster, largest first) -> one id per cluster
ClusterNamer = Callable[[str, Sequence[Sequence[str]]], list[str]]


def size_order_ids(language: str, members: Sequence[Sequence[str]]) -> list[str]:
    return [f"{language}-{n:03d}" for n in range(1, len(members) + 1)]
