"""Embedding on Ray: a small pool of actors, each holding one `Embedder` loaded once in `setup()`.

`ensure_ray` starts a private local Ray (no dashboard, no auth, a short temp dir) unless Ray is
already initialised or an address is configured (`ray_address` setting or the `RAY_ADDRESS`
environment variable), in which case it connects. `shutdown_ray` only ends what `ensure_ray`
started. Workers import this package, so a remote cluster needs `outerloop` installed in its image.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from cluster.embed import Embedder
from infra.settings import ClusterSettings, Settings

OBJECT_STORE_BYTES = 256 * 1024 * 1024
LOCAL_CPUS = 2
# Ray puts unix sockets under <temp dir>/session_<timestamp>_<pid>/sockets/..., and socket paths
# must stay under ~107 bytes; longer temp dirs are replaced by a fresh one under /tmp.
MAX_TEMP_DIR_CHARS = 32
# Where that fresh temp dir is made (tests point it at a private dir of their own).
SHORT_TEMP_ROOT = "/tmp"
PROJECT_ROOT = Path(__file__).resolve().parents[1]

_owned: dict[str, Any] = {"started": False, "temp_dir": None}


def _short_temp_dir(temp_dir: str | Path | None) -> tuple[str, bool]:
    """A temp dir short enough for Ray's socket paths, and whether it was created here."""
    if temp_dir is not None:
        path = Path(temp_dir).resolve()
        if len(str(path)) <= MAX_TEMP_DIR_CHARS:
            path.mkdir(parents=True, exist_ok=True)
            return str(path), False
    return tempfile.mkdtemp(prefix="olray-", dir=SHORT_TEMP_ROOT), True


def ensure_ray(settings: Settings, temp_dir: str | Path | None = None) -> bool:
    """Make sure this process is connected to Ray; True if this call started or connected it."""
    import ray

    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    address = settings.ray_address or os.environ.get("RAY_ADDRESS")
    if address:
        ray.init(address=address, log_to_driver=False, configure_logging=False)
        _owned.update(started=True, temp_dir=None)
        return True
    path, created = _short_temp_dir(temp_dir)
    # Workers start from the raylet's environment, not the driver's sys.path: when the project is
    # not installed (a checkout on sys.path), they could not import this package without this.
    pythonpath = [str(PROJECT_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    ray.init(
        address="local",  # never attach to some other local cluster by accident
        num_cpus=LOCAL_CPUS,
        object_store_memory=OBJECT_STORE_BYTES,
        include_dashboard=False,
        log_to_driver=False,
        configure_logging=False,
        _temp_dir=path,
        runtime_env={"env_vars": {"PYTHONPATH": os.pathsep.join(pythonpath)}},
    )
    _owned.update(started=True, temp_dir=path if created else None)
    return True


def shutdown_ray() -> None:
    """Shut down (or disconnect from) Ray if `ensure_ray` started it; otherwise do nothing."""
    import ray

    if not _owned["started"]:
        return
    ray.shutdown()
    if _owned["temp_dir"]:
        shutil.rmtree(_owned["temp_dir"], ignore_errors=True)
    _owned.update(started=False, temp_dir=None)


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
        raise RuntimeError("Ray is not initialised; call cluster.ray_embed.ensure_ray(settings) first")
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
