"""Embedding on a real two-node Ray cluster started with `ray start --head` / `ray start --address`.

Both nodes run on this machine with their own ports and a private temp dir; only the processes this
test started are stopped (never `ray stop`, which would end every Ray on the machine).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cluster.ray_embed import ray_embed_on_nodes
from infra.ray import PROJECT_ROOT, ensure_ray, shutdown_ray
from infra.settings import Settings

RAY = str(Path(sys.executable).with_name("ray"))


def _free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _node_args(ports: list[int], temp_dir: str) -> list[str]:
    manager, objects, agent, agent_grpc, runtime_env, metrics, low = ports
    return [
        "--num-cpus=1",
        "--object-store-memory=100000000",
        f"--node-manager-port={manager}",
        f"--object-manager-port={objects}",
        f"--dashboard-agent-listen-port={agent}",
        f"--dashboard-agent-grpc-port={agent_grpc}",
        f"--runtime-env-agent-port={runtime_env}",
        f"--metrics-export-port={metrics}",
        f"--min-worker-port={low}",
        f"--max-worker-port={low + 20}",
        f"--temp-dir={temp_dir}",
        "--disable-usage-stats",
        "--block",
    ]


def _processes_of(roots: list[int], marker: str) -> set[int]:
    """PIDs of `roots`, their descendants, and any process whose command line names `marker`."""
    parents: dict[int, int] = {}
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        if marker in cmdline:
            found.add(int(entry.name))
    frontier = set(roots)
    while frontier:
        found |= frontier
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
    return found


def _stop(started: list[subprocess.Popen[bytes]], marker: str) -> None:
    pids = _processes_of([p.pid for p in started], marker) - {os.getpid()}
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in pids):
            for p in started:
                p.poll()
            time.sleep(0.2)
        pids = {pid for pid in pids if Path(f"/proc/{pid}").exists()}
        if not pids:
            return


@pytest.fixture
def two_node_ray() -> Iterator[str]:
    temp_dir = tempfile.mkdtemp(prefix="olmn-", dir="/tmp")  # short: Ray's socket paths are limited
    env = {
        **os.environ,
        "RAY_AUTH_MODE": "disabled",
        "RAY_USAGE_STATS_ENABLED": "0",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
    }
    env.pop("RAY_ADDRESS", None)
    gcs, *head_ports = _free_ports(8)
    worker_ports = _free_ports(7)
    address = f"127.0.0.1:{gcs}"
    started: list[subprocess.Popen[bytes]] = []
    logs = Path(temp_dir) / "start.log"
    try:
        with logs.open("wb") as log:
            head = [RAY, "start", "--head", "--node-ip-address=127.0.0.1", f"--port={gcs}"]
            head += ["--include-dashboard=false"]
            started.append(subprocess.Popen(head + _node_args(head_ports, temp_dir), env=env, stdout=log, stderr=log))
            _wait_for_port(gcs, started, logs)
            worker = [RAY, "start", f"--address={address}", "--node-ip-address=127.0.0.1"]
            started.append(
                subprocess.Popen(worker + _node_args(worker_ports, temp_dir), env=env, stdout=log, stderr=log)
            )
        yield address
    finally:
        _stop(started, temp_dir)
        shutil.rmtree(temp_dir, ignore_errors=True)


def _wait_for_port(port: int, started: list[subprocess.Popen[bytes]], logs: Path, timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in started):
            pytest.fail(f"ray start exited early:\n{logs.read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    pytest.fail(f"the Ray head did not open port {port} in {timeout_s} s:\n{logs.read_text()[-3000:]}")


@pytest.mark.slow
def test_embedding_runs_on_both_nodes(two_node_ray: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ray

    if ray.is_initialized():
        pytest.skip("Ray is already initialised in this process by someone else")
    monkeypatch.setenv("RAY_ADDRESS", two_node_ray)
    settings = Settings(data_dir=tmp_path, cluster={"embed_batch_size": 4, "embed_actors": 2})
    texts = [f"question {i}: can I take ibuprofen with my blood pressure tablets?" for i in range(16)]
    assert ensure_ray(settings) is True
    try:
        deadline = time.monotonic() + 300  # a hang guard: a busy machine starts a Ray node slowly
        while len([n for n in ray.nodes() if n["Alive"]]) < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
        nodes = {n["NodeID"] for n in ray.nodes() if n["Alive"]}
        assert len(nodes) == 2, ray.nodes()
        vectors, used = ray_embed_on_nodes(texts, settings)
    finally:
        shutdown_ray()
    assert not ray.is_initialized()
    assert vectors.shape == (16, 384)
    # One CPU per node and one CPU per actor: the two actors had to run on different nodes.
    assert set(used) == nodes
