"""Run the ingest as one consumer in this process, or as N consumer processes of one group.

Each process holds the DuckDB file for at most `ingest.store_hold_s` at a time, and lets go of it when the
topic is idle or the broker needs retries (see `infra.store.BatchWriter`), so N writers take turns on the
file lock; a process's offsets move only after its own transaction commits.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import queue
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.queues import Queue
from typing import Any, Protocol

from infra.kafka import BrokerUnavailableError
from infra.records import StoreBusyError
from infra.runtime import log_to_file, route_console, verbose_requested
from infra.settings import Settings
from ingest.consumer import BrokerLostError, ConsumerGroupJoinError, IngestReport

Progress = Callable[[IngestReport], None]


class Consume(Protocol):
    """One consumer in this process (`ingest.run.consume`): a module-level function, so it can be spawned."""

    def __call__(
        self, settings: Settings, *, max_records: int | None = None, progress: Progress | None = None
    ) -> IngestReport: ...


_PROGRESS_EVERY_S = 2.0
_CLEAR_ERRORS = (BrokerUnavailableError, BrokerLostError, ConsumerGroupJoinError, StoreBusyError)


class ConsumerProcessError(RuntimeError):
    pass


@dataclass(frozen=True)
class _Message:
    worker: int
    kind: str  # "progress" | "done" | "error"
    payload: dict[str, Any]


def _die_with_parent() -> None:
    """A consumer process must not outlive the run that started it (even one killed with SIGKILL)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _worker(worker: int, consume: Consume, settings: Settings, max_records: int | None, out: Queue[_Message]) -> None:
    _die_with_parent()
    # A spawned process starts with no logging set up: to the run's log file, the console as the parent's.
    log_to_file(settings)
    route_console(verbose_requested())
    last = 0.0

    def progress(report: IngestReport) -> None:
        nonlocal last
        if time.monotonic() - last >= _PROGRESS_EVERY_S:
            last = time.monotonic()
            out.put(_Message(worker, "progress", report.as_dict()))

    try:
        report = consume(settings, max_records=max_records, progress=progress)
    except Exception as exc:
        # Only the product's own messages are passed on: another library's may quote record content.
        message = str(exc) if isinstance(exc, _CLEAR_ERRORS) else "unexpected failure; see the consumer's log"
        out.put(_Message(worker, "error", {"type": type(exc).__name__, "message": message}))
        raise SystemExit(1) from None
    out.put(_Message(worker, "done", report.as_dict()))


def run_consumers(
    consume: Consume,
    settings: Settings,
    consumers: int,
    *,
    max_records: int | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """N processes of `consume` in the group `settings.kafka.group_id` (1: in this process); one merged report."""
    if consumers == 1:
        return consume(settings, max_records=max_records, progress=progress)
    ctx = mp.get_context("spawn")
    out: Queue[_Message] = ctx.Queue()
    per_worker = None if max_records is None else -(-max_records // consumers)
    processes = [
        ctx.Process(target=_worker, args=(i, consume, settings, per_worker, out), name=f"outerloop-ingest-{i}")
        for i in range(consumers)
    ]
    latest: dict[int, IngestReport] = {}
    done: set[int] = set()
    errors: list[str] = []
    try:
        for p in processes:
            p.start()
        while len(done) < consumers:
            try:
                message = out.get(timeout=1.0)
            except queue.Empty:
                dead = [i for i, p in enumerate(processes) if i not in done and not p.is_alive()]
                for i in dead:
                    done.add(i)
                    errors.append(f"consumer {i} exited with code {processes[i].exitcode}")
                continue
            if message.kind == "error":
                errors.append(f"consumer {message.worker}: {message.payload['type']}: {message.payload['message']}")
                done.add(message.worker)
                continue
            latest[message.worker] = IngestReport.from_dict(message.payload)
            if message.kind == "done":
                done.add(message.worker)
            if progress:
                progress(_merged(latest.values()))
    finally:
        for p in processes:
            p.join(timeout=5)
            if p.is_alive():
                p.kill()
                p.join()
    if errors:
        raise ConsumerProcessError("; ".join(errors))
    return _merged(latest.values())


def _merged(reports: Any) -> IngestReport:
    merged = IngestReport()
    for report in reports:
        merged.merge(report)
    return merged
