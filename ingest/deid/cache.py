"""Detections of recently analysed texts, so a text repeated across signals is analysed once.

A conversation's earlier turns come again with each later signal of it, and an assistant's canned
answer with each user it failed. Keys are digests, so the cache holds no text; it lives in memory only.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from ingest.deid.model import Entity

CacheKey = tuple[str, str, str]


class DetectionCache:
    """At most `size` entries, least recently used first out; size 0 keeps nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[bytes, tuple[Entity, ...]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def _digest(key: CacheKey) -> bytes:
        digest = hashlib.blake2b(digest_size=16)
        for part in key:
            encoded = part.encode("utf-8", "surrogatepass")
            digest.update(len(encoded).to_bytes(8, "little"))
            digest.update(encoded)
        return digest.digest()

    def get(self, key: CacheKey) -> list[Entity] | None:
        if not self.size:
            return None
        digest = self._digest(key)
        entities = self._entries.get(digest)
        if entities is None:
            self.misses += 1
            return None
        self._entries.move_to_end(digest)
        self.hits += 1
        return list(entities)

    def put(self, key: CacheKey, entities: list[Entity]) -> None:
        if not self.size:
            return
        digest = self._digest(key)
        self._entries[digest] = tuple(entities)
        self._entries.move_to_end(digest)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
