"""Blocked time (/desk/blocked-time, issue 15): the desk and the administrator add a clinician's leave or meeting, or
hold a procedure room at a site, and lift it again. Written through the API's store (BlockedTimes): the same
checks, the same audit trail; the scheduler then never offers the time and refuses a booking into it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy import select

from painpath.adapters.db.blocks_store import BlockedTimes
from painpath.adapters.db.tables import User
from painpath.adapters.db.tables_providers import Site
from painpath.services.access import Perm
from painpath.services.errors import Invalid
from painpath.web.deps import Db, PathId
from painpath.web.pages.base import (
    FormState,
    PageUser,
    calendar_problem,
    form,
    form_values,
    page,
    redirect,
    render,
    validate,
)
from painpath.web.schemas import Text200

router = APIRouter(include_in_schema=False)
KINDS = [("leave", "Leave (a clinician)"), ("meeting", "Meeting (a clinician)"),
         ("other", "Other unavailable time (a clinician)"), ("room_hold", "Procedure room held (a site)")]
FIELD_OF = {"starts_at": "from_day", "ends_at": "to_day", "clinician_id": "clinician_id", "site_id": "site_id",
            "kind": "kind"}


class BlockForm(BaseModel):
    model_config = ConfigDict(extra="ignore")
    kind: Literal["leave", "meeting", "other", "room_hold"]
    clinician_id: int | None = None
    site_id: int | None = None
    from_day: date
    from_time: time
    to_day: date
    to_time: time
    note: Text200 = ""

    @field_validator("from_day", "to_day")
    @classmethod
    def _in_range(cls, value: date) -> date:
        problem = calendar_problem(value)
        if problem:
            raise ValueError(problem)
        return value


def store(db: Db, user: PageUser, request: Request) -> BlockedTimes:
    return BlockedTimes(db, user.actor, audit_reads=request.app.state.settings.audit_reads)


def _page(request: Request, db: Db, user: PageUser, state: FormState, *, status: int = 200) -> Response:
    records = store(db, user, request)
    now = records.policy().now()
    since = records.policy().utc(datetime.combine(now.date(), time(0, 0)))
    rows = records.listing(since=since, until=since + timedelta(days=366))
    clinicians = [(str(u.id), u.display_name) for u in db.scalars(
        select(User).where(User.role == "clinician", User.active.is_(True)).order_by(User.display_name))]
    sites = [(str(s.id), f"{s.name} ({s.procedure_rooms} procedure "
                         f"{'room' if s.procedure_rooms == 1 else 'rooms'})")
             for s in db.scalars(select(Site).order_by(Site.name))]
    db.commit()
    return render(request, "desk/blocked_time.html", user, title="Blocked time", rows=rows, form=state,
                  kinds=KINDS, clinicians=clinicians, sites=sites, kind_words=dict(KINDS), status=status)


@router.get("/desk/blocked-time")
def blocked_page(request: Request, db: Db, user: Annotated[PageUser, Depends(page(Perm.BLOCKED_TIME))]) -> Response:
    today = store(db, user, request).policy().now().date()
    db.commit()
    values = {"kind": "leave", "from_day": today.isoformat(), "from_time": "08:30", "to_day": today.isoformat(),
              "to_time": "17:00"}
    return _page(request, db, user, FormState(values))


@router.post("/desk/blocked-time")
async def blocked_add(request: Request, db: Db,
                      user: Annotated[PageUser, Depends(form(Perm.BLOCKED_TIME))]) -> Response:
    state = FormState(await form_values(request))
    chosen = validate(BlockForm, state)
    if chosen is not None and chosen.kind == "room_hold" and not chosen.site_id:
        state.errors["site_id"] = "choose the site whose procedure room is held"
    elif chosen is not None and chosen.kind != "room_hold" and not chosen.clinician_id:
        state.errors["clinician_id"] = "choose whose time is blocked"
    if chosen is None or not state.ok:
        return _page(request, db, user, state, status=422)
    room = chosen.kind == "room_hold"
    try:
        view, inside = store(db, user, request).add(
            kind=chosen.kind, clinician_id=None if room else chosen.clinician_id,
            site_id=chosen.site_id if room else None, starts_at=datetime.combine(chosen.from_day, chosen.from_time),
            ends_at=datetime.combine(chosen.to_day, chosen.to_time), note=chosen.note)
    except Invalid as err:
        name, _, message = str(err).partition(": ")
        state.errors[FIELD_OF.get(name, "kind")] = message or str(err)
        return _page(request, db, user, state, status=422)
    notice = f"Blocked: {view.label}"
    if inside:
        notice = (f"Blocked: {view.label}. {len(inside)} booked "
                  f"{'appointment falls' if len(inside) == 1 else 'appointments fall'} inside it (first "
                  f"{inside[0]:%a %Y-%m-%d %H:%M}): move {'it' if len(inside) == 1 else 'them'}")
    return redirect("/desk/blocked-time", notice=notice)


@router.post("/desk/blocked-time/{block_id}/remove")
async def blocked_remove(request: Request, db: Db, block_id: PathId,
                         user: Annotated[PageUser, Depends(form(Perm.BLOCKED_TIME))]) -> Response:
    records = store(db, user, request)
    label = records.get(block_id).label
    records.remove(block_id)
    return redirect("/desk/blocked-time", notice=f"Lifted: {label}")
