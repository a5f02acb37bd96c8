"""Surnames known by their ending: "Živković", "Ásgeirsdóttir", "Arvidsson", "Ryhänen", "Kowalski", "Usamov",
"Papadopoulos", "Popescu", "Bártová".

Many languages build family names with a few suffixes (Slavic -ović/-ić/-ski/-ová/-ov, Nordic
-sson/-dóttir, Finnish -nen, Romanian -escu, Greek -opoulos/-akis, Georgian -shvili/-dze, Spanish -ez
patronymics, Ukrainian -enko/-chuk, Turkish -oğlu). Almost no English word, drug or disease ends in them, so
a capitalised word with one is a surname wherever spaCy has not seen it; a capitalised word before it joins
it as the given name ("Edi Živković", "Hedvig Arvidsson"). Endings that English words share (-son, -sen,
-ian, -sky, -berg) are left out. Lower-case words count only with an ending no English word can have
(a diacritic: -ová, -ić, -dóttir).
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ingest.deid.analyze.clinical_terms import is_clinical_word, words
from ingest.deid.analyze.recognizers.regions import is_region
from ingest.deid.analyze.recognizers.rule import RuleRecognizer

ENTITY = "PERSON"

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOWER = "a-zß-öø-ÿā-ž"
# Endings with a diacritic: no English word has them, in any case.
_MARKED = tuple(sorted(words("ović ević vić čić ić ová ská cká dóttir oğlu ăescu")))
# Endings English words do not have, but ASCII: capitalised words only, and words of 6 letters or more; and the
# Spanish patronymic -ez after a vowel and l, n, r, d or z ("Martinez", "Alvarez", "Suarez").
_PLAIN = tuple(
    sorted(
        words(
            """ovic evic sson dottir inen onen anen änen ainen unen önen enen escu eanu opoulos poulos akis idis
            shvili idze adze enko chuk czuk czyk czak wski wska owski owska ewski ewska wicz ovich evich oglu ov ev
            ova eva ski ska quez guez"""
        )
    )
)
# Words as the regex engine finds them in one pass; endings are checked in Python (an alternation of endings
# tried at every position of the text cost more than all the rest of this recognizer).
_TOKEN = re.compile(rf"[{_UPPER}{_LOWER}][{_LOWER}'’-]*")
_GIVEN = re.compile(rf"[{_UPPER}][{_LOWER}]+")
_POSSESSIVE = re.compile(r"(?:['’]s?|[-'’])$")
_MIN_PLAIN = 6
# English words and common loanwords with such an ending.
_NOT_SURNAMES = words(
    """lesson lessons unless improv molotov chekhov geneva casanova supernova bossanova eva nova
    alaska nebraska ruski"""
)


def _surname_ok(word: str, *, plain: bool) -> bool:
    from ingest.deid.analyze.person_gate import ordinary

    key = word.casefold()
    if plain and len(word) < _MIN_PLAIN:
        return False
    return not (key in _NOT_SURNAMES or ordinary(word, titled=True) or is_clinical_word(key) or is_region(word))


def _given_ok(word: str) -> bool:
    from ingest.deid.analyze.person_gate import ordinary

    return _surname_ok(word, plain=False) and not ordinary(word) and word.casefold() not in _NOT_GIVEN


def _ending(key: str) -> str | None:
    """ "marked", "plain" or None: which kind of surname ending the lower-cased word `key` has."""
    if key.endswith(_MARKED):
        return "marked"
    if key.endswith(_PLAIN) or (len(key) >= 5 and key[-2:] == "ez" and key[-3] in "lnrdz" and key[-4] in "aeiou"):
        return "plain"
    return None


class SurnameShapeRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [], language=language)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.entity not in entities:
            return []
        results = []
        previous: re.Match[str] | None = None
        for token in _TOKEN.finditer(text):
            before, previous = previous, token
            start = token.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "_'’-"):
                continue
            word = _POSSESSIVE.sub("", token.group())
            kind = _ending(word.casefold()) if len(word) > 2 else None
            if kind is None:
                continue
            end = start + len(word)
            if end < len(text) and (text[end].isalnum() or text[end] in "_-"):
                continue
            if not word[0].isupper():
                if kind == "marked" and word.isalpha() and _surname_ok(word, plain=False):
                    results.append(self.result(start, end, 0.6, "surname_ending_lower"))
                continue
            if not word[1:].replace("'", "").replace("’", "").replace("-", "").islower():
                continue
            if not _surname_ok(word, plain=kind == "plain"):
                continue
            # Every PERSON passes `person_gate.trim`, which drops a span whose first word reads as a verb
            # ("Hilding"): such a word stays out, the surname alone is found.
            if (
                before is not None
                and not text[before.end() : start].strip()
                and _GIVEN.fullmatch(before.group())
                and not (before.start() and (text[before.start() - 1].isalnum() or text[before.start() - 1] in "_'’-"))
                and _given_ok(before.group())
            ):
                start = before.start()
            results.append(self.result(start, end, 0.6, "surname_ending"))
        return results


# Capitalised words that stand before a surname without being a given name.
_NOT_GIVEN = words(
    """the a an and or but mr mrs ms dr miss prof doctor nurse dear hi hello hey thanks by from with to for
    of in on at is was early late young old unlike like about after before ex"""
)
