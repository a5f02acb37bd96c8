"""Names known by what is said of them: "Tomomi Nishiyama lives at …", "Enrico shouted at …", "add Edvard
Petrussen as a beneficiary", "her maiden name is Sandgreen", "it's under Elita B Desaulniers".

The English model misses names it has not seen, in any text. A capitalised name right before a verb said of
people, or right after a phrase that introduces a person, is a PERSON whatever its spelling. So is a
capitalised word, a middle initial and a capitalised word ("Szabina J Gelencsér"), and what follows a
label that asks for a name ("name: hyuuma t. maida", "What's your last name? Jónás"), the owner of a
post ("re: rose's question"), whose relative someone is ("roberto's daughter"), a lower-case speaker
opening a line of quoted dialogue, a poster introducing themself ("hi its april again") and a relative
named before their age ("my son will (17)").
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ingest.deid.analyze.clinical_terms import is_clinical_word, words
from ingest.deid.analyze.recognizers.given_name import WORD_NAMES
from ingest.deid.analyze.recognizers.regions import is_region
from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, accepted

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOWER = "a-zß-öø-ÿā-ž"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}][{_LOWER}]+)?"
_NAME = rf"(?P<value>{_WORD}(?:\s+(?:[{_UPPER}]\.?\s+)?{_WORD}){{0,2}})"
_PERSON_VERBS = (
    r"lives|lived|said|says|shouted|yelled|told|asked|wrote|replied|spent|had\s+given|has\s+given|was\s+born|"
    r"is\s+from|will\s+be\s+talking|is\s+very\s+reliable|called\s+me|texted|emailed|phoned|visited|married"
)
_BEFORE_VERB = re.compile(rf"(?<![\w'’-]){_NAME}(?=\s+(?:{_PERSON_VERBS})\b)")
_AFTER_PHRASE = re.compile(
    r"\b(?:add|adding|named|called|under|maiden\s+name\s+is|last\s+name\s+is|name\s+is|partner'?s\s+name|"
    r"change\s+it\s+to|shouted\s+at|given|calls\s+me|was\s+called)\s+" + _NAME
)


# "Szabina J Gelencsér", "Mohamed V. Arauš": a capitalised word, a middle initial and a capitalised word is the
# shape of a full name. "A" and "I" without a dot are words ("Will I Survive").
_INITIALLED = re.compile(rf"(?<![\w'’.-])(?P<value>{_WORD}\s+(?:[{_UPPER}]\.|[B-HJ-Z])\s+{_WORD})(?![\w'’-])")
# A name after a label that asks for one: "name:    hyuuma t. maida", "What's your last name? Jónás",
# "Directed By:    Johannes Varvio". Any case; the name runs to the end of the line or clause.
_ANY_WORD = rf"[{_UPPER}{_LOWER}][{_UPPER}{_LOWER}'’-]*"
_LABELLED = re.compile(
    r"(?i:\b(?:(?:full|first|last|given|family|patient'?s?|contact|sur|maiden)\s*)?name|\bdirected\s+by|"
    r"\bwritten\s+by|\bsigned\s+by|\battn|\battention)[ \t]*(?:[:?]|\s+is\b)[ \t]*"
    rf"(?P<value>{_ANY_WORD}(?:[ \t]+(?:[{_UPPER}{_LOWER}]\.?|{_ANY_WORD})){{0,3}})"
    r"(?=[ \t]*(?:$|\n|[,;!?)]|\.(?:\s|$)))"
)


# A determiner or ordinal before the owner makes it a role, not a name: "the first reviewer's answer".
_DETERMINERS = [
    "the",
    "a",
    "an",
    "my",
    "your",
    "his",
    "her",
    "its",
    "our",
    "their",
    "this",
    "that",
    "each",
    "every",
    "any",
    "another",
    "first",
    "second",
    "last",
    "other",
    "same",
    "previous",
    "next",
    "original",
    "one",
]
_NOT_AFTER_DETERMINER = "".join(rf"(?<!\b{w} )(?<!\b{w.capitalize()} )" for w in _DETERMINERS)
# "re: rose's question", "Colleen's post above": whose post, question or reply it is names a poster, in any case.
_POSTER = re.compile(
    rf"{_NOT_AFTER_DETERMINER}(?<![\w'’-])(?P<value>{_ANY_WORD})['’]s\s+"
    r"(?i:question|post|thread|reply|comment|answer|message|story)\b"
)


# "i'm roberto's daughter", "Anneli's husband called": whose relative someone is names a person, in any case.
_KIN_OF = re.compile(
    rf"{_NOT_AFTER_DETERMINER}(?<![\w'’-])(?P<value>{_ANY_WORD})['’]s\s+(?i:daughter|son|wife|husband|mother|mom|mum|father|dad|sister|"
    r"brother|grandmother|grandma|grandfather|grandpa|granddaughter|grandson|aunt|uncle|niece|nephew|cousin|"
    r"fianc[ée]e?|girlfriend|boyfriend|partner|widow|widower|kids?|children|baby)\b"
)
# "hi its april again", "this is Will here": a poster naming themself, in any case.
_SELF_INTRO = re.compile(rf"\b(?i:it'?s|it’s|it\s+is|this\s+is)\s+(?P<value>{_ANY_WORD})(?=\s+(?i:again|here)\b)")
_KIN = (
    r"\b(?i:my|our)\s+(?i:son|daughter|boy|girl|kid|child|husband|wife|partner|mom|mum|dad|mother|father|"
    r"brother|sister|grandson|granddaughter|grandmother|grandfather|nephew|niece)\s+"
)
# "my mom will lives at …", "my husband april was treated": a given name that is also a word, between a relative
# and a verb that cannot follow a modal or a month.
_KIN_VERB = re.compile(
    _KIN + rf"(?P<value>(?i:{'|'.join(sorted(WORD_NAMES))}))"
    r"(?=\s+(?:lives|lived|was|is|has|had|says|said|gets|got|takes|took|goes|went|needs|wants|works|called)\b)"
)
# "my son will (17) has …", "my daughter Pat, 7, …": a relative's name right before their age.
_KIN_AGE = re.compile(
    _KIN
    + rf"(?P<value>{_ANY_WORD})"
    + r"(?=\s*(?:\(\s*\d{1,2}\s*(?:y(?:rs?|ears?)?(?:\s*old)?|mo(?:nths?)?)?\s*\)|,\s*\d{1,2}\s*,))"
)
# A lower-case speaker opening a line of dialogue, a quotation after the colon: 'mika: "who are you?"'.
_LOWER_SPEAKER = re.compile(rf"(?:^|(?<=\n))[ \t]*(?P<value>[{_LOWER}][{_LOWER}'’-]{{2,}})[ \t]*:[ \t]*(?=[\"“])")


# "Halldór: What a wife." — a speaker's name opening a line of dialogue; and a vocative opening a request
# ("Aniela, can I please speak to …").
_SPEAKER = re.compile(rf"(?:^|(?<=\n))[ \t]*(?P<value>{_WORD})[ \t]*:[ \t]*(?=[\"“A-Z])")
_VOCATIVE = re.compile(
    rf"(?:^|(?<=\n))[ \t]*(?P<value>{_WORD}),[ \t]+(?=(?:can|could|would|will|please)\s+(?:you|i|we)\b)"
)
# Words that open a line as a label or a form field, not a speaker.
_LABELS = words(
    """note notes question answer update edit re subject title summary assessment plan diagnosis dx hpi history
    impression findings result results reason complaint medications medication meds allergies allergy vitals
    exam labs lab address name phone email date time dob age sex gender patient doctor nurse user assistant
    source sources warning important tip tips example step ps fyi bottom line conclusion background
    objective subjective comment comments reply response ok yes no thanks hello hi dear bot agent system
    customer client operator support admin moderator mod host guest caller"""
)


def _initialled_ok(value: str) -> bool:
    from ingest.deid.analyze.person_gate import ordinary

    first, *_, last = value.split()
    return all(
        not ordinary(part, titled=True) and not is_clinical_word(part.casefold()) and not is_region(part)
        for part in (first, last)
    )


def _labelled_ok(value: str) -> bool:
    from ingest.deid.analyze.person_gate import ordinary

    parts = [part.strip(".") for part in value.split()]
    return parts[0].casefold() not in _LABELS and not any(
        len(part) > 1 and (ordinary(part, titled=True) or is_clinical_word(part.casefold()) or is_region(part))
        for part in parts
    )


def _kin_of_ok(value: str) -> bool:
    from ingest.deid.analyze.recognizers.titled_name import RELATIONS

    return value.casefold() not in RELATIONS and _labelled_ok(value)


def _given(value: str) -> bool:
    from ingest.deid.analyze.person_gate import known_given_name

    return value.casefold() in WORD_NAMES or known_given_name(value)


def _slot_name_ok(value: str) -> bool:
    """A word in a slot that holds a name: a given name (also one that is a word: "will"), or a word that is not
    ordinary, clinical or a place."""
    return _given(value) or (len(value) > 2 and _plausible(value) and value.casefold() not in _LABELS)


def _self_intro_ok(value: str) -> bool:
    """ "its april again", "it's Ilse here"; not "it's bad again": a lower-case word must be a given name."""
    return _given(value) or (value[:1].isupper() and _slot_name_ok(value))


def _speaker_ok(value: str) -> bool:
    return value.casefold() not in _LABELS and _plausible(value)


def _plausible(value: str) -> bool:
    from ingest.deid.analyze.person_gate import ordinary  # the gate imports the recognizers

    parts = value.split()
    return not is_region(value) and not any(
        ordinary(part) or is_clinical_word(part.casefold()) or is_region(part) for part in parts if len(part) > 2
    )


class ContextNameRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [
            Rule("before_verb", _BEFORE_VERB, 0.65, validate=_plausible),
            Rule("after_phrase", _AFTER_PHRASE, 0.65, validate=_plausible),
            Rule("speaker", _SPEAKER, 0.6, validate=_speaker_ok),
            Rule("vocative", _VOCATIVE, 0.6, validate=_speaker_ok),
            Rule("initialled", _INITIALLED, 0.6, validate=_initialled_ok),
            Rule("labelled", _LABELLED, 0.65, validate=_labelled_ok),
            Rule("poster", _POSTER, 0.6, validate=_labelled_ok),
            Rule("kin_of", _KIN_OF, 0.6, validate=_kin_of_ok),
            Rule("lower_speaker", _LOWER_SPEAKER, 0.6, validate=_speaker_ok),
            Rule("self_intro", _SELF_INTRO, 0.6, validate=_self_intro_ok),
            Rule("kin_age", _KIN_AGE, 0.6, validate=_slot_name_ok),
            Rule("kin_verb", _KIN_VERB, 0.6),
        ]
        super().__init__("PERSON", rules, language=language)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.entity not in entities:
            return []
        lowered = text.lower()
        possessive = "'s " in text or "’s " in text
        wanted = {
            "before_verb": _GATE.search(text) is not None,
            "after_phrase": _GATE.search(text) is not None,
            "speaker": ":" in text,
            "vocative": "," in text,
            "initialled": _INITIAL_GATE.search(text) is not None,
            "labelled": "name" in lowered or " by" in lowered or "att" in lowered,
            "poster": possessive,
            "kin_of": possessive,
            "lower_speaker": ":" in text and ('"' in text or "“" in text),
            "self_intro": "again" in lowered or "here" in lowered,
            "kin_age": "my " in lowered or "our " in lowered,
            "kin_verb": "my " in lowered or "our " in lowered,
        }
        return [
            self.result(start, end, rule.score, rule.name)
            for rule in self.rules
            if wanted[rule.name]
            for start, end in accepted(rule, text)
        ]


_INITIAL_GATE = re.compile(r"\s[A-Z]\.?\s")
_GATE = re.compile(
    r"\b(?:lives|lived|said|says|shouted|yelled|told|asked|wrote|replied|spent|given|born|from|talking|reliable|"
    r"called|texted|emailed|phoned|visited|married|add|adding|named|under|name|change|calls)\b"
)
