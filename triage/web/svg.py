"""Server-rendered SVG charts for the dashboard: stacked daily bars, a funnel and the cluster map.

Pure string building, no script and no inline style (the page's CSP allows neither): colours are SVG
presentation attributes, hover text is each shape's `<title>`. Every text is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
OTHER_COLOUR = "#d4d4d4"


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    width: int = 720,
    height: int = 220,
    title: str,
) -> str:
    """One bar per label (day), stacked by series; each segment's title says series, day and count."""
    n = max(len(labels), 1)
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    left, plot_h = 36, height - 40
    step = (width - left - 8) / n
    bar = max(step * 0.8, 1.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="chart" aria-label="{_t(title)}"><title>{_t(title)}</title>',
        f'<text x="{left - 4}" y="14" text-anchor="end" font-size="10" fill="#555">{top}</text>',
        f'<line x1="{left}" y1="{12 + plot_h}" x2="{width - 8}" y2="{12 + plot_h}" stroke="#999"/>',
    ]
    for i, day in enumerate(labels):
        x = left + i * step
        y = 12.0 + plot_h
        for k, (name, values) in enumerate(series):
            v = values[i]
            if not v:
                continue
            h = v / top * plot_h
            y -= h
            fill = OTHER_COLOUR if name == "other" else colour(k)
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{fill}">'
                f"<title>{_t(day)} · {_t(name)}: {v}</title></rect>"
            )
        if n <= 31 and (i % max(n // 7, 1) == 0):
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - 8}" text-anchor="middle" font-size="10" '
                f'fill="#555">{_t(day[5:])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def legend(names: Sequence[str]) -> str:
    items = []
    for k, name in enumerate(names):
        fill = OTHER_COLOUR if name == "other" else colour(k)
        items.append(
            f'<li><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" aria-hidden="true">'
            f'<rect width="10" height="10" fill="{fill}"/></svg> {_t(name)}</li>'
        )
    return '<ul class="legend">' + "".join(items) + "</ul>"


def funnel(steps: Sequence[tuple[str, int]], *, width: int = 720) -> str:
    """Horizontal bars, one per step, scaled to the first step."""
    row = 26
    height = row * len(steps) + 8
    first = max((v for _, v in steps), default=0) or 1
    label_w = 150
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart" '
        'aria-label="review funnel"><title>review funnel</title>'
    ]
    for i, (name, value) in enumerate(steps):
        y = 4 + i * row
        w = value / first * (width - label_w - 80)
        share = f" ({value / first:.0%})" if i else ""
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="12" fill="#333">{_t(name)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 8}" fill="{colour(0)}">'
            f"<title>{_t(name)}: {value}{share}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" font-size="12" fill="#333">{value}{share}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class MapPoint:
    cluster_id: str
    label: str
    theme: str
    size: int
    colour: str
    snippets: tuple[str, ...]  # de-identified exemplar text


def project_2d(distances: np.ndarray, seed: int = 0) -> np.ndarray:
    """Classical multidimensional scaling: n x 2 coordinates whose distances approximate `distances`."""
    n = distances.shape[0]
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    d2 = distances**2
    centre = np.eye(n) - np.full((n, n), 1.0 / n)
    b = -0.5 * centre @ d2 @ centre
    values, vectors = np.linalg.eigh(b)
    order = np.argsort(values)[::-1][:2]
    coords = vectors[:, order] * np.sqrt(np.clip(values[order], 0, None))
    # Identical points (clusters with nothing in common but their theme) are spread a little, reproducibly.
    jitter = np.random.default_rng(seed).normal(
        scale=1e-3 + 0.02 * float(np.abs(coords).max(initial=0)), size=coords.shape
    )
    return np.asarray(coords + jitter)


def _separate(pos: np.ndarray, radii: np.ndarray, width: int, height: int, rounds: int = 60) -> np.ndarray:
    """Push overlapping circles apart (each overlapping pair by half the overlap per round), inside the box."""
    n = len(pos)
    if n < 2:
        return pos.astype(float)
    pos = pos.astype(float) + np.random.default_rng(0).normal(scale=0.5, size=pos.shape)  # no two exactly alike
    first, second = np.triu_indices(n, 1)
    need = radii[first] + radii[second] + 1.0
    for _ in range(rounds):
        delta = pos[first] - pos[second]
        dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-3)
        overlap = need - dist
        hit = overlap > 0
        if not hit.any():
            break
        shift = delta[hit] / dist[hit, None] * (overlap[hit] / 2)[:, None]
        np.add.at(pos, first[hit], shift)
        np.add.at(pos, second[hit], -shift)
        pos[:, 0] = np.clip(pos[:, 0], radii, width - radii)
        pos[:, 1] = np.clip(pos[:, 1], radii, height - radii)
    return pos


MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 720, 460, 30


def map_layout(coords: np.ndarray, sizes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Circle centres (pixels) and radii for the map: area by size, placed by `coords`.

    Robust scaling (an outlying language or theme does not squeeze the rest into a corner), half by rank
    (the order along each axis is kept, the crowd in the middle spreads out), then circles pushed apart
    where they overlap, so every cluster can be hovered.
    """
    n = len(sizes)
    if n == 0:
        return np.zeros((0, 2)), np.zeros(0)
    lo, hi = np.percentile(coords, 5, axis=0), np.percentile(coords, 95, axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    scaled = np.clip((coords - lo) / span, -0.05, 1.05)
    ranks = np.argsort(np.argsort(coords, axis=0), axis=0) / max(n - 1, 1)
    xy = 0.5 * scaled + 0.5 * ranks
    largest = max(sizes) or 1
    radii = np.array([4 + 22 * (size / largest) ** 0.5 for size in sizes])
    inner_w, inner_h = MAP_WIDTH - 2 * MAP_PAD, MAP_HEIGHT - 2 * MAP_PAD
    pos = np.column_stack([MAP_PAD + (xy[:, 0] + 0.05) / 1.1 * inner_w, MAP_PAD + (xy[:, 1] + 0.05) / 1.1 * inner_h])
    return _separate(pos, radii, MAP_WIDTH, MAP_HEIGHT), radii


def cluster_map(points: Sequence[MapPoint], pos: np.ndarray, radii: np.ndarray) -> str:
    """Circles at `pos` with `radii` (`map_layout`), colour by theme; hovering one shows its label and snippets."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="img" '
        'class="chart map" aria-label="cluster map"><title>cluster map: clusters placed by shared terms and theme'
        "</title>"
    ]
    order = sorted(range(len(points)), key=lambda i: -points[i].size)  # small circles drawn on top
    for i in order:
        p = points[i]
        tip = "\n".join([f"{p.cluster_id} · {p.size} signals · {p.label}", f"theme: {p.theme}", *p.snippets])
        parts.append(
            f'<circle cx="{pos[i, 0]:.1f}" cy="{pos[i, 1]:.1f}" r="{radii[i]:.1f}" fill="{p.colour}" '
            f'fill-opacity="0.7" stroke="#333" stroke-width="0.5"><title>{_t(tip)}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)
