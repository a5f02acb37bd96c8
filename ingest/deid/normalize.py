"""The text the recognizers read: normalised, with every character traced back to the original.

Identifiers hide behind format characters (a zero-width space inside a name, a joiner between given name
and surname, a right-to-left override around a name) and compatibility forms (a mobile number in
full-width digits, a phone number with non-breaking hyphens or en dashes). The recognizers read a copy with
Unicode format characters (category Cf) removed (a space where one joins a letter to a capital:
"John<ZWJ>Smith"), each remaining character NFKC-normalised and hyphen-like dashes made "-"; spans found
there are mapped back to the original text, so the output keeps the original text outside the replaced
spans.

A run of more than `SPACE_LIMIT` whitespace characters becomes one space in the copy (or its first one or two
line breaks): patterns that allow whitespace in two places in a row ("\\s*,?\\s+") try every way of
splitting such a run between them, at each position it can start, so 20,000 tabs took seconds and grew as n².

Long runs without whitespace are cut into pieces of at most `RUN_PIECE` characters in the copy (a
punctuation mark or symbol near each cut becomes a space, else a letter away from digits and ASCII letters,
never a character inside a <TAG_x>, so a long Chinese paragraph keeps its phone numbers and names whole):
spaCy's tokenizer strips affixes one at a time from a whitespace-free chunk,
re-reading the rest each time, so a run of n symbols (emoji) costs n² there, and analysis of one very long
word (e.g. 64,000 letters: 56 s) grows as n² too. No identifier is that long.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.deid.model import Entity

# Whitespace-free runs longer than RUN_LIMIT characters are cut every RUN_PIECE characters.
RUN_LIMIT = 256
RUN_PIECE = 128
_TAG = re.compile(r"<[^<>\s]{1,64}>")
# Hyphen, non-breaking hyphen, figure dash, en dash, minus sign, small hyphen-minus (em dashes stay: prose).
_HYPHENS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2212\ufe63", "-"))
_LONG_RUN = re.compile(rf"\S{{{RUN_LIMIT + 1},}}")
SPACE_LIMIT = 32
_LONG_SPACE = re.compile(rf"\s{{{SPACE_LIMIT + 1},}}")


@dataclass(frozen=True)
class Normalised:
    """`text` is what the recognizers read; `origin[i]` is the original index of `text[i]`."""

    text: str
    origin: list[int] | None  # None: the same offsets as the original
    original_length: int

    def to_original(self, entity: Entity) -> Entity:
        """`entity` (indexing `text`) as a span of the original text; characters removed inside it included."""
        if self.origin is None:
            return entity
        start = self.origin[entity.start] if entity.start < len(self.origin) else self.original_length
        end = self.origin[entity.end - 1] + 1 if entity.end > 0 else 0
        return Entity(entity.entity_type, start, max(start, end), entity.score)


def _fold(text: str) -> tuple[str, list[int] | None]:
    if text.isascii():
        return text, None
    parts: list[str] = []
    origin: list[int] = []
    changed = False
    for i, ch in enumerate(text):
        if ch.isascii():
            parts.append(ch)
            origin.append(i)
            continue
        if unicodedata.category(ch) == "Cf":
            changed = True
            following = text[i + 1 : i + 2]
            if parts and parts[-1][-1:].isalpha() and following.isupper():  # "John<ZWJ>Smith": two words
                parts.append(" ")
                origin.append(i)
            continue
        folded = unicodedata.normalize("NFKC", ch).translate(_HYPHENS)
        changed = changed or folded != ch
        parts.append(folded)
        origin.extend([i] * len(folded))
    if not changed:
        return text, None
    return "".join(parts), origin


def _cut_point(text: str, low: int, target: int, tags: set[int]) -> int:
    """Where to cut near `target`: the last punctuation or symbol in [low, target] (replacing it loses
    nothing a recognizer reads), else a letter not next to a digit or an ASCII letter, else `target`."""
    for i in range(target, low - 1, -1):
        if i not in tags and not text[i].isalnum():
            return i
    for i in range(target, low - 1, -1):
        neighbours = text[max(0, i - 1) : i + 2]
        if i not in tags and not any(c.isdigit() or (c.isascii() and c.isalpha()) for c in neighbours):
            return i
    return target


def _cut_long_runs(text: str) -> str:
    if len(text) <= RUN_LIMIT or not _LONG_RUN.search(text):
        return text
    chars = list(text)
    tags = {i for tag in _TAG.finditer(text) for i in range(tag.start(), tag.end())}
    for match in _LONG_RUN.finditer(text):
        position = match.start()
        while match.end() - position > RUN_LIMIT:
            target = position + RUN_PIECE
            cut = _cut_point(text, target - RUN_PIECE // 2, target, tags)
            if cut in tags:  # inside a run of tags: cut after it, or stop where tags run to the end
                found = next((i for i in range(cut, match.end()) if i not in tags), None)
                if found is None:
                    break
                cut = found
            chars[cut] = " "
            position = cut + 1
    return "".join(chars)


def _collapse_long_spaces(text: str, origin: list[int] | None) -> tuple[str, list[int] | None]:
    if len(text) <= SPACE_LIMIT or not _LONG_SPACE.search(text):
        return text, origin
    parts: list[str] = []
    kept: list[int] = []  # indexes into `text` of the characters kept
    position = 0
    for match in _LONG_SPACE.finditer(text):
        parts.append(text[position : match.start()])
        kept.extend(range(position, match.start()))
        breaks = [i for i in range(match.start(), match.end()) if text[i] == "\n"][:2] or [match.start()]
        parts.append("".join("\n" if text[i] == "\n" else " " for i in breaks))
        kept.extend(breaks)
        position = match.end()
    parts.append(text[position:])
    kept.extend(range(position, len(text)))
    return "".join(parts), [origin[i] for i in kept] if origin is not None else kept


def normalise(text: str) -> Normalised:
    folded, origin = _collapse_long_spaces(*_fold(text))
    return Normalised(_cut_long_runs(folded), origin, len(text))
