"""What every benchmark shares: machine facts, peak RSS, and one JSON result file per benchmark."""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
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
