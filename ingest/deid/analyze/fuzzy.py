"""Cue words that still match with one typo ("dauhter", "seiral", "sinnce", "yeaars").

Patients misspell the words that introduce an identifier more often than the identifier itself. A
word matches a cue when it is the cue with one letter dropped, doubled, added, replaced, or two
neighbours swapped (a delete-neighbourhood lookup, as in SymSpell). Only cues of `min_length` letters
or more are matched loosely, and the first letter must agree, so short words ("son", "on") stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(1, len(word))}


class FuzzyWords:
    def __init__(self, cues: Iterable[str], *, min_length: int = 5) -> None:
        self.exact = frozenset(cue.casefold() for cue in cues)
        self.min_length = min_length
        loose = [cue for cue in self.exact if len(cue) >= min_length]
        self._near = frozenset(loose).union(*(_deletes(cue) for cue in loose))

    def pattern(self, letters: str = "A-Za-z") -> str:
        """Regex source for a candidate cue word: a known first letter, then `letters`."""
        initials = "".join(sorted({cue[0] for cue in self.exact} | {cue[0].upper() for cue in self.exact}))
        longest = max(len(cue) for cue in self.exact) + 1
        return f"[{re.escape(initials)}][{letters}]{{0,{longest}}}"

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        key = word.casefold()
        if key in self.exact:
            return True
        if len(key) < self.min_length - 1 or len(key) > 24:
            return False
        return key in self._near or any(d in self._near for d in _deletes(key))
