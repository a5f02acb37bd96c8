"""The two Presidio analyzers: English NER plus patterns, and patterns alone (Chinese and mixed text)."""

from __future__ import annotations

from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NoOpNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from ingest.deid.context_enhancer import IndexedContextEnhancer
from ingest.deid.recognizers import pattern_recognizers
from ingest.deid.spacy_engine import LANGUAGE as NER_LANGUAGE
from ingest.deid.spacy_engine import OfflineSpacyNlpEngine

# Presidio needs a language code per analyzer; "xx" (spaCy's code for "any language") names the
# pattern-only analyzer, which serves Chinese and mixed-script text alike.
PATTERN_LANGUAGE = "xx"
NER_ENTITIES = ["PERSON", "LOCATION", "DATE_TIME"]
# Presidio's weak patterns (any 9 digits as a passport, 0.05) only pass with context words nearby.
SCORE_THRESHOLD = 0.4


@dataclass(frozen=True)
class Engines:
    ner: AnalyzerEngine
    patterns: AnalyzerEngine

    @property
    def spacy(self) -> OfflineSpacyNlpEngine:
        engine = self.ner.nlp_engine
        assert isinstance(engine, OfflineSpacyNlpEngine)
        return engine


def build_engines() -> Engines:
    nlp_engine = OfflineSpacyNlpEngine()
    nlp_engine.load()
    ner_registry = RecognizerRegistry(
        recognizers=[
            SpacyRecognizer(supported_language=NER_LANGUAGE, supported_entities=NER_ENTITIES),
            *pattern_recognizers(NER_LANGUAGE),
        ],
        supported_languages=[NER_LANGUAGE],
    )
    ner = AnalyzerEngine(
        registry=ner_registry,
        nlp_engine=nlp_engine,
        supported_languages=[NER_LANGUAGE],
        default_score_threshold=SCORE_THRESHOLD,
        context_aware_enhancer=IndexedContextEnhancer(),
    )

    no_op = NoOpNlpEngine(models=[{"lang_code": PATTERN_LANGUAGE, "model_name": "no_op"}])
    no_op.load()
    patterns = AnalyzerEngine(
        registry=RecognizerRegistry(
            recognizers=pattern_recognizers(PATTERN_LANGUAGE), supported_languages=[PATTERN_LANGUAGE]
        ),
        nlp_engine=no_op,
        supported_languages=[PATTERN_LANGUAGE],
        default_score_threshold=SCORE_THRESHOLD,
    )
    return Engines(ner=ner, patterns=patterns)
