"""The clustering stage: stored events -> clusters with labels and exemplars, one assignment per event.

Events are clustered per language. Chinese ("zh", "zh-CN", ...) is vectorised with
character n-gram LSA unless a multilingual embed function is passed as `zh_embed_fn`; every other
language goes through `embed_fn` (the local MiniLM `Embedder` by default; the flow passes the
Ray-backed one), joined with the same character n-gram LSA weighted by `settings.lexical_weight`
(0 = sentence embeddings alone). Plain Python: no Ray, no store access.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from cluster import describe
from cluster.embed import CharNgramVectorizer, Embedder, hybrid
from cluster.fit import FitResult, fit_clusters
from cluster.identity import ClusterNamer, size_order_ids
from cluster.text import cluster_text
from infra.settings import ClusterSettings
from infra.store import Assignment, Cluster, EventRow

EmbedFn = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class ClusteringResult:
    clusters: list[Cluster]
    assignments: list[Assignment]
    stats: dict[str, Any] = field(default_factory=dict)


def language_group(language: str) -> str:
    """Primary language subtag: "zh-CN" and "zh_Hans" cluster together with "zh"."""
    return language.replace("_", "-").split("-")[0].lower() or "und"


@lru_cache(maxsize=2)
def _local_embedder(model_dir: str | None, batch_size: int, seed: int) -> Embedder:
    embedder = Embedder(model_dir, batch_size, seed)
    embedder.setup()
    return embedder


def default_embed_fn(settings: ClusterSettings) -> EmbedFn:
    return _local_embedder(settings.embedding_model_dir, settings.embed_batch_size, settings.seed).embed


def cluster_events(
    rows: Sequence[EventRow],
    settings: ClusterSettings,
    embed_fn: EmbedFn | None = None,
    *,
    zh_embed_fn: EmbedFn | None = None,
    run_id: str = "",
    namer: ClusterNamer = size_order_ids,
) -> ClusteringResult:
    by_language: dict[str, list[EventRow]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r.event_id):
        by_language[language_group(row.language)].append(row)

    clusters: list[Cluster] = []
    assignments: list[Assignment] = []
    stats: dict[str, Any] = {"events": len(rows), "languages": {}}
    for language in sorted(by_language):
        group = by_language[language]
        texts = [cluster_text(r.payload) for r in group]
        lexical = CharNgramVectorizer(seed=settings.seed)
        if language == "zh" and zh_embed_fn is None:
            vectors = lexical(texts)
        else:
            vectorize = zh_embed_fn if language == "zh" and zh_embed_fn else embed_fn or default_embed_fn(settings)
            dense = np.asarray(vectorize(texts), dtype=np.float32)
            if dense.shape[0] != len(texts):
                raise ValueError(f"embed function returned {dense.shape[0]} vectors for {len(texts)} texts")
            vectors = hybrid(dense, lexical(texts), settings.lexical_weight) if texts else dense
        fit = fit_clusters(vectors, seed=settings.seed, min_cluster_size=settings.min_cluster_size)
        found, assigned = _describe(language, group, texts, vectors, fit, run_id, namer)
        clusters += found
        assignments += assigned
        stats["languages"][language] = {
            "events": len(group),
            "clusters": len(found),
            "noise": int((fit.labels < 0).sum()),
            "params": None if fit.params is None else vars(fit.params),
        }
    return ClusteringResult(clusters, assignments, stats)


def _describe(
    language: str,
    group: list[EventRow],
    texts: list[str],
    vectors: np.ndarray,
    fit: FitResult,
    run_id: str,
    namer: ClusterNamer,
) -> tuple[list[Cluster], list[Assignment]]:
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(fit.labels):
        if label >= 0:
            members[int(label)].append(i)
    # Largest first; ties by first member's event id (rows are sorted), so ids are reproducible.
    ordered = sorted(members.values(), key=lambda idx: (-len(idx), idx[0]))
    ids = namer(language, [[group[i].event_id for i in idx] for idx in ordered])
    keywords = describe.class_keywords([[describe.tokenize(texts[i], language) for i in idx] for idx in ordered])

    clusters: list[Cluster] = []
    cluster_of: dict[int, str] = {}
    for cluster_id, idx, words in zip(ids, ordered, keywords, strict=True):
        span = describe.time_span([group[i].occurred_at for i in idx])
        picks = describe.exemplars(vectors[idx])
        clusters.append(
            Cluster(
                cluster_id=cluster_id,
                run_id=run_id,
                language=language,
                label=describe.label_from(words, language),
                keywords=words,
                size=len(idx),
                kind_shares=describe.kind_shares([group[i].kind for i in idx]),
                exemplar_ids=[group[idx[p]].event_id for p in picks],
                first_seen=span.first,
                last_seen=span.last,
            )
        )
        cluster_of.update({i: cluster_id for i in idx})

    assignments = [
        Assignment(row.event_id, cluster_of.get(i), round(float(fit.probabilities[i]), 6))
        for i, row in enumerate(group)
    ]
    return clusters, assignments
