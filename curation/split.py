"""Which accepted items are evaluation and which are training: by group, sticky across versions.

Items are grouped transitively by cluster, conversation and patient pseudonym (two items that share any
of them are in one group), so none of these ever straddles the split, in one version or across versions:
a key keeps the side it had in an earlier version, and a new group goes to eval when the hash of its
smallest key falls under `eval_share`. Items that would join an earlier train group to an earlier eval
group are held out of this version. Keys are kept in the manifest only as salted hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from infra.records import ReviewItem

EVAL_SPLIT = "eval"
TRAIN_SPLIT = "train"
HELD_OUT = "held_out"  # would join a train group to an eval group: in neither this version
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
        return {name: values.count(name) for name in (EVAL_SPLIT, TRAIN_SPLIT, HELD_OUT)}


def assign_split(
    items: Sequence[ReviewItem],
    previous: Mapping[str, Iterable[str]] | None = None,
    eval_share: float = DEFAULT_EVAL_SHARE,
) -> Split:
    """`previous`: split -> key hashes of every earlier version (see `Split.keys`).

    A component (items joined by shared keys) takes the split its keys had before, or a new one by hash.
    When it joins keys that were train with keys that were eval (a new signal from a patient seen in both),
    each key keeps its earlier side and the items that would put a key on both sides are held out
    (`HELD_OUT`): neither train nor eval in this version.
    """
    before = {name: set(hashes) for name, hashes in (previous or {}).items()}
    history = {h: EVAL_SPLIT for h in before.get(EVAL_SPLIT, set())}
    history.update({h: TRAIN_SPLIT for h in before.get(TRAIN_SPLIT, set()) if h not in history})
    union = _UnionFind()
    for item in items:
        union.union(group_keys(item))
    components: dict[str, list[ReviewItem]] = {}
    for item in items:
        components.setdefault(union.find(group_keys(item)[0]), []).append(item)
    of_item: dict[str, str] = {}
    for members in components.values():
        keys = sorted({k for item in members for k in group_keys(item)})
        sides = {history[key_hash(k)] for k in keys if key_hash(k) in history}
        if len(sides) == 1:
            side = sides.pop()
            of_item.update({item.item_id: side for item in members})
        elif not sides:
            side = EVAL_SPLIT if _fraction(keys[0]) < eval_share else TRAIN_SPLIT
            of_item.update({item.item_id: side for item in members})
        else:
            of_item.update(_separate(members, history))
    hashed: dict[str, set[str]] = {EVAL_SPLIT: set(before.get(EVAL_SPLIT, set())), TRAIN_SPLIT: set()}
    for item in items:
        side = of_item[item.item_id]
        if side != HELD_OUT:
            hashed[side].update(key_hash(k) for k in group_keys(item))
    hashed[TRAIN_SPLIT] |= before.get(TRAIN_SPLIT, set())
    hashed[TRAIN_SPLIT] -= hashed[EVAL_SPLIT]
    return Split(of_item, {name: sorted(hashes) for name, hashes in hashed.items()})


def _separate(members: Sequence[ReviewItem], history: Mapping[str, str]) -> dict[str, str]:
    """Sides for a component whose keys were on both sides before: an item follows its own keys' history
    when that is one side; then, while a key is used on both sides, the items on the side it did not have
    before (for a new key: the training side) are held out."""
    side: dict[str, str] = {}
    for item in members:
        own = {history[key_hash(k)] for k in group_keys(item) if key_hash(k) in history}
        side[item.item_id] = own.pop() if len(own) == 1 else HELD_OUT
    changed = True
    while changed:
        changed = False
        users: dict[str, set[str]] = {}
        for item in members:
            if side[item.item_id] != HELD_OUT:
                for k in group_keys(item):
                    users.setdefault(k, set()).add(side[item.item_id])
        for k, used in users.items():
            if len(used) < 2:
                continue
            keep = history.get(key_hash(k), EVAL_SPLIT)
            for item in members:
                if k in group_keys(item) and side[item.item_id] not in (keep, HELD_OUT):
                    side[item.item_id] = HELD_OUT
                    changed = True
    return side
