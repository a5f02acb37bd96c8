"""When a candidate gold answer is the failed answer in disguise.

Two texts are a near copy when, after case folding and whitespace collapsing, their difflib similarity
ratio (2·matches / total length) is at least `NEAR_COPY_RATIO`. Edits that change a dose or add a warning
to a long answer can stay above it; such a reference is not gold, and the reviewer is asked to write one.
"""

from __future__ import annotations

import difflib
import re

NEAR_COPY_RATIO = 0.9
_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def similarity(a: str, b: str) -> float:
    """The ratio, exact at or above `NEAR_COPY_RATIO`; below it, an upper bound (enough to decide, and fast)."""
    x, y = _normal(a), _normal(b)
    if x == y:
        return 1.0
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    if matcher.real_quick_ratio() < NEAR_COPY_RATIO or matcher.quick_ratio() < NEAR_COPY_RATIO:
        return matcher.quick_ratio()
    return matcher.ratio()


def near_copy(candidate: str, failed: str, ratio: float = NEAR_COPY_RATIO) -> bool:
    return similarity(candidate, failed) >= ratio
