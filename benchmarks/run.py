"""`make bench`: run every `benchmarks/bench_*.py` (or those named) and write benchmarks/results/*.json.

Each benchmark module has `run(quick: bool) -> dict` returning its measurements, including the
baseline measured in the same run and the ratio to it. Each runs in its own process so that peak
RSS is its own.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

from benchmarks.common import write_result

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def run_one(name: str, quick: bool) -> None:
    module = importlib.import_module(f"benchmarks.bench_{name}")
    result = module.run(quick=quick)
    path = write_result(name, result)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"-> {path.relative_to(HERE.parent)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all: {', '.join(available())})")
    parser.add_argument("--quick", action="store_true", help="smaller inputs, for a smoke run")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    names = args.names or available()
    unknown = sorted(set(names) - set(available()))
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; available: {available()}")
    if args.in_process:
        for name in names:
            run_one(name, args.quick)
        return
    failed = []
    for name in names:
        command = [sys.executable, "-m", "benchmarks.run", "--in-process", name] + (["--quick"] if args.quick else [])
        if subprocess.run(command, check=False).returncode != 0:
            failed.append(name)
    if failed:
        sys.exit(f"benchmarks failed: {failed}")


if __name__ == "__main__":
    main()
