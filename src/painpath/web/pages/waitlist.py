"""Answering waitlist offers in the browser (issue 15): the desk's waitlist (/desk/waitlist: who waits, most urgent
first, and the open offers, each to accept or decline for the patient) and the patient's own offers on
/portal/appointments. Accepting books through the one scheduling service (accept_offer); declining passes the time
to the next most urgent waiting patient; an expired offer is refused with what to do."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from painpath.adapters.db.patients_store import PatientRecords
from painpath.adapters.db.schedule_repo import clinic_policy
from painpath.adapters.db.tables import User
from painpath.adapters.db.waitlist_store import Waitlist, accept_offer
from painpath.services.access import SYSTEM, Perm
from painpath.services.errors import Invalid, NotFound, StaleWrite
from painpath.web.deps import Db, PathId
from painpath.web.pages.base import PageUser, form, page, redirect, render
from painpath.web.pages.desk import KINDS, LEVEL_WORDS, scheduler

router = APIRouter(include_in_schema=False)


def waitlist(db: Db, user: PageUser, request: Request) -> Waitlist:
    return Waitlist(db, user.actor, audit_reads=request.app.state.settings.audit_reads)


def offer_rows(db: Db, user: PageUser, request: Request) -> list[dict[str, Any]]:
    """The open offers this person may answer, in clinic time, with the clinician's name."""
    policy = clinic_policy(db)
    rows = []
    for offer, entry in waitlist(db, user, request).offers():
        clinician = db.get(User, offer.clinician_id)
        rows.append({"offer": offer, "entry": entry, "starts": policy.local(offer.starts_at),
                     "expires": policy.local(offer.expires_at),
                     "clinician": clinician.display_name if clinician is not None else ""})
    db.commit()  # end the read before the page renders (the portal's contact strip reads in its own session)
    return rows


def answer(request: Request, db: Db, user: PageUser, offer_id: int, *, accept: bool) -> tuple[Any, str]:
    """Accept (returns the appointment) or decline an offer; (None, why) when it cannot be answered."""
    store = waitlist(db, user, request)
    try:
        if accept:
            return accept_offer(store, scheduler(db, user, request), offer_id), ""
        store.decline(offer_id)
    except (Invalid, StaleWrite) as err:
        return None, str(err).split(": ", 1)[-1]
    Waitlist(db, SYSTEM, audit_reads=request.app.state.settings.audit_reads).sweep()  # the next patient's turn
    return None, ""


# -- the desk -----------------------------------------------------------------------------------------------
@router.get("/desk/waitlist")
def desk_waitlist(request: Request, db: Db,
                  user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_WRITE))]) -> Response:
    patients = PatientRecords(db, user.actor, audit_reads=request.app.state.settings.audit_reads)
    entries = [{"entry": e, "patient": patients.get(e.patient_id)} for e in waitlist(db, user, request).entries()]
    offers = offer_rows(db, user, request)
    for row in offers:
        row["patient"] = patients.get(row["entry"].patient_id)
    db.commit()
    return render(request, "desk/waitlist.html", user, title="Waitlist", entries=entries, offers=offers,
                  levels=LEVEL_WORDS, kinds=dict(KINDS))


@router.post("/desk/offers/{offer_id}/accept")
async def desk_accept(request: Request, db: Db, offer_id: PathId,
                      user: Annotated[PageUser, Depends(form(Perm.OFFER_ANSWER))]) -> Response:
    row, why = answer(request, db, user, offer_id, accept=True)
    if row is None:
        return redirect("/desk/waitlist", notice=f"Not booked: {why}")
    return redirect(f"/desk/appointments/{row.id}", notice="Offer accepted: booked")


@router.post("/desk/offers/{offer_id}/decline")
async def desk_decline(request: Request, db: Db, offer_id: PathId,
                       user: Annotated[PageUser, Depends(form(Perm.OFFER_ANSWER))]) -> Response:
    _, why = answer(request, db, user, offer_id, accept=False)
    return redirect("/desk/waitlist", notice=f"Not declined: {why}" if why else
                    "Offer declined: the patient keeps waiting; the time goes to the next patient")


# -- the patient --------------------------------------------------------------------------------------------
@router.post("/portal/offers/{offer_id}/accept")
async def portal_accept(request: Request, db: Db, offer_id: PathId,
                        user: Annotated[PageUser, Depends(form(Perm.OFFER_ANSWER))]) -> Response:
    if user.actor.patient_id is None:
        raise NotFound(f"no offer {offer_id}")
    row, why = answer(request, db, user, offer_id, accept=True)
    if row is None:
        return redirect("/portal/appointments", notice=f"Not booked: {why}")
    return redirect(f"/portal/appointments/{row.id}", notice="Booked: thank you, see you then")


@router.post("/portal/offers/{offer_id}/decline")
async def portal_decline(request: Request, db: Db, offer_id: PathId,
                         user: Annotated[PageUser, Depends(form(Perm.OFFER_ANSWER))]) -> Response:
    if user.actor.patient_id is None:
        raise NotFound(f"no offer {offer_id}")
    _, why = answer(request, db, user, offer_id, accept=False)
    return redirect("/portal/appointments", notice=f"Not declined: {why}" if why else
                    "Declined: you stay on the waitlist for another time")
