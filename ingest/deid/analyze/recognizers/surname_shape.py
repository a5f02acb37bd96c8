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
_MARKED = r"ović|ević|vić|čić|ić|ová|ská|cká|dóttir|oğlu|ăescu"
# Endings English words do not have, but ASCII: capitalised words only, and words of 6 letters or more.
_PLAIN = (
    r"ovic|evic|sson|dottir|inen|onen|anen|änen|ainen|unen|önen|enen|escu|eanu|opoulos|poulos|akis|idis|"
    r"shvili|idze|adze|enko|chuk|czuk|czyk|czak|wski|wska|owski|owska|ewski|ewska|wicz|ovich|evich|oglu|"
    r"ov|ev|ova|eva|ski|ska|quez|guez|[aeiou][lnrdz]ez"
)
_WORD = rf"[{_UPPER}{_LOWER}][{_LOWER}'’-]*"
_CAPITALISED = re.compile(
    rf"(?<![\w'’-])(?:(?P<given>[{_UPPER}][{_LOWER}]+)\s+)?(?P<surname>[{_UPPER}][{_LOWER}'’-]*?(?:{_MARKED}|{_PLAIN}))"
    r"(?![\w-])"
)
_LOWER_CASE = re.compile(rf"(?<![\w'’-])(?P<surname>[{_LOWER}]{{2,}}(?:{_MARKED}))(?![\w-])")
_GATE = re.compile(rf"(?:{_MARKED}|{_PLAIN})\b", re.IGNORECASE)
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


class SurnameShapeRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [], language=language)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.entity not in entities or _GATE.search(text) is None:
            return []
        results = []
        for m in _CAPITALISED.finditer(text):
            surname = m.group("surname")
            marked = re.search(rf"(?:{_MARKED})$", surname) is not None
            if not _surname_ok(surname, plain=not marked):
                continue
            given = m.group("given")
            start = m.start("surname")
            # Every PERSON passes `person_gate.trim`, which drops a span whose first word reads as a verb
            # ("Hilding"): such a word stays out, the surname alone is found.
            if given and _given_ok(given):
                start = m.start("given")
            results.append(self.result(start, m.end("surname"), 0.6, "surname_ending"))
        for m in _LOWER_CASE.finditer(text):
            if _surname_ok(m.group("surname"), plain=False):
                results.append(self.result(m.start(), m.end(), 0.6, "surname_ending_lower"))
        return results


# Capitalised words that stand before a surname without being a given name.
_NOT_GIVEN = words(
    """the a an and or but mr mrs ms dr miss prof doctor nurse dear hi hello hey thanks by from with to for
    of in on at is was early late young old unlike like about after before ex"""
)
