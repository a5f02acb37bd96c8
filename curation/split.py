"""Which accepted items are evaluation and which are training: by group, sticky across versions.

Items are grouped transitively by cluster, conversation and patient pseudonym (two items that share any
of them are in one group), so none of these ever straddles the split. A group is eval when any of its keys
was eval in an earlier version (eval stays eval), else train when any key was train before, else a new
group goes to eval when the hash of its smallest key falls under `eval_share`. Keys are kept in the
manifest only as salted hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from infra.records import ReviewItem

EVAL_SPLIT = "eval"
TRAIN_SPLIT = "train"
DEFAULT_EVAL_SHARE = 0.2
_SALT = b"outerloop.split/v1"


def group_keys(item: ReviewItem) -> list[str]:
    event = item.event
    keys = [f"cluster:{item.cluster_id}"]
    if event.get("conversation_id"):
        keys.append(f"conversation:{event['conversation_id']}")
    if event.get("patient_ref"):
        keys.append(f"patient:{event['patient_ref']}")
    return keys


def key_hash(key: str) -> str:
    return hashlib.sha256(_SALT + key.encode("utf-8")).hexdigest()[:24]


def _fraction(key: str) -> float:
    return int(key_hash(key)[:12], 16) / float(16**12)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, keys: Sequence[str]) -> None:
        roots = sorted({self.find(k) for k in keys})
        for other in roots[1:]:
            self.parent[other] = roots[0]


@dataclass(frozen=True)
class Split:
    of_item: Mapping[str, str]  # item_id -> "eval" | "train"
    keys: Mapping[str, list[str]]  # split -> sorted key hashes, for the manifest

    def counts(self) -> dict[str, int]:
        values = list(self.of_item.values())
        return {EVAL_SPLIT: values.count(EVAL_SPLIT), TRAIN_SPLIT: values.count(TRAIN_SPLIT)}


def assign_split(
    items: Sequence[ReviewItem],
    previous: Mapping[str, Iterable[str]] | None = None,
    eval_share: float = DEFAULT_EVAL_SHARE,
) -> Split:
    """`previous`: split -> key hashes of every earlier version (see `Split.keys`)."""
    before = {name: set(hashes) for name, hashes in (previous or {}).items()}
    union = _UnionFind()
    for item in items:
        union.union(group_keys(item))
    members: dict[str, list[str]] = {}
    for key in list(union.parent):
        members.setdefault(union.find(key), []).append(key)
    split_of_root: dict[str, str] = {}
    for root, keys in members.items():
        hashes = {key_hash(k) for k in keys}
        if hashes & before.get(EVAL_SPLIT, set()):
            split_of_root[root] = EVAL_SPLIT
        elif hashes & before.get(TRAIN_SPLIT, set()):
            split_of_root[root] = TRAIN_SPLIT
        else:
            split_of_root[root] = EVAL_SPLIT if _fraction(min(keys)) < eval_share else TRAIN_SPLIT
    of_item = {item.item_id: split_of_root[union.find(group_keys(item)[0])] for item in items}
    hashed: dict[str, set[str]] = {EVAL_SPLIT: set(before.get(EVAL_SPLIT, set())), TRAIN_SPLIT: set()}
    for root, group in members.items():
        hashed[split_of_root[root]].update(key_hash(k) for k in group)
    hashed[TRAIN_SPLIT] |= before.get(TRAIN_SPLIT, set()) - hashed[EVAL_SPLIT]
    return Split(of_item, {name: sorted(hashes) for name, hashes in hashed.items()})
