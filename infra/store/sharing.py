"""One DuckDB file kept open by a long-running process (the review service), and let go while another
process needs it.

DuckDB lets one process at a time open a file for writing, and a process keeps it open while any of its
connections is; opening it costs a read of the file and closing it a checkpoint (milliseconds to tens of
milliseconds, several times per page). So the review service holds the review file (`Holder`: one
connection kept open), and any other process that needs the file (the triage stage's handoff, the
export, the review CLI) first says so (`Intent`: an exclusive `flock` on `<file>.intent`). The holder
watches for that: it stops letting its threads open new connections, drops its own, and once the
connections in flight have finished the file is free for the other process; when that process lets go of
its intent, the holder opens the file again and its waiting threads go on. A page waits only while
another process works in the file, never for the pipeline's file.

Within one process the intent is taken once (counted), so nested connections of a process that already
holds it do not wait on themselves; a thread of the holder that already has a connection open is never
stopped (it would wait on itself).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from infra.records import StoreBusyError

POLL_S = 0.005


def intent_path(path: Path) -> Path:
    return path.with_name(path.name + ".intent")


def _lock_fd(path: Path) -> int:
    return os.open(intent_path(path), os.O_RDWR | os.O_CREAT, 0o600)


class Intent:
    """This process's claim on a file another process may hold open; taken once per process (counted)."""

    _held: dict[str, tuple[int, int]] = {}  # path -> (fd, count)
    _lock = threading.Lock()

    @classmethod
    def take(cls, path: Path, deadline: float) -> None:
        key = str(path)
        while True:
            with cls._lock:
                held = cls._held.get(key)
                if held is not None:
                    cls._held[key] = (held[0], held[1] + 1)
                    return
                fd = _lock_fd(path)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                else:
                    cls._held[key] = (fd, 1)
                    return
            if time.monotonic() >= deadline:
                raise StoreBusyError(
                    f"database {path.name} stayed claimed by another process; retry when it has finished"
                )
            time.sleep(POLL_S)

    @classmethod
    def give(cls, path: Path) -> None:
        key = str(path)
        with cls._lock:
            fd, count = cls._held[key]
            if count > 1:
                cls._held[key] = (fd, count - 1)
                return
            del cls._held[key]
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def claimed(path: Path, fd: int) -> bool:
    """Whether some process holds the intent on `path` now."""
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    fcntl.flock(fd, fcntl.LOCK_UN)
    return False


class Holder:
    """Keeps one connection open (`open_anchor` / `close_anchor`) and a gate its threads pass before they
    open a connection; a watcher thread closes both while another process claims the file."""

    def __init__(self, path: Path, open_anchor: Callable[[], object], close_anchor: Callable[[object], None]) -> None:
        self.path = path
        self._open_anchor = open_anchor
        self._close_anchor = close_anchor
        self.gate = threading.Event()
        self._stop = threading.Event()
        self._anchor: object | None = None
        self._fd = _lock_fd(path)
        self._thread = threading.Thread(target=self._watch, name=f"hold {path.name}", daemon=True)
        self.let_go_count = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        self._drop()
        self.gate.set()
        os.close(self._fd)

    def _drop(self) -> None:
        if self._anchor is not None:
            anchor, self._anchor = self._anchor, None
            self._close_anchor(anchor)

    def _watch(self) -> None:
        while not self._stop.is_set():
            if claimed(self.path, self._fd):
                self.gate.clear()
                self._drop()
                self.let_go_count += 1
                while claimed(self.path, self._fd) and not self._stop.is_set():
                    time.sleep(POLL_S)
                continue
            if self._anchor is None:
                try:
                    self._anchor = self._open_anchor()
                except StoreBusyError:
                    continue  # another process that took no intent has it: try again
            self.gate.set()
            self._stop.wait(POLL_S * 4)
