"""A small in-process brake on password guessing, per username."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field

_MAX_TRACKED = 10_000


@dataclass
class LoginThrottle:
    """After `max_failures` failed logins within `window_s`, refuse that username until they age out.

    Every failure also costs the caller `failure_delay_s`. State is per process and is lost on
    restart, which is acceptable for a brake (the audit log keeps the record).
    """

    max_failures: int = 5
    window_s: float = 300.0
    failure_delay_s: float = 0.5
    _failures: dict[str, deque[float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @staticmethod
    def _key(username: str) -> str:
        return username.strip().casefold()[:128]

    def _recent(self, key: str, at: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= at - self.window_s:
            times.popleft()
        return times

    def retry_after(self, username: str) -> float:
        """Seconds until this username may try again; 0 when it may try now."""
        at = time.monotonic()
        with self._lock:
            times = self._recent(self._key(username), at)
            if len(times) < self.max_failures:
                return 0.0
            return max(times[-self.max_failures] + self.window_s - at, 0.0)

    def failed(self, username: str) -> None:
        at = time.monotonic()
        key = self._key(username)
        with self._lock:
            if len(self._failures) >= _MAX_TRACKED:
                for stale in [k for k, v in self._failures.items() if not self._recent(k, at)]:
                    del self._failures[stale]
            times = self._recent(key, at)
            times.append(at)
            self._failures[key] = times
        time.sleep(self.failure_delay_s)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(self._key(username), None)
