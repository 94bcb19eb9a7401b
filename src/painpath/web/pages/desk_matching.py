"""The desk's matching page (which clinician and site for a referral, and why) and the prior-authorisation packet
(page and PDF): the same stores as the API, so the same permissions and audit trail apply."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from painpath.adapters.db.matching_store import MatchingRecords
from painpath.adapters.payer_rule_files import load_default_payer_rules
from painpath.domain.prior_auth import Packet
from painpath.services.access import Perm
from painpath.services.errors import Invalid
from painpath.web.deps import Db, PathId
from painpath.web.pages.base import PageUser, page, render, source_words
from painpath.web.pages.clinic import latin1

router = APIRouter(include_in_schema=False)
ProcedureId = Annotated[str, Path(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")]
FACTOR_WORDS = {"procedures": "Performs what the plan needs", "focus": "Focus on the condition",
                "plan": "Accepts the plan", "earliest": "Earliest slot", "distance": "Distance",
                "language": "Language", "outcomes": "Measured outcomes"}


def records(db: Db, user: PageUser, request: Request) -> MatchingRecords:
    return MatchingRecords(db, user.actor, audit_reads=request.app.state.settings.audit_reads)


@router.get("/desk/referrals/{referral_id}/matches")
def matches_page(request: Request, db: Db, referral_id: PathId,
                 user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_WRITE))]) -> Response:
    store = records(db, user, request)
    try:
        referral, need, matches = store.matches(referral_id)
    except Invalid as err:  # an emergency: never matched, never booked
        referral, patient = _referral(store, referral_id)
        return render(request, "desk/matches.html", user, title="Match to a clinician", referral=referral,
                      patient=patient, refused=str(err).removeprefix("referral_id: "), matches=[], need=None,
                      words=FACTOR_WORDS)
    _, patient = _referral(store, referral_id)
    return render(request, "desk/matches.html", user, title="Match to a clinician", referral=referral,
                  patient=patient, need=need, matches=matches, refused="", words=FACTOR_WORDS)


def _referral(store: MatchingRecords, referral_id: int) -> tuple[Any, Any]:
    from painpath.adapters.db.intake_store import IntakeRecords

    return IntakeRecords(store.session, store.actor, audit_reads=store.audit_reads).get_referral(referral_id)


@router.get("/desk/patients/{patient_id}/prior-auth")
def prior_auth_index(request: Request, db: Db, patient_id: PathId,
                     user: Annotated[PageUser, Depends(page(Perm.PRIOR_AUTH))]) -> Response:
    from painpath.adapters.db.patients_store import PatientRecords

    patient = PatientRecords(db, user.actor, audit_reads=request.app.state.settings.audit_reads).get(patient_id)
    procedures = sorted({p for rs in load_default_payer_rules().values() for p in rs.procedures})
    return render(request, "desk/prior_auth.html", user, title="Prior authorisation", patient=patient,
                  procedures=procedures, packet=None, plan="")


def _packet(request: Request, db: Db, user: PageUser, patient_id: int, procedure: str) -> tuple[Any, Packet, str]:
    from painpath.adapters.db.patients_store import PatientRecords

    packet, plan = records(db, user, request).prior_auth(patient_id, procedure)
    patient = PatientRecords(db, user.actor, audit_reads=request.app.state.settings.audit_reads).get(patient_id)
    return patient, packet, plan


# the PDF first: the page's {procedure} would otherwise take 'x.pdf' and refuse it
@router.get("/desk/patients/{patient_id}/prior-auth/{procedure}.pdf")
def prior_auth_pdf(request: Request, db: Db, patient_id: PathId, procedure: ProcedureId,
                   user: Annotated[PageUser, Depends(page(Perm.PRIOR_AUTH))]) -> Response:
    patient, packet, plan = _packet(request, db, user, patient_id, procedure)
    name = f"prior-auth-{patient.mrn}-{procedure}.pdf".replace('"', "")
    return Response(packet_pdf_bytes(patient, packet, plan), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"})


@router.get("/desk/patients/{patient_id}/prior-auth/{procedure}")
def prior_auth_page(request: Request, db: Db, patient_id: PathId, procedure: ProcedureId,
                    user: Annotated[PageUser, Depends(page(Perm.PRIOR_AUTH))]) -> Response:
    patient, packet, plan = _packet(request, db, user, patient_id, procedure)
    return render(request, "desk/prior_auth.html", user, title="Prior authorisation", patient=patient,
                  procedures=[], packet=packet, plan=plan)


def packet_pdf_bytes(patient: Any, packet: Packet, plan: str, *, compress: bool = True) -> bytes:
    """The packet as a PDF (fpdf2 core Helvetica, as the visit summary)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(latin1("PainPath prior authorisation packet"))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, style: str = "", size: int = 11) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")

    line(f"Prior authorisation: {packet.procedure.replace('_', ' ')}", "B", 15)
    line(f"{patient.given_name} {patient.family_name}, born {patient.birth_date.isoformat()}, record {patient.mrn}")
    line(f"Plan: {plan}. Prior authorisation {'required' if packet.prior_auth_required else 'not required'}"
         f"{' (' + packet.prior_auth_note + ')' if packet.prior_auth_note else ''}.")
    if packet.diagnosis is not None:
        line(f"Diagnosis: {packet.diagnosis.label}; ICD-10-CM {', '.join(packet.diagnosis.icd10) or 'none'}")
    if packet.imaging:
        line("Imaging (patient's history): " + "; ".join(packet.imaging))
    pdf.ln(2)
    for item in packet.items:
        line(f"[{'present' if item.present else 'MISSING'}] {item.text}", "B")
        for evidence in item.evidence:
            line(f"  - {evidence}")
        if item.action:
            line(f"  To do: {item.action}")
        line(f"  Source: {source_words(item.source)}", "I", 9)
    return bytes(pdf.output())
