"""What every benchmark shares: machine facts, peak RSS, one JSON result file per benchmark, and the result
and stop of a child process that measures."""

from __future__ import annotations

import json
import os
import platform
import queue
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SHARED_DATA = Path(os.environ.get("OUTERLOOP_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))


def machine() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def write_result(name: str, result: dict[str, Any], results_dir: Path = RESULTS_DIR) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{name}.json"
    payload = {"benchmark": name, "at": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(), **result}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return path


def child_result(out: Any, process: Any, timeout_s: float = 3600) -> Any:
    """What a benchmark child put on `out`; an error as soon as the child exits without one, or after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return out.get(timeout=1)
        except queue.Empty:
            if not process.is_alive():
                raise RuntimeError(
                    f"benchmark child {process.name} exited ({process.exitcode}) without a result"
                ) from None
            if time.monotonic() > deadline:
                raise TimeoutError(f"benchmark child {process.name} gave no result in {timeout_s:.0f}s") from None


def stop_child(process: Any, grace_s: float = 30.0) -> None:
    """Wait up to `grace_s` for the child to end by itself, then terminate it, then kill it."""
    if process.pid is None:
        return
    process.join(timeout=grace_s)
    if process.is_alive():
        process.terminate()
    process.join(timeout=30)
    if process.is_alive():
        process.kill()
        process.join()
