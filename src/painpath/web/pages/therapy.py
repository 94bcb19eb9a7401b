"""The therapist's workspace (/therapy, issue 12): find a patient, read what therapy needs from the chart (working
diagnosis, red flags, allergies, the plan's therapy with any dose adjustment, procedures and their relief), and write
therapy notes and flare reports (what flared, after which exercise, how badly).

A flare report goes on the clinicians' worklist as a review item and re-plans the patient's assessment: the plan's
therapy gains "reduce the load of <exercise>" and stays offered; a flare never stops therapy. The pages declare
Perm.THERAPY (therapists and clinicians) and reach data through the same stores as the API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from painpath.adapters.db.clinical_store import SOURCE_LABELS
from painpath.services import assessing
from painpath.services.access import Perm
from painpath.services.errors import Invalid
from painpath.web.deps import Ctx, PathId
from painpath.web.pages.base import FormState, PageUser, form, form_values, human_message, page, redirect, render
from painpath.web.schemas_more import TherapyReportCreate

router = APIRouter(prefix="/therapy", include_in_schema=False)

TherapyPage = Annotated[PageUser, Depends(page(Perm.THERAPY))]
TherapyForm = Annotated[PageUser, Depends(form(Perm.THERAPY))]
THERAPY_KINDS = frozenset({"therapy"})  # plan option kinds a therapist delivers (plan_options.yaml kind)


@router.get("/patients", response_class=HTMLResponse)
def patients(request: Request, ctx: Ctx, user: TherapyPage, name: str = "") -> HTMLResponse:
    """Find a patient of the clinic by the start of their name."""
    state = FormState({"name": name.strip()})
    results: list[Any] = []
    total = 0
    more = False
    if state.values["name"]:
        if len(state.values["name"]) > 100:
            state.errors["name"] = "use at most 100 characters of the name"
        else:
            results, total, more = ctx.patients(user.actor).search(name=state.values["name"], birth_date=None, mrn=None,
                                                             sort="family_name", limit=50, offset=0)
    return render(request, "therapy/patients.html", user, title="Therapy: find a patient", form=state,
                  results=results, total=total, more=more, searched=bool(state.values["name"]))


def _therapy_page(request: Request, ctx: Any, user: PageUser, patient_id: int, *, note: FormState | None = None,
                  flare: FormState | None = None, status: int = 200) -> HTMLResponse:
    records = ctx.patients(user.actor).chart(patient_id)
    clinical = ctx.clinical(user.actor)
    working, pending = clinical.current_assessments(patient_id)
    replan = next((p for p in pending if p.source == "replan"), None)
    shown = replan or working or (pending[0] if pending else None)
    output = shown.output if shown is not None else {}
    therapy = [o for s in (output.get("plan") or {}).get("stages", []) for o in s.get("options", [])
               if o.get("kind") in THERAPY_KINDS]
    reports, _ = clinical.list_records("therapy_report", patient_id, sort="-written_on", limit=100, offset=0)
    today = date.today().isoformat()
    return render(
        request, "therapy/patient.html", user, status=status,
        title=f"Therapy: {records['patient'].family_name}, {records['patient'].given_name}",
        patient=records["patient"], allergies=records["allergies"], procedures=records["procedures"],
        diagnosis=(output.get("differential") or [{}])[0].get("label") if output.get("differential") else None,
        red_flags=output.get("red_flags") or [], therapy=therapy, alerts=(output.get("plan") or {}).get("alerts", []),
        basis=(f"the {SOURCE_LABELS.get(shown.source, shown.source)} of {shown.created_at:%Y-%m-%d}"
               + (" (awaiting a clinician's sign-off)" if shown.status == "proposal" else "")) if shown else "",
        reports=reports,
        note=note or FormState({"written_on": today}),
        flare=flare or FormState({"flare_written_on": today, "severity": ""}),
    )


@router.get("/patients/{patient_id}", response_class=HTMLResponse)
def patient(request: Request, patient_id: PathId, ctx: Ctx, user: TherapyPage) -> HTMLResponse:
    return _therapy_page(request, ctx, user, patient_id)


def _report(values: dict[str, Any], state: FormState, fields: dict[str, str]) -> TherapyReportCreate | None:
    """The report the form describes (``fields``: body field -> form field), or None with the errors in ``state``."""
    try:
        return TherapyReportCreate.model_validate({k: values.get(v, "") for k, v in fields.items()})
    except ValidationError as err:
        for error in err.errors():
            where = str(error["loc"][0]) if error.get("loc") else ""
            message = human_message(dict(error)).removeprefix("Value error, ")
            if not where:  # the flare's completeness rule names the missing fields itself
                missing = [f for f in ("exercise", "flared", "severity") if not values.get(fields.get(f, ""))]
                for name in missing or ["text"]:
                    state.errors.setdefault(fields.get(name, name), message)
            else:
                state.errors.setdefault(fields.get(where, where), message)
        return None


@router.post("/patients/{patient_id}/notes", response_class=HTMLResponse)
async def write_note(request: Request, patient_id: PathId, ctx: Ctx, user: TherapyForm) -> Response:
    """A therapy note: what was done and how the patient responded."""
    values = await form_values(request)
    state = FormState({k: str(values.get(k, "")) for k in ("written_on", "text")})
    body = _report({**values, "kind": "note"}, state, {"kind": "kind", "written_on": "written_on", "text": "text"})
    if body is None:
        return _therapy_page(request, ctx, user, patient_id, note=state, status=422)
    try:
        ctx.clinical(user.actor).create("therapy_report", patient_id, body.model_dump())
    except Invalid as err:
        state.errors["written_on"] = str(err).removeprefix("written_on: ")
        return _therapy_page(request, ctx, user, patient_id, note=state, status=422)
    return redirect(f"/therapy/patients/{patient_id}#reports-heading", notice="Therapy note saved.")


@router.post("/patients/{patient_id}/flares", response_class=HTMLResponse)
async def report_flare(request: Request, patient_id: PathId, ctx: Ctx, user: TherapyForm) -> Response:
    """A flare report: on the worklist for the clinicians, and the plan adjusts the exercise's dose."""
    values = await form_values(request)
    names = {"kind": "kind", "written_on": "flare_written_on", "exercise": "exercise", "flared": "flared",
             "severity": "severity", "text": "flare_text"}
    state = FormState({v: str(values.get(v, "")) for v in names.values() if v != "kind"})
    body = _report({**values, "kind": "flare"}, state, names)
    if body is None:
        return _therapy_page(request, ctx, user, patient_id, flare=state, status=422)
    clinical = ctx.clinical(user.actor)
    try:
        clinical.create("therapy_report", patient_id, body.model_dump())
    except Invalid as err:
        state.errors["flare_written_on"] = str(err).removeprefix("written_on: ")
        return _therapy_page(request, ctx, user, patient_id, flare=state, status=422)
    replanned = assessing.replan(clinical, ctx.engine, patient_id)
    return redirect(f"/therapy/patients/{patient_id}#plan-heading",
                    notice=f"Flare after {body.exercise} reported: the clinicians have it on their worklist"
                           + ("; the plan now reduces its load." if replanned else "."))
