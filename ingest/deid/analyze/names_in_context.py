"""Names found through the other detections of the same text.

- **Mentioned again.** A name found once is a name wherever else the text spells it: "Jouni Hahli" found
  by its shape makes "You can tell Jouni was a fan" a name too, and a poster's name found in a
  signature is found in the question's body. Each word of a PERSON detection (three letters or more,
  not an ordinary, clinical or place word) is looked for as a whole word; a capitalised word only where
  it is capitalised again, a lower-case one in any case. Chinese names of two characters or more are
  looked for as they are.
- **A name line in a contact block.** A line that holds only two to four capitalised words (initials
  allowed: "Julieta S Almeida", "Duqyaha Karataev"), after a field label or none ("Ship to: …"), is a
  name when an address, phone number or e-mail address is detected within the next few lines: a
  signature, an address label, a letterhead. Lines with a word of a company, a job or a place ("Labor
  Relations Director", "Acme Health Inc") are not.
- **Words of a handle.** Two or three words in a row whose words all occur in a detected e-mail address
  or user name ("leone mazzi" and leonemazzi@…).
- **A surname after a found given name.** The model often tags only the first of two capitalised words
  ("Ilse" of "Ilse Brandvold"); the capitalised word right after a PERSON is the surname unless it is an
  ordinary, clinical or place word, or one that follows names ("Hospital", "Thanks").
- **Lists.** The other items of a list of capitalised words one of whose items is a found name ("our
  founders: Monjeau, Doyle and Reed"), and the items of a lower-case list with two known given names.

Each runs once per text over its detections, in linear time: string searches for the found words, one
scan of the lines, lists of at most ten items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presidio_analyzer import RecognizerResult

from ingest.deid.analyze.clinical_terms import is_clinical_word, words
from ingest.deid.analyze.routing import has_cjk
from ingest.deid.analyze.spans import SpanIndex

ENTITY = "PERSON"
REPEATED = "RepeatedName"
SURNAME_AFTER = "SurnameAfterName"
NAME_LINE = "NameLine"
_SCORE = 0.6
_LETTERS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
# Detections that make a block of lines a contact block.
CONTACT_TYPES = frozenset({"STREET_ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "ZIP_CODE"})
# Lines after the name line that may hold the contact detail (a job title, a company, blank lines and
# field labels between them).
_LINES_AFTER = 6
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽΑ-Ω"
_LOWER = "a-zß-öø-ÿā-žα-ω"
_CAP = rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)?"
# A field label may open the line: "Billing address: Noelle Martinsson", "Ship to: …".
_NAME_LINE = re.compile(
    rf"^[ \t>*•-]*(?:[A-Za-z][A-Za-z ]{{0,24}}:[ \t]*)?(?P<value>{_CAP}(?:[ \t]+(?:[{_UPPER}]\.?|{_CAP})){{1,3}})"
    r"[ \t]*,?[ \t]*$",
    re.MULTILINE,
)


# Words of company names, job titles and places: a line holding one is not a person's name.
_NOT_NAME_LINE = words(
    """inc ltd llc plc corp corporation company co group gmbh ag sa bv holdings partners associates services
    solutions systems technologies international global bank foundation institute university college school
    hospital clinic center centre medical health healthcare pharmacy department dept office team support
    director manager officer engineer specialist assistant analyst consultant coordinator administrator
    technician nurse doctor physician surgeon therapist attendant supervisor executive president chief head
    lead senior junior associate clerk agent representative worker operator editor designer developer
    street road avenue lane drive way court place square suite apt apartment unit floor building box po
    north south east west city county state province republic kingdom united"""
)


def _metadata(name: str) -> dict[str, str]:
    return {RecognizerResult.RECOGNIZER_NAME_KEY: name, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: name}


def _name_word(word: str, *, titled: bool = False) -> bool:
    from ingest.deid.analyze.person_gate import ordinary
    from ingest.deid.analyze.recognizers.regions import is_region

    key = word.casefold()
    return len(word) >= 3 and not ordinary(word, titled=titled) and not is_clinical_word(key) and not is_region(word)


def _occurrences(text: str, word: str, *, whole_word: bool = True) -> list[tuple[int, int]]:
    """Where `word` occurs in `text` (as a whole word unless told otherwise): str.find, no regex to build."""
    spans = []
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        if not whole_word or (
            (start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_'’-"))
            and (end == len(text) or not (text[end].isalnum() or text[end] in "_-"))
        ):
            spans.append((start, end))
        start = text.find(word, end)
    return spans


def repeated_names(text: str, results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """PERSON results for the other places where a found name's words occur."""
    persons = [r for r in results if r.entity_type == ENTITY]
    if not persons:
        return []
    capitalised: set[str] = set()
    lower: set[str] = set()
    cjk: set[str] = set()
    for r in persons:
        span = text[r.start : r.end]
        if has_cjk(span):
            cjk.update(m.group() for m in _CJK_NAME.finditer(span) if m.group() == span)
            continue
        for word in _LETTERS.findall(span):
            if not _name_word(word):
                continue
            if word[:1].isupper():
                capitalised.add(word)
            else:
                lower.add(word.lower())
    found = [span for word in capitalised for span in _occurrences(text, word)]
    if lower:
        lowered = text.lower()
        if len(lowered) == len(text):  # offsets of the lower-cased copy are the text's
            found += [span for word in lower for span in _occurrences(lowered, word)]
    for name in cjk:
        found += _occurrences(text, name, whole_word=False)
    named = SpanIndex((r.start, r.end) for r in persons)
    return [
        RecognizerResult(ENTITY, start, end, _SCORE, recognition_metadata=_metadata(REPEATED))
        for start, end in found
        if not named.overlaps(start, end)
    ]


def name_lines(text: str, results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """PERSON results for lines of capitalised words next to a detected address, phone or e-mail."""
    contacts = [r for r in results if r.entity_type in CONTACT_TYPES]
    if not contacts or "\n" not in text:
        return []
    out = []
    for m in _NAME_LINE.finditer(text):
        start, end = m.span("value")
        if not all(_name_word(w, titled=True) or len(w) == 1 for w in _LETTERS.findall(m.group("value"))):
            continue
        if any(w.casefold() in _NOT_NAME_LINE for w in _LETTERS.findall(m.group("value"))):
            continue
        window_end = m.end()
        for _ in range(_LINES_AFTER):
            nxt = text.find("\n", window_end + 1)
            window_end = len(text) if nxt == -1 else nxt
        if any(m.end() < r.start < window_end for r in contacts):
            out.append(RecognizerResult(ENTITY, start, end, _SCORE, recognition_metadata=_metadata(NAME_LINE)))
    return out


_LOCAL_PART = re.compile(r"([^\s@<>()]+)@")
_MIN_JOINED = 6


def names_in_addresses(text: str, results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """PERSON results for two or three words in a row (a middle initial allowed) whose words all occur in
    one detected e-mail address or handle ("leone mazzi" and leonemazzi@…, "Julieta S Almeida" and
    JulietaSouzaAlmeida@…)."""
    handles = []
    for r in results:
        if r.entity_type not in ("EMAIL_ADDRESS", "USERNAME"):
            continue
        value = text[r.start : r.end]
        local = _LOCAL_PART.match(value)
        handle = (local.group(1) if local else value).casefold()
        handles.append("".join(ch for ch in handle if ch.isalpha()))
    handles = sorted({h for h in handles if len(h) >= _MIN_JOINED})
    if not handles:
        return []
    # One string to search, so a text with thousands of handles ("posted by …" repeated) stays linear.
    joined = "\x00".join(handles)
    tokens = list(_LETTERS.finditer(text))
    # Words of three letters or more that occur in a handle: a group must start and end with one.
    in_handle = [len(t.group()) > 2 and t.group().casefold() in joined for t in tokens]
    out = []
    position = 0
    for i, first in enumerate(tokens):
        if not in_handle[i] or first.start() < position:
            continue
        for size in (3, 2):
            group = tokens[i : i + size]
            gaps = (text[a.end() : b.start()] for a, b in zip(group, group[1:], strict=False))
            if len(group) < size or any(gap.strip(" \t.") for gap in gaps):
                continue
            names = [t.group() for t in group]
            full = [n.casefold() for n in names if len(n) > 1]
            if len(full) < 2 or len(names[0]) == 1 or len(names[-1]) == 1 or sum(map(len, full)) < _MIN_JOINED:
                continue
            if not all(n in joined for n in full) or not any(all(n in h for n in full) for h in handles):
                continue
            if not all(_name_word(n, titled=True) or len(n) == 1 for n in names):
                continue
            start, end = group[0].start(), group[-1].end()
            if any(r.start <= start and end <= r.end for r in results):
                continue
            out.append(RecognizerResult(ENTITY, start, end, _SCORE, recognition_metadata=_metadata(NAME_LINE)))
            position = end
            break
    return out


_ITEM = rf"{_CAP}(?:[ \t]+{_CAP})?"
# "Monjeau, Graves and Reed", "Marrero and Murphy": capitalised items joined by commas and a last "and"/"&".
# At most nine items before the last: a match never scans further than that from where it starts.
_LIST = re.compile(
    rf"(?<![\w'’-]){_ITEM}(?:[ \t]*,[ \t]*{_ITEM}){{0,8}}[ \t]*,?[ \t]+(?:and|&)[ \t]+{_ITEM}(?![\w'’-])"
)
_LIST_ITEM = re.compile(_ITEM)


_LOWER_ITEM = rf"[{_LOWER}][{_LOWER}'’-]+"
# "they had 6: silvana, adam, christopher, kristina, chad and caleb": three or more lower-case words.
_LOWER_LIST = re.compile(
    rf"(?<![\w'’-]){_LOWER_ITEM}(?:[ \t]*,[ \t]*{_LOWER_ITEM}){{1,8}}[ \t]*,?[ \t]+(?:and|&)[ \t]+"
    rf"{_LOWER_ITEM}(?![\w'’-])"
)
_LOWER_LIST_ITEM = re.compile(_LOWER_ITEM)
# Known given names a lower-case list needs before its items count as people.
_MIN_GIVEN_IN_LIST = 2


def _lower_lists(text: str) -> list[tuple[int, int]]:
    """Items of lower-case lists that hold at least two known given names and no ordinary or clinical word."""
    from ingest.deid.analyze.person_gate import known_given_name

    spans: list[tuple[int, int]] = []
    for m in _LOWER_LIST.finditer(text):
        items = [i for i in _LOWER_LIST_ITEM.finditer(text, m.start(), m.end()) if i.group() != "and"]
        if sum(known_given_name(i.group()) for i in items) < _MIN_GIVEN_IN_LIST:
            continue
        if all(known_given_name(i.group()) or _name_word(i.group()) for i in items):
            spans += [i.span() for i in items]
    return spans


def coordinated_names(text: str, results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """PERSON results for the other items of a list of capitalised words where one item is a found name:
    people are listed with people ("our 3 founders: Monjeau, Doyle and Reed"); and for the items of a
    lower-case list that holds two known given names or more."""
    if " and " not in text and "&" not in text:
        return []
    persons = [r for r in results if r.entity_type == ENTITY]
    index = SpanIndex((r.start, r.end) for r in persons)
    out = [
        RecognizerResult(ENTITY, start, end, _SCORE, recognition_metadata=_metadata(REPEATED))
        for start, end in (_lower_lists(text) if "," in text else ())
        if not index.overlaps(start, end)
    ]
    if not persons:
        return out
    for m in _LIST.finditer(text):
        items = [i for i in _LIST_ITEM.finditer(text, m.start(), m.end()) if i.group() not in ("and",)]
        named = [index.contains(i.start(), i.end()) for i in items]
        if not any(named) or all(named):
            continue
        for item, is_named in zip(items, named, strict=True):
            if is_named or index.overlaps(item.start(), item.end()):
                continue
            if all(_name_word(word) for word in _LETTERS.findall(item.group())):
                out.append(
                    RecognizerResult(ENTITY, item.start(), item.end(), _SCORE, recognition_metadata=_metadata(REPEATED))
                )
    return out


_NEXT_CAP = re.compile(rf"[ \t]+(?P<value>{_CAP})(?![\w'’-])")


def surnames_after_names(text: str, results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """A PERSON over a found one-word name and the capitalised word right after it ("Ilse" -> "Ilse Brandvold")."""
    from ingest.deid.analyze.recognizers.given_name import NOT_SURNAMES

    out = []
    for r in results:
        if r.entity_type != ENTITY or " " in text[r.start : r.end].strip() or has_cjk(text[r.start : r.end]):
            continue
        if not text[r.start : r.start + 1].isupper():
            continue
        nxt = _NEXT_CAP.match(text, r.end)
        if nxt is None:
            continue
        word = nxt.group("value")
        start, end = nxt.span("value")
        if word in NOT_SURNAMES or not _name_word(word) or any(o.start < end and start < o.end for o in results):
            continue
        out.append(RecognizerResult(ENTITY, r.start, end, _SCORE, recognition_metadata=_metadata(SURNAME_AFTER)))
    return out
