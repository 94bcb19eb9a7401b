"""Blocked time (issue 15): a clinician's leave and meetings, and procedure rooms held at a site. The scheduler reads
them as busy time (schedule_repo.busy_between), so a blocked span is never offered and a booking into it is refused;
here they are added, listed and removed (removal is kept, with who removed it, for the record). Every change is
audited. Nothing clinical: a block's note says why the time is blocked ("annual leave"), not anything of a patient."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from painpath.adapters.db.schedule_repo import block_label, clinic_policy
from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import Appointment, User
from painpath.adapters.db.tables_providers import BlockedTime, Site
from painpath.adapters.scheduling_policy import Policy
from painpath.domain.scheduling import INACTIVE_STATUSES
from painpath.services.errors import Invalid, NotFound

CLINICIAN_KINDS = ("leave", "meeting", "other")
KINDS = (*CLINICIAN_KINDS, "room_hold")
LONGEST_DAYS = 366


@dataclass(frozen=True)
class BlockView:
    """A block as pages and the API show it: local times, whose it is, and the words the desk reads."""

    block: BlockedTime
    starts_local: datetime
    ends_local: datetime
    label: str
    clinician: str | None
    site: str | None


class BlockedTimes(Store):
    """Adding, listing and removing blocked time for one actor."""

    def policy(self) -> Policy:
        return clinic_policy(self.session)

    def _view(self, policy: Policy, row: BlockedTime) -> BlockView:
        user = self.session.get(User, row.clinician_id) if row.clinician_id is not None else None
        site = self.session.get(Site, row.site_id) if row.site_id is not None else None
        return BlockView(row, policy.local(row.starts_at), policy.local(row.ends_at), block_label(self.session, row),
                         user.display_name if user is not None else None, site.name if site is not None else None)

    @unit_of_work
    def listing(self, *, since: datetime, until: datetime) -> list[BlockView]:
        """Blocks in force that overlap [since, until) (aware times), earliest first."""
        policy = self.policy()
        rows = self.session.scalars(select(BlockedTime).where(
            BlockedTime.removed_at.is_(None), BlockedTime.starts_at < until, BlockedTime.ends_at > since)
            .order_by(BlockedTime.starts_at, BlockedTime.id))
        return [self._view(policy, r) for r in rows]

    @unit_of_work
    def get(self, block_id: int) -> BlockView:
        row = self.session.get(BlockedTime, block_id)
        if row is None:
            raise NotFound(f"no blocked time {block_id}")
        return self._view(self.policy(), row)

    @unit_of_work
    def add(self, *, kind: str, clinician_id: int | None, site_id: int | None, starts_at: datetime,
            ends_at: datetime, note: str) -> tuple[BlockView, list[datetime]]:
        """Block a span (naive times are clinic time). Returns the block and the start times of booked
        appointments that now fall inside it (they stay booked: the desk moves them)."""
        policy = self.policy()
        start = policy.utc(starts_at) if starts_at.tzinfo is None else starts_at.astimezone(UTC)
        end = policy.utc(ends_at) if ends_at.tzinfo is None else ends_at.astimezone(UTC)
        if kind not in KINDS:
            raise Invalid(f"kind: use one of {', '.join(KINDS)}")
        if end <= start:
            raise Invalid("ends_at: the blocked time must end after it starts: give a later end")
        if (end - start).days >= LONGEST_DAYS:
            raise Invalid(f"ends_at: block at most {LONGEST_DAYS - 1} days at once; add another block for the rest")
        if kind == "room_hold":
            if site_id is None or clinician_id is not None:
                raise Invalid("site_id: a procedure-room hold names the site (and no clinician)")
            site = self.session.get(Site, site_id)
            if site is None:
                raise Invalid(f"site_id: no site {site_id}; pick one of the clinic's sites")
            if site.procedure_rooms <= 0:
                raise Invalid(f"site_id: {site.name} has no procedure room to hold")
        else:
            if clinician_id is None or site_id is not None:
                raise Invalid(f"clinician_id: {kind.replace('_', ' ')} is blocked for a clinician: choose one")
            user = self.session.get(User, clinician_id)
            if user is None or user.role != "clinician" or not user.active:
                raise Invalid(f"clinician_id: {clinician_id} is not an active clinician; pick one from the list")
        row = BlockedTime(kind=kind, clinician_id=clinician_id, site_id=site_id, starts_at=start, ends_at=end,
                          note=note.strip()[:200], created_by=self.actor.user_id, created_at=datetime.now(UTC))
        self.session.add(row)
        self.session.flush()
        self.audit("create", "blocked_time", row.id, None)
        clashes = []
        if clinician_id is not None:
            # clinic wall-clock time with its offset: an API date-time names its offset (RFC 3339; schemathesis
            # found the naive form when a block overlapped a booked appointment)
            booked = self.session.scalars(select(Appointment).where(
                Appointment.clinician_id == clinician_id, Appointment.starts_at < end, Appointment.ends_at > start)
                .order_by(Appointment.starts_at))
            clashes = [policy.local(a.starts_at).replace(tzinfo=policy.tz) for a in booked
                       if a.status not in INACTIVE_STATUSES and a.status != "done"]
        return self._view(policy, row), clashes

    @unit_of_work
    def remove(self, block_id: int) -> None:
        """Lift a block (again: nothing more happens). The time can be booked from now on."""
        row = self.session.get(BlockedTime, block_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no blocked time {block_id}")
        if row.removed_at is None:
            row.removed_at, row.removed_by = datetime.now(UTC), self.actor.user_id
            self.audit("delete", "blocked_time", row.id, None)
