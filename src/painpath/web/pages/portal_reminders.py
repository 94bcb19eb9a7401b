"""The patient's reminders and calendar (issue 15): how they are reminded (e-mail, text message, or not at all),
the reminders sent to them, and their appointments as an .ics file to add to a calendar. Written through the same
stores as the API (ProviderRecords.set_reminders, Reminders, CalendarFeeds): one path, one audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from painpath.adapters.db.calendar_store import CalendarFeeds
from painpath.adapters.db.patients_store import PatientRecords
from painpath.adapters.db.providers_store import ProviderRecords
from painpath.adapters.db.reminders_store import Reminders
from painpath.adapters.db.schedule_repo import clinic_policy
from painpath.services.access import Perm
from painpath.web.deps import Db
from painpath.web.pages.base import FormState, PageUser, form, form_values, page, redirect, render
from painpath.web.pages.portal import own_patient

router = APIRouter(include_in_schema=False)
CHOICES = [("email", "By e-mail"), ("sms", "By text message (SMS)"), ("none", "No reminders")]
KIND_WORDS = {"appointment": "Appointment reminder", "questionnaire": "Questionnaire reminder"}
CHANNEL_WORDS = {"email": "e-mail", "sms": "text message"}


def _page(request: Request, db: Db, user: PageUser, state: FormState | None, *, status: int = 200) -> Response:
    patient_id = own_patient(user)
    audit_reads = request.app.state.settings.audit_reads
    patient = PatientRecords(db, user.actor, audit_reads=audit_reads).get(patient_id)
    preference = ProviderRecords(db, user.actor, audit_reads=audit_reads).preference(patient_id)
    choice = preference.remind_by if preference is not None else "email"
    sent = Reminders(db, user.actor, audit_reads=audit_reads).history(patient_id)
    policy = clinic_policy(db)
    rows = [{"what": KIND_WORDS.get(r.kind, r.kind), "when": policy.local(r.sent_at),
             "how": CHANNEL_WORDS.get(r.channel, r.channel)} for r in sent]
    db.commit()
    return render(request, "portal/reminders.html", user, title="Reminders", form=state or FormState(
        {"remind_by": choice}), choices=CHOICES, rows=rows, has_email=bool(patient.email),
        has_phone=bool(patient.phone), status=status)


@router.get("/portal/reminders")
def reminders_page(request: Request, db: Db, user: Annotated[PageUser, Depends(page(Perm.REMINDERS))]) -> Response:
    return _page(request, db, user, None)


@router.post("/portal/reminders")
async def reminders_submit(request: Request, db: Db,
                           user: Annotated[PageUser, Depends(form(Perm.REMINDERS))]) -> Response:
    patient_id = own_patient(user)
    state = FormState(await form_values(request))
    choice = state.value("remind_by")
    if choice not in dict(CHOICES):
        state.errors["remind_by"] = "choose how you want to be reminded, or no reminders"
        return _page(request, db, user, state, status=422)
    ProviderRecords(db, user.actor, audit_reads=request.app.state.settings.audit_reads).set_reminders(
        patient_id, choice)
    return redirect("/portal/reminders", notice="Saved: " + dict(CHOICES)[choice].lower())


@router.get("/portal/appointments.ics")
def calendar_download(request: Request, db: Db,
                      user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_READ))]) -> Response:
    """The patient's appointments (the last month and the next six) as an iCalendar file."""
    patient_id = own_patient(user)
    body = CalendarFeeds(db, user.actor, audit_reads=request.app.state.settings.audit_reads).patient_calendar(
        patient_id)
    return Response(body, media_type="text/calendar; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="my-appointments.ics"', "Cache-Control": "no-store"})
