"""Failure themes: clusters that share failure words beyond their own topic are grouped."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from cluster.metrics import score
from cluster.stage import cluster_events
from cluster.themes import characteristic_terms, group_themes
from infra.records import Assignment, Cluster, EventRow
from infra.settings import ClusterSettings
from infra.store import Store

# Three ways of failing, each about four different topics. A cluster = one (failure, topic) pair.
FAILURES = {
    "interaction": "interaction missed pharmacist combine warned",
    "timeout": "ocr timeout upload retry extract",
    "citation": "citation reference journal fabricated source",
}
TOPICS = [
    "warfarin ibuprofen bleeding",
    "lithium naproxen tremor",
    "statin clarithromycin muscle",
    "insulin pump glucose",
    "asthma inhaler wheeze",
    "migraine triptan aura",
    "thyroid levothyroxine tsh",
    "gout allopurinol joint",
    "eczema steroid cream",
    "anemia iron ferritin",
    "sepsis lactate fever",
    "pregnancy folate nausea",
]


def _cluster_docs(failure: str, topic: str, rng: random.Random, n: int = 30) -> list[list[str]]:
    """Members mention their topic always and about half of the failure words each."""
    failure_words = FAILURES[failure].split()
    return [topic.split() + rng.sample(failure_words, 3) + [f"noise{rng.randrange(500)}"] for _ in range(n)]


def test_clusters_with_the_same_failure_words_form_one_theme() -> None:
    rng = random.Random(0)
    truth: list[str] = []
    docs: list[list[list[str]]] = []
    for i, topic in enumerate(TOPICS):
        failure = list(FAILURES)[i % 3]
        truth.append(failure)
        docs.append(_cluster_docs(failure, topic, rng))

    themes = group_themes(docs)

    assert score(truth, themes.labels, exclude_noise=False).ari == 1.0
    assert themes.silhouette is not None and themes.silhouette >= 0.25
    # Labels are numbered in order of first appearance; keywords name the failure, not a topic.
    assert themes.labels[:3] == [0, 1, 2]
    for theme, failure in enumerate(list(FAILURES)[:3]):
        assert set(themes.keywords[theme][:5]) == set(FAILURES[failure].split())


def test_clusters_that_share_nothing_stay_their_own_themes() -> None:
    rng = random.Random(1)
    docs = [[topic.split() + [f"noise{rng.randrange(500)}"] for _ in range(20)] for topic in TOPICS]
    themes = group_themes(docs)
    assert themes.labels == list(range(len(TOPICS)))


def test_few_clusters_are_their_own_themes() -> None:
    assert group_themes([]).labels == []
    two = group_themes([[["a", "b"]], [["a", "b"]]])
    assert two.labels == [0, 1]
    assert two.silhouette is None


def test_characteristic_terms_need_the_minimum_share_and_three_members() -> None:
    docs = [["dose", "unit"], ["dose"], ["dose", "unit", "unit"], ["other"]] + [["filler"]] * 16
    # "unit" is in 10 % of the docs but only in two of them; "other" in one.
    assert characteristic_terms(docs, min_share=0.1) == {"dose": 0.15, "filler": 0.8}
    assert characteristic_terms(docs, min_share=0.5) == {"filler": 0.8}
    assert characteristic_terms([], min_share=0.1) == {}


def test_generated_failure_modes_are_the_themes_of_a_run() -> None:
    """1,000 Chinese events of the demo generator (lexical vectors, as Chinese is clustered by default):
    the clusters follow the scenarios within each failure mode, the themes follow the modes."""
    synthetic = pytest.importorskip("ingest.synthetic")
    from ingest.event import SignalEvent

    rows: list[EventRow] = []
    truth: dict[str, str] = {}
    for g in synthetic.generate_events(1000, seed=3, zh_share=1.0):
        event = SignalEvent.model_validate(g.event)
        rows.append(EventRow(event.event_id, event.kind.value, event.language, event.occurred_at, event.model_dump()))
        truth[event.event_id] = g.failure_mode

    result = cluster_events(rows, ClusterSettings())

    theme_of = {c.cluster_id: c.theme_id for c in result.clusters}
    ids = sorted(truth)
    pred = {a.event_id: a.cluster_id for a in result.assignments}
    clusters = score([truth[i] for i in ids], [pred[i] for i in ids], exclude_noise=False)
    themes = score([truth[i] for i in ids], [theme_of.get(pred[i] or "") for i in ids], exclude_noise=False)
    print(
        f"\nzh n=1000: clusters {clusters.n_clusters} ARI {clusters.ari:.3f}; "
        f"themes {themes.n_clusters} ARI {themes.ari:.3f}"
    )
    assert themes.ari >= 0.8
    assert themes.n_clusters < clusters.n_clusters
    assert result.stats["languages"]["zh"]["themes"] == themes.n_clusters
    for c in result.clusters:
        assert theme_of[c.theme_id.removeprefix("T-")] == c.theme_id  # named after one of its clusters
        assert c.theme_label
    assert len({c.theme_label for c in result.clusters}) == themes.n_clusters


def test_themes_are_stored_and_old_databases_gain_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        # The clusters table as it was before themes.
        con.execute(
            "CREATE TABLE clusters (cluster_id VARCHAR PRIMARY KEY, run_id VARCHAR NOT NULL, "
            "language VARCHAR NOT NULL, label VARCHAR NOT NULL, keywords JSON NOT NULL, size INTEGER NOT NULL, "
            "kind_shares JSON NOT NULL, exemplar_ids JSON NOT NULL, first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ, "
            "created_at TIMESTAMPTZ NOT NULL, growth_7d DOUBLE DEFAULT 0, growth_28d DOUBLE DEFAULT 0)"
        )
        con.execute("INSERT INTO clusters VALUES ('en-001','r0','en','old','[]',3,'{}','[]',NULL,NULL,now(),0,0)")
    store = Store(path)
    old = store.cluster("en-001")
    assert old is not None and (old.theme_id, old.theme_label) == ("", "")

    at = datetime(2026, 10, 1, tzinfo=UTC)
    cluster = Cluster(
        "en-002",
        "r1",
        "en",
        "dose, unit",
        ["dose"],
        2,
        {"correction": 1.0},
        ["e1"],
        at,
        at,
        0.1,
        0.1,
        theme_id="en-002",
        theme_label="dose, unit, mg",
    )
    store.save_clustering("r1", [cluster], [Assignment("e1", "en-002", 1.0)])
    assert store.cluster("en-002") == cluster


def test_the_silhouette_floor_is_a_setting() -> None:
    """The same events grouped by default and left ungrouped with a floor no cut can reach."""
    synthetic = pytest.importorskip("ingest.synthetic")
    from ingest.event import SignalEvent

    rows = []
    for g in synthetic.generate_events(500, seed=4, zh_share=1.0):
        event = SignalEvent.model_validate(g.event)
        rows.append(EventRow(event.event_id, event.kind.value, event.language, event.occurred_at, event.model_dump()))
    grouped = cluster_events(rows, ClusterSettings())
    apart = cluster_events(rows, ClusterSettings(theme_min_silhouette=1.01))
    assert [c.cluster_id for c in grouped.clusters] == [c.cluster_id for c in apart.clusters]
    assert len({c.theme_id for c in grouped.clusters}) < len(grouped.clusters)
    assert len({c.theme_id for c in apart.clusters}) == len(apart.clusters)
