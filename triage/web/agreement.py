"""Inter-rater agreement of double review: Cohen's kappa for a pair of reviewers, Krippendorff's alpha
(nominal) across all reviewers where ratings are missing, and the summary the stats page and
`outerloop review-stats` show."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import Any

from infra.records import ReviewDecision


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two raters over the units both rated; None when it is undefined (no units, or
    chance agreement is 1: both raters used one and the same category throughout)."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha(units: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data. `units` holds one rating per rater for each unit, None where
    that rater did not rate it; units with fewer than two ratings are not pairable and are left out.
    None when undefined (fewer than two pairable values, or a single category overall)."""
    coincidences: defaultdict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    coincidences[(a, b)] += 1.0 / (m - 1)
    totals: defaultdict[Hashable, float] = defaultdict(float)
    for (a, _), weight in coincidences.items():
        totals[a] += weight
    n = sum(totals.values())
    if n < 2:
        return None
    disagreement = sum(w for (a, b), w in coincidences.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * disagreement / expected


def _verdict(d: ReviewDecision) -> str:
    return f"unusable:{d.unusable}" if d.unusable else str(d.verdict)


def _cause(d: ReviewDecision) -> str:
    return f"unusable:{d.unusable}" if d.unusable else str(d.root_cause)


@dataclass(frozen=True)
class PairAgreement:
    reviewers: tuple[str, str]
    items: int
    verdict_agreement: float
    verdict_kappa: float | None
    cause_agreement: float
    cause_kappa: float | None


@dataclass(frozen=True)
class AgreementStats:
    items: int  # items with at least two reviews
    reviewers: list[str]
    verdict_alpha: float | None
    cause_alpha: float | None
    verdict_agreement: float | None  # share of items whose first two reviews agree on the verdict
    cause_agreement: float | None
    pairs: list[PairAgreement]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def agreement_stats(ratings: Mapping[str, Mapping[str, ReviewDecision]]) -> AgreementStats:
    """From `Store.agreement_ratings()`: per item, each reviewer's latest review."""
    reviewers = sorted({r for by in ratings.values() for r in by})
    pairs: list[PairAgreement] = []
    for a, b in combinations(reviewers, 2):
        both = [(by[a], by[b]) for by in ratings.values() if a in by and b in by]
        if not both:
            continue
        verdicts = [(_verdict(x), _verdict(y)) for x, y in both]
        causes = [(_cause(x), _cause(y)) for x, y in both]
        pairs.append(
            PairAgreement(
                reviewers=(a, b),
                items=len(both),
                verdict_agreement=sum(x == y for x, y in verdicts) / len(both),
                verdict_kappa=cohen_kappa(verdicts),
                cause_agreement=sum(x == y for x, y in causes) / len(both),
                cause_kappa=cohen_kappa(causes),
            )
        )
    verdict_units = [[_verdict(by[r]) if r in by else None for r in reviewers] for by in ratings.values()]
    cause_units = [[_cause(by[r]) if r in by else None for r in reviewers] for by in ratings.values()]
    firsts = [sorted(by.values(), key=lambda d: d.decision_id)[:2] for by in ratings.values()]
    n = len(firsts)
    return AgreementStats(
        items=n,
        reviewers=reviewers,
        verdict_alpha=krippendorff_alpha(verdict_units),
        cause_alpha=krippendorff_alpha(cause_units),
        verdict_agreement=sum(_verdict(x) == _verdict(y) for x, y in firsts) / n if n else None,
        cause_agreement=sum(_cause(x) == _cause(y) for x, y in firsts) / n if n else None,
        pairs=pairs,
    )
