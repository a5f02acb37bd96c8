from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from cluster.embed import Embedder
from cluster.incremental import refit_reason, refresh_clusters
from cluster.model import load_models, models_dir, save_models
from cluster.stage import assign_events, cluster_events
from infra.records import Assignment, EventRow, LineageRecord
from infra.settings import ClusterSettings
from infra.store import Store

ThemeEvents = Callable[..., tuple[list[EventRow], dict[str, str]]]


def test_new_items_join_their_theme_without_refit(
    embedder: Embedder, theme_events: ThemeEvents, tmp_path: Path
) -> None:
    rows, truth = theme_events(repeats=3)
    settings = ClusterSettings()
    fitted = cluster_events(rows, settings, embedder.embed)
    save_models(models_dir(tmp_path), fitted.models)
    models = load_models(models_dir(tmp_path))
    assert set(models) == {"en", "zh"}

    # Re-sent copies of known events (new ids) must land where their originals are.
    cluster_of = {a.event_id: a.cluster_id for a in fitted.assignments}
    resent = [EventRow(f"new-{r.event_id}", r.kind, r.language, r.occurred_at, r.payload) for r in rows]
    attached = assign_events(resent, models, settings, embedder.embed)
    assert [a.event_id for a in attached] == sorted(r.event_id for r in resent)
    same = [a.cluster_id == cluster_of[a.event_id.removeprefix("new-")] for a in attached]
    assert sum(same) >= 0.9 * len(same), Counter(same)

    off_topic = {
        "messages": [{"role": "user", "content": "zzzz qqqq xxxx 12345 !!!! ####"}],
        "model_output": "%%%% ~~~~",
    }
    stray = [EventRow("stray-en", "bad_case", "en", rows[0].occurred_at, off_topic)]
    stray.append(EventRow("stray-xx", "bad_case", "fr", rows[0].occurred_at, off_topic))  # no French model
    assert [a.cluster_id for a in assign_events(stray, models, settings, embedder.embed)] == [None, None]


def test_refit_reasons() -> None:
    settings = ClusterSettings(refit_unassigned_share=0.25, refit_growth=0.5)
    assert refit_reason({}, {}, 0, settings) == "no fitted model"


def test_refit_reasons_with_a_model(embedder: Embedder, theme_events: ThemeEvents) -> None:
    rows, _ = theme_events(repeats=2)
    settings = ClusterSettings(refit_unassigned_share=0.25, refit_growth=0.5)
    models = cluster_events(rows, settings, embedder.embed).models
    fitted = sum(m.n_fitted for m in models.values())
    assigned = dict.fromkeys((r.event_id for r in rows), "en-001")
    assert refit_reason(models, assigned, fitted // 4, settings) is None
    assert "new items" in str(refit_reason(models, assigned, fitted, settings))
    half_unassigned = {e: (None if i % 2 else c) for i, (e, c) in enumerate(assigned.items())}
    assert "unassigned" in str(refit_reason(models, half_unassigned, 0, settings))


def test_store_keeps_lineage_and_applies_incremental_updates(
    embedder: Embedder, theme_events: ThemeEvents, tmp_path: Path
) -> None:
    rows, _ = theme_events(repeats=2)
    result = cluster_events(rows, ClusterSettings(), embedder.embed, run_id="run-1")
    store = Store(tmp_path / "outerloop.duckdb")
    lineage = [LineageRecord("born", c.cluster_id, None, 0.0) for c in result.clusters]
    store.save_clustering("run-1", result.clusters, result.assignments, lineage)
    assert [r.cluster_id for r in store.cluster_lineage()] == sorted(c.cluster_id for c in result.clusters)
    assert all(r.run_id == "run-1" for r in store.cluster_lineage())
    assert store.cluster_ids_ever() == {c.cluster_id for c in result.clusters}

    target = result.clusters[0]
    extra = EventRow("late-1", "tool_error", target.language, rows[-1].occurred_at, rows[0].payload)
    assignments = {**store.assignments(), "late-1": target.cluster_id}
    changed = refresh_clusters(store.clusters(), assignments, {r.event_id: r for r in [*rows, extra]})
    sizes = {c.cluster_id: c.size for c in changed}
    assert sizes == {c.cluster_id: c.size + (c.cluster_id == target.cluster_id) for c in result.clusters}
    grown = next(c for c in changed if c.cluster_id == target.cluster_id)
    assert "tool_error" in grown.kind_shares and grown.growth_28d > 0
    store.update_clustering("run-2", changed, [Assignment("late-1", target.cluster_id, 0.9)])
    after = store.cluster(target.cluster_id)
    assert after is not None and after.size == target.size + 1 and after.run_id == "run-2"
    assert (after.growth_7d, after.growth_28d) == (grown.growth_7d, grown.growth_28d)
    assert store.assignments()["late-1"] == target.cluster_id
    assert len(store.assignments()) == len(rows) + 1
