"""A patient's record as FHIR R4 resources, read through the audited stores: what /fhir searches answer, what
Patient/$everything bundles and what a bulk export writes (one code path for all three)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from painpath.adapters import fhir_r4, fhir_search
from painpath.adapters.db.clinical_store import ClinicalRecords
from painpath.adapters.db.fhir_store import FhirReads
from painpath.adapters.db.patients_store import PatientRecords
from painpath.adapters.instrument_files import load_default_outcomes
from painpath.domain.model import KnowledgeBase
from painpath.domain.opioids import listed_with_mme
from painpath.domain.planning import planning_knowledge
from painpath.services.access import Actor
from painpath.services.errors import NotFound

# record kind in the stores -> (FHIR resource type, newest-first sort)
KINDS: dict[str, tuple[str, str]] = {
    "encounter": ("Encounter", "-occurred_at"),
    "medication": ("MedicationStatement", "name"),
    "allergy": ("AllergyIntolerance", "substance"),
    "procedure": ("Procedure", "-performed_on"),
    "goal": ("Goal", "-created_at"),
    "outcome": ("Observation", "-taken_at"),
}
RESOURCE_KIND = {resource: kind for kind, (resource, _) in KINDS.items()}
ALL_OF_A_KIND = None  # $everything, bulk export and searches read every record of a kind (no cap)
# a search of these kinds with no date, status or code and in this order is paged by the database (LIMIT and
# OFFSET, a COUNT for the total): each row is one resource, built in the row order, and the type's sort (none, or
# "-date") is monotonic in the row order's first column, so the page is the one the full search would answer.
# Not MedicationStatement: each current opioid's MME is computed over the whole list (listed_with_mme).
SQL_PAGED: dict[str, tuple[str, ...]] = {"Encounter": ("-date",), "Observation": ("-date",),
                                         "Procedure": ("-date",), "AllergyIntolerance": ("",)}
# built from the assessments, referrals, packets and notes (after the kinds above in $everything)
PLAN_TYPES = ("CarePlan", "ServiceRequest", "QuestionnaireResponse", "DocumentReference", "Provenance")
COMPARTMENT_TYPES = ("Patient", *(resource for resource, _ in KINDS.values()), "Condition", "Flag",
                     "RiskAssessment", "Appointment", *PLAN_TYPES)


class FhirRecord:
    def __init__(self, session: Session, actor: Actor, kb: KnowledgeBase, *, audit_reads: bool = True,
                 base: str = "") -> None:
        self.patients = PatientRecords(session, actor, audit_reads=audit_reads)
        self.clinical = ClinicalRecords(session, actor, audit_reads=audit_reads)
        self.reads = FhirReads(session, actor, audit_reads=audit_reads)
        self.actor = actor
        self.base = base  # the server's /fhir address, for links out of the API (the visit summary PDF)
        self._people: dict[int, tuple[str, str, int | None]] | None = None
        self._cache: dict[tuple[str, int], Any] = {}  # one patient's reads shared by the types built from them
        self.kb = kb
        self.pk = planning_knowledge(kb)
        self.instruments = load_default_outcomes().instruments
        self.now = datetime.now(UTC)

    # -- one kind -----------------------------------------------------------------------------------------
    def build(self, kind: str, rows: list[Any]) -> list[dict[str, Any]]:
        if kind == "medication":
            listed, _ = listed_with_mme(self.kb, rows)
            return [fhir_r4.medication_statement(i["row"], i["mme"].mme_per_day if i["mme"] else None)
                    for i in listed]
        if kind == "encounter":
            return [fhir_r4.encounter(r, self.now) for r in rows]
        if kind == "allergy":
            return [fhir_r4.allergy_intolerance(r) for r in rows]
        if kind == "procedure":
            return [fhir_r4.procedure(r, self.option_label(r.option_id)) for r in rows]
        if kind == "goal":
            return [fhir_r4.goal(r) for r in rows]
        if kind == "outcome":
            return [self.observation(r) for r in rows]
        raise ValueError(f"no FHIR mapping for {kind!r}")

    def option_label(self, option: str) -> str:
        if self.pk is not None and option in self.pk.options:
            return self.pk.options[option].label
        return option.replace("_", " ")

    def observation(self, row: Any) -> dict[str, Any]:
        known = self.instruments.get(row.instrument)
        return fhir_r4.score_observation(row, known.label if known else row.instrument,
                                         known.loinc if known else None)

    def instruments_for(self, code: str) -> set[str]:
        """Instrument ids a token search names: system|code with LOINC or PainPath's system, or a bare code."""
        system, _, value = code.rpartition("|")
        return {i for i, d in self.instruments.items()
                if (system in {"", fhir_r4.LOINC} and d.loinc == value)
                or (system in {"", fhir_r4.INSTRUMENT_SYSTEM} and i == value)}

    def assessments(self, patient_id: int) -> tuple[Any, list[Any]]:
        """The working assessment and the proposals awaiting sign-off (newest first)."""
        return self._once("current", patient_id, self.clinical.current_assessments)  # type: ignore[no-any-return]

    # -- every type of the compartment --------------------------------------------------------------------
    def of_type(self, resource_type: str, patient_id: int, *, since: datetime | None = None,
                ) -> list[dict[str, Any]]:
        """All the patient's resources of one type, in their natural order (``since``: only records created or
        changed after it)."""
        if resource_type in RESOURCE_KIND:
            kind = RESOURCE_KIND[resource_type]
            rows, _ = self.clinical.list_records(kind, patient_id, sort=KINDS[kind][1], limit=ALL_OF_A_KIND,
                                                 offset=0)
            return self.build(kind, [r for r in rows if _after(r.created_at, since)])
        if resource_type == "Patient":
            row = self.patients.get(patient_id)
            return [fhir_r4.patient(row)] if _after(row.updated_at, since) else []
        if resource_type == "Appointment":
            rows, _ = self.patients.appointments(patient_id, sort="-starts_at", limit=ALL_OF_A_KIND, offset=0)
            return [fhir_r4.appointment(r) for r in rows if _after(r.created_at, since)]
        if resource_type in {"Condition", "Flag"}:
            working, pending = self.assessments(patient_id)
            if resource_type == "Condition":  # PainPath's differential, then the problem list other systems sent
                leading = working if working is not None else (pending[0] if pending else None)
                own = fhir_r4.conditions(leading) if leading is not None and _after(leading.created_at,
                                                                                    since) else []
                return own + self.problems(patient_id, since)
            return [flag for row in ([working] if working is not None else []) + pending
                    if _after(row.created_at, since) for flag in fhir_r4.flags(row)]
        if resource_type == "RiskAssessment":
            rows, _ = self.clinical.list_records("assessment", patient_id, sort="-created_at", limit=ALL_OF_A_KIND,
                                                 offset=0)
            return [fhir_r4.risk_assessment(r) for r in rows if _after(r.created_at, since)]
        builders = {"CarePlan": self.care_plans, "ServiceRequest": self.service_requests,
                    "QuestionnaireResponse": self.questionnaire_responses, "DocumentReference": self.documents,
                    "Provenance": self.provenances}
        if resource_type not in builders:
            raise ValueError(f"{resource_type} is not in a patient's compartment")
        return builders[resource_type](patient_id, since)

    def search(self, resource_type: str, patient_id: int, search: fhir_search.Search,
               keep: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
               ) -> tuple[list[dict[str, Any]], int]:
        """One page of a search of the patient's resources of one type, and how many match in all. ``keep``:
        the route's own filter (``code``). A plain page of a kind in SQL_PAGED is read by the database; any other
        search reads every record of the type (no cap), then filters, sorts and pages (fhir_search.select)."""
        allowed = fhir_r4.TYPE_SEARCH[resource_type]
        if (resource_type in SQL_PAGED and keep is None and not search.dates and search.statuses is None
                and search.sort in SQL_PAGED[resource_type]):
            kind = RESOURCE_KIND[resource_type]
            rows, total = self.clinical.list_records(kind, patient_id, sort=KINDS[kind][1], limit=search.count,
                                                     offset=search.offset)
            return self.build(kind, rows), total
        resources = self.of_type(resource_type, patient_id)
        if keep is not None:
            resources = keep(resources)
        return fhir_search.select(resources, search, allowed)

    def read(self, resource_type: str, resource_id: str) -> dict[str, Any]:
        """One resource by id, read as a search of its patient's compartment would (the same permissions and
        audit); 404 when it is not there or not this actor's to see."""
        patient_id = self.reads.owner(resource_type, resource_id)
        if resource_type == "Condition" and resource_id.startswith("problem-"):  # an imported problem
            built = self.problems(patient_id, None)
        elif resource_type in {"Condition", "Flag"}:  # "<assessment>-<n>": that assessment's, superseded or not
            row, _ = self.clinical.get_assessment(int(resource_id.partition("-")[0]))
            built = fhir_r4.conditions(row) if resource_type == "Condition" else fhir_r4.flags(row)
        else:
            built = self.of_type(resource_type, patient_id)
        found = [r for r in built if r["id"] == resource_id]
        if not found:
            raise NotFound(f"no {resource_type} {resource_id}")
        return found[0]

    def problems(self, patient_id: int, since: datetime | None) -> list[dict[str, Any]]:
        """The problem list other systems sent (imported Conditions), oldest onset first, as Conditions."""
        rows, _ = self.clinical.list_records("problem", patient_id, sort="onset_on", limit=ALL_OF_A_KIND, offset=0)
        return [fhir_r4.problem(r) for r in rows if _after(r.created_at, since)]

    @property
    def people(self) -> dict[int, tuple[str, str, int | None]]:
        if self._people is None:
            self._people = self.reads.people()
        return self._people

    def _once(self, name: str, patient_id: int, read: Any) -> Any:
        """A read of the patient's record made (and audited) once for all the types built from it."""
        if (name, patient_id) not in self._cache:
            self._cache[(name, patient_id)] = read(patient_id)
        return self._cache[(name, patient_id)]

    def _plans(self, patient_id: int) -> tuple[list[tuple[Any, str, list[Any]]], Any]:
        """Each assessment with its plan status (active: working, draft: awaiting sign-off, revoked: superseded)
        and decisions, newest first; and the working assessment."""
        return self._once("plans", patient_id, self._read_plans)  # type: ignore[no-any-return]

    def _read_plans(self, patient_id: int) -> tuple[list[tuple[Any, str, list[Any]]], Any]:
        rows, decisions = self.reads.plans(patient_id)
        working, pending = self.assessments(patient_id)
        waiting = {row.id for row in pending}
        status = {row.id: "active" if working is not None and row.id == working.id else
                  "draft" if row.id in waiting else "revoked" for row in rows}
        return [(row, status[row.id], decisions[row.id]) for row in rows], working

    def care_plans(self, patient_id: int, since: datetime | None = None) -> list[dict[str, Any]]:
        plans, _ = self._plans(patient_id)
        goal_rows, _ = self.clinical.list_records("goal", patient_id, sort="-created_at", limit=ALL_OF_A_KIND,
                                                  offset=0)
        goals = [str(g.id) for g in goal_rows if g.status == "active"]
        found = []
        for row, status, decided in plans:
            latest = max([row.created_at, *(d.decided_at for d in decided)], key=_aware)
            if not _after(latest, since):
                continue
            plan = fhir_r4.care_plan(row, decided, status, self.people, self.labels(row),
                                     goals if status == "active" else [])
            if plan is not None:
                found.append(plan)
        return found

    def labels(self, assessment: Any) -> dict[str, str]:
        plan = assessment.output.get("plan") or {}
        ids = [o["id"] for stage in plan.get("stages") or [] for o in stage.get("options") or []]
        return {i: self.option_label(i) for i in ids + [x["id"] for x in plan.get("excluded") or []]}

    def service_requests(self, patient_id: int, since: datetime | None = None) -> list[dict[str, Any]]:
        """Referrals into the practice, then the working plan's accepted procedures, therapies and referrals."""
        found = [fhir_r4.referral_request(r) for r in self._once("referrals", patient_id, self.reads.referrals)
                 if _after(r.created_at, since)]
        plans, _ = self._plans(patient_id)
        for row, status, decided in plans:
            if status != "active":
                continue
            latest = {d.option_id: d for d in decided}
            for stage in (row.output.get("plan") or {}).get("stages") or []:
                for option in stage.get("options") or []:
                    chosen = latest.get(option["id"])
                    if (chosen is not None and chosen.decision == "accepted" and option.get("kind") != "medication"
                            and _after(chosen.decided_at, since)):
                        found.append(fhir_r4.plan_order(row, chosen, option, self.option_label(option["id"]),
                                                        self.people))
        return found

    def questionnaire_responses(self, patient_id: int, since: datetime | None = None) -> list[dict[str, Any]]:
        rows, _ = self.clinical.list_records("outcome", patient_id, sort="-taken_at", limit=ALL_OF_A_KIND, offset=0)
        return [fhir_r4.questionnaire_response(r, self.instruments.get(r.instrument), self.people)
                for r in rows if _after(r.created_at, since)]

    def documents(self, patient_id: int, since: datetime | None = None) -> list[dict[str, Any]]:
        """Visit notes, the notes assessed, referral letters and history packets as text; the visit summary PDF
        as a link (for clinicians, who may open it)."""
        found = []
        encounters, _ = self.clinical.list_records("encounter", patient_id, sort="-occurred_at",
                                                   limit=ALL_OF_A_KIND, offset=0)
        for row in encounters:
            if row.note and _after(row.created_at, since):
                found.append(fhir_r4.document(
                    f"note-{row.id}", patient_id, "note", f"{row.kind.replace('_', ' ')} visit note",
                    row.note, row.occurred_at, author=fhir_r4.who(row.clinician_id, self.people),
                    encounter_id=row.id))
        plans, _ = self._plans(patient_id)
        for row, _status, _decided in plans:
            text = (row.input or {}).get("text") if row.input_kind == "text" else None
            if row.source in {"note", "form"} and text and _after(row.created_at, since):
                found.append(fhir_r4.document(f"assessment-{row.id}", patient_id, "assessment",
                                              "note assessed", str(text), row.created_at,
                                              author=fhir_r4.who(row.created_by, self.people),
                                              encounter_id=row.encounter_id))
        for referral in self._once("referrals", patient_id, self.reads.referrals):
            if referral.letter and _after(referral.created_at, since):
                found.append(fhir_r4.document(
                    f"referral-{referral.id}", patient_id, "referral",
                    f"referral letter from {referral.referrer or 'the referrer'}", referral.letter,
                    referral.received_on, author={"display": referral.referrer} if referral.referrer else None))
        for packet in self.reads.packets(patient_id):
            if packet.content and _after(packet.updated_at, since):
                found.append(fhir_r4.document(
                    f"packet-{packet.id}", patient_id, "packet", f"history packet ({packet.status})",
                    packet_text(packet.content), packet.submitted_at or packet.updated_at,
                    author=fhir_r4.subject(patient_id), final=packet.status == "submitted"))
        if self.actor.role == "clinician" and since is None:
            found.append(fhir_r4.summary_document(patient_id, self.base))
        return found

    def provenances(self, patient_id: int, since: datetime | None = None) -> list[dict[str, Any]]:
        found = []
        plans, _ = self._plans(patient_id)
        for row, _status, _decided in plans:
            has_plan = bool((row.output.get("plan") or {}).get("stages") or (row.output.get("plan") or {})
                            .get("excluded"))
            if _after(row.created_at, since):
                found.append(fhir_r4.provenance(row, self.people, signed=False, carries_plan=has_plan))
            if row.signed_off_at is not None and _after(row.signed_off_at, since):
                found.append(fhir_r4.provenance(row, self.people, signed=True, carries_plan=has_plan))
        return found

    # -- the whole record ---------------------------------------------------------------------------------
    def everything(self, patient_id: int, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """The Patient, then every resource of their compartment (``since``: only records created or changed
        after it). Conditions are the working (or latest) assessment's differential."""
        self._cache = {}  # a bulk export reads patient after patient: keep only this one's
        found = self.of_type("Patient", patient_id, since=since)
        for kind in KINDS:
            found += self.of_type(KINDS[kind][0], patient_id, since=since)
        working, pending = self.assessments(patient_id)
        leading = working if working is not None else (pending[0] if pending else None)
        if leading is not None and _after(leading.created_at, since):
            found += [*fhir_r4.conditions(leading), fhir_r4.risk_assessment(leading)]
        found += self.of_type("Flag", patient_id, since=since)
        found += self.of_type("Appointment", patient_id, since=since)
        for resource_type in PLAN_TYPES:
            found += self.of_type(resource_type, patient_id, since=since)
        return found


def packet_text(content: Any, depth: int = 0) -> str:
    """A history packet's answers as plain text, one "question: answer" a line (nested answers indented)."""
    lines = []
    pad = "  " * depth
    items = content.items() if isinstance(content, dict) else enumerate(content, start=1)
    for key, value in items:
        label = str(key).replace("_", " ")
        if isinstance(value, dict | list):
            if value:
                lines.append(f"{pad}{label}:")
                lines.append(packet_text(value, depth + 1))
        elif value not in (None, ""):
            lines.append(f"{pad}{label}: {value}")
    return "\n".join(line for line in lines if line)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _after(moment: datetime | None, since: datetime | None) -> bool:
    """True when there is no ``since``, or the moment is after it."""
    return since is None or (moment is not None and _aware(moment) > since)
