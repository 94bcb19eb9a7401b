"""What every record store shares: one transaction per call, patient scope, audit, versioned edits, paging."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Select, event, func, select
from sqlalchemy.orm import Session

from painpath.adapters.db import audit
from painpath.adapters.db.tables import Base, Patient, Revision, User
from painpath.services.access import Actor
from painpath.services.errors import Invalid, NotFound, StaleWrite

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=Base)


ONE_TRANSACTION = "one_transaction"  # session.info key: store methods leave the commit to the request
PENDING_AUDIT = "pending_audit"  # session.info key: audit entries queued by the transaction, appended at its end
DEFER_AUDIT = "defer_audit"  # session.info key: set inside a unit of work, whose audit entries wait for its commit


def append_pending_audit(session: Session) -> None:
    """Append the audit entries a one-transaction request queued, just before it commits: the audit chain is
    one sequence (on PostgreSQL each append takes a transaction-wide advisory lock), so appending at the first
    read would hold that lock through the whole request and make concurrent requests take turns."""
    audit.append_many(session, session.info.pop(PENDING_AUDIT, []))


def unit_of_work(method: Callable[P, R]) -> Callable[P, R]:
    """The store method owns its transaction: commit before returning (so an acknowledged write is durable)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        store = args[0]
        assert isinstance(store, Store)
        if store.session.info.get(ONE_TRANSACTION):
            # the caller commits once for the whole request (a CDS hook call: its reads' audit entries with its
            # cards and JWT id), or rolls all of it back when anything fails
            return method(*args, **kwargs)
        session = store.session
        outermost = not session.info.get(DEFER_AUDIT)
        session.info[DEFER_AUDIT] = True  # its entries are appended by _append_before_commit, just before commit
        try:
            result = method(*args, **kwargs)
            session.commit()
            return result
        except BaseException:
            session.rollback()
            raise
        finally:
            if outermost:
                session.info.pop(DEFER_AUDIT, None)

    return wrapper


@event.listens_for(Session, "before_commit")
def _append_before_commit(session: Session) -> None:
    """Every commit writes the audit entries its transaction queued, in that transaction, so an entry and what it
    records still commit together; the chain's lock (PostgreSQL) is then held from here to the commit, not from
    the first read of the request (under load, requests waited on it while holding pool connections)."""
    if session.info.get(PENDING_AUDIT) and not session.info.get(ONE_TRANSACTION):
        append_pending_audit(session)


@event.listens_for(Session, "after_rollback")
def _forget_pending_audit(session: Session) -> None:
    if not session.info.get(ONE_TRANSACTION):
        session.info.pop(PENDING_AUDIT, None)


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).isoformat() if value.tzinfo is None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


class Store:
    """Base of the record stores; each instance serves one request for one actor."""

    def __init__(self, session: Session, actor: Actor, *, audit_reads: bool = True) -> None:
        self.session = session
        self.actor = actor
        self.audit_reads = audit_reads

    # -- audit and scope -------------------------------------------------------------------------------
    def audit(self, action: str, record_type: str, record_id: object, patient_id: int | None) -> None:
        if action in {"read", "search"} and not self.audit_reads:
            return
        if self.session.info.get(ONE_TRANSACTION) or (
            self.session.info.get(DEFER_AUDIT) and not self.session.in_nested_transaction()
        ):  # appended just before the commit (inside a savepoint at once, so rolling it back takes the entry too)
            self.session.info.setdefault(PENDING_AUDIT, []).append(
                (self.actor, action, record_type, record_id, patient_id))
            return
        audit.append(
            self.session,
            self.actor,
            action=action,
            record_type=record_type,
            record_id=record_id,
            patient_id=patient_id,
        )

    def patient(self, patient_id: int) -> Patient:
        """The patient, if it exists and this actor may reach it; otherwise NotFound (never a hint which)."""
        if not self.actor.may_access_patient(patient_id):
            raise NotFound(f"no patient {patient_id}")
        row = self.session.get(Patient, patient_id)
        if row is None:
            raise NotFound(f"no patient {patient_id}")
        return row

    def scoped(self, model: type[M], record_id: int, label: str, *, for_update: bool = False) -> M:
        """A patient-owned record, if this actor may reach its patient."""
        row = self.session.get(model, record_id, with_for_update=for_update)
        owner = getattr(row, "patient_id", None) if row is not None else None
        if row is None or not self.actor.may_access_patient(owner):
            raise NotFound(f"no {label} {record_id}")
        return row

    # -- optimistic concurrency ------------------------------------------------------------------------
    def apply_edit(self, row: Any, label: str, *, version: int, fields: dict[str, Any]) -> bool:
        """Apply changed fields if the writer saw the current version; a stale write raises with what changed."""
        if row.version != version:
            raise StaleWrite(
                f"{label} {row_key(row)} was changed by someone else since version {version} (it is now version "
                f"{row.version}): review the changes below and send your edit again with version {row.version}",
                version=row.version,
                changes=self.changes_since(row, version),
            )
        for key, value in fields.items():
            if value is None and not row.__table__.columns[key].nullable:
                raise Invalid(
                    f"{key} cannot be emptied: leave it out of the edit to keep {jsonable(getattr(row, key))!r}"
                )
        diff = {
            key: [jsonable(getattr(row, key)), jsonable(value)]
            for key, value in fields.items()
            if _differs(getattr(row, key), value)
        }
        if not diff:
            return False
        for key, value in fields.items():
            setattr(row, key, value)
        row.version += 1
        self.session.add(
            Revision(
                table_name=row.__tablename__,
                record_id=str(row_key(row)),
                version=row.version,
                changes=diff,
                user_id=self.actor.user_id,
                at=datetime.now(UTC),
            )
        )
        return True

    def changes_since(self, row: Any, version: int) -> list[dict[str, Any]]:
        stmt = (
            select(Revision, User.username)
            .outerjoin(User, User.id == Revision.user_id)
            .where(Revision.table_name == row.__tablename__, Revision.record_id == str(row_key(row)))
            .where(Revision.version > version)
            .order_by(Revision.version)
        )
        return [
            {
                "version": rev.version,
                "by": username or "system",
                "at": jsonable(rev.at),
                "fields": {key: {"from": old, "to": new} for key, (old, new) in rev.changes.items()},
            }
            for rev, username in self.session.execute(stmt)
        ]

    # -- listing ---------------------------------------------------------------------------------------
    def page(
        self, stmt: Select[Any], *, sort: str, sortable: dict[str, Any], limit: int | None, offset: int
    ) -> tuple[list[Any], int]:
        """Sort only on allow-listed columns (the schema already refused others); newest id breaks ties.
        ``limit`` None: every row from ``offset`` on (FHIR's $everything, bulk export and searches), counted
        without a second query when there is no offset."""
        column = sortable[sort.lstrip("-")]
        ordered = stmt.order_by(column.desc() if sort.startswith("-") else column.asc())
        key = stmt.column_descriptions[0]["entity"].__mapper__.primary_key[0]
        if limit is None and offset == 0:
            every = list(self.session.scalars(ordered.order_by(key.desc())).all())
            return every, len(every)
        total = self.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
        rows = self.session.scalars(ordered.order_by(key.desc()).limit(limit).offset(offset)).all()
        return list(rows), total


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        return audit.utc(old) != audit.utc(new)
    return bool(old != new)


def row_key(row: Any) -> Any:
    return getattr(row, "id", None) or getattr(row, "key", None)
