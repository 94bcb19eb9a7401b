"""Chart records a clinician corrects or adds beside the assessment (issue 12): dismissing a proposal with a reason,
correcting or removing an allergy with a reason, the psychological evaluation before neuromodulation.

Each page reaches data through ClinicalRecords like the JSON API, so access rules, the audit trail and the re-plan
after a change that plan safety reads are shared."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from painpath.adapters.db.clinical_store import SOURCE_LABELS
from painpath.services import assessing
from painpath.services.access import Perm
from painpath.services.errors import AlreadyDone, Invalid, StaleWrite
from painpath.web.deps import Ctx, PathId
from painpath.web.pages.base import FormState, PageUser, form, form_values, page, redirect, render, validate
from painpath.web.schemas_more import PsychEvaluationCreate

router = APIRouter(prefix="/clinic", include_in_schema=False)

ClinicianPage = Annotated[PageUser, Depends(page(Perm.ASSESS))]
AssessForm = Annotated[PageUser, Depends(form(Perm.ASSESS))]
WriteForm = Annotated[PageUser, Depends(form(Perm.CLINICAL_WRITE))]


# -- dismissing a proposal ---------------------------------------------------------------------------------
@router.post("/assessments/{assessment_id}/dismiss")
async def dismiss(request: Request, assessment_id: PathId, ctx: Ctx, user: AssessForm) -> Response:
    """Dismiss a proposal with a reason (audited); back to the chart, where it is in the history as dismissed."""
    values = await form_values(request)
    clinical = ctx.clinical(user.actor)
    try:
        row = clinical.dismiss(assessment_id, str(values.get("reason", "")))
    except (Invalid, AlreadyDone) as err:
        found, _ = clinical.get_assessment(assessment_id)
        where = f"/clinic/patients/{found.patient_id}" if found.patient_id is not None else (
            f"/clinic/assessments/{assessment_id}")
        return redirect(f"{where}#proposals", notice=f"Not dismissed: {err}")
    return redirect(f"/clinic/patients/{row.patient_id}",
                    notice=f"Dismissed: the {SOURCE_LABELS.get(row.source, row.source)} stays in the history.")


# -- correcting or removing an allergy ---------------------------------------------------------------------
class AllergyCorrection(BaseModel):
    model_config = ConfigDict(extra="ignore")
    substance: str = Field(min_length=1, max_length=80)
    reaction: str = Field(default="", max_length=2000)
    severity: Literal["mild", "moderate", "severe", "unknown"] = "unknown"
    reason: str = Field(min_length=1, max_length=2000)
    version: int = Field(ge=1)


def _allergy_page(request: Request, ctx: Any, user: PageUser, allergy_id: int, *, correct: FormState | None = None,
                  remove: FormState | None = None, status: int = 200) -> HTMLResponse:
    row = ctx.clinical(user.actor).get("allergy", allergy_id)
    patient = ctx.patients(user.actor).chart(row.patient_id)["patient"]
    fields = {"substance": row.substance, "reaction": row.reaction, "severity": row.severity, "reason": "",
              "version": str(row.version)}
    return render(request, "clinic/allergy.html", user, status=status, title=f"Allergy: {row.substance}",
                  allergy=row, patient=patient, correct=correct or FormState(dict(fields)),
                  remove=remove or FormState({"removal_reason": "", "version": str(row.version)}))


@router.get("/allergies/{allergy_id}", response_class=HTMLResponse)
def allergy(request: Request, allergy_id: PathId, ctx: Ctx, user: ClinicianPage) -> HTMLResponse:
    return _allergy_page(request, ctx, user, allergy_id)


@router.post("/allergies/{allergy_id}/correct", response_class=HTMLResponse)
async def correct_allergy(request: Request, allergy_id: PathId, ctx: Ctx, user: WriteForm) -> Response:
    """Correct the allergy with a reason, then re-plan so plan safety follows the corrected record."""
    values = await form_values(request)
    state = FormState({k: str(values.get(k, "")) for k in ("substance", "reaction", "severity", "reason", "version")})
    if not state.values["reason"]:
        state.errors["reason"] = "say why the allergy is corrected, e.g. the reaction was nausea, not hives"
    body = validate(AllergyCorrection, state) if state.ok else None
    if body is None:
        return _allergy_page(request, ctx, user, allergy_id, correct=state, status=422)
    clinical = ctx.clinical(user.actor)
    try:
        row = clinical.correct_allergy(allergy_id, version=body.version, reason=body.reason,
                                       fields=body.model_dump(include={"substance", "reaction", "severity"}))
    except (Invalid, AlreadyDone, StaleWrite) as err:
        state.errors["reason"] = str(err)
        return _allergy_page(request, ctx, user, allergy_id, correct=state, status=409 if isinstance(
            err, (AlreadyDone, StaleWrite)) else 422)
    replanned = assessing.replan(clinical, ctx.engine, row.patient_id)
    return redirect(f"/clinic/patients/{row.patient_id}#allergies-heading",
                    notice=f"Allergy corrected ({body.reason})" + ("; the plan was updated." if replanned else "."))


@router.post("/allergies/{allergy_id}/remove", response_class=HTMLResponse)
async def remove_allergy(request: Request, allergy_id: PathId, ctx: Ctx, user: WriteForm) -> Response:
    """Remove the allergy with a reason (the record stays, marked removed), then re-plan."""
    values = await form_values(request)
    state = FormState({k: str(values.get(k, "")) for k in ("removal_reason", "version")})
    if not state.values["removal_reason"]:
        state.errors["removal_reason"] = "say why the allergy is removed, e.g. entered for the wrong patient"
    elif not state.values["version"].isdigit():
        state.errors["removal_reason"] = "reload the page and try again (the form lost the record's version)"
    if not state.ok:
        return _allergy_page(request, ctx, user, allergy_id, remove=state, status=422)
    clinical = ctx.clinical(user.actor)
    try:
        row = clinical.remove_allergy(allergy_id, version=int(state.values["version"]),
                                      reason=state.values["removal_reason"])
    except (Invalid, AlreadyDone, StaleWrite) as err:
        state.errors["removal_reason"] = str(err)
        return _allergy_page(request, ctx, user, allergy_id, remove=state, status=409)
    replanned = assessing.replan(clinical, ctx.engine, row.patient_id)
    return redirect(f"/clinic/patients/{row.patient_id}#allergies-heading",
                    notice=f"Allergy to {row.substance} removed" + ("; the plan was updated." if replanned else "."))


# -- the psychological evaluation before neuromodulation ---------------------------------------------------
@router.post("/patients/{patient_id}/psych-evaluations", response_class=HTMLResponse)
async def record_psych_evaluation(request: Request, patient_id: PathId, ctx: Ctx, user: WriteForm) -> Response:
    """Record a psychological evaluation (outcome, date, clinician) and re-plan: the stimulator trial's
    prerequisite is this record."""
    from painpath.web.pages.clinic import _chart  # the chart shows the form again with what was typed

    values = await form_values(request)
    state = FormState({k: str(values.get(k, "")) for k in ("evaluated_on", "outcome", "clinician", "note")})
    if not state.values["outcome"]:
        state.errors["outcome"] = "choose cleared or not cleared"
    if not state.values["clinician"]:
        state.errors["clinician"] = "name the clinician who did the evaluation"
    body = validate(PsychEvaluationCreate, state) if state.ok else None
    if body is not None and body.evaluated_on > date.today():
        state.errors["evaluated_on"] = "the evaluation date is in the future: record it once it is done"
    if body is None or not state.ok:
        return _chart(request, patient_id, ctx, user, psych_form=state, status=422)
    clinical = ctx.clinical(user.actor)
    clinical.create("psych_evaluation", patient_id, body.model_dump())
    replanned = assessing.replan(clinical, ctx.engine, patient_id)
    outcome = "cleared" if body.outcome == "cleared" else "not cleared"
    return redirect(f"/clinic/patients/{patient_id}#neuromodulation",
                    notice=f"Psychological evaluation recorded ({outcome})"
                           + ("; the plan was updated." if replanned else "."))
