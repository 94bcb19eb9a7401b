"""The sign-in throttle's failures in the clinic database (services/throttle.py's FailureStore).

Every app process, on this machine or another, reads and writes the same rows, so the limits hold across workers,
an administrator's unlock clears an account for all of them, and a restart forgets nothing. Each call is one
short transaction of its own (SQLite: one write turn; PostgreSQL: one round trip for the check), outside the
sign-in's own transaction, so a sign-in that fails still counts when its audit write does not.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Engine, and_, delete, insert, select

from painpath.adapters.db.tables import SignInFailure as Row
from painpath.services.throttle import ACCOUNT, PAIR, ThrottleKey

# at most this many expired rows are removed per recorded failure (each failure adds three), so one request never
# pays for a long backlog and several processes pruning at once skip each other's rows instead of waiting
PRUNE_BATCH = 500


class SignInFailures:
    """Failed sign-ins as rows (scope, username, address, at), one per throttle key."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @staticmethod
    def _match(key: ThrottleKey) -> ColumnElement[bool]:
        return and_(Row.scope == key.scope, Row.username == key.username, Row.address == key.address)

    def nth_newest(self, checks: Sequence[tuple[ThrottleKey, int]], after: float) -> list[float | None]:
        columns = [
            select(Row.at)
            .where(self._match(key), Row.at > after)
            .order_by(Row.at.desc())
            .limit(1)
            .offset(max(n, 1) - 1)
            .scalar_subquery()
            for key, n in checks
        ]
        with self.engine.begin() as connection:  # one statement, one round trip, for every key
            row = connection.execute(select(*columns)).one()
        return [None if at is None else float(at) for at in row]

    def record(self, keys: Sequence[ThrottleKey], at: float, *, forget_before: float) -> None:
        expired = (select(Row.id).where(Row.at <= forget_before).limit(PRUNE_BATCH)
                   .with_for_update(skip_locked=True))  # SQLite has one writer at a time and renders no lock
        with self.engine.begin() as connection:
            connection.execute(insert(Row), [
                {"scope": key.scope, "username": key.username, "address": key.address, "at": at} for key in keys
            ])
            connection.execute(delete(Row).where(Row.id.in_(expired)))

    def forget_pair(self, username: str, address: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(Row).where(self._match(ThrottleKey(PAIR, username, address))))

    def forget_account(self, username: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(Row).where(Row.scope.in_((PAIR, ACCOUNT)), Row.username == username))
