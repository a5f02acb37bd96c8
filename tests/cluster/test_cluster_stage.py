from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable

import numpy as np
import pytest

from cluster.embed import Embedder
from cluster.metrics import score
from cluster.stage import cluster_events, language_group
from infra.records import EventRow
from infra.settings import ClusterSettings

ThemeEvents = Callable[..., tuple[list[EventRow], dict[str, str]]]


def test_fixture_themes_are_recovered_per_language(embedder: Embedder, theme_events: ThemeEvents) -> None:
    rows, truth = theme_events(repeats=3)
    result = cluster_events(rows, ClusterSettings(), embedder.embed, run_id="run-1")

    assert sorted(a.event_id for a in result.assignments) == sorted(r.event_id for r in rows)
    by_id = {c.cluster_id: c for c in result.clusters}
    for cluster in result.clusters:
        assert re.fullmatch(r"(en|zh)-\d{3}", cluster.cluster_id) and cluster.run_id == "run-1"
        assert cluster.cluster_id.startswith(cluster.language + "-")
        assert 1 <= len(cluster.exemplar_ids) <= 5 and len(set(cluster.exemplar_ids)) == len(cluster.exemplar_ids)
        assert sum(cluster.kind_shares.values()) == pytest.approx(1.0, abs=1e-3)
        assert cluster.first_seen is not None and cluster.last_seen is not None
        assert cluster.first_seen <= cluster.last_seen
        assert not [k for k in cluster.keywords if "person" in k or "phone" in k]
    sizes = Counter(a.cluster_id for a in result.assignments if a.cluster_id is not None)
    assert sizes == {cid: c.size for cid, c in by_id.items()}
    # Ids number clusters by size within a language.
    for language in ("en", "zh"):
        ordered = sorted((c for c in result.clusters if c.language == language), key=lambda c: c.cluster_id)
        assert [c.size for c in ordered] == sorted((c.size for c in ordered), reverse=True)
    # No cluster mixes languages, and the themes come out.
    assigned = [a for a in result.assignments if a.cluster_id is not None]
    quality = score([truth[a.event_id] for a in assigned], [a.cluster_id for a in assigned], exclude_noise=True)
    assert quality.ari >= 0.6, quality


def test_rerun_is_identical(embedder: Embedder, theme_events: ThemeEvents) -> None:
    rows, _ = theme_events(repeats=2)
    first = cluster_events(rows, ClusterSettings(seed=5), embedder.embed)
    second = cluster_events(list(reversed(rows)), ClusterSettings(seed=5), embedder.embed)
    assert first.clusters == second.clusters and first.assignments == second.assignments


def test_tiny_and_empty_inputs(embedder: Embedder, theme_events: ThemeEvents) -> None:
    rows, _ = theme_events()
    few = [r for r in rows if r.language == "en"][:2] + [r for r in rows if r.language == "zh"][:5]
    result = cluster_events(few, ClusterSettings(), embedder.embed)
    assert len(result.assignments) == 7
    assert all(c.size >= 2 for c in result.clusters)
    empty = cluster_events([], ClusterSettings(), embedder.embed)
    assert empty.clusters == [] and empty.assignments == []


def test_zh_uses_the_chinese_vectorizer_unless_given_a_multilingual_embedder(theme_events: ThemeEvents) -> None:
    rows, _ = theme_events()
    seen: list[str] = []

    def fake(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return np.tile(np.eye(1, 8, dtype=np.float32), (len(texts), 1))

    cluster_events(rows, ClusterSettings(), fake)
    assert len(seen) == sum(r.language == "en" for r in rows)
    seen.clear()
    cluster_events([r for r in rows if r.language == "zh"], ClusterSettings(), fake, zh_embed_fn=fake)
    assert len(seen) == sum(r.language == "zh" for r in rows)


def test_language_group() -> None:
    assert [language_group(x) for x in ("zh-CN", "zh_Hans", "EN", "en-GB")] == ["zh", "zh", "en", "en"]


def test_generated_failure_modes_are_recovered(embedder: Embedder) -> None:
    synthetic = pytest.importorskip("ingest.synthetic")
    from ingest.event import SignalEvent

    generated = synthetic.generate_events(360, seed=7, zh_share=0.25)
    rows: list[EventRow] = []
    truth: dict[str, str] = {}
    for g in generated:
        event = SignalEvent.model_validate(g.event)
        payload = event.model_dump(mode="json")
        rows.append(EventRow(event.event_id, event.kind.value, event.language, event.occurred_at, payload))
        # Clustering is per language by design (no multilingual model offline), so a mode is one
        # theme per language: the truth is (language, mode).
        truth[event.event_id] = f"{language_group(event.language)}:{g.failure_mode}"

    started = time.perf_counter()
    result = cluster_events(rows, ClusterSettings(), embedder.embed)
    seconds = time.perf_counter() - started
    pred = {a.event_id: a.cluster_id for a in result.assignments}
    ids = sorted(pred)
    quality = score([truth[i] for i in ids], [pred[i] for i in ids], exclude_noise=True)
    zh = sum(r.language.startswith("zh") for r in rows)
    print(
        f"\nsynthetic n={len(rows)} zh={zh}: ARI={quality.ari:.3f} NMI={quality.nmi:.3f} "
        f"clusters={quality.n_clusters} noise={quality.noise_share:.1%} themes={len(set(truth.values()))} "
        f"in {seconds:.1f}s"
    )
    theme_of = {c.cluster_id: c.theme_id for c in result.clusters}
    themes = score([truth[i] for i in ids], [theme_of.get(pred[i] or "") for i in ids], exclude_noise=True)
    print(f"themes: ARI={themes.ari:.3f} NMI={themes.nmi:.3f} themes={themes.n_clusters}")
    for c in sorted(result.clusters, key=lambda c: (c.theme_id, c.cluster_id)):
        modes = Counter(truth[a.event_id] for a in result.assignments if a.cluster_id == c.cluster_id)
        print(f"  {c.theme_id:10} {c.cluster_id} {c.size:4d} {c.label!r:40} {dict(modes.most_common(2))}")
    assert quality.ari >= 0.6
    # A first run names each theme after one of its clusters.
    assert all(theme_of[c.theme_id.removeprefix("T-")] == c.theme_id for c in result.clusters)
    theme_sizes = Counter(theme_of.values())
    alone = [c for c in result.clusters if theme_sizes[c.theme_id] == 1]
    print(f"clusters alone in their theme: {len(alone)}")
    assert all(c.theme_label == c.label for c in alone)
