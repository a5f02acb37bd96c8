"""The cluster stage over a real store and a local Ray: first fit, incremental run, refit on demand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cluster import run as cluster_stage
from infra.records import EventRow, StoredEvent
from infra.settings import Settings
from infra.store import Store

ThemeEvents = Callable[..., tuple[list[EventRow], dict[str, str]]]


def _stored(row: EventRow) -> StoredEvent:
    return StoredEvent(
        event_id=row.event_id,
        content_hash=f"h-{row.event_id}",
        kind=row.kind,
        language=row.language,
        occurred_at=row.occurred_at,
        conversation_id=f"c-{row.event_id}",
        patient_ref=None,
        model_version="m1",
        payload={**row.payload, "event_id": row.event_id},
    )


@pytest.mark.slow
def test_fit_then_incremental_then_refit(
    theme_events: ThemeEvents, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ray

    if ray.is_initialized():
        pytest.skip("Ray is already initialised in this process by someone else")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    settings = Settings(data_dir=tmp_path, cluster={"embed_batch_size": 32})
    rows, _ = theme_events(repeats=3)
    store = Store(settings.db_path)
    store.write_batch([_stored(r) for r in rows], [])

    first = cluster_stage.run(settings)
    assert first.mode == "refit: no fitted model" and first.items == len(rows)
    before = store.assignments()
    ids = {c.cluster_id for c in store.clusters()}
    themes = {c.cluster_id: c.theme_id for c in store.clusters()}
    assert all(themes.values())
    assert (tmp_path / "models" / "cluster" / "en.pkl").exists()

    # Copies of known events under new ids: attached where their originals are, without a refit.
    late = [EventRow(f"late-{r.event_id}", r.kind, r.language, r.occurred_at, r.payload) for r in rows[:6]]
    store.write_batch([_stored(r) for r in late], [])
    second = cluster_stage.run(settings)
    assert second.mode == "incremental"
    after = store.assignments()
    assert {c.cluster_id for c in store.clusters()} == ids
    assert {c.cluster_id: c.theme_id for c in store.clusters()} == themes
    attached = [after[r.event_id] == before[r.event_id.removeprefix("late-")] for r in late]
    assert sum(attached) >= 5
    assert {k: v for k, v in after.items() if k in before} == before

    third = cluster_stage.run(settings, refit=True)
    assert third.mode == "refit: on demand"
    lineage = store.cluster_lineage()
    continued = {r.cluster_id for r in lineage if r.event == "continued"}
    assert continued and continued <= ids  # refit kept the ids of the themes it found again
    assert {c.cluster_id for c in store.clusters()} & ids == continued

    # A theme found again with the same clusters keeps its id, whichever of them is now the largest.
    old_themes = _groups(themes)
    new_themes = _groups({c.cluster_id: c.theme_id for c in store.clusters()})
    same = [(old, new) for old, members in old_themes.items() for new, again in new_themes.items() if members == again]
    assert same and all(old == new for old, new in same)


def _groups(theme_of: dict[str, str]) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for cluster_id, theme_id in theme_of.items():
        groups.setdefault(theme_id, set()).add(cluster_id)
    return {theme_id: frozenset(members) for theme_id, members in groups.items()}
