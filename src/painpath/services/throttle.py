"""Sign-in throttling: failed sign-ins counted per account and address, per account, and per address.

Three sliding windows, each with its own limit:

- one account from one address (the classic lock-out, but only for that address: a guesser elsewhere cannot
  lock the real owner out with a handful of requests);
- one account from anywhere (distributed guessing against one account; high enough that locking the admin out
  takes many addresses, each of which runs into its own limit first);
- one address against any account (password spraying).

The keys are the submitted username (lower-cased) whether or not such an account exists, so the answer never
reveals which usernames exist.

The failures are kept in a shared store (``FailureStore``; the clinic database: adapters/db/throttle_store.py),
not in the process: every worker process, and every machine, behind one database counts the same failures, an
administrator's unlock clears them for all of them, and a restart forgets nothing. The clock is injectable so tests
can move time; the default is the wall clock (seconds since the epoch), which every process on every machine
shares, unlike a monotonic clock.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

# the longest username and address a key holds (the sign-in forms and the API accept 80-character usernames)
USERNAME_CHARS = 80
ADDRESS_CHARS = 64
# the scopes of a failure's three keys
PAIR, ACCOUNT, ADDRESS = "account_address", "account", "address"


@dataclass(frozen=True)
class ThrottleLimits:
    per_account_address: int = 5
    per_account: int = 50
    per_address: int = 20
    window_seconds: float = 15 * 60


@dataclass(frozen=True)
class ThrottleKey:
    """What one count is kept under: the scope, and the username and address it names ("" where it names none)."""

    scope: str
    username: str
    address: str


class FailureStore(Protocol):
    """Where failed sign-ins are kept, shared by every process that serves the clinic."""

    def nth_newest(self, checks: Sequence[tuple[ThrottleKey, int]], after: float) -> list[float | None]:
        """For each (key, n): the time of the key's n-th newest failure later than ``after``, or None when the key
        has fewer than n such failures."""
        ...

    def record(self, keys: Sequence[ThrottleKey], at: float, *, forget_before: float) -> None:
        """One failure at ``at`` under each key, atomically; failures at or before ``forget_before`` may be
        removed (they can no longer count)."""
        ...

    def forget_pair(self, username: str, address: str) -> None:
        """Clear the account-from-this-address count."""
        ...

    def forget_account(self, username: str) -> None:
        """Clear every count that names this account (from one address and from anywhere)."""
        ...


def _name(username: str) -> str:
    return username.strip().lower()[:USERNAME_CHARS]


def _address(address: str) -> str:
    return address[:ADDRESS_CHARS]


class SignInThrottle:
    """Counts failures in sliding windows; ``retry_after`` says how long a new attempt must wait (0: go ahead)."""

    def __init__(
        self, limits: ThrottleLimits, store: FailureStore, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.limits = limits
        self.store = store
        self.clock = clock

    def _keys(self, username: str, address: str) -> list[tuple[ThrottleKey, int]]:
        name, where = _name(username), _address(address)
        return [
            (ThrottleKey(PAIR, name, where), self.limits.per_account_address),
            (ThrottleKey(ACCOUNT, name, ""), self.limits.per_account),
            (ThrottleKey(ADDRESS, "", where), self.limits.per_address),
        ]

    def retry_after(self, username: str, address: str) -> int:
        """Whole seconds until an attempt for this account from this address is allowed again (0: now)."""
        now = self.clock()
        window = self.limits.window_seconds
        # a key is over its limit while its limit-th newest failure is still in the window; the attempt is allowed
        # again when that failure leaves it
        oldest_counted = self.store.nth_newest(self._keys(username, address), now - window)
        wait = max((at + window - now for at in oldest_counted if at is not None), default=0.0)
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        self.store.record([key for key, _ in self._keys(username, address)], now,
                          forget_before=now - self.limits.window_seconds)

    def succeeded(self, username: str, address: str) -> None:
        """The owner signed in from here: their own address starts afresh (the other counts stay)."""
        self.store.forget_pair(_name(username), _address(address))

    def forget_account(self, username: str) -> None:
        """An administrator unlocked the account: every count for this account is cleared."""
        self.store.forget_account(_name(username))
