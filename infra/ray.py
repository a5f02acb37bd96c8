"""Ray's life cycle for the stages that use it (clustering's embedding, the de-identification pool).

`ensure_ray` starts a private local Ray (no dashboard, no auth, a short temp dir) unless Ray is
already initialised or an address is configured (`ray_address` setting or the `RAY_ADDRESS`
environment variable), in which case it connects. `shutdown_ray` only ends what `ensure_ray`
started; `ray_session` does both around a block. Workers import the project's packages, so a remote
cluster needs `outerloop` installed in its image.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from infra.settings import Settings

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


@contextmanager
def ray_session(settings: Settings, temp_dir: str | Path | None = None) -> Iterator[None]:
    """Ray for the length of the block; shut down afterwards only if this call started it."""
    started = ensure_ray(settings, temp_dir)
    try:
        yield
    finally:
        if started:
            shutdown_ray()
