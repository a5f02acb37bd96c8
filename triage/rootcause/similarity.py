"""Zero-shot similarity of a signal to each cause's taxonomy examples, in the signal's language.

`ExampleSimilarity` is lexical (character n-gram TF-IDF, no model to load: the default inside the
analyzer). `EmbeddingSimilarity` takes any `embed(texts) -> unit-norm vectors` function (MiniLM for
English, a multilingual model for Chinese) and is what the benchmark's zero-shot baseline uses.
Both return an (n, causes) array of scores in [0, 1] and, via `distribution`, rows that sum to 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from triage.rootcause.taxonomy import Taxonomy

Embed = Callable[[list[str]], np.ndarray]


def _references(taxonomy: Taxonomy, language: str) -> tuple[list[str], np.ndarray]:
    """Each cause's examples in `language` (and, in English, its definition), with the cause index of each."""
    texts: list[str] = []
    owners: list[int] = []
    for index, cause in enumerate(taxonomy.causes):
        references = list(cause.examples(language)) + ([cause.definition] if language == "en" else [])
        texts += references
        owners += [index] * len(references)
    return texts, np.asarray(owners)


def _per_cause(similarity: np.ndarray, owners: np.ndarray, n_causes: int) -> np.ndarray:
    """Per cause: the mean of its best match and its mean match (one lucky example is not enough)."""
    out = np.zeros((similarity.shape[0], n_causes), dtype=np.float64)
    for index in range(n_causes):
        columns = similarity[:, owners == index]
        out[:, index] = 0.5 * columns.max(axis=1) + 0.5 * columns.mean(axis=1)
    return np.clip(out, 0.0, 1.0)


def distribution(scores: np.ndarray, temperature: float = 0.05) -> np.ndarray:
    """Softmax of similarity scores: rows summing to 1."""
    if scores.size == 0:
        return scores
    z = (scores - scores.max(axis=1, keepdims=True)) / temperature
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class ExampleSimilarity:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._fitted: dict[str, tuple[TfidfVectorizer, object, np.ndarray]] = {}

    def _fit(self, language: str) -> tuple[TfidfVectorizer, object, np.ndarray]:
        if language not in self._fitted:
            texts, owners = _references(self.taxonomy, language)
            if language == "zh":
                vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
            else:
                vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=True)
            matrix = vectorizer.fit_transform(texts)
            self._fitted[language] = (vectorizer, matrix, owners)
        return self._fitted[language]

    def scores(self, texts: Sequence[str], language: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.taxonomy.causes)))
        vectorizer, matrix, owners = self._fit(language)
        similarity = (vectorizer.transform(list(texts)) @ matrix.T).toarray()  # type: ignore[attr-defined]
        return _per_cause(similarity, owners, len(self.taxonomy.causes))


class EmbeddingSimilarity:
    """Cosine similarity of sentence embeddings to the taxonomy's examples; `embedders` per language."""

    def __init__(
        self, taxonomy: Taxonomy, embedders: dict[str, Embed], query_prefix: dict[str, str] | None = None
    ) -> None:
        self.taxonomy = taxonomy
        self.embedders = embedders
        self.query_prefix = query_prefix or {}
        self._references: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _embedder(self, language: str) -> Embed:
        embed = self.embedders.get(language) or self.embedders.get("default")
        if embed is None:
            raise KeyError(f"no embedder for language {language!r}; give one under that key or 'default'")
        return embed

    def scores(self, texts: Sequence[str], language: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.taxonomy.causes)))
        embed = self._embedder(language)
        prefix = self.query_prefix.get(language, "")
        if language not in self._references:
            references, owners = _references(self.taxonomy, language)
            self._references[language] = (embed([prefix + t for t in references]), owners)
        vectors, owners = self._references[language]
        similarity = embed([prefix + t for t in texts]) @ vectors.T
        return _per_cause(np.asarray(similarity, dtype=np.float64), owners, len(self.taxonomy.causes))
