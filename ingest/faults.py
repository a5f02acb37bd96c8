"""A test hook for crash tests: pause the ingest at a named point so a test can `kill -9` it exactly there.

The consumer is given a `Faults` object and calls `at(point, batch)` at each point; the default is
inert. `Faults.from_env()` arms it from `OUTERLOOP_FAULT_PAUSE=<point>:<batch>` (the crash tests set it
on the ingest process they start), e.g. `write:3` pauses inside the store transaction of the third batch.
The process announces `outerloop-fault-pause <point> <batch>` on stderr and sleeps until killed.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass

FAULT_ENV = "OUTERLOOP_FAULT_PAUSE"
POINTS = ("poll", "write", "commit")
ANNOUNCEMENT = "outerloop-fault-pause"


@dataclass(frozen=True)
class Faults:
    armed: tuple[str, int] | None = None

    @classmethod
    def from_env(cls) -> Faults:
        spec = os.environ.get(FAULT_ENV)
        if not spec:
            return cls()
        point, _, batch = spec.partition(":")
        if point not in POINTS or not batch.isdigit():
            raise ValueError(f"{FAULT_ENV} must be <point>:<batch> with point one of {POINTS}, not {spec!r}")
        return cls((point, int(batch)))

    def at(self, point: str, batch: int) -> None:
        if self.armed == (point, batch):
            print(f"{ANNOUNCEMENT} {point} {batch}", file=sys.stderr, flush=True)
            while True:
                time.sleep(60)


NO_FAULTS = Faults()
