"""What a full fit leaves behind for incremental runs, per language: the fitted lexical vectorizer,
the cluster centroids with their learned similarity threshold, and the id of each centroid.

Saved with pickle under `<data dir>/models/cluster/` (the project's own files; never load models
from elsewhere). No UMAP or HDBSCAN state is kept: new items are attached in the original vector
space by `cluster.assign.attach`.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from cluster.assign import Centroids, attach
from cluster.embed import CharNgramVectorizer, hybrid

MODEL_VERSION = 1


@dataclass(frozen=True)
class LanguageModel:
    language: str
    lexical: CharNgramVectorizer
    lexical_weight: float
    uses_dense: bool  # False: vectors are the lexical LSA alone (Chinese without a multilingual model)
    centroids: Centroids | None
    cluster_ids: list[str]  # one per centroid row
    n_fitted: int
    fitted_at: datetime
    version: int = MODEL_VERSION

    def vectors(self, texts: list[str], dense: np.ndarray | None) -> np.ndarray:
        lexical = self.lexical.transform(texts)
        if not self.uses_dense:
            return lexical
        if dense is None:
            raise ValueError(f"the {self.language} model was fitted with sentence embeddings; pass them")
        return hybrid(dense, lexical, self.lexical_weight)

    def assign(self, vectors: np.ndarray) -> tuple[list[str | None], np.ndarray]:
        """Cluster id (None: fits nowhere) and similarity to the nearest centroid of each row."""
        if self.centroids is None or vectors.shape[0] == 0:
            return [None] * vectors.shape[0], np.zeros(vectors.shape[0])
        attached = attach(vectors, self.centroids)
        row = {int(label): i for i, label in enumerate(self.centroids.labels)}
        ids = [self.cluster_ids[row[int(label)]] if label >= 0 else None for label in attached.labels]
        return ids, attached.similarity


def models_dir(data_dir: Path) -> Path:
    return data_dir / "models" / "cluster"


def save_models(directory: Path, models: dict[str, LanguageModel]) -> None:
    """Replace the saved models with `models` (one file per language, written atomically)."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.pkl"):
        if stale.stem not in models:
            stale.unlink()
    for language, model in models.items():
        tmp = directory / f".{language}.pkl.tmp"
        tmp.write_bytes(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(directory / f"{language}.pkl")


def load_models(directory: Path) -> dict[str, LanguageModel]:
    models: dict[str, LanguageModel] = {}
    for path in sorted(directory.glob("*.pkl")):
        model = pickle.loads(path.read_bytes())
        if isinstance(model, LanguageModel) and model.version == MODEL_VERSION:
            models[model.language] = model
    return models
