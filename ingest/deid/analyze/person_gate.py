"""When spaCy's PERSON is a name: more than one capitalised word, or one word with support.

The English model tags ordinary words as people in consumer text ("Caucasian", "Answered", "pitches",
"freaking", "Re", "tia") and runs names into the next word ("oyelowo specializes", "dr." on its own).
A PERSON from the model is kept when, after titles are stripped from its edges and ordinary lower-case
words from its end,

- it has two or more capitalised words, or
- its one word is a known given name, or
- a cue stands before it: a title, a greeting, "by", "name is", a relation ("my son"), or
- its one word is capitalised, is not a word that is never a name on its own (ethnonyms, forum words
  like "Re", "Answered") and does not read as a verb or adverb (-ed, -ing, -ly).

A lower-case word alone ("pitches", "freaking", "tia") needs the cue or the given name.

Names the model misses or that this gate drops are found by the rule recognizers (titles, relations,
greetings, sign-offs, given names), which see the same cues.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from ingest.deid.analyze.clinical_terms import STRONG_EPONYMS, WEAK_EPONYMS, words
from ingest.deid.analyze.recognizers.given_name import GIVEN_NAMES, WORD_NAMES
from ingest.deid.analyze.recognizers.titled_name import RELATIONS
from ingest.deid.analyze.routing import has_cjk

_TITLES = words("dr dr. doctor mr mr. mrs mrs. ms ms. miss mx prof prof. professor nurse sister rev rev.")
_TOKEN = re.compile(r"\S+")
_GIVEN = frozenset(name.casefold() for name in GIVEN_NAMES)
_CUE_BEFORE = re.compile(
    r"(?i:\b(?:dr|doctor|mr|mrs|ms|miss|prof|professor|nurse|hi|hello|hey|dear|by|named|called|name\s+is|"
    r"name's|i\s+am|i'm|im|this\s+is|thanks|thank\s+you|regards|cc|to|from|with|and|"
    rf"{'|'.join(sorted(RELATIONS, key=len, reverse=True))})\.?,?\s*)$"
)
# Capitalised words that are never a name on their own.
_NEVER = words(
    """re fwd fw answered asked question answer update edit thanks thank tia caucasian asian african hispanic
    latino latina white black european american british indian chinese jewish muslim christian catholic
    god jesus lord dear hi hello hey ok okay yes no please sorry lol omg btw fyi imo imho idk smh tbh
    doc docs mom mum dad grandma grandpa hubby bf gf dh dd ds mil fil sil office clinic practice team surgery
    staff hospital pharmacy nurse receptionist"""
)
_PLACE_BEFORE = re.compile(r"(?i:\b(?:near|around|outside|in)\s+)$")
_VERB_LIKE = re.compile(r"(?:..[^e]ed|...ing|....ly)$")
_VERB_S = re.compile(r"(?:[^aeiou]es|izes|ises)$")


def _key(word: str) -> str:
    return re.sub(r"['’]s$", "", word.strip(".,:;!?'’\"()")).casefold()


def known_given_name(word: str) -> bool:
    return _key(word) in _GIVEN


def ordinary(word: str, *, titled: bool = False) -> bool:
    """A word that is not a name: a stop word, a forum or ethnonym word, or (unless a known given name, or a
    capitalised word after a title: "Mr. Manning", "Dr. Fleming") a word shaped like a verb or adverb
    ("pitches", "specializes", "freaking", "treated", "Answered")."""
    key = _key(word)
    if key in _GIVEN:
        return False
    if key in _NEVER or key in STOP_WORDS or key in _TITLES:
        return True
    if titled and (word[:1].isupper() or key in STRONG_EPONYMS or key in WEAK_EPONYMS):
        return False  # "dr. graves" is a doctor, though "graves" has a verb's ending
    return _VERB_LIKE.search(key) is not None or (word[:1].islower() and _VERB_S.search(key) is not None)


# "dr parkinson" is a doctor as much as "Dr. Parkinson"; "MS" (multiple sclerosis) is no title, and a full word
# with a dot ends a sentence ("ask your doctor. Hashimoto's is …").
_TITLE_BEFORE = re.compile(r"(?:\b(?:(?i:dr|mr|mrs|prof)\.?|(?i:professor|doctor|nurse)|Ms\.?|Miss|Mx\.?)\s*)$")


def trim(text: str, start: int, end: int, *, name_slot: bool = False) -> tuple[int, int] | None:
    """A PERSON span without titles at its edges or ordinary words at its end; None when its first word is
    ordinary or nothing with a letter is left. Every PERSON passes this; Chinese spans pass unchanged. In a
    slot that holds a name (`name_slot`), a given name that is also a word ("will", "april") is a name."""
    if has_cjk(text[start:end]):
        return start, end
    if name_slot and _key(text[start:end]) in WORD_NAMES:
        return start, end
    tokens = [(m.start() + start, m.end() + start, m.group()) for m in _TOKEN.finditer(text[start:end])]
    titled = _TITLE_BEFORE.search(text[max(0, start - 12) : start]) is not None
    while tokens and _key(tokens[0][2]) in _TITLES:
        tokens.pop(0)
        titled = True
    while len(tokens) > 1 and ordinary(tokens[-1][2]):
        tokens.pop()
    if not tokens or ordinary(tokens[0][2], titled=titled) or not any(ch.isalpha() for _, _, w in tokens for ch in w):
        return None
    return tokens[0][0], tokens[-1][1]


def gate(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The part of a model's PERSON span that is a name, or None."""
    # The model runs a name on over a line break into what follows ("Noelle Martinsson\n    1593"): a name
    # ends with its line, and holds no number.
    line_end = text.find("\n", start, end)
    if line_end != -1:
        end = line_end
    while end > start and (text[end - 1].isspace() or text[end - 1].isdigit()):
        end -= 1
    if end <= start:
        return None
    span = trim(text, start, end)
    if span is None or has_cjk(text[start:end]):
        return span
    start, end = span
    tokens = [(m.start() + start, m.end() + start, m.group()) for m in _TOKEN.finditer(text[start:end])]
    # Trailing lower-case words after a capitalised one ("Oyelowo specializes", "Hamilton pls").
    while len(tokens) > 1 and tokens[0][2][:1].isupper() and tokens[-1][2][:1].islower():
        tokens.pop()
    start, end = tokens[0][0], tokens[-1][1]
    names = [word.strip(".,'’") for _, _, word in tokens]
    keys = [_key(name) for name in names]
    capitalised = [name for name in names if name[:1].isupper() and len(name) > 1 and name.casefold() not in STOP_WORDS]
    if len(capitalised) >= 2:
        return start, end
    if keys[0] in _GIVEN:
        return start, end
    if _PLACE_BEFORE.search(text[max(0, start - 20) : start]) and len(capitalised) < 2:
        return None
    if _CUE_BEFORE.search(text[max(0, start - 40) : start]) and (capitalised or len(keys) == 1):
        return start, end
    if len(capitalised) == 1 and len(names) == 1 and not names[0].isupper():
        return start, end
    return None
