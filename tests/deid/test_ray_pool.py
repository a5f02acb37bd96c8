"""The Ray actor pool gives exactly what one in-process de-identifier gives, in input order."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from infra import ray as ray_module
from infra.ray import ensure_ray, shutdown_ray
from infra.settings import DeidSettings, Settings
from ingest.deid import Deidentifier
from ingest.deid.deidentifier import TextJob
from ingest.deid.ray_pool import RayDeidentifierPool
from ingest.event import SignalEvent
from ingest.synthetic import generate_events

MEDICAL_SET = Path(__file__).resolve().parents[1] / "deid_data" / "medical_set.jsonl"


@pytest.fixture
def ray_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import ray

    if ray.is_initialized():
        pytest.skip("another Ray session is active in this process")
    root = Path(tempfile.mkdtemp(prefix="olt", dir="/tmp"))
    monkeypatch.setattr(ray_module, "SHORT_TEMP_ROOT", str(root))
    assert ensure_ray(Settings(data_dir=tmp_path), tmp_path / "ray") is True
    try:
        yield
    finally:
        shutdown_ray()
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
def test_pool_matches_in_process(deidentifier: Deidentifier, ray_session: None) -> None:
    rows = [json.loads(line) for line in MEDICAL_SET.read_text(encoding="utf-8").splitlines()[::8]]
    jobs = [TextJob(r["text"], r["language"], patient_key=f"p{n % 5}") for n, r in enumerate(rows)]
    events = [SignalEvent.model_validate(g.event) for g in generate_events(40, seed=5, zh_share=0.3)]

    with RayDeidentifierPool("test-key-one", DeidSettings(batch_size=7, ray_actors=2)) as pool:
        pooled_texts = pool.deidentify_jobs(jobs)
        pooled_events = pool.deidentify_events(events)

    assert [t.text for t in pooled_texts] == [t.text for t in deidentifier.deidentify_jobs(jobs)]
    assert sum(len(t.entities) for t in pooled_texts) > len(jobs)  # the set is dense with identifiers
    local_events = deidentifier.deidentify_events(events)
    assert [e.model_dump() for e in pooled_events] == [e.model_dump() for e in local_events]  # type: ignore[union-attr]
