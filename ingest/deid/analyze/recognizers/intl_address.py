"""Street addresses outside the US pattern, in any case.

- A street named with its type glued on or after it, then a house number: "Lindenweg 74", "Koskikatu 25",
  "Augsburger Strasse 36", "Magasinsgatan 7", "Wesselényi u. 94.", "Puruntie 82".
- A street type first, then its name and number: "calle del olmo 58, 9º dcha", "Rua João Pessoa 1636",
  "Vicolo Calcirelli 13", "29 Rue de Tanger".
- A house number, capitalised words and a number (the form generated addresses take): "6750 Koskikatu 25".
- A number, then a street type and its name, as French, Spanish and Portuguese write it: "31 Rue Al Imam Al
  Bakri", "36 rue de pologne"; Hungarian types after a name in any case: "Árpád fejedelem útja 3.".
- A unit: "Apt. 595", "Suite 632", "flat 5".
- After a cue ("lives at", "im at", "address:", "send it to"), a lower-case street: "1909 portage st",
  "2713 n magnolia rd apt 31", "flat 5, 61 abbey road", "unit 8/98 jacaranda st".

Each match runs on over what follows it on the address: units, capitalised place words, postcodes, up to a
lower-case word or sentence punctuation ("Puruntie 82 Apt. 595, ESPOO, Finland 87971").
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from ingest.deid.analyze.clinical_terms import is_clinical_word, words
from ingest.deid.analyze.recognizers.rule import RuleRecognizer

ENTITY = "STREET_ADDRESS"

_L = r"A-Za-zÀ-ÖØ-öø-ÿĀ-žΑ-Ωα-ωά-ώΆ-Ώ"
_UPPER = r"A-ZÀ-ÖØ-ÞĀ-ŽΑ-ΩΆ-Ώ"
_WORD = rf"[{_L}][{_L}'’.-]*"
_CAP_WORD = rf"[{_UPPER}][{_L}'’.-]*"
_NUMBER = r"\d{1,5}[A-Za-z]?(?![\d.,]\d)"
_SUFFIXES = (
    r"katu|tie|kuja|polku|kaari|tori|väylä|rinne|strasse|straße|str\.|gasse|weg|laan|straat|gracht|plein|"
    r"dreef|singel|kade|vej|gade|stræde|gata|gatan|vägen|väg|veien|vegen|vegur|straeti|stræti|utca|u\.|"
    r"ulica|ul\.|allee|platz|ring|damm|ufer|steig|pfad|markt|terrasse|torget|gränd|stig|centret"
)
_PREFIXES = (
    r"rue|rua|rúa|via|viale|vicolo|piazza|piazzale|corso|largo|calle|avenida|avda\.?|carrer|carretera|plaza|"
    r"paseo|camino|strada|travessa|praça|praca|alameda|chemin|boulevard|allée|impasse|quai|cours|ulica|ul\.|"
    r"aleja|al\.|avenue|rambla|ronda|travesía|vía|estrada|rodovia|cesta|trg|náměstí|namesti|leoforos|odos|"
    # Spanish and Catalan abbreviations of calle / carrer: "C/ Señores Curas 88".
    r"c/"
)
# Particles inside street names: "calle del olmo", "Rue de Tanger", "Rua Vinte e Cinco de Setembro".
_PARTICLES = words("de del dela la le les los las des do dos da das di della delle du van von der den dem e y i")
_GLUED = re.compile(
    rf"(?<![\w-])(?:{_CAP_WORD}\s+){{0,2}}[{_L}][{_L}'’-]*(?i:{_SUFFIXES})\s*{_NUMBER}(?![\w-])"
    rf"|(?<![\w-])(?:{_CAP_WORD}\s+){{1,2}}(?i:strasse|straße|str\.|gasse|weg|laan|straat|vej|gade|gata|gate|vei|"
    rf"veien|utca|út|útja|tér|körút|sor|u\.|ulica|allee|platz|terrasse|stræde)\s*{_NUMBER}(?![\w-])"
)
_STOP_WORD = r"(?i:on|at|in|to|of|the|and|from|by|near|off)"
# Hungarian street types are no English words: the street's name may be in lower case ("Árpád fejedelem útja 3.",
# "hegyalja út 98.").
_HUNGARIAN = re.compile(
    rf"(?<![\w-])(?:(?!{_STOP_WORD}\s){_WORD}\s+){{1,2}}(?i:út|útja|utca|körút|tér|fasor|rakpart)\s*{_NUMBER}(?![\w-])"
)
# The number first, as in French, Spanish or Portuguese: "846 31 Rue Al Imam Al Bakri", "48334 36 rue de
# pologne", "8116 56 rue La Boétie St."; the name runs to the end of the clause or line.
_NUMBER_FIRST_PREFIXES = (
    r"rue|rua|rúa|avenida|avda\.?|calle|carrer|boulevard|chemin|allée|impasse|quai|viale|vicolo|corso|largo|"
    r"travessa|praça|alameda|rambla|ulica|leoforos|odos"
)
_NUMBER_FIRST = re.compile(
    rf"(?<![\w.,/:-])(?:\d{{1,6}}[ \t]+)?\d{{1,5}}[A-Za-z]?,?[ \t]+(?i:{_NUMBER_FIRST_PREFIXES})[ \t]+"
    rf"(?:{_WORD}[ \t]+){{0,4}}?{_WORD}(?=[ \t]*(?:[,;!?)\n]|\.(?:\s|$)|$|[ \t](?:and|but|so|in|for|near|if)\b))"
)
_PREFIXED = re.compile(
    rf"(?<![\w-])(?:\d{{1,5}}\s+)?(?i:{_PREFIXES})\s+(?:{_WORD}\s+){{1,5}}?{_NUMBER}(?![\w-])"
    r"(?:,\s*\d{1,2}\s*[ºª°]\s*[A-Za-z]+)?"
)
_NUMBERED = re.compile(rf"(?<![\w.,/:-])\d{{2,6}}\s+(?:\d{{1,5}}\s+)?(?:{_CAP_WORD}\s+){{1,4}}{_NUMBER}(?![\w%/-])")
# "PSC 5420, Box 2708 / APO AA 33879", "USNS Møller / FPO AA 85844": US military mail.
_MILITARY = re.compile(
    rf"(?i:\b(?:(?:psc|unit|cmr)\s+\d{{3,5}},?\s+box\s+\d{{3,5}}|(?:usns|uss|usnv|uscgc|usav)\s+[{_L}'’-]+)"
    r"[\s,]+(?:apo|fpo|dpo)\s+(?:aa|ae|ap)\s+\d{5})"
)
# "the corner of Dalbraut 99 and Frederikke Coves": both streets.
# A street type's abbreviation may end the first street with a dot ("the corner of Nieuwe Baan 473 St. and Inna
# Loop St.").
_CORNER = re.compile(
    r"(?i:\bcorner\s+of)\s+(?P<value>(?:[^.,;!?\n]|\.(?=\s+and\s)){3,60}?\s+and\s+[^.,;!?\n]{3,40}?)"
    r"(?=\s*(?:[.,;!?\n]|$))"
)
# "is on Villacher Strasse 89", "lives on Joaquin Suarez 2906": capitalised words and a number after on/at.
_ON_STREET = re.compile(rf"\b(?:on|at|in)\s+(?P<value>(?:{_CAP_WORD}\s+){{1,3}}\d{{1,5}}[A-Za-z]?)(?![\w%/.,-]|\.\d)")
# Cheap checks that a text can hold a match at all (the full patterns try every position).
_SUFFIX_ENDINGS = tuple(_SUFFIXES.replace("\\", "").split("|")) + ("gate", "vei", "út", "útja", "tér", "sor")
# Searched in the lower-cased text (a case-insensitive alternation is many times slower).
_SUFFIX_BEFORE_NUMBER = re.compile("(?:" + "|".join(re.escape(s) for s in _SUFFIX_ENDINGS) + r")\s*\d")
_CUE_GATE = re.compile(r"liv|stay|mov|locat|based|\bi'?m at|\bim at|re at|am at|address|send|deliver|mail")
_PREFIX_WORDS = frozenset(p.rstrip("\\.?") for p in _PREFIXES.replace("\\", "").split("|"))
_WORDS = re.compile(r"[^\W\d_]+")
_NUMBERED_GATE = re.compile(rf"\d\s+(?:\d{{1,5}}\s+)?[{_UPPER}][{_L}'’.-]*\s")
_MILITARY_GATE = re.compile(r"(?i:\b[adf]po\s)")
_CORNER_GATE = re.compile(r"(?i:corner)")
_ON_STREET_GATE = re.compile(rf"\b(?:on|at|in)\s+[{_UPPER}][^\d\n]{{0,60}}\d")
_UNIT = re.compile(
    r"(?<![\w-])(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Room|Rm\.?|Bldg\.?)\s*#?\s*\d{1,5}[A-Za-z]?\b"
)
_CUE = re.compile(
    r"(?i:\b(?:lives?|living|lived|staying|stay|moved|move|moving|located|based)(?:\s+(?:with|wit|w/)\s*\w+)?\s+(?:at|to|on|in)|"
    r"\b(?:i'?m|im|we'?re|am|are)\s+at|\baddress(?:\s+is)?\s*[:：]?|\bsend\s+(?:it\s+|them\s+)?to|"
    r"\bdeliver(?:ed)?\s+to|\bmail(?:ed)?\s+(?:it\s+)?to)\s+"
)
_LOWER_STREET = re.compile(
    rf"(?:(?i:flat|apt|unit)\s*\d{{1,4}}[a-z]?(?:,?\s+|/))?\d{{1,6}}[a-z]?\s+(?:(?i:[nsew]|ne|nw|se|sw|north|south|east|west)"
    rf"\.?\s+)?(?:[{_L}][{_L}'’-]*\s+){{1,3}}(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|"
    r"court|ct|place|pl|way|terrace|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|crescent|close|row|"
    r"grove|gardens|mews|hill|green)\b\.?(?:\s*(?:(?i:apt|apartment|suite|unit|#)\.?\s*#?\s*[a-z0-9-]{1,6}))?"
)
_CLAUSE_END = r"(?=\s*(?:[,.;!?)]|$|\s(?:and|but|so|pls|please|thx|if|can|for|with|near|in)\b))"
_LOWER_INTL = re.compile(
    rf"[{_L}][{_L}'’-]*(?i:{_SUFFIXES})\s*{_NUMBER}|(?i:{_PREFIXES})\s+(?:{_WORD}\s+){{1,5}}?{_NUMBER}"
    r"(?:,\s*\d{1,2}\s*[ºª°]\s*[A-Za-z]+)?"
    # "44 rue des lilas": the number first, the street to the end of the clause.
    rf"|\d{{1,5}}[a-z]?,?\s+(?i:{_PREFIXES})\s+(?:{_WORD}\s+){{0,3}}?{_WORD}{_CLAUSE_END}"
)
# What may follow a street on the same address: a unit, a capitalised or upper-case place word, a postcode.
_TAIL = re.compile(
    rf"(?:[ \t]*[,\n>?/|]+[ \t\n>?,]*|[ \t]+)(?:(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|#)\s*#?\s*\d{{1,5}}[A-Za-z]?"
    rf"|[A-Z]{{1,2}}\d[A-Z\d]?\s?\d[A-Z]{{2}}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{{3,6}}(?:[ -]\d{{2,4}})?(?![\d.])"
    rf"|{_CAP_WORD}(?:[ \t]+(?:{_CAP_WORD}|\([{_L} ]+\)))*)"
)
_STREET_TYPES = words("st rd ct dr ave ln pl way apt ste unit flat cir sq pkwy hwy blvd")
_CALENDAR = words(
    """january february march april may june july august september october november december jan feb mar apr
    jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday"""
)
_NOT_PLACE_WORDS = words("I I'm Im The A An And But So If My Our Your Please Thanks Thank Mobile Desk Phone Email Tel")


def _words_ok(value: str) -> bool:
    """Not prose or a dose: no English function word outside street particles, no clinical word."""
    tokens = [t.strip(".,'’").casefold() for t in re.findall(rf"(?<![\w'’])[{_L}][{_L}'’.]*", value)]
    return not any(
        (t in STOP_WORDS and t not in _PARTICLES and t not in ("via", "rue"))
        or (is_clinical_word(t) and t not in _STREET_TYPES)
        or t in _CALENDAR
        for t in tokens
    ) and not re.search(r"(?i)\b\d+\s*(?:mg|mcg|ml|g|kg|mmol|iu|units?|tabs?|pills?|years?|yrs?|days?)\b", value)


class IntlAddressRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [], language=language)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.entity not in entities or not any(ch.isdigit() for ch in text):
            return []
        spans: list[tuple[int, int, str]] = []
        lowered = text.lower()
        glued = _SUFFIX_BEFORE_NUMBER.search(lowered) is not None
        prefixed = "c/" in lowered or not _PREFIX_WORDS.isdisjoint(_WORDS.findall(lowered))
        for rule, regex, wanted in (
            ("glued", _GLUED, glued),
            ("hungarian", _HUNGARIAN, glued),
            ("prefixed", _PREFIXED, prefixed),
            ("number_first", _NUMBER_FIRST, prefixed),
            ("numbered", _NUMBERED, _NUMBERED_GATE.search(text) is not None),
        ):
            if not wanted:
                continue
            for m in regex.finditer(text):
                if _words_ok(m.group()):
                    spans.append((*m.span(), rule))
        spans += [(*m.span(), "unit") for m in _UNIT.finditer(text)]
        if _MILITARY_GATE.search(text) is not None:
            spans += [(*m.span(), "military") for m in _MILITARY.finditer(text)]
        for rule, regex, gate in (("corner", _CORNER, _CORNER_GATE), ("on_street", _ON_STREET, _ON_STREET_GATE)):
            if gate.search(text) is None:
                continue
            for m in regex.finditer(text):
                if _words_ok(m.group("value")) or rule == "corner":
                    spans.append((*m.span("value"), rule))
        for cue in _CUE.finditer(text) if _CUE_GATE.search(lowered) else ():
            for regex in (_LOWER_STREET, _LOWER_INTL):
                street = regex.match(text, cue.end())
                if street is not None and _words_ok(street.group()):
                    spans.append((*street.span(), "after_cue"))
        return [self.result(start, extend_end(text, end), 0.7, rule) for start, end, rule in spans]


_LEADING_NUMBER = re.compile(r"(?<![\w.,/:-])\d{2,6}\s+$")


def extend_address(text: str, start: int, end: int) -> tuple[int, int]:
    """A street address with the building number before it ("17151 2450 Crown St") and what follows it on
    the address (units, place words, postcodes)."""
    lead = _LEADING_NUMBER.search(text, max(0, start - 8), start)
    return (lead.start() if lead else start), extend_end(text, end)


def extend_end(text: str, end: int) -> int:
    for _ in range(8):
        m = _TAIL.match(text, end)
        if m is None:
            break
        head = m.group().strip(" \t\n,>?/|")
        if head.split()[0].strip(".") in _NOT_PLACE_WORDS or is_clinical_word(head.split()[0].casefold()):
            break
        end = m.end()
    return end
