"""Vanilla Presidio, the baseline: default recognizers, the same offline spaCy model, one text at a time.

The full pipeline of the model is loaded (tagger, parser and lemmatizer included), as Presidio's
default configuration does, so that its context enhancer works as designed.
"""

from __future__ import annotations

from collections.abc import Sequence

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from ingest.deid.analyze.spacy_engine import LANGUAGE, model_path
from ingest.deid.log_guard import guard_presidio_logs
from ingest.deid.model import Entity


def vanilla_analyzer() -> AnalyzerEngine:
    guard_presidio_logs()
    nlp_engine = SpacyNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": str(model_path())}])
    nlp_engine.load()
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=[LANGUAGE])


def vanilla_detect(analyzer: AnalyzerEngine, texts: Sequence[str]) -> list[list[Entity]]:
    """`AnalyzerEngine.analyze` on each text in turn (vanilla Presidio has no Chinese: English for all)."""
    return [
        [Entity(r.entity_type, r.start, r.end, r.score) for r in analyzer.analyze(text, language=LANGUAGE)]
        for text in texts
    ]
