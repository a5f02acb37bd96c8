"""Agreement measures against published values."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from infra.records import ReviewDecision
from triage.web.agreement import agreement_stats, cohen_kappa, krippendorff_alpha


def test_cohen_kappa_of_the_textbook_table() -> None:
    # Wikipedia's worked example: 50 proposals, yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> kappa 0.4.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([("a", "a"), ("b", "b")]) == pytest.approx(1.0)
    assert cohen_kappa([("a", "b"), ("b", "a")]) == pytest.approx(-1.0)
    assert cohen_kappa([("a", "a")] * 3) is None  # one category only: undefined
    assert cohen_kappa([]) is None


def test_krippendorff_alpha_with_missing_ratings() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers, 12 units, missing
    # values; nominal alpha = 0.743.
    n = None
    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3]
    c = [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n]
    assert krippendorff_alpha(list(zip(a, b, c, d, strict=True))) == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha([[1, 1], [2, 2]]) == pytest.approx(1.0)
    assert krippendorff_alpha([[1, None], [None, 2]]) is None


def _d(item: str, reviewer: str, n: int, verdict: str, cause: str) -> ReviewDecision:
    return ReviewDecision(
        n, item, reviewer, "review", verdict, "minor", cause, None, [], None, None, 2, datetime.now(UTC)
    )


def test_agreement_stats_per_pair_and_overall() -> None:
    ratings = {
        "i1": {"alice": _d("i1", "alice", 1, "wrong", "x"), "bob": _d("i1", "bob", 2, "wrong", "x")},
        "i2": {"alice": _d("i2", "alice", 3, "acceptable", "y"), "bob": _d("i2", "bob", 4, "wrong", "y")},
        "i3": {"alice": _d("i3", "alice", 5, "acceptable", "x"), "carol": _d("i3", "carol", 6, "acceptable", "z")},
    }
    stats = agreement_stats(ratings)
    assert stats.items == 3 and stats.reviewers == ["alice", "bob", "carol"]
    [ab, ac] = stats.pairs
    assert (ab.reviewers, ab.items, ab.verdict_agreement, ab.cause_agreement) == (("alice", "bob"), 2, 0.5, 1.0)
    assert ab.verdict_kappa == pytest.approx(0.0)
    assert ac.reviewers == ("alice", "carol") and ac.verdict_kappa is None and ac.cause_kappa == 0.0
    assert stats.verdict_agreement == pytest.approx(2 / 3)
