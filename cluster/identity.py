"""Cluster ids: `<language>-<n>`.

`size_order_ids` numbers clusters by size within one run (a first run, or when nothing came before).
`StableNamer` also sees the previous run's assignments: after a refit, a cluster keeps the id of
the previous cluster it continues, matched by member overlap over the events both runs saw, and
records lineage. With `share[i, j]` the share of old cluster i's members now in new cluster j, and
`back[i, j]` the share of j's previously clustered members that came from i:

- continued: share >= `keep_share` and back >= `keep_share`; the new cluster keeps the old id
  (each old id goes to at most one new cluster);
- split: a new cluster that took >= `link_share` of an old cluster whose members went to two or more
  clusters; merged: an old cluster, not continued, that gave >= `link_share` to one other cluster;
- born: a new cluster with no such parent (a fresh id, never reused: numbering continues after the
  highest id seen before, `retired_ids` included); died: an old cluster with no continuation and no
  heir.

Themes (groups of clusters, `cluster.themes`) are named by `theme_ids`: after a refit each previous
theme id goes to the theme holding most of its clusters; a theme that continues none is named after its
largest cluster (`T-en-004`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from infra.records import LineageRecord

ClusterNamer = Callable[[str, Sequence[Sequence[str]]], list[str]]

_ID = re.compile(r"^(?P<language>.+)-(?P<n>\d+)$")


def size_order_ids(language: str, members: Sequence[Sequence[str]]) -> list[str]:
    return [f"{language}-{n:03d}" for n in range(1, len(members) + 1)]


def _number(cluster_id: str, language: str) -> int | None:
    match = _ID.match(cluster_id)
    return int(match["n"]) if match and match["language"] == language else None


THEME_PREFIX = "T-"


def theme_ids(themes: Sequence[Sequence[str]], previous_theme: Mapping[str, str] | None = None) -> list[str]:
    """One id per theme, given each theme's cluster ids (largest cluster first) and the theme id each
    cluster had before (`previous_theme`, cluster id -> theme id; a new cluster is absent).

    Each previous theme id goes to the theme now holding most of its clusters (ties: the theme given
    first), one id per theme, most-held pairs first. A theme that continues none is named after its
    first cluster whose name no theme took (`T-en-004`); ids are unique within the run.
    """
    previous_theme = previous_theme or {}
    held: Counter[tuple[int, str]] = Counter()
    for t, members in enumerate(themes):
        for cluster_id in members:
            if old := previous_theme.get(cluster_id):
                held[(t, old)] += 1
    ids: list[str | None] = [None] * len(themes)
    taken: set[str] = set()
    for (t, old), _ in sorted(held.items(), key=lambda pair: (-pair[1], pair[0][0])):
        if ids[t] is None and old not in taken:
            ids[t] = old
            taken.add(old)
    for t, members in enumerate(themes):
        if ids[t] is None:
            names = [THEME_PREFIX + c for c in members]
            names += [f"{names[0]}.{n}" for n in range(2, len(themes) + 3)]
            ids[t] = next(name for name in names if name not in taken)
            taken.add(str(ids[t]))
    return [str(i) for i in ids]


class StableNamer:
    """A `ClusterNamer` that keeps ids across refits; `lineage` collects what happened.
    `previous_themes` (cluster id -> theme id of the previous run) lets themes keep their ids too."""

    def __init__(
        self,
        previous: Mapping[str, str | None],
        retired_ids: Iterable[str] = (),
        *,
        previous_themes: Mapping[str, str] | None = None,
        keep_share: float = 0.5,
        link_share: float = 0.2,
    ) -> None:
        self.previous = previous
        self.previous_themes = dict(previous_themes or {})
        self.retired_ids = set(retired_ids)
        self.keep_share = keep_share
        self.link_share = link_share
        self.lineage: list[LineageRecord] = []

    def __call__(self, language: str, members: Sequence[Sequence[str]]) -> list[str]:
        old: dict[str, set[str]] = defaultdict(set)
        for event_id, cluster_id in self.previous.items():
            if cluster_id is not None and _number(cluster_id, language) is not None:
                old[cluster_id].add(event_id)
        old_ids = sorted(old)
        overlap = [[len(old[i].intersection(cluster)) for i in old_ids] for cluster in members]

        ids: list[str | None] = [None] * len(members)
        continued: set[str] = set()
        for j in range(len(members)):
            before = sum(overlap[j])
            for k, old_id in enumerate(old_ids):
                inter = overlap[j][k]
                share = inter / len(old[old_id])
                if inter and old_id not in continued and share >= self.keep_share and inter / before >= self.keep_share:
                    ids[j] = old_id
                    continued.add(old_id)
                    self.lineage.append(LineageRecord("continued", old_id, old_id, round(share, 4)))
                    break

        used = [n for c in (*old_ids, *self.retired_ids) if (n := _number(c, language)) is not None]
        next_number = max(used, default=0) + 1
        for j in range(len(members)):
            if ids[j] is None:
                ids[j] = f"{language}-{next_number:03d}"
                next_number += 1
        links = [
            (k, j, overlap[j][k] / len(old[old_id]))
            for k, old_id in enumerate(old_ids)
            for j in range(len(members))
            if overlap[j][k] / len(old[old_id]) >= self.link_share and ids[j] != old_id
        ]
        heirs: dict[int, int] = defaultdict(int)
        for k, _j, _ in links:
            heirs[k] += 1
        for k, j, share in links:
            # An old cluster spread over several new ones split; one absorbed by another merged.
            event = "split" if heirs[k] + (old_ids[k] in continued) >= 2 else "merged"
            self.lineage.append(LineageRecord(event, str(ids[j]), old_ids[k], round(share, 4)))
        linked_new = {j for _, j, _ in links}
        for j, cluster_id in enumerate(ids):
            if cluster_id not in continued and j not in linked_new:
                self.lineage.append(LineageRecord("born", str(cluster_id), None, 0.0))
        for k, old_id in enumerate(old_ids):
            if old_id not in continued and heirs[k] == 0:
                self.lineage.append(LineageRecord("died", old_id, None, 0.0))
        return [str(i) for i in ids]
