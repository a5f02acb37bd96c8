"""The dashboard page (`GET /dashboard`, behind the login like every data route): signals per day by
failure theme and by kind, new and growing clusters, the review funnel, signal-to-dataset latency and a
cluster map. All charts are SVG rendered here (`triage.web.svg`); nothing loads from elsewhere.

Only de-identified text is shown: cluster and theme labels come from de-identified text, and the map's
hover snippets are stored (de-identified) exemplar text.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
from fastapi import APIRouter
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from threadpoolctl import threadpool_limits

from infra.records import DASHBOARD_DAYS, Cluster
from triage.web import svg
from triage.web.render import page

if TYPE_CHECKING:
    from infra.records import DashboardData
    from infra.store import Store

router = APIRouter()

DAYS = DASHBOARD_DAYS  # the triage stage hands over this many days of counts to the review file
TOP_THEMES = 7
SNIPPETS_PER_CLUSTER = 2
SNIPPET_CHARS = 140
NEW_WITHIN = timedelta(days=7)
TABLE_ROWS = 10

CSS = """
.dash { max-width: 1180px; margin: 0 auto; }
.dash .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1.2rem; }
.dash section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.8rem 1rem; }
.dash h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
.dash .chart { width: 100%; height: auto; display: block; }
.dash .legend { list-style: none; padding: 0; margin: 0.4rem 0 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1rem;
  font-size: 0.8rem; }
.dash table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
.dash th, .dash td { text-align: left; padding: 0.2rem 0.4rem; border-bottom: 1px solid #eee; }
.dash td.num, .dash th.num { text-align: right; }
.dash .stats { display: flex; gap: 2rem; flex-wrap: wrap; }
.dash .stat b { display: block; font-size: 1.4rem; }
.dash .muted { color: #666; font-size: 0.8rem; }
"""


@dataclass(frozen=True)
class ClusterRow:
    cluster_id: str
    label: str
    theme: str
    size: int
    growth_7d: float
    first_seen: str
    cause: str = ""


@dataclass(frozen=True)
class DashboardView:
    days: int
    signals: int
    by_theme_svg: Markup
    by_theme_legend: Markup
    by_kind_svg: Markup
    by_kind_legend: Markup
    new_clusters: list[ClusterRow]
    growing_clusters: list[ClusterRow]
    funnel_svg: Markup
    latency: dict[str, Any]
    map_svg: Markup
    clusters: int
    render_ms: float
    cached: bool = False


def _day(value: Any) -> str:
    return value.strftime("%Y-%m-%d")


def _series(
    rows: list[tuple[str, str, int]], days: list[str], top: int
) -> tuple[list[tuple[str, list[int]]], list[str]]:
    """(day, key, n) rows -> one list per key (the `top` largest, the rest as "other"), aligned to `days`."""
    totals: dict[str, int] = defaultdict(int)
    for _, key, n in rows:
        totals[key] += n
    keep = [k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    index = {d: i for i, d in enumerate(days)}
    values: dict[str, list[int]] = {k: [0] * len(days) for k in [*keep, "other"]}
    for day, key, n in rows:
        values[key if key in values else "other"][index[day]] += n
    names = [k for k in [*keep, "other"] if any(values[k])]
    return [(k, values[k]) for k in names], names


def _snippet(payload: dict[str, Any]) -> str:
    messages = payload.get("messages") or []
    users = [m.get("content", "") for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    text = " ".join(str(users[-1] if users else payload.get("model_output") or "").split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def _distances(clusters: list[Cluster]) -> np.ndarray:
    """1 - similarity, where similarity is half shared failure theme, half the cosine of keyword sets."""
    vocab: dict[str, int] = {}
    for c in clusters:
        for k in c.keywords:
            vocab.setdefault(k, len(vocab))
    m = np.zeros((len(clusters), max(len(vocab), 1)))
    for i, c in enumerate(clusters):
        for k in c.keywords:
            m[i, vocab[k]] = 1.0
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    m = m / np.where(norms > 0, norms, 1.0)
    cosine = m @ m.T
    themes = np.array([c.theme_id or c.cluster_id for c in clusters])
    same = (themes[:, None] == themes[None, :]).astype(float)
    return np.clip(1.0 - (0.5 * same + 0.5 * cosine), 0.0, 1.0)


def _cluster_row(c: Cluster, causes: dict[str, str]) -> ClusterRow:
    return ClusterRow(
        c.cluster_id,
        c.label,
        c.theme_label or c.label,
        c.size,
        c.growth_7d,
        _day(c.first_seen) if c.first_seen else "-",
        causes.get(c.cluster_id, ""),
    )


_cache_lock = threading.Lock()
_layouts: OrderedDict[tuple[Any, ...], tuple[np.ndarray, np.ndarray]] = OrderedDict()


def cluster_layout(clusters: list[Cluster]) -> tuple[np.ndarray, np.ndarray]:
    """The map's circle centres and radii, computed once per clustering (kept for the last few)."""
    key = tuple((c.cluster_id, c.theme_id, c.size, tuple(c.keywords)) for c in clusters)
    found = _layouts.get(key)
    if found is None:
        # One BLAS thread: on a busy machine a thread pool spinning for a 200 x 200 matrix costs 100x.
        with threadpool_limits(1):
            coords = svg.project_2d(_distances(clusters)) if clusters else np.zeros((0, 2))
            found = svg.map_layout(coords, [c.size for c in clusters])
        with _cache_lock:  # pages are served from a thread pool
            _layouts[key] = found
            while len(_layouts) > 4:
                _layouts.popitem(last=False)
    return found


_views: dict[tuple[str, int], tuple[tuple[Any, ...], DashboardView]] = {}


def build_dashboard(store: Store, days: int = DAYS, *, cached: bool = True) -> DashboardView:
    """The page's content; reused while the store's fingerprint is unchanged (unless `cached` is False)."""
    started = time.perf_counter()
    key = (str(store.path), days)
    known = _views.get(key) if cached else None
    data = store.dashboard_data(days, SNIPPETS_PER_CLUSTER, unless=known[0] if known else None)
    if data is None and known is not None:
        return dataclasses.replace(known[1], render_ms=(time.perf_counter() - started) * 1000, cached=True)
    assert data is not None
    view = _build(data, days, started)
    with _cache_lock:
        _views[key] = (data.fingerprint, view)
    return view


def _build(data: DashboardData, days: int, started: float) -> DashboardView:
    daily = data.daily
    day_labels: list[str] = []
    if daily:
        first, last = min(r.day for r in daily), max(r.day for r in daily)
        day_labels = [_day(first + timedelta(days=i)) for i in range((last - first).days + 1)]
    theme_rows = [(_day(r.day), r.theme, r.signals) for r in daily]
    kind_rows = [(_day(r.day), r.kind, r.signals) for r in daily]
    by_theme, theme_names = _series(theme_rows, day_labels, TOP_THEMES)
    by_kind, kind_names = _series(kind_rows, day_labels, 9)

    clusters = data.clusters
    newest = max((c.last_seen for c in clusters if c.last_seen), default=None)
    new = [c for c in clusters if newest and c.first_seen and c.first_seen >= newest - NEW_WITHIN]
    new.sort(key=lambda c: (-c.size, c.cluster_id))
    growing = sorted((c for c in clusters if c.growth_7d > 0), key=lambda c: (-c.growth_7d, c.cluster_id))

    funnel = data.funnel
    steps = [
        ("signals", funnel.signals),
        ("clustered", funnel.clustered),
        ("queued for review", funnel.queued),
        ("decided", funnel.decided),
        ("accepted", funnel.accepted),
        ("in a dataset", funnel.exported),
    ]
    latency = data.latency

    theme_order: dict[str, int] = {}
    for c in clusters:  # largest first: the largest themes get the first colours
        theme_order.setdefault(c.theme_id or c.cluster_id, len(theme_order))
    payloads = data.payloads
    points = [
        svg.MapPoint(
            c.cluster_id,
            c.label,
            c.theme_label or c.label,
            c.size,
            svg.colour(theme_order[c.theme_id or c.cluster_id]),
            tuple(_snippet(payloads[e]) for e in c.exemplar_ids[:SNIPPETS_PER_CLUSTER] if e in payloads),
        )
        for c in clusters
    ]
    pos, radii = cluster_layout(clusters)
    return DashboardView(
        days=days,
        signals=funnel.signals,
        by_theme_svg=Markup(svg.stacked_bars(day_labels, by_theme, title="signals per day by failure theme")),
        by_theme_legend=Markup(svg.legend(theme_names)),
        by_kind_svg=Markup(svg.stacked_bars(day_labels, by_kind, title="signals per day by kind")),
        by_kind_legend=Markup(svg.legend(kind_names)),
        new_clusters=[_cluster_row(c, data.causes) for c in new[:TABLE_ROWS]],
        growing_clusters=[_cluster_row(c, data.causes) for c in growing[:TABLE_ROWS]],
        funnel_svg=Markup(svg.funnel(steps)),
        latency={
            "events": latency.events,
            "p50": _hours(latency.p50_h),
            "p90": _hours(latency.p90_h),
            "max": _hours(latency.max_h),
        },
        map_svg=Markup(svg.cluster_map(points, pos, radii)),
        clusters=len(clusters),
        render_ms=(time.perf_counter() - started) * 1000,
    )


def _hours(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} h" if value < 48 else f"{value / 24:.1f} d"


@router.get("/dashboard")
def dashboard(request: Request) -> Response:
    store: Store = request.app.state.outerloop.store
    return page(request, "dashboard.html", {"d": build_dashboard(store)})


@router.get("/dashboard/dashboard.css", include_in_schema=False)
def dashboard_css() -> Response:
    return Response(CSS, media_type="text/css")
