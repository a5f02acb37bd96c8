"""English names recognised by what surrounds them.

Before: a title ("Dr. Chen", "dr. chen's"), a relation ("my daughter Emily"), an introduction ("my name
is John Smith", "Pt Ana Lopez"), a signature dash ("- Kenji Ramaswamy"). After: a credential or role
("Helena Ferreira, PharmD", "Ana Lopez, clinical pharmacist"), an age ("Ana Lopez, 61y"), "here"
("Ana Lopez here."). Only the name is the value, so the title or relation stays readable. spaCy's NER
finds many of these too; the rules catch the ones it misses in short, informal or mixed-language text.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from ingest.deid.analyze.clinical_terms import EPONYM_FOLLOWERS, STRONG_EPONYMS, WEAK_EPONYMS, is_clinical_word, words
from ingest.deid.analyze.fuzzy import FuzzyWords
from ingest.deid.analyze.recognizers.given_name import MODAL_NAMES, WORD_NAMES
from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer, cue_in

ENTITY = "PERSON"

# Possessive quantifiers: a name word never ends inside a longer word ("Chen's" gives "Chen").
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOWER = "a-zß-öø-ÿā-ž"
# "Chen", "Ana-Maria", "O'Neil", "McAllister", "DeAngelo".
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]*+(?:[-'’]?[{_UPPER}][{_LOWER}]++)?"
_NAME = rf"(?P<value>{_NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?{_NAME_WORD}){{0,2}})"
# "MS" (multiple sclerosis, MS Contin) must not read as a title, so Ms/Miss/Mx stay case-sensitive.
# A full word with a dot ends a sentence: "ask your doctor. Blocked tubes …" has no title.
_TITLE = (
    r"\b(?:(?i:dr|drs|mr|mrs|messrs|prof)\.?|(?i:doctor|professor|nurse)(?!\.)|Ms\.?|Miss|Mx\.?|Sister|Rev\.?|"
    r"Reverend|Judge)\s*"
)
RELATIONS = words(
    """daughter son wife husband partner spouse mother mom mum mommy father dad daddy sister brother
    grandmother grandma granny grandfather grandpa grandson granddaughter grandchild aunt auntie uncle niece
    nephew cousin friend neighbor neighbour boyfriend girlfriend fiance fiancee fiancé fiancée caregiver
    carer roommate child kid baby doctor physician nurse therapist pediatrician paediatrician gp
    cardiologist oncologist neurologist surgeon dentist pharmacist psychiatrist counselor midwife"""
)
# Relatives also named without "my": "grandpa Declan fell again".
BARE_RELATIONS = words("grandmother grandma granny grandfather grandpa nana aunt auntie uncle cousin")
_RELATIONS = FuzzyWords(RELATIONS)
_BARE_RELATIONS = FuzzyWords(BARE_RELATIONS)
_relation = cue_in(_RELATIONS)
_bare = cue_in(_BARE_RELATIONS)
# The relation word is the `cue` group, matched with one typo allowed ("my dauhter Emily").
_RELATION = (
    r"\b(?i:my|our|his|her|their|the\s+patient'?s|patient'?s|pt'?s)\s+"
    r"(?i:(?:late|little|older|younger|elder|big|baby|step|twin|ex)[\s-]?)?"
    rf"(?P<cue>{_RELATIONS.pattern()})\b"
    r"\s*,?\s+(?:(?i:is|was|named|called)\s+)?"
)
_BARE_RELATION = rf"\b(?P<cue>{_BARE_RELATIONS.pattern()})\s+"
_INTRO = (
    r"(?:\b(?i:my\s+name\s+is|my\s+name'?s|i\s+am|i'?m|this\s+is|call\s+me|named|called|"
    r"name\s*:|patient\s*:?|pt\.?\s*:?|re\s*:|(?:hi|hello|hey)[\s,!]+(?:it'?s|its|it\s+is)|patient\s+name\s*:?|signed\s*,?|regards\s*,|thanks\s*,|"
    r"sincerely\s*,|seen\s+by|referred\s+by|answered\s+by|reviewed\s+by|attending|on\s+behalf\s+of)\s*)"
)
# "this is", "i am" and "i'm" introduce a name only after a greeting ("hi, this is jane") or where a line opens:
# elsewhere they introduce anything ("… your doctor. this is general information").
_INTRO_LOWER = (
    r"(?:\b(?:my\s+name\s+is|my\s+name'?s|call\s+me|(?:dr|doctor|nurse)\.?|answered\s+by|"
    r"(?:hi|hello|hey)[\s,!]+(?:it'?s|its|it\s+is))"
    r"|\b(?:hi|hello|hey)[\s,!]+(?:this\s+is|i\s+am|i'?m)|(?:^|(?<=\n))[ \t]*(?:this\s+is|i\s+am|i'?m))\s+"
)
_TITLE_LOWER = r"\b(?i:dr|doctor|nurse)\.?\s+"
# "ok so thandiwe here", "hi, linnea here": a lower-case name announcing itself at the start of a clause.
_LOWER_HERE = (
    r"(?:^|(?<=[.!?,;:]\s)|(?<=\n)|\b(?:hi|hey|hello|ok|okay|so)[\s,]+)"
    r"(?P<value>[a-z][a-z'’-]{2,}(?:\s+[a-z][a-z'’-]{2,})?)(?=\s+here\b)"
)
_DASH = r"(?:^|(?<=\s))[-–—]{1,2}\s*"
# "tobias novak, rn" signing a line: a lower-case given name and surname before a credential.
_CREDENTIAL_LOWER = (
    r"(?:^|(?<=\n)|(?<=[.!?] ))[ \t]*(?:--?|—)?[ \t]*(?P<value>[a-z][a-z'’-]{2,}\s+[a-z][a-z'’-]{2,}),?[ \t]+"
    r"(?i:md|rn|np|do|pa-c|pharmd|rph|lpn|aprn|fnp|dds|mbbs)[ \t]*(?=\n|$)"
)
_CREDENTIAL = (
    r"(?=\s*,?\s+(?:MD|M\.D\.|DO|RN|NP|PA-C|PA|PharmD|RPh|PhD|DDS|DMD|LPN|APRN|FNP|CNP|MSN|BSN|MBBS|FRCP)\b"
    r"|\s*,\s*(?i:(?:clinical\s+|consultant\s+|staff\s+|charge\s+|head\s+)?(?:pharmacist|nurse|physician|"
    r"doctor|surgeon|resident|attending|gp|therapist|dietitian|midwife)\b))"
)
_AGE = (
    r"(?=\s*,\s*\d{1,3}\s*(?:y|yo|y/o|yrs?|years?\s+old|-year-old|[MF])\b"
    r"|\s*\(\s*\d{1,3}\s*(?:y|yo|y/o|yrs?|[MF])?\s*\))"
)
_HERE = r"(?=\s+here\b)"
_SENTENCE_START = r"(?:^|(?<=[.!?]\s)|(?<=\n))"
# Capitalised words that follow a title or relation without being a name.
_NOT_NAMES = words(
    """the a an and or but is was has had have he she it they we i you this that who which when where what
    how why if so then there here not no yes also just only now today yesterday tomorrow monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july august september
    october november december er icu ok please thanks thank hi hello dear sir madam doctor nurse google"""
)


# Lower-case words after a relation that are not names ("my son has", "my wife is").
_NOT_LOWER_NAMES = _NOT_NAMES | words(
    """has had have is was were be been being got gets keeps kept said says told tells will would can could
    cant can't doesnt doesn't didnt didn't wont won't just still always never too hes he's shes she's drove
    took takes thinks wants needs also and with who whose had been started stopped went goes came comes feels
    felt called asked says again usually sometimes does did to for at in on of by from as about because since
    who's gave gives helps helped brought brings works lives died passed fell falls appointment appointments
    appt office offices visit visits practitioner practitioners line hotline assistant aide station note notes
    advice ordered prescribed recommended suggested wants wanted thinks thought referral referred orders"""
)
_LOWER_WORD = r"[a-z][a-z'’-]{2,}"
# A second lower-case word belongs to the name unless it is a common word ("my son wren both had").
_COMMON = "|".join(re.escape(word) for word in sorted(_NOT_LOWER_NAMES | STOP_WORDS, key=len, reverse=True))
_LOWER_NAME = rf"(?P<value>{_LOWER_WORD}(?:\s+(?!(?:{_COMMON})\b){_LOWER_WORD})?)"


def _plausible_name(value: str) -> bool:
    return value.split()[0].casefold() not in _NOT_NAMES


def _plausible_lower_name(value: str) -> bool:
    return not any(word in _NOT_LOWER_NAMES or word in STOP_WORDS or is_clinical_word(word) for word in value.split())


_EPONYMS = STRONG_EPONYMS | WEAK_EPONYMS


def _given_then_surname(value: str) -> bool:
    """ "dr nina graves": a known given name, then a surname (an eponym allowed)."""
    from ingest.deid.analyze.person_gate import known_given_name

    given, surname = value.split()
    return known_given_name(given) and _plausible_titled_lower_name(surname)


def _plausible_titled_lower_name(value: str) -> bool:
    """After "dr."/"nurse" an eponym is the doctor's name ("dr. graves", "dr. parkinson"), and so is a given name
    that is also a word, unless a modal ("nurse april", not "dr will see you"); a drug is not."""
    return not any(
        (word in _NOT_LOWER_NAMES and word not in WORD_NAMES - MODAL_NAMES)
        or word in STOP_WORDS
        or (is_clinical_word(word) and not {word, re.sub(r"['’]s?$", "", word)} & _EPONYMS)  # "graves", "bell's"
        for word in value.split()
    )


def _not_a_disease(match: re.Match[str]) -> bool:
    """ "my dr graves' disease": an eponym followed by what it names is the disease, not the doctor."""
    return EPONYM_FOLLOWERS.match(match.string[match.end("value") : match.end("value") + 40]) is None


class TitledNameRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        rules = [
            Rule("title", re.compile(_TITLE + _NAME), 0.8, validate=_plausible_name),
            Rule("relation", re.compile(_RELATION + _NAME), 0.75, validate=_plausible_name, check=_relation),
            Rule(
                "relation_lower",
                re.compile(_RELATION + _LOWER_NAME),
                0.6,
                validate=_plausible_lower_name,
                check=_relation,
            ),
            Rule("bare_relation", re.compile(_BARE_RELATION + _NAME), 0.7, validate=_plausible_name, check=_bare),
            Rule(
                "bare_relation_lower",
                re.compile(_BARE_RELATION + _LOWER_NAME),
                0.6,
                validate=_plausible_lower_name,
                check=_bare,
            ),
            Rule("intro_lower", re.compile(_INTRO_LOWER + _LOWER_NAME), 0.6, validate=_plausible_lower_name),
            Rule(
                "title_lower_full",
                re.compile(_TITLE_LOWER + rf"(?P<value>{_LOWER_WORD}\s+{_LOWER_WORD})\b"),
                0.6,
                validate=_given_then_surname,
            ),
            Rule(
                "title_lower",
                re.compile(_TITLE_LOWER + rf"(?P<value>{_LOWER_WORD})\b"),
                0.6,
                validate=_plausible_titled_lower_name,
                check=_not_a_disease,
            ),
            Rule("here_lower", re.compile(_LOWER_HERE), 0.6, validate=_plausible_lower_name, needs="here"),
            Rule("introduction", re.compile(_INTRO + _NAME), 0.7, validate=_plausible_name),
            Rule("signature", re.compile(_DASH + _NAME), 0.7, validate=_plausible_name),
            Rule("credential", re.compile(r"\b" + _NAME + _CREDENTIAL), 0.75, validate=_plausible_name),
            Rule("credential_lower", re.compile(_CREDENTIAL_LOWER), 0.6, validate=_plausible_titled_lower_name),
            Rule("age", re.compile(r"\b" + _NAME + _AGE), 0.7, validate=_plausible_name),
            Rule("here", re.compile(_SENTENCE_START + _NAME + _HERE), 0.7, validate=_plausible_name, needs="here"),
        ]
        super().__init__(ENTITY, rules, language=language)
