"""Clinical records: encounters, assessments and plan decisions, procedures, medications, outcomes, goals."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse, Response

from painpath.services import assessing
from painpath.services.access import Actor, Perm
from painpath.web.deps import Ctx, Limit, Offset, PathId, require
from painpath.web.errors import stale_view
from painpath.web.patient_wording import outcome_for, summary_for
from painpath.web.schemas import (
    AssessmentPage,
    AssessmentRecord,
    AssessmentSummary,
    CurrentAssessments,
    DecisionCreate,
    DecisionRead,
    DismissProposal,
    EncounterCreate,
    EncounterPage,
    EncounterRead,
    EncounterUpdate,
)
from painpath.web.schemas_contract import AssessmentOutput
from painpath.web.schemas_more import (
    AllergyCorrect,
    AllergyCreate,
    AllergyPage,
    AllergyRead,
    AllergyRecorded,
    AllergyRemove,
    AssessIntake,
    AssessNote,
    MedicationCreate,
    MedicationPage,
    MedicationRead,
    MedicationUpdate,
    OutcomeCreate,
    OutcomePage,
    OutcomeRead,
    ProblemPage,
    ProblemRead,
    ProcedureCreate,
    ProcedurePage,
    ProcedureRead,
    ProcedureRecorded,
    ProcedureUpdate,
    PsychEvaluationCreate,
    PsychEvaluationPage,
    PsychEvaluationRead,
    PsychEvaluationRecorded,
    TherapyReportCreate,
    TherapyReportPage,
    TherapyReportRead,
    TherapyReportRecorded,
)
from painpath.web.schemas_outcomes import OutcomeSummaryRead

router = APIRouter(prefix="/api", tags=["clinical"])
ClinicalRead = Annotated[Actor, Depends(require(Perm.CLINICAL_READ))]
ClinicalWrite = Annotated[Actor, Depends(require(Perm.CLINICAL_WRITE))]


def _edits(body: Any) -> dict[str, Any]:
    return dict(body.model_dump(exclude_unset=True, exclude={"version"}))


# -- encounters -------------------------------------------------------------------------------------------
@router.get("/patients/{patient_id}/encounters")
def list_encounters(
    patient_id: PathId,
    ctx: Ctx,
    actor: ClinicalRead,
    sort: Literal["occurred_at", "-occurred_at", "kind", "-kind"] = "-occurred_at",
    limit: Limit = 50,
    offset: Offset = 0,
) -> EncounterPage:
    """A patient's visits."""
    rows, total = ctx.clinical(actor).list_records("encounter", patient_id, sort=sort, limit=limit, offset=offset)
    return EncounterPage(
        items=[EncounterRead.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.post("/patients/{patient_id}/encounters", status_code=201)
def create_encounter(
    patient_id: PathId, body: EncounterCreate, ctx: Ctx, actor: ClinicalWrite
) -> EncounterRead:
    """Record a visit (its note is clinical content)."""
    return EncounterRead.model_validate(
        ctx.clinical(actor).create("encounter", patient_id, body.model_dump())
    )


@router.get("/encounters/{encounter_id}")
def read_encounter(encounter_id: PathId, ctx: Ctx, actor: ClinicalRead) -> EncounterRead:
    """One visit."""
    return EncounterRead.model_validate(ctx.clinical(actor).get("encounter", encounter_id))


@router.patch("/encounters/{encounter_id}")
def update_encounter(
    encounter_id: PathId, body: EncounterUpdate, ctx: Ctx, actor: ClinicalWrite
) -> EncounterRead:
    """Amend a visit; send the version you read."""
    store = ctx.clinical(actor)
    with stale_view(lambda: EncounterRead.model_validate(store.get("encounter", encounter_id))):
        row = store.update("encounter", encounter_id, version=body.version, fields=_edits(body))
    return EncounterRead.model_validate(row)


# -- assessments ------------------------------------------------------------------------------------------
@router.post(
    "/assessments",
    status_code=201,
    response_model=None,
    responses={
        201: {"model": AssessmentOutput, "description": "the assessment, as `painpath assess --format json`"}
    },
)
def create_assessment(
    body: AssessNote | AssessIntake,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.ASSESS))],
) -> JSONResponse:
    """Assess a note or a structured intake and store input, output and knowledge-base version."""
    if isinstance(body, AssessNote):
        text, intake = body.text, None
    else:
        text, intake = None, body.model_dump(exclude={"patient_id", "encounter_id"}, exclude_unset=True)
    done = assessing.assess(ctx.clinical(actor), ctx.engine, ctx.text_limit, patient_id=body.patient_id,
                            encounter_id=body.encounter_id, text=text, intake=intake)
    return JSONResponse(done.output, status_code=201, headers={"Location": f"/api/assessments/{done.row.id}"})


@router.get("/assessments/{assessment_id}")
def read_assessment(assessment_id: PathId, ctx: Ctx, actor: ClinicalRead) -> AssessmentRecord:
    """A stored assessment: input, full output, kb_version and the decisions taken on its plan."""
    row, decisions = ctx.clinical(actor).get_assessment(assessment_id)
    return AssessmentRecord.model_validate(
        {
            **{k: getattr(row, k) for k in AssessmentRecord.model_fields if k != "decisions"},
            "decisions": [DecisionRead.model_validate(d) for d in decisions],
        }
    )


@router.get("/patients/{patient_id}/assessments")
def list_assessments(
    patient_id: PathId,
    ctx: Ctx,
    actor: ClinicalRead,
    sort: Literal["created_at", "-created_at", "triage_level", "-triage_level"] = "-created_at",
    limit: Limit = 50,
    offset: Offset = 0,
) -> AssessmentPage:
    """A patient's assessments, newest first."""
    rows, total = ctx.clinical(actor).list_records("assessment", patient_id, sort=sort, limit=limit, offset=offset,
                                                   summaries=True)
    return AssessmentPage(
        items=[AssessmentSummary.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.get("/patients/{patient_id}/assessments/current")
def current_assessments(patient_id: PathId, ctx: Ctx, actor: ClinicalRead) -> CurrentAssessments:
    """The working assessment (a clinician's own, or the proposal signed off last) and the proposals awaiting
    sign-off: from a referral letter, the patient's history packet or an automatic re-plan. A proposal never
    replaces the working assessment by itself; its red flags went on the worklist when it was stored."""
    working, pending = ctx.clinical(actor).current_assessments(patient_id)
    return CurrentAssessments(
        working=AssessmentSummary.model_validate(working) if working is not None else None,
        proposals=[AssessmentSummary.model_validate(r) for r in pending],
    )


@router.post("/assessments/{proposal_id}/sign-off")
def sign_off_assessment(
    proposal_id: PathId, ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.ASSESS))]
) -> AssessmentSummary:
    """A clinician signs a proposal (an assessment with status proposal) off as the patient's working assessment,
    audited. 409 when it is already working; 422 for a stand-alone consult (no chart)."""
    return AssessmentSummary.model_validate(ctx.clinical(actor).sign_off(proposal_id))


@router.post("/assessments/{proposal_id}/dismiss")
def dismiss_assessment(
    proposal_id: PathId, body: DismissProposal, ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.ASSESS))]
) -> AssessmentSummary:
    """A clinician dismisses a proposal (a referral letter's, the patient's packet's, a re-plan's) with a reason,
    audited: it leaves the pending list and stays in the history as dismissed. 409 when it is working or already
    dismissed; 422 without a reason."""
    return AssessmentSummary.model_validate(ctx.clinical(actor).dismiss(proposal_id, body.reason))


@router.post("/assessments/{assessment_id}/decisions", status_code=201)
def decide(assessment_id: PathId, body: DecisionCreate, ctx: Ctx, actor: ClinicalWrite) -> DecisionRead:
    """Accept, decline or defer a plan option (a reason is required to decline or defer)."""
    row = ctx.clinical(actor).decide(
        assessment_id, option_id=body.option_id, decision=body.decision, reason=body.reason
    )
    return DecisionRead.model_validate(row)


# -- procedures, medications, outcomes, goals ---------------------------------------------------------------
@router.get("/patients/{patient_id}/procedures")
def list_procedures(
    patient_id: PathId,
    ctx: Ctx,
    actor: ClinicalRead,
    sort: Literal["performed_on", "-performed_on", "option_id", "-option_id", "sequence", "-sequence"] = (
        "-performed_on"
    ),
    limit: Limit = 50,
    offset: Offset = 0,
) -> ProcedurePage:
    """Procedures done and how the patient responded."""
    rows, total = ctx.clinical(actor).list_records("procedure", patient_id, sort=sort, limit=limit, offset=offset)
    return ProcedurePage(
        items=[ProcedureRead.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.post("/patients/{patient_id}/procedures", status_code=201)
def record_procedure(
    patient_id: PathId, body: ProcedureCreate, ctx: Ctx, actor: ClinicalWrite
) -> ProcedureRecorded:
    """Record a procedure and its response (relief %, duration, functional gain), then re-plan the latest
    assessment with every recorded response, as the clinic page does (replanned_assessment_id; null when the
    patient has no assessment yet). A date in the future, or an ablation dated before its diagnostic blocks, is
    a 422 on performed_on."""
    clinical = ctx.clinical(actor)
    row = clinical.create("procedure", patient_id, body.model_dump())
    recorded = ProcedureRead.model_validate(row)
    replanned = assessing.replan(clinical, ctx.engine, patient_id) if row.relief_percent is not None else None
    return ProcedureRecorded(**recorded.model_dump(),
                             replanned_assessment_id=replanned.row.id if replanned is not None else None)


@router.patch("/procedures/{procedure_id}")
def update_procedure(
    procedure_id: PathId, body: ProcedureUpdate, ctx: Ctx, actor: ClinicalWrite
) -> ProcedureRead:
    """Complete or correct a procedure's response; send the version you read."""
    store = ctx.clinical(actor)
    with stale_view(lambda: ProcedureRead.model_validate(store.get("procedure", procedure_id))):
        row = store.update("procedure", procedure_id, version=body.version, fields=_edits(body))
    return ProcedureRead.model_validate(row)


@router.get("/patients/{patient_id}/medications")
def list_medications(
    patient_id: PathId,
    ctx: Ctx,
    actor: ClinicalRead,
    sort: Literal["name", "-name", "started_on", "-started_on", "status", "-status"] = "name",
    limit: Limit = 50,
    offset: Offset = 0,
) -> MedicationPage:
    """Medications and trials."""
    rows, total = ctx.clinical(actor).list_records("medication", patient_id, sort=sort, limit=limit, offset=offset)
    return MedicationPage(
        items=[MedicationRead.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.post("/patients/{patient_id}/medications", status_code=201)
def add_medication(
    patient_id: PathId, body: MedicationCreate, ctx: Ctx, actor: ClinicalWrite
) -> MedicationRead:
    """Start or record a medication trial."""
    return MedicationRead.model_validate(
        ctx.clinical(actor).create("medication", patient_id, body.model_dump())
    )


@router.get("/patients/{patient_id}/allergies")
def list_allergies(
    patient_id: PathId,
    ctx: Ctx,
    actor: ClinicalRead,
    sort: Literal["substance", "-substance", "created_at", "-created_at", "severity", "-severity"] = "substance",
    limit: Limit = 50,
    offset: Offset = 0,
    include_removed: bool = False,
) -> AllergyPage:
    """Recorded allergies and intolerances with their reaction and severity (removed ones with
    ``include_removed``, each with who removed it and why)."""
    rows, total = ctx.clinical(actor).list_records("allergy", patient_id, sort=sort, limit=limit, offset=offset,
                                                   include_removed=include_removed)
    return AllergyPage(items=[AllergyRead.model_validate(r) for r in rows], total=total, limit=limit, offset=offset)


@router.get("/patients/{patient_id}/problems")
def list_problems(
    patient_id: PathId,
    ctx: Ctx,
    actor: ClinicalRead,
    sort: Literal["onset_on", "-onset_on", "text", "-text", "clinical_status", "-clinical_status"] = "-onset_on",
    limit: Limit = 50,
    offset: Offset = 0,
) -> ProblemPage:
    """The problem list other systems sent (imported FHIR Conditions); PainPath's own diagnoses are in the
    assessments."""
    rows, total = ctx.clinical(actor).list_records("problem", patient_id, sort=sort, limit=limit, offset=offset)
    return ProblemPage(items=[ProblemRead.model_validate(r) for r in rows], total=total, limit=limit, offset=offset)


@router.post("/patients/{patient_id}/allergies", status_code=201)
def add_allergy(patient_id: PathId, body: AllergyCreate, ctx: Ctx, actor: ClinicalWrite) -> AllergyRecorded:
    """Record an allergy; the latest assessment is re-planned so an option of that class leaves the plan
    (an NSAID allergy: no NSAID, with the reason in the plan's excluded options)."""
    clinical = ctx.clinical(actor)
    row = AllergyRead.model_validate(clinical.create("allergy", patient_id, body.model_dump()))
    replanned = assessing.replan(clinical, ctx.engine, patient_id)
    return AllergyRecorded(**row.model_dump(), replanned_assessment_id=replanned.row.id if replanned else None)


@router.patch("/allergies/{allergy_id}")
def correct_allergy(allergy_id: PathId, body: AllergyCorrect, ctx: Ctx, actor: ClinicalWrite) -> AllergyRecorded:
    """Correct an allergy (substance, reaction, severity) with the reason, audited; send the version you read.
    The latest assessment is re-planned so plan safety follows the corrected record."""
    clinical = ctx.clinical(actor)
    fields = body.model_dump(exclude_unset=True, exclude={"version", "reason"})
    with stale_view(lambda: AllergyRead.model_validate(clinical.get("allergy", allergy_id))):
        row = AllergyRead.model_validate(clinical.correct_allergy(allergy_id, version=body.version, fields=fields,
                                                                  reason=body.reason))
    replanned = assessing.replan(clinical, ctx.engine, row.patient_id)
    return AllergyRecorded(**row.model_dump(), replanned_assessment_id=replanned.row.id if replanned else None)


@router.post("/allergies/{allergy_id}/remove")
def remove_allergy(allergy_id: PathId, body: AllergyRemove, ctx: Ctx, actor: ClinicalWrite) -> AllergyRecorded:
    """Remove an allergy recorded in error (or disproved) with the reason, audited: the record stays, marked
    removed, and leaves plan safety; the latest assessment is re-planned. 409 when already removed or stale."""
    clinical = ctx.clinical(actor)
    with stale_view(lambda: AllergyRead.model_validate(clinical.get("allergy", allergy_id))):
        row = AllergyRead.model_validate(clinical.remove_allergy(allergy_id, version=body.version,
                                                                 reason=body.reason))
    replanned = assessing.replan(clinical, ctx.engine, row.patient_id)
    return AllergyRecorded(**row.model_dump(), replanned_assessment_id=replanned.row.id if replanned else None)


# -- neuromodulation prerequisites and therapy --------------------------------------------------------------
@router.get("/patients/{patient_id}/psych-evaluations")
def list_psych_evaluations(
    patient_id: PathId,
    ctx: Ctx,
    actor: ClinicalRead,
    sort: Literal["evaluated_on", "-evaluated_on", "outcome", "-outcome"] = "-evaluated_on",
    limit: Limit = 50,
    offset: Offset = 0,
) -> PsychEvaluationPage:
    """Psychological evaluations before neuromodulation, newest first (the latest decides the prerequisite)."""
    rows, total = ctx.clinical(actor).list_records("psych_evaluation", patient_id, sort=sort, limit=limit,
                                                   offset=offset)
    return PsychEvaluationPage(items=[PsychEvaluationRead.model_validate(r) for r in rows], total=total,
                               limit=limit, offset=offset)


@router.post("/patients/{patient_id}/psych-evaluations", status_code=201)
def record_psych_evaluation(
    patient_id: PathId, body: PsychEvaluationCreate, ctx: Ctx, actor: ClinicalWrite
) -> PsychEvaluationRecorded:
    """Record a psychological evaluation (outcome cleared or not cleared, date, clinician), then re-plan: the
    stimulator trial's prerequisite is the latest evaluation recorded with the outcome cleared, never a note's
    words. The permanent implant is eligible only with it and a trial at the threshold relief with functional
    gain (plan_procedures.yaml scs_trial). A date in the future is a 422 on evaluated_on."""
    clinical = ctx.clinical(actor)
    row = PsychEvaluationRead.model_validate(clinical.create("psych_evaluation", patient_id, body.model_dump()))
    replanned = assessing.replan(clinical, ctx.engine, patient_id)
    return PsychEvaluationRecorded(**row.model_dump(),
                                   replanned_assessment_id=replanned.row.id if replanned else None)


@router.get("/patients/{patient_id}/therapy-reports")
def list_therapy_reports(
    patient_id: PathId,
    ctx: Ctx,
    actor: ClinicalRead,
    sort: Literal["written_on", "-written_on", "kind", "-kind"] = "-written_on",
    limit: Limit = 50,
    offset: Offset = 0,
) -> TherapyReportPage:
    """Therapy notes and flare reports, newest first."""
    rows, total = ctx.clinical(actor).list_records("therapy_report", patient_id, sort=sort, limit=limit,
                                                   offset=offset)
    return TherapyReportPage(items=[TherapyReportRead.model_validate(r) for r in rows], total=total, limit=limit,
                             offset=offset)


@router.post("/patients/{patient_id}/therapy-reports", status_code=201)
def write_therapy_report(
    patient_id: PathId, body: TherapyReportCreate, ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.THERAPY))],
) -> TherapyReportRecorded:
    """A therapist's therapy note, or a flare report (what flared, after which exercise, how badly). A flare goes
    on the worklist as a review item and re-plans: the plan's therapy carries "reduce the load of <exercise>"
    and goes on; a flare never stops therapy."""
    clinical = ctx.clinical(actor)
    row = TherapyReportRead.model_validate(clinical.create("therapy_report", patient_id, body.model_dump()))
    replanned = assessing.replan(clinical, ctx.engine, patient_id) if body.kind == "flare" else None
    return TherapyReportRecorded(**row.model_dump(), replanned_assessment_id=replanned.row.id if replanned else None)


@router.patch("/medications/{medication_id}")
def update_medication(
    medication_id: PathId,
    body: MedicationUpdate,
    ctx: Ctx,
    actor: ClinicalWrite,
) -> MedicationRead:
    """Change dose or status, record the effect; send the version you read."""
    store = ctx.clinical(actor)
    with stale_view(lambda: MedicationRead.model_validate(store.get("medication", medication_id))):
        row = store.update("medication", medication_id, version=body.version, fields=_edits(body))
    return MedicationRead.model_validate(row)


@router.get("/patients/{patient_id}/outcomes")
def list_outcomes(
    patient_id: PathId,
    ctx: Ctx,
    actor: ClinicalRead,
    sort: Literal["taken_at", "-taken_at", "instrument", "-instrument"] = "-taken_at",
    limit: Limit = 50,
    offset: Offset = 0,
) -> OutcomePage:
    """Questionnaire and scale results."""
    rows, total = ctx.clinical(actor).list_records("outcome", patient_id, sort=sort, limit=limit, offset=offset)
    return OutcomePage(
        items=[outcome_for(actor, OutcomeRead.model_validate(r)) for r in rows], total=total, limit=limit,
        offset=offset,
    )


@router.post("/patients/{patient_id}/outcomes", status_code=201)
def record_outcome(
    patient_id: PathId,
    body: OutcomeCreate,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.QUESTIONNAIRE_SUBMIT))],
) -> OutcomeRead:
    """Record a questionnaire result (a patient may submit their own, and sees guidance meant for them)."""
    recorded = OutcomeRead.model_validate(ctx.clinical(actor).create("outcome", patient_id, body.model_dump()))
    return outcome_for(actor, recorded)


@router.get("/patients/{patient_id}/outcomes/summary")
def outcome_summary(patient_id: PathId, ctx: Ctx, actor: ClinicalRead) -> OutcomeSummaryRead:
    """Per instrument: latest score, responder status against the MCID, any plan-review alert; the goals."""
    return summary_for(actor, OutcomeSummaryRead.model_validate(ctx.clinical(actor).outcome_summary(patient_id)))


InstrumentId = Annotated[
    str, Path(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$", description="instrument id, e.g. nrs, phq9")
]


@router.get(
    "/patients/{patient_id}/outcomes/{instrument}/chart",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}, "description": "the trend chart as SVG"}},
)
def outcome_chart(patient_id: PathId, instrument: InstrumentId, ctx: Ctx, actor: ClinicalRead) -> Response:
    """One instrument's scores over time (a line per body site), procedures and medication changes marked."""
    svg = ctx.clinical(actor).outcome_chart(patient_id, instrument)
    return Response(svg, media_type="image/svg+xml")


# Goals (measurable, with check-ins and progress) live in routes_outcomes.
