from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from cluster.embed import Embedder
from cluster.ray_embed import ray_embed
from infra import ray as ray_module
from infra.ray import ensure_ray, shutdown_ray
from infra.settings import Settings


@pytest.fixture
def short_temp_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private, short parent for the temp dir `ensure_ray` makes, so that other Ray runs on the
    machine (which also make /tmp/olray-*) cannot change what this test counts."""
    root = Path(tempfile.mkdtemp(prefix="olt", dir="/tmp"))
    monkeypatch.setattr(ray_module, "SHORT_TEMP_ROOT", str(root))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
def test_ray_embed_matches_local_embedding(
    embedder: Embedder, tmp_path: Path, short_temp_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ray

    if ray.is_initialized():
        pytest.skip("Ray is already initialised in this process by someone else")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    settings = Settings(data_dir=tmp_path, cluster={"embed_batch_size": 4, "embed_actors": 2})
    texts = [f"question {i}: can I take ibuprofen with my blood pressure tablets?" for i in range(6)]
    texts += ["帮我预约心内科", "", "warfarin and aspirin together"]
    # pytest's tmp_path is too long for Ray's unix socket paths, so a short dir is made instead.
    assert ensure_ray(settings, tmp_path / "ray") is True
    try:
        assert len(list(short_temp_root.glob("olray-*"))) == 1
        assert ensure_ray(settings, tmp_path / "ray") is False  # already up: nothing more started
        remote = ray_embed(texts, settings)
    finally:
        shutdown_ray()
    assert not ray.is_initialized()
    assert list(short_temp_root.iterdir()) == []  # the temp dir it made is gone

    local = embedder.embed(texts)
    assert remote.shape == local.shape == (len(texts), 384)
    np.testing.assert_allclose(remote, local, atol=1e-5)
