"""Shared fixtures: the real local broker, isolated settings, and an offline environment.

The environment is set at import, before Prefect, Ray or Presidio are imported by any test.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PREFECT_HOME = Path(tempfile.mkdtemp(prefix="outerloop-prefect-"))
os.environ["PREFECT_HOME"] = str(PREFECT_HOME)
os.environ.pop("PREFECT_API_URL", None)
os.environ.pop("OUTERLOOP_CONFIG", None)

from infra.runtime import OFFLINE_ENV  # noqa: E402

for _key, _value in OFFLINE_ENV.items():
    os.environ.setdefault(_key, _value)

from infra.broker import LocalBroker  # noqa: E402
from infra.settings import Settings, load_settings  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _prefect_server_stops_before_output_capture_ends() -> Iterator[None]:
    """Prefect stops its temporary API server at interpreter exit and logs that to a stream pytest has
    closed by then ("Logging error ... I/O operation on closed file"); stop it while the stream is open.
    Then remove this session's PREFECT_HOME."""
    yield
    server = sys.modules.get("prefect.server.api.server")
    if server is not None:
        for instance in list(server.SubprocessASGIServer._instances.values()):
            instance.stop()
    shutil.rmtree(PREFECT_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def broker() -> Iterator[LocalBroker]:
    with LocalBroker() as running:
        yield running


@pytest.fixture
def settings(tmp_path: Path, broker: LocalBroker, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings on a fresh data dir with topics and a consumer group of this test's own.

    Set through the environment, as in production, so flows and subprocesses see the same settings.
    """
    suffix = uuid.uuid4().hex[:8]
    env = {
        "OUTERLOOP_DATA_DIR": str(tmp_path / "data"),
        "OUTERLOOP_KAFKA__BOOTSTRAP_SERVERS": broker.bootstrap_servers,
        "OUTERLOOP_KAFKA__SIGNALS_TOPIC": f"signals-{suffix}",
        "OUTERLOOP_KAFKA__DEAD_LETTER_TOPIC": f"signals-{suffix}.dlq",
        "OUTERLOOP_KAFKA__GROUP_ID": f"ingest-{suffix}",
        "OUTERLOOP_KAFKA__SESSION_TIMEOUT_MS": "6000",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return load_settings()
