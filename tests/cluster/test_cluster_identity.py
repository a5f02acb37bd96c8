from __future__ import annotations

from collections import Counter

import pytest

from cluster.embed import Embedder
from cluster.identity import StableNamer, size_order_ids, theme_ids
from cluster.stage import cluster_events
from infra.records import EventRow, LineageRecord
from infra.settings import ClusterSettings


def _ids(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


def test_first_run_numbers_by_size() -> None:
    assert size_order_ids("en", [["a", "b"], ["c"]]) == ["en-001", "en-002"]


def test_continued_split_merged_born_died() -> None:
    a, b, c, d = _ids("a", 10), _ids("b", 10), _ids("c", 10), _ids("d", 10)
    previous: dict[str, str | None] = {
        **dict.fromkeys(a, "en-001"),
        **dict.fromkeys(b, "en-002"),
        **dict.fromkeys(c, "en-003"),
        **dict.fromkeys(d, "en-004"),
        "x": None,
        "zh1": "zh-001",
    }
    namer = StableNamer(previous, retired_ids={"en-007"})
    new_members = [
        a + _ids("new-a", 5),  # en-001 grows: continued
        b[:6],  # en-002 splits: the larger part keeps the id ...
        b[6:],  # ... the rest is a new cluster split from it
        c + d[:1],  # en-003 continues and absorbs one member of en-004
        _ids("fresh", 4),  # a new theme
    ]
    ids = namer("en", new_members)
    assert ids[0] == "en-001" and ids[1] == "en-002" and ids[3] == "en-003"
    # New ids continue after the highest id ever used, the retired en-007 included.
    assert ids[2] == "en-008" and ids[4] == "en-009"
    events = {(r.event, r.cluster_id, r.parent_id) for r in namer.lineage}
    assert ("continued", "en-001", "en-001") in events
    assert ("split", "en-008", "en-002") in events
    assert ("born", "en-009", None) in events
    assert ("died", "en-004", None) in events  # only 1 of its 10 members went anywhere
    assert not [r for r in namer.lineage if "zh" in r.cluster_id]  # other languages untouched


def test_merge_is_recorded() -> None:
    a, b = _ids("a", 10), _ids("b", 6)
    namer = StableNamer({**dict.fromkeys(a, "en-001"), **dict.fromkeys(b, "en-002")})
    assert namer("en", [a + b]) == ["en-001"]
    assert LineageRecord("merged", "en-001", "en-002", 1.0) in namer.lineage


def test_each_old_id_goes_to_one_cluster_only() -> None:
    a = _ids("a", 10)
    namer = StableNamer(dict.fromkeys(a, "en-001"))
    ids = namer("en", [a[:5], a[5:]])
    assert len(set(ids)) == 2 and "en-001" in ids
    assert sorted(r.event for r in namer.lineage) == ["continued", "split"]


def test_refit_on_a_superset_keeps_the_ids_of_unchanged_themes(embedder: Embedder) -> None:
    synthetic = pytest.importorskip("ingest.synthetic")
    from ingest.event import SignalEvent

    rows: list[EventRow] = []
    for g in synthetic.generate_events(480, seed=11, zh_share=0.25):
        event = SignalEvent.model_validate(g.event)
        payload = event.model_dump(mode="json")
        rows.append(EventRow(event.event_id, event.kind.value, event.language, event.occurred_at, payload))
    settings = ClusterSettings()
    first = cluster_events(rows[:360], settings, embedder.embed)
    previous = {a.event_id: a.cluster_id for a in first.assignments}
    second = cluster_events(rows, settings, embedder.embed, namer=StableNamer(previous))
    now = {a.event_id: a.cluster_id for a in second.assignments}

    unchanged = 0
    for cluster in first.clusters:
        members = [e for e, c in previous.items() if c == cluster.cluster_id]
        heir, count = Counter(now[e] for e in members).most_common(1)[0]
        heir_old = [previous[e] for e, c in now.items() if c == heir and previous.get(e) is not None]
        # The same theme found again: most of its members together, and they are most of the heir.
        if heir is not None and count >= 0.75 * len(members) and count >= 0.75 * len(heir_old):
            unchanged += 1
            assert heir == cluster.cluster_id, (cluster.cluster_id, Counter(now[e] for e in members))
    assert unchanged >= 6  # not vacuous: several themes were found again (8 of 24 here; others split)
    continued = {r.cluster_id for r in second.lineage if r.event == "continued"}
    assert len(continued) >= unchanged
    old_ids = {c.cluster_id for c in first.clusters}
    for record in second.lineage:
        if record.event == "born":
            assert record.cluster_id not in old_ids


def test_theme_ids_are_named_after_the_first_cluster_on_a_first_run() -> None:
    assert theme_ids([["en-002", "en-005"], ["en-001"]]) == ["T-en-002", "T-en-001"]


def test_a_theme_keeps_the_id_most_of_its_clusters_had() -> None:
    previous = {"en-001": "T-en-001", "en-002": "T-en-001", "en-003": "T-en-003", "en-006": "T-en-003"}
    # en-009 is new and now the largest of the first theme; en-006 moved to it but is outvoted.
    themes = [["en-009", "en-002", "en-001", "en-006"], ["en-003"]]
    assert theme_ids(themes, previous) == ["T-en-001", "T-en-003"]


def test_a_previous_theme_id_goes_to_the_theme_holding_most_of_it() -> None:
    previous = dict.fromkeys(["en-001", "en-002", "en-003", "en-004"], "T-en-001")
    # The first theme is given first (it has the largest cluster) but holds one of the four.
    assert theme_ids([["en-009", "en-001"], ["en-002", "en-003", "en-004"]], previous) == ["T-en-009", "T-en-001"]


def test_a_previous_theme_id_goes_to_one_theme_only() -> None:
    previous = {"en-001": "T-en-001", "en-002": "T-en-001"}
    assert theme_ids([["en-001"], ["en-002"]], previous) == ["T-en-001", "T-en-002"]
    # en-005 alone: its previous theme went on with en-001, and its own name went on with en-007.
    previous = {"en-001": "T-en-001", "en-007": "T-en-005", "en-005": "T-en-001"}
    assert theme_ids([["en-001"], ["en-007"], ["en-005"]], previous) == ["T-en-001", "T-en-005", "T-en-005.2"]
