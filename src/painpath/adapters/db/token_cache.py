"""A per-process cache of accepted sign-ins, for a short window (issue 13, the eighth round).

Every API request checks its token: one statement (the session and its user) before anything else. This cache
keeps, per app process (per engine), the row an accepted check read, keyed by the token's SHA-256 (the digest
the database stores; never the token), for at most ``seconds`` (`PAINPATH_SESSION_CACHE_SECONDS`, default 1,
at most 2; 0 turns it off). What it never weakens:

- Everything but the database read is still done on every request from the cached row, exactly as on a fresh
  one: the session's kind, its absolute expiry (`expires_at` against the wall clock, to the microsecond), the
  account's being active, the role (the route's permission), the CSRF rule and the patient link. PainPath's
  sessions have no idle timeout (only the absolute lifetime: `PAINPATH_SESSION_MINUTES`/`TOKEN_MINUTES`); if
  one is added, it must be checked here from the cached row too.
- Only accepted checks are cached; a refusal always reads the database again.
- Same process: any UPDATE, DELETE or TRUNCATE of `users` or `auth_sessions` through this engine (sign-out,
  password set or reset, role change, disabling an account, revoking sessions; the ORM's flushes and Core
  statements alike, seen on the statement's text) empties the cache when the statement runs and again when
  its connection goes back to the pool after the commit, and no read that started before that can put its row
  back (the generation counter). So a sign-out or a revocation answered in this process holds for the very
  next request of this process.
- Other processes (another worker, another machine, the CLI) see such a change within ``seconds``: an entry is
  served at most that long after it was read from the database.
- Bounded (``max_entries``, least recently used evicted), thread-safe (one lock, held for dictionary work
  only).

The audit is unaffected: the cache replaces only the token's read; every audited read still writes its entry.
"""

from __future__ import annotations

import re
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

DEFAULT_SECONDS = 1.0
MAX_SECONDS = 2.0  # the longest window the settings accept: a revocation elsewhere holds within this
DEFAULT_MAX_ENTRIES = 10_000
# a write that may change a cached answer: UPDATE/DELETE/TRUNCATE of users or auth_sessions (quoted or schema-
# qualified too); an INSERT never does (a new session or account is not in the cache)
_CHANGES_SIGN_IN = re.compile(
    r"\b(?:update|delete\s+from|truncate(?:\s+table)?)\s+(?:only\s+)?(?:\"?\w+\"?\.)?\"?(?:users|auth_sessions)\b",
    re.IGNORECASE)
_DIRTY = "painpath_sign_in_changed"  # on a pooled connection's info: it wrote such a change


class SignInRow(NamedTuple):
    """The columns `Accounts.check_token` reads (the same names as its statement's row)."""

    revoked: bool
    kind: str
    expires_at: datetime
    csrf_token: str
    user_id: int | None
    username: str
    role: str
    patient_id: int | None
    active: bool


class TokenCache:
    def __init__(self, seconds: float = DEFAULT_SECONDS, *, max_entries: int = DEFAULT_MAX_ENTRIES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if not 0 < seconds <= MAX_SECONDS:
            raise ValueError(f"the sign-in cache window must be above 0 and at most {MAX_SECONDS} s, not {seconds}")
        self.seconds, self.max_entries, self.clock = seconds, max_entries, clock
        self._entries: OrderedDict[str, tuple[float, SignInRow]] = OrderedDict()
        self._lock = threading.Lock()
        self.generation = 0  # bumped by every invalidation; a read that began before it may not put its row

    def get(self, digest: str) -> SignInRow | None:
        with self._lock:
            found = self._entries.get(digest)
            if found is None:
                return None
            if self.clock() - found[0] >= self.seconds:
                del self._entries[digest]
                return None
            self._entries.move_to_end(digest)
            return found[1]

    def put(self, digest: str, row: SignInRow, generation: int) -> bool:
        """Keep an accepted row read after ``generation`` was taken, unless something was invalidated since."""
        with self._lock:
            if generation != self.generation:
                return False
            self._entries[digest] = (self.clock(), row)
            self._entries.move_to_end(digest)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
            return True

    def invalidate(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


_CACHES: weakref.WeakKeyDictionary[Engine, TokenCache] = weakref.WeakKeyDictionary()


def install(engine: Engine, seconds: float, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> TokenCache | None:
    """Give this engine's sessions a sign-in cache (none when ``seconds`` is 0) and watch its writes."""
    if seconds <= 0:
        return None
    if engine in _CACHES:
        return _CACHES[engine]
    cache = _CACHES[engine] = TokenCache(seconds, max_entries=max_entries)

    def _watch(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if ("users" in statement or "auth_sessions" in statement) and _CHANGES_SIGN_IN.search(statement):
            conn.info[_DIRTY] = True
            cache.invalidate()  # now, and again once it is committed (below)

    def _returned(_dbapi_connection: Any, record: Any) -> None:
        # back in the pool: committed or rolled back (Session.commit returns its connection before it returns)
        if record is not None and record.info.pop(_DIRTY, False):
            cache.invalidate()

    event.listen(engine, "before_cursor_execute", _watch)
    event.listen(engine, "checkin", _returned)  # (the engine's pool, and any pool dispose() makes)
    return cache


def for_engine(engine: Engine) -> TokenCache | None:
    return _CACHES.get(engine)


def for_session(session: Session) -> TokenCache | None:
    bind = session.bind
    return _CACHES.get(bind) if isinstance(bind, Engine) else None
