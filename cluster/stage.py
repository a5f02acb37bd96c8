"""The clustering stage: stored events -> clusters with labels and exemplars, one assignment per event.

Events are clustered per language. Chinese ("zh", "zh-CN", ...) is vectorised with
character n-gram LSA unless a multilingual embed function is passed as `zh_embed_fn` (the flow
passes one when `cluster.zh_embedding_model_dir` names a multilingual model directory); every other
language goes through `embed_fn` (the local MiniLM `Embedder` by default; the flow passes the
Ray-backed one), joined with the same character n-gram LSA weighted by `settings.lexical_weight`
(0 = sentence embeddings alone). Plain Python: no Ray, no store access.

A full fit (`cluster_events`) also returns one `LanguageModel` per language; `assign_events` uses
them to attach new events to the existing clusters without refitting.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import numpy as np

from cluster import describe
from cluster.chain import ChainResult, run_chain
from cluster.embed import Embedder
from cluster.identity import ClusterNamer, size_order_ids, theme_ids
from cluster.model import LanguageModel
from cluster.text import cluster_text
from infra.records import Assignment, Cluster, EventRow, LineageRecord
from infra.settings import ClusterSettings

EmbedFn = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class ClusteringResult:
    clusters: list[Cluster]
    assignments: list[Assignment]
    stats: dict[str, Any] = field(default_factory=dict)
    models: dict[str, LanguageModel] = field(default_factory=dict)
    lineage: list[LineageRecord] = field(default_factory=list)


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


def _by_language(rows: Sequence[EventRow]) -> dict[str, list[EventRow]]:
    by_language: dict[str, list[EventRow]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r.event_id):
        by_language[language_group(row.language)].append(row)
    return by_language


def _dense_fn(
    language: str, settings: ClusterSettings, embed_fn: EmbedFn | None, zh_embed_fn: EmbedFn | None
) -> EmbedFn | None:
    """The sentence embedder for a language; None: the lexical LSA alone (Chinese by default)."""
    if language == "zh":
        return zh_embed_fn
    return embed_fn or default_embed_fn(settings)


def _dense(fn: EmbedFn, texts: list[str]) -> np.ndarray:
    dense = np.asarray(fn(texts), dtype=np.float32)
    if dense.shape[0] != len(texts):
        raise ValueError(f"embed function returned {dense.shape[0]} vectors for {len(texts)} texts")
    return dense


def cluster_events(
    rows: Sequence[EventRow],
    settings: ClusterSettings,
    embed_fn: EmbedFn | None = None,
    *,
    zh_embed_fn: EmbedFn | None = None,
    run_id: str = "",
    namer: ClusterNamer = size_order_ids,
) -> ClusteringResult:
    by_language = _by_language(rows)
    as_of = max((r.occurred_at for r in rows), default=datetime.now(UTC))
    clusters: list[Cluster] = []
    assignments: list[Assignment] = []
    models: dict[str, LanguageModel] = {}
    stats: dict[str, Any] = {"events": len(rows), "languages": {}}
    for language in sorted(by_language):
        group = by_language[language]
        texts = [cluster_text(r.payload) for r in group]
        dense_fn = _dense_fn(language, settings, embed_fn, zh_embed_fn)
        dense = None if dense_fn is None else _dense(dense_fn, texts)
        chain = run_chain(texts, dense, language, settings)
        fit = chain.fit
        found, assigned, label_ids = _describe(language, group, chain, run_id, namer, as_of)
        clusters += found
        assignments += assigned
        models[language] = LanguageModel(
            language=language,
            lexical=chain.lexical,
            lexical_weight=settings.lexical_weight,
            uses_dense=dense_fn is not None,
            centroids=fit.centroids,
            cluster_ids=[] if fit.centroids is None else [label_ids[int(k)] for k in fit.centroids.labels],
            n_fitted=len(group),
            fitted_at=max((r.occurred_at for r in group), default=datetime.now(UTC)),
        )
        stats["languages"][language] = {
            "events": len(group),
            "clusters": len(found),
            "themes": len({c.theme_id for c in found}),
            "noise": int((fit.labels < 0).sum()),
            "attached": fit.attached,
            "params": None if fit.params is None else vars(fit.params),
        }
    lineage = list(getattr(namer, "lineage", []))
    return ClusteringResult(clusters, assignments, stats, models, lineage)


def assign_events(
    rows: Sequence[EventRow],
    models: dict[str, LanguageModel],
    settings: ClusterSettings,
    embed_fn: EmbedFn | None = None,
    *,
    zh_embed_fn: EmbedFn | None = None,
) -> list[Assignment]:
    """Attach `rows` to the fitted clusters (no refit); a row that fits nowhere gets cluster None.

    A language without a model (never fitted) leaves its rows unassigned until the next refit.
    """
    assignments: list[Assignment] = []
    for language, group in sorted(_by_language(rows).items()):
        model = models.get(language)
        if model is None:
            assignments += [Assignment(r.event_id, None, 0.0) for r in group]
            continue
        texts = [cluster_text(r.payload) for r in group]
        dense_fn = _dense_fn(language, settings, embed_fn, zh_embed_fn) if model.uses_dense else None
        if model.uses_dense and dense_fn is None:
            raise ValueError(f"the {language} model was fitted with sentence embeddings; pass an embed function")
        vectors = model.vectors(texts, _dense(dense_fn, texts) if dense_fn is not None else None)
        ids, similarity = model.assign(vectors)
        assignments += [
            Assignment(r.event_id, cid, round(float(np.clip(sim, 0.0, 1.0)), 6) if cid else 0.0)
            for r, cid, sim in zip(group, ids, similarity, strict=True)
        ]
    return assignments


def _describe(
    language: str,
    group: list[EventRow],
    chain: ChainResult,
    run_id: str,
    namer: ClusterNamer,
    as_of: datetime,
) -> tuple[list[Cluster], list[Assignment], dict[int, str]]:
    """Clusters, one assignment per row, and the id given to each fitted label."""
    fit = chain.fit
    ids = namer(language, [[group[i].event_id for i in idx] for idx in chain.members])
    theme_of = _themes(language, ids, chain, getattr(namer, "previous_themes", None))

    clusters: list[Cluster] = []
    cluster_of: dict[int, str] = {}
    label_ids: dict[int, str] = {}
    for cluster_id, idx, words in zip(ids, chain.members, chain.keywords, strict=True):
        label_ids[int(fit.labels[idx[0]])] = cluster_id
        span = describe.time_span([group[i].occurred_at for i in idx])
        growth = describe.growth([group[i].occurred_at for i in idx], as_of)
        picks = describe.exemplars(chain.vectors[idx])
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
                growth_7d=growth.per_day_7d,
                growth_28d=growth.per_day_28d,
                theme_id=theme_of[cluster_id][0],
                theme_label=theme_of[cluster_id][1],
            )
        )
        cluster_of.update({i: cluster_id for i in idx})

    assignments = [
        Assignment(row.event_id, cluster_of.get(i), round(float(fit.probabilities[i]), 6))
        for i, row in enumerate(group)
    ]
    return clusters, assignments, label_ids


def _themes(
    language: str, ids: list[str], chain: ChainResult, previous_themes: Mapping[str, str] | None
) -> dict[str, tuple[str, str]]:
    """(theme id, theme label) of each cluster id (`ids` largest first). A cluster alone in its theme
    keeps its own keywords as the theme's label."""
    groups = chain.themes.groups()
    names = theme_ids([[ids[i] for i in group] for group in groups], previous_themes)
    named: dict[str, tuple[str, str]] = {}
    for group, theme_words, name in zip(groups, chain.themes.keywords, names, strict=True):
        words = theme_words if len(group) > 1 and theme_words else chain.keywords[group[0]]
        label = describe.label_from(words, language)
        named.update({ids[i]: (name, label) for i in group})
    return named
