"""Sign-in throttling: failed sign-ins counted per account and address, per account, and per address.

Kept in the process (no database write decides it), with an injectable clock so tests can move time. Three
sliding windows, each with its own limit:

- one account from one address (the classic lock-out, but only for that address: a guesser elsewhere cannot
  lock the real owner out with a handful of requests);
- one account from anywhere (distributed guessing against one account; high enough that locking the admin out
  takes many addresses, each of which runs into its own limit first);
- one address against any account (password spraying).

The keys are the submitted username (lower-cased) whether or not such an account exists, so the answer never
reveals which usernames exist.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ThrottleLimits:
    per_account_address: int = 5
    per_account: int = 50
    per_address: int = 20
    window_seconds: float = 15 * 60


class SignInThrottle:
    """Counts failures in sliding windows; ``retry_after`` says how long a new attempt must wait (0: go ahead)."""

    MAX_KEYS = 100_000  # bounded memory: the stalest keys are forgotten first

    def __init__(self, limits: ThrottleLimits, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self._failures: OrderedDict[tuple[str, ...], deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _keys(self, username: str, address: str) -> list[tuple[tuple[str, ...], int]]:
        name = username.strip().lower()
        return [
            (("account_address", name, address), self.limits.per_account_address),
            (("account", name), self.limits.per_account),
            (("address", address), self.limits.per_address),
        ]

    def _recent(self, key: tuple[str, ...], now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.limits.window_seconds:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def retry_after(self, username: str, address: str) -> int:
        """Whole seconds until an attempt for this account from this address is allowed again (0: now)."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key, limit in self._keys(username, address):
                times = self._recent(key, now)
                if len(times) >= limit:
                    # allowed again when the oldest failure that keeps the count at the limit leaves the window
                    wait = max(wait, times[len(times) - limit] + self.limits.window_seconds - now)
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key, _ in self._keys(username, address):
                times = self._failures.setdefault(key, deque())
                times.append(now)
                self._failures.move_to_end(key)
            while len(self._failures) > self.MAX_KEYS:
                self._failures.popitem(last=False)

    def succeeded(self, username: str, address: str) -> None:
        """The owner signed in from here: their own address starts afresh (the other counts stay)."""
        with self._lock:
            self._failures.pop(("account_address", username.strip().lower(), address), None)

    def forget_account(self, username: str) -> None:
        """An administrator unlocked the account: every count for this account is cleared."""
        name = username.strip().lower()
        with self._lock:
            for key in [k for k in self._failures if k[0] != "address" and k[1] == name]:
                del self._failures[key]
