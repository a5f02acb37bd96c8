"""A cluster's root cause from all its members' causes, never read off one member.

The cluster cause is the cause with the largest summed member confidence; its confidence is that
sum over the number of members (members that disagree or are unsure lower it). Evidence is counted
across the members that carry the cluster cause: "31 of 40 signals carry tool_error ocr.read.timeout".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from triage.rootcause.cause import Cause

# Evidence that only says which model scored (not what the signal shows) is not counted.
_MODEL_EVIDENCE = ("classifier:", "similarity:")


@dataclass(frozen=True)
class ClusterCause:
    cause_id: str
    confidence: float
    members: int
    agreeing: int  # members whose own cause is the cluster cause
    cause_shares: tuple[tuple[str, float], ...]  # every cause among members, largest share first
    evidence_counts: tuple[tuple[str, int], ...]  # evidence string -> members carrying it, most first
    summary: tuple[str, ...]  # human-readable lines ("31 of 40 signals carry tool_error ocr.read.timeout")


def _readable(evidence: str) -> str:
    source, _, detail = evidence.partition(":")
    return f"{source} {detail}".strip() if detail else source


def aggregate(causes: Sequence[Cause], top_evidence: int = 3) -> ClusterCause:
    """The cluster cause of `causes` (one per member signal); raises ValueError for an empty cluster."""
    if not causes:
        raise ValueError("cannot aggregate the root cause of an empty cluster")
    n = len(causes)
    weight: dict[str, float] = defaultdict(float)
    for cause in causes:
        weight[cause.cause_id] += max(cause.confidence, 1e-6)
    cause_id = max(sorted(weight), key=lambda c: weight[c])
    agreeing = [c for c in causes if c.cause_id == cause_id]
    counts = Counter(e for c in agreeing for e in set(c.evidence) if not e.startswith(_MODEL_EVIDENCE))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    votes = Counter(c.cause_id for c in causes)
    shares = tuple(sorted(((c, round(v / n, 3)) for c, v in votes.items()), key=lambda item: (-item[1], item[0])))
    summary = [f"{len(agreeing)} of {n} signals are {cause_id}"]
    summary += [f"{count} of {n} signals carry {_readable(evidence)}" for evidence, count in ranked[:top_evidence]]
    return ClusterCause(
        cause_id=cause_id,
        confidence=round(weight[cause_id] / n, 3),
        members=n,
        agreeing=len(agreeing),
        cause_shares=shares,
        evidence_counts=tuple(ranked),
        summary=tuple(summary),
    )
