"""The two analyzers: English NER plus patterns, and patterns alone (Chinese and mixed text)."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.deid.analyze.analysis import Analyzer
from ingest.deid.analyze.recognizers import pattern_recognizers
from ingest.deid.analyze.spacy_engine import LANGUAGE as NER_LANGUAGE
from ingest.deid.analyze.spacy_engine import OfflineSpacyNlpEngine

# Recognizers are registered under a language code; "xx" (spaCy's code for "any language") names the
# pattern-only analyzer, which serves Chinese and mixed-script text alike.
PATTERN_LANGUAGE = "xx"
NER_ENTITIES = ("PERSON", "LOCATION", "DATE_TIME")
# Presidio's weak patterns (any 9 digits as a passport, 0.05) only pass with context words nearby.
SCORE_THRESHOLD = 0.4


@dataclass(frozen=True)
class Engines:
    ner: Analyzer
    patterns: Analyzer
    spacy: OfflineSpacyNlpEngine


def build_engines() -> Engines:
    nlp_engine = OfflineSpacyNlpEngine()
    nlp_engine.load()
    ner = Analyzer(pattern_recognizers(NER_LANGUAGE), SCORE_THRESHOLD)
    patterns = Analyzer(pattern_recognizers(PATTERN_LANGUAGE), SCORE_THRESHOLD)
    return Engines(ner=ner, patterns=patterns, spacy=nlp_engine)
