"""Embedding on Ray: a small pool of actors, each holding one `Embedder` loaded once in `setup()`.

Ray is started by `infra.ray.ensure_ray` (or `ray_session`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cluster.embed import Embedder
from infra.settings import ClusterSettings, Settings


class EmbedWorker:
    """Actor body: one model per worker process."""

    def __init__(self, model_dir: str | None, batch_size: int, seed: int) -> None:
        self.embedder = Embedder(model_dir, batch_size, seed)
        self.embedder.setup()

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed(texts)

    def node_id(self) -> str:
        import ray

        return str(ray.get_runtime_context().get_node_id())


def ray_embed(texts: list[str], settings: Settings | ClusterSettings) -> np.ndarray:
    """Embed `texts` on a pool of `embed_actors` Ray actors; rows come back in input order.

    Ray must already be initialised (`ensure_ray`). The actors live for this call only. No texts
    give a (0, 0) array without starting any actor.
    """
    return ray_embed_on_nodes(texts, settings)[0]


def ray_embed_on_nodes(texts: list[str], settings: Settings | ClusterSettings) -> tuple[np.ndarray, list[str]]:
    """`ray_embed`, also returning the Ray node id of each actor that did the work."""
    import ray
    from ray.util import ActorPool

    cs = settings.cluster if isinstance(settings, Settings) else settings
    if not ray.is_initialized():
        raise RuntimeError("Ray is not initialised; call infra.ray.ensure_ray(settings) first")
    batches = [texts[i : i + cs.embed_batch_size] for i in range(0, len(texts), cs.embed_batch_size)]
    if not batches:
        return np.zeros((0, 0), dtype=np.float32), []
    remote_worker = ray.remote(num_cpus=1)(EmbedWorker)
    actors: list[Any] = [
        remote_worker.remote(cs.embedding_model_dir, cs.embed_batch_size, cs.seed)
        for _ in range(max(1, min(cs.embed_actors, len(batches))))
    ]
    try:
        nodes = ray.get([actor.node_id.remote() for actor in actors])
        pool = ActorPool(actors)
        parts = list(pool.map(lambda actor, batch: actor.embed.remote(batch), batches))
    finally:
        for actor in actors:
            ray.kill(actor)
    return np.concatenate(parts, axis=0).astype(np.float32), nodes
