"""What a pipeline or export run tells its operator, as markdown for a Prefect artifact.

Pure functions over counts, cluster records and review items. Only de-identified text reaches them:
cluster labels and theme labels are built from de-identified text, and no event text is quoted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from infra.records import Cluster, ReviewItem

TOP_ITEMS = 10
TOP_CLUSTERS = 10


@dataclass(frozen=True)
class StageTiming:
    stage: str
    seconds: float
    counts: dict[str, Any]


@dataclass
class RunFacts:
    """Everything the pipeline report says, gathered by the flow."""

    stages: list[StageTiming]
    ingest: dict[str, Any]
    cluster_sizes_before: dict[str, int]
    clusters: list[Cluster]
    top_items: list[ReviewItem]
    review_counts: dict[str, int]
    # cluster id -> its root cause (triage stores one per cluster); without one the theme stands in.
    causes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClusterChange:
    cluster: Cluster
    before: int  # 0: new in this run

    @property
    def added(self) -> int:
        return self.cluster.size - self.before


def cluster_changes(
    before: Mapping[str, int], clusters: Sequence[Cluster]
) -> tuple[list[ClusterChange], list[ClusterChange]]:
    """(new clusters, growing clusters) of this run, largest first; growing means more members than before."""
    new = [ClusterChange(c, 0) for c in clusters if c.cluster_id not in before]
    growing = [
        ClusterChange(c, before[c.cluster_id])
        for c in clusters
        if c.cluster_id in before and c.size > before[c.cluster_id]
    ]
    new.sort(key=lambda ch: (-ch.cluster.size, ch.cluster.cluster_id))
    growing.sort(key=lambda ch: (-ch.added, ch.cluster.cluster_id))
    return new, growing


def _cell(text: object) -> str:
    """A table cell: one line, pipes escaped, bounded."""
    value = " ".join(str(text).split()).replace("|", "\\|")
    return value if len(value) <= 80 else value[:79] + "…"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _cause(facts: RunFacts, c: Cluster) -> str:
    return facts.causes.get(c.cluster_id) or (f"theme: {c.theme_label}" if c.theme_label else "")


def needs_a_person(facts: RunFacts, new: Sequence[ClusterChange]) -> list[str]:
    """What someone should act on after this run, each with what to do."""
    todo: list[str] = []
    by_reason: dict[str, int] = facts.ingest.get("dead_lettered_by_reason") or {}
    if by_reason:
        reasons = ", ".join(f"{r} {n}" for r, n in sorted(by_reason.items()))
        todo.append(
            f"{sum(by_reason.values())} dead letters ({reasons}): fix the producer or the limits, then "
            "`outerloop dlq replay --reason R`"
        )
    lag = {tp: n for tp, n in (facts.ingest.get("lag") or {}).items() if n}
    if lag:
        todo.append(
            f"ingest left {sum(lag.values())} records behind on {len(lag)} partitions: the next run picks them up"
        )
    if new:
        todo.append(f"{len(new)} new clusters: look at their exemplars in the review queue")
    pending = facts.review_counts.get("pending", 0)
    if pending:
        todo.append(f"{pending} review items pending: clinicians review them in the review page")
    second = facts.review_counts.get("second_review", 0)
    if second:
        todo.append(f"{second} items wait for a second reviewer")
    disputed = facts.review_counts.get("disputed", 0)
    if disputed:
        todo.append(f"{disputed} items disputed: a lead adjudicates them")
    return todo


def pipeline_markdown(facts: RunFacts) -> str:
    new, growing = cluster_changes(facts.cluster_sizes_before, facts.clusters)
    total = sum(s.seconds for s in facts.stages)
    lines = [f"# outerloop pipeline run ({total:.1f} s)", "", "## Stages", ""]
    lines += _table(
        ["stage", "seconds", "counts"],
        [(s.stage, f"{s.seconds:.1f}", ", ".join(f"{k} {v}" for k, v in s.counts.items())) for s in facts.stages],
    )
    lines += ["", f"## New clusters ({len(new)})", ""]
    if new:
        lines += _table(
            ["cluster", "size", "label", "cause"],
            [
                (ch.cluster.cluster_id, ch.cluster.size, ch.cluster.label, _cause(facts, ch.cluster))
                for ch in new[:TOP_CLUSTERS]
            ],
        )
    else:
        lines.append("none")
    lines += ["", f"## Growing clusters ({len(growing)})", ""]
    if growing:
        lines += _table(
            ["cluster", "size", "added", "per day (7 d)", "label", "cause"],
            [
                (
                    ch.cluster.cluster_id,
                    ch.cluster.size,
                    f"+{ch.added}",
                    f"{ch.cluster.growth_7d:.1f}",
                    ch.cluster.label,
                    _cause(facts, ch.cluster),
                )
                for ch in growing[:TOP_CLUSTERS]
            ],
        )
    else:
        lines.append("none")
    lines += ["", "## Top items queued", ""]
    if facts.top_items:
        lines += _table(
            ["item", "priority", "kind", "cluster", "label"],
            [
                (i.item_id, f"{i.priority:.2f}", i.event.get("kind", ""), i.cluster_id, i.cluster_label)
                for i in facts.top_items[:TOP_ITEMS]
            ],
        )
    else:
        lines.append("the queue is empty")
    by_reason = facts.ingest.get("dead_lettered_by_reason") or {}
    lines += ["", "## Dead letters by reason", ""]
    lines += _table(["reason", "records"], sorted(by_reason.items())) if by_reason else ["none"]
    todo = needs_a_person(facts, new)
    lines += ["", "## Needs a person", ""]
    lines += [f"- {t}" for t in todo] if todo else ["nothing"]
    return "\n".join(lines) + "\n"


def export_markdown(summary: Mapping[str, Any]) -> str:
    """An export's name, version and counts (no record content)."""
    counts: Mapping[str, Any] = summary.get("counts") or {}
    head = f"# dataset {summary['name']} {summary['version'] or '(no new version)'}"
    lines = [head, ""]
    if not summary.get("created"):
        lines += ["Nothing new was accepted since the last version: nothing written.", ""]
    scalar = [(k, v) for k, v in counts.items() if not isinstance(v, dict | list)]
    lines += _table(["count", "value"], scalar) if scalar else ["no counts"]
    return "\n".join(lines) + "\n"


# ---- outerloop report fixes ------------------------------------------------------------------------


@dataclass(frozen=True)
class FixRow:
    """One group's signals under each model version, and what the change between two versions did."""

    group_id: str
    label: str
    counts: dict[str, int]  # model version -> signals
    rates: dict[str, float]  # model version -> signals per request (traffic given) or share of the version's signals
    before: str
    after: str
    verdict: str  # gone | down | steady | up | new | too few


def load_traffic(path: str) -> dict[str, int]:
    """Requests served per model version: a JSON object {"version": n, ...}, or a CSV with the columns
    model_version,requests (a header line is optional)."""
    import csv
    import json
    from pathlib import Path

    text = Path(path).read_text(encoding="utf-8")
    if path.lower().endswith(".json") or text.lstrip().startswith("{"):
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a JSON object of model_version -> requests")
        return {str(k): int(v) for k, v in data.items()}
    traffic: dict[str, int] = {}
    for row in csv.reader(text.splitlines()):
        if len(row) < 2 or not row[0].strip():
            continue
        try:
            traffic[row[0].strip()] = int(float(row[1]))
        except ValueError:
            if traffic:  # only the first line may be a header
                raise ValueError(f"{path}: {row[1]!r} is not a number of requests") from None
    return traffic


def fix_rows(
    signals: Sequence[Any],
    versions: Sequence[str],
    *,
    traffic: Mapping[str, int] | None = None,
    before: str | None = None,
    after: str | None = None,
    min_signals: int = 5,
    factor: float = 2.0,
) -> list[FixRow]:
    """Per group (theme or cluster) signals per model version, and the verdict of the change `before` ->
    `after` (default: the last two versions in `versions`, oldest first).

    Rates are signals per request when `traffic` gives the version's requests, else the group's share of
    the version's signals (a share can fall only because other groups rose: it says less). "gone": none
    after; "down"/"up": the rate changed by `factor` or more; "too few": under `min_signals` in all.
    """
    if len(versions) < 2 and (before is None or after is None):
        raise ValueError("a version change needs at least two model versions; found " + ", ".join(versions))
    after = after or versions[-1]
    before = before or versions[versions.index(after) - 1 if after in versions else -2]
    counts: dict[str, dict[str, int]] = {}
    labels: dict[str, str] = {}
    totals: dict[str, int] = {}
    for s in signals:
        counts.setdefault(s.group_id, {})[s.model_version] = s.signals
        labels.setdefault(s.group_id, s.group_label)
        totals[s.model_version] = totals.get(s.model_version, 0) + s.signals
    denominators = {v: (traffic or {}).get(v, 0) if traffic else totals.get(v, 0) for v in versions}
    if traffic:
        missing = [v for v in (before, after) if not traffic.get(v)]
        if missing:
            raise ValueError(f"the traffic file has no requests for {', '.join(missing)}")
    rows = []
    for gid, per_version in counts.items():
        rates = {v: per_version.get(v, 0) / denominators[v] if denominators.get(v) else 0.0 for v in versions}
        n_before, n_after = per_version.get(before, 0), per_version.get(after, 0)
        r_before, r_after = rates.get(before, 0.0), rates.get(after, 0.0)
        if max(n_before, n_after) < min_signals:
            verdict = "too few"
        elif n_after == 0:
            verdict = "gone"
        elif n_before == 0:
            verdict = "new"
        elif r_after * factor <= r_before:
            verdict = "down"
        elif r_after >= r_before * factor:
            verdict = "up"
        else:
            verdict = "steady"
        rows.append(FixRow(gid, labels[gid], dict(per_version), rates, before, after, verdict))
    order = {"gone": 0, "down": 1, "up": 2, "new": 3, "steady": 4, "too few": 5}
    rows.sort(key=lambda r: (order[r.verdict], -r.counts.get(before, 0), r.group_id))
    return rows
