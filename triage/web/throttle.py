"""An in-process brake on password guessing, per (account, client address) and per client address.

The check and the count are one atomic step (`reserve`), taken before the slow password check, so
parallel guesses cannot all pass a check that none of them has counted yet. There is no limit per
account alone: an attacker elsewhere must not be able to lock the real reviewer out; the right password
from an address that is not throttled always gets through. Past a limit the wait doubles with each
further failure (up to the window). State is per process and lost on restart, which is acceptable for a
brake (the audit log keeps the record).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field

_MAX_TRACKED = 10_000


@dataclass
class LoginThrottle:
    max_failures: int = 5  # per (account, address) within the window
    max_address_failures: int = 20  # per address, whatever the account
    window_s: float = 300.0
    backoff_s: float = 30.0  # the first wait past a limit; doubles per further failure, capped at the window
    failure_delay_s: float = 0.5
    _failures: dict[tuple[str, str], deque[float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @staticmethod
    def _keys(username: str, address: str) -> tuple[tuple[str, str], tuple[str, str]]:
        account = username.strip().casefold()[:128]
        return ("pair", f"{account}\x00{address}"), ("address", address)

    def _recent(self, key: tuple[str, str], at: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= at - self.window_s:
            times.popleft()
        return times

    def _wait(self, times: deque[float], limit: int, at: float) -> float:
        if len(times) < limit:
            return 0.0
        backoff = min(self.backoff_s * 2 ** (len(times) - limit), self.window_s)
        return max(times[-1] + backoff - at, 0.0)

    def reserve(self, username: str, address: str) -> float:
        """0 and the attempt counted as a failure until `succeeded` says otherwise; or the seconds to
        wait, nothing counted."""
        at = time.monotonic()
        pair, addr = self._keys(username, address)
        with self._lock:
            if len(self._failures) >= _MAX_TRACKED:
                for stale in [k for k in self._failures if not self._recent(k, at)]:
                    del self._failures[stale]
            pair_times, addr_times = self._recent(pair, at), self._recent(addr, at)
            wait = max(
                self._wait(pair_times, self.max_failures, at),
                self._wait(addr_times, self.max_address_failures, at),
            )
            if wait > 0:
                return wait
            pair_times.append(at)
            addr_times.append(at)
            self._failures[pair], self._failures[addr] = pair_times, addr_times
            return 0.0

    def failed(self) -> None:
        """The reserved attempt failed (it is already counted): cost the caller a little time."""
        time.sleep(self.failure_delay_s)

    def succeeded(self, username: str, address: str) -> None:
        """The right password: forget this account's failures from this address, and this attempt."""
        pair, addr = self._keys(username, address)
        with self._lock:
            self._failures.pop(pair, None)
            times = self._failures.get(addr)
            if times:
                times.pop()

    def retry_after(self, username: str, address: str) -> float:
        at = time.monotonic()
        pair, addr = self._keys(username, address)
        with self._lock:
            return max(
                self._wait(self._recent(pair, at), self.max_failures, at),
                self._wait(self._recent(addr, at), self.max_address_failures, at),
            )
