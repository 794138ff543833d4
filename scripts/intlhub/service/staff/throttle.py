"""Failed sign-ins, counted per account name and per client address: after a few failures in a
window, every attempt (even with the right password) waits, and the wait doubles."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

FREE_FAILURES = 5  # failures allowed in the window before attempts must wait
WINDOW_SECONDS = 15 * 60
FIRST_WAIT_SECONDS = 30
MAX_WAIT_SECONDS = 15 * 60


class SignInThrottle:
    """Remember failed sign-ins and say how long a key (name or address) must wait."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def recent(self, key: str, now: float) -> list[float]:
        """The failures of a key inside the window (older ones are forgotten)."""
        kept = [when for when in self.failures.get(key, ()) if now - when < WINDOW_SECONDS]
        if kept:
            self.failures[key] = kept
        else:
            self.failures.pop(key, None)
        return kept

    def wait_seconds(self, *keys: str) -> int:
        """How many seconds the longest-throttled of these keys must still wait (0: go ahead)."""
        now = self.clock()
        longest = 0.0
        with self.lock:
            for key in keys:
                failures = self.recent(key, now)
                if len(failures) >= FREE_FAILURES:
                    extra = len(failures) - FREE_FAILURES
                    wait = min(FIRST_WAIT_SECONDS * 2**extra, MAX_WAIT_SECONDS)
                    longest = max(longest, failures[-1] + wait - now)
        return max(0, int(longest + 0.999))

    def failed(self, *keys: str) -> None:
        """Count one failed sign-in against every key."""
        now = self.clock()
        with self.lock:
            for key in keys:
                self.recent(key, now)
                self.failures.setdefault(key, []).append(now)

    def succeeded(self, key: str) -> None:
        """Forget an account's failures after it signs in (the address keeps its count)."""
        with self.lock:
            self.failures.pop(key, None)
