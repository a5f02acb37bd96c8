"""What clinicians taught: one logistic regression per language over the signal's text (word and
character TF-IDF; Chinese words segmented with jieba) and the rule evidence (which rule fired, each
cause's rule score), trained on confirmed (event, cause) pairs. Deterministic (fixed seed, lbfgs)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

SEED = 13
MIN_EXAMPLES = 10  # fewer confirmations than this in a language: no classifier for it


@lru_cache(maxsize=65536)
def _segmented(text: str) -> tuple[str, ...]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return tuple(w for w in jieba.lcut(text) if w.strip())


def _jieba_words(text: str) -> list[str]:
    # Cached: refits (cross-validation, retraining on new confirmations) segment each text once.
    return list(_segmented(text))


def _text_vectorizers(language: str) -> list[TfidfVectorizer]:
    if language == "zh":
        return [
            TfidfVectorizer(
                tokenizer=_jieba_words, token_pattern=None, lowercase=True, ngram_range=(1, 2), sublinear_tf=True
            ),
            TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, max_features=60000),
        ]
    return [
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, max_features=60000),
    ]


class LanguageClassifier:
    """One language's model; `classes_` are cause ids seen in training."""

    def __init__(self, language: str, evidence_weight: float = 1.0, c: float = 8.0) -> None:
        self.language = language
        self.evidence_weight = evidence_weight
        self.c = c
        self._text = _text_vectorizers(language)
        self._evidence = DictVectorizer()
        self._model = LogisticRegression(C=c, max_iter=3000, random_state=SEED)
        self.classes_: list[str] = []
        self.n_examples = 0

    def _matrix(self, texts: Sequence[str], evidence: Sequence[dict[str, float]], fit: bool) -> Any:
        parts = [(v.fit_transform(texts) if fit else v.transform(texts)) for v in self._text]
        ev = self._evidence.fit_transform(evidence) if fit else self._evidence.transform(evidence)
        return sparse.hstack(parts + [ev * self.evidence_weight]).tocsr()

    def fit(
        self, texts: Sequence[str], evidence: Sequence[dict[str, float]], labels: Sequence[str]
    ) -> LanguageClassifier:
        matrix = self._matrix(texts, evidence, fit=True)
        # One BLAS thread: on these small sparse problems threads cost more than they give (measured 5x).
        with threadpool_limits(limits=1):
            self._model.fit(matrix, list(labels))
        self.classes_ = [str(c) for c in self._model.classes_]
        self.n_examples = len(labels)
        return self

    def predict_proba(self, texts: Sequence[str], evidence: Sequence[dict[str, float]]) -> np.ndarray:
        matrix = self._matrix(texts, evidence, fit=False)
        with threadpool_limits(limits=1):
            return np.asarray(self._model.predict_proba(matrix))


class SingleClass:
    """Stands in while a language's confirmations name one cause only (a regression cannot fit)."""

    def __init__(self, cause_id: str, n_examples: int) -> None:
        self.classes_ = [cause_id]
        self.n_examples = n_examples

    def predict_proba(self, texts: Sequence[str], evidence: Sequence[dict[str, float]]) -> np.ndarray:
        return np.ones((len(texts), 1))


def train(
    language: str, texts: Sequence[str], evidence: Sequence[dict[str, float]], labels: Sequence[str]
) -> LanguageClassifier | SingleClass | None:
    """A classifier for one language, or None with fewer than `MIN_EXAMPLES` confirmations."""
    if len(labels) < MIN_EXAMPLES:
        return None
    if len(set(labels)) == 1:
        return SingleClass(labels[0], len(labels))
    return LanguageClassifier(language).fit(texts, evidence, labels)
