"""Loading what matching and the prior-authorisation packet need from the record, and running them."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, datetime
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select

from painpath.adapters.db.clinical_store import working_or_latest
from painpath.adapters.db.providers_store import ProviderRecords
from painpath.adapters.db.reports_store import OutcomeReports
from painpath.adapters.db.schedule_repo import busy_between, clinic_policy
from painpath.adapters.db.store import unit_of_work
from painpath.adapters.db.tables import (
    Appointment,
    Assessment,
    HistoryPacket,
    Medication,
    OutcomeMeasurement,
    PlanDecision,
    ProcedureResponse,
    PsychEvaluation,
    Referral,
)
from painpath.adapters.db.tables_providers import ClinicianProfile, Site
from painpath.adapters.payer_rule_files import load_default_payer_rules
from painpath.domain import prior_auth as pa
from painpath.domain.matching import Match, Need, Weights, rank
from painpath.services.errors import Invalid, NotFound
from painpath.services.matching import (
    candidates,
    diagnosis_of,
    earliest_slot,
    leading_condition,
    needed_procedures,
    site_hours,
)


@functools.cache
def load_weights() -> Weights:
    data = yaml.safe_load((resources.files("painpath.adapters") / "matching_policy.yaml").read_text("utf-8"))
    return Weights({k: float(v) for k, v in data["weights"].items()}, float(data["max_distance_km"]),
                   int(data["horizon_days"]), int(data["min_outcome_patients"]))


class MatchingRecords(ProviderRecords):
    """Matches for a referral and prior-authorisation packets for a patient."""

    def _latest_assessment(self, patient_id: int) -> Assessment | None:
        return self.session.scalars(select(Assessment).where(Assessment.patient_id == patient_id)
                                    .order_by(Assessment.created_at.desc(), Assessment.id.desc()).limit(1)).first()

    def _record_findings(self, patient_id: int) -> frozenset[str]:
        """Findings the chart's records hold (the payer's psychological clearance is the recorded evaluation)."""
        return frozenset({"psych_evaluation_cleared"}) if _latest_cleared(self.session, patient_id) else frozenset()

    def _accepted(self, patient_id: int) -> list[PlanDecision]:
        """The latest decision per option on the patient's assessments, kept when it is 'accepted'."""
        stmt = (select(PlanDecision).join(Assessment, Assessment.id == PlanDecision.assessment_id)
                .where(Assessment.patient_id == patient_id).order_by(PlanDecision.decided_at, PlanDecision.id))
        latest: dict[str, PlanDecision] = {}
        for row in self.session.scalars(stmt):
            latest[row.option_id] = row
        return [d for d in latest.values() if d.decision == "accepted"]

    def _outcomes(self, clinician_ids: list[int], condition: str | None) -> dict[int, tuple[int, int]]:
        """Per clinician: of their patients measured for this condition, how many reached the MCID (the
        instrument with the most measured patients)."""
        if condition is None:
            return {}
        reports = OutcomeReports(self.session, self.actor, audit_reads=self.audit_reads)
        out = {}
        for clinician in clinician_ids:
            patients = set(self.session.scalars(select(Appointment.patient_id).where(
                Appointment.clinician_id == clinician)))
            if not patients:
                continue
            report = reports.report_for(patients)
            rows = [r for r in report.mcid_by_condition if r.group == condition]
            if rows:
                best = max(rows, key=lambda r: (r.evaluable, r.instrument))
                out[clinician] = (best.reached, best.evaluable)
        return out

    @unit_of_work
    def matches(self, referral_id: int, *, now: datetime | None = None) -> tuple[Referral, Need, list[Match]]:
        """Clinician-site pairs for a referral, best first, each with every factor and what rules it out."""
        referral = self.scoped(Referral, referral_id, "referral")
        policy = clinic_policy(self.session)
        local_now = policy.local(now) if now is not None else policy.now()
        rule = policy.windows.get(referral.triage_level)
        if rule is not None and not rule.bookable:
            raise Invalid(f"referral_id: this referral is triaged {referral.triage_level}: do not book it. "
                          f"{rule.instruction}")
        assessment = self.session.get(Assessment, referral.assessment_id) if referral.assessment_id else (
            self._latest_assessment(referral.patient_id))
        output: Mapping[str, Any] = assessment.output if assessment is not None else {}
        accepted = [d.option_id for d in self._accepted(referral.patient_id)]
        today = local_now.date()
        coverage = self.active_coverage(referral.patient_id, today)
        preference = self.preference(referral.patient_id)
        seen_before = self.session.scalar(select(Appointment.id).where(
            Appointment.patient_id == referral.patient_id, Appointment.status.in_(("arrived", "done"))).limit(1))
        from painpath.domain.scheduling import booking_window

        window = booking_window(referral.triage_level, today, policy.windows)
        need = Need(
            procedures=needed_procedures(output, accepted), condition=leading_condition(output),
            plan=coverage[1].code if coverage else None,
            plan_name=f"{coverage[1].payer}: {coverage[1].name}" if coverage else "",
            language=preference.language if preference else "en",
            home=(preference.latitude, preference.longitude) if preference is not None and
            preference.latitude is not None and preference.longitude is not None else None,
            new_patient=seen_before is None, window_latest=window.latest, today=today)
        weights = load_weights()
        profiles = [{"user_id": u.id, "name": u.display_name, "focus": p.focus, "procedures": p.procedures,
                     "languages": p.languages, "accepting_new": p.accepting_new, "plans": p.plans,
                     "sessions": p.sessions} for u, p in self._clinicians() if p is not None]
        sites = {s.code: {"code": s.code, "name": s.name, "latitude": s.latitude, "longitude": s.longitude,
                          "days": s.days, "plans": s.plans, "opens": s.opens, "closes": s.closes}
                 for s in self.session.scalars(select(Site))}
        busy_cache: dict[date, Any] = {}

        def busy_on(day: date) -> Any:
            if day not in busy_cache:
                busy_cache[day] = busy_between(self.session, policy, day)
            return busy_cache[day]

        def earliest(profile: Mapping[str, Any], site: Mapping[str, Any], days: set[int]) -> datetime | None:
            hours = site_hours(policy.hours, site["opens"], site["closes"])
            return earliest_slot(hours, days, profile["user_id"], busy_on, now=local_now,
                                 level=referral.triage_level, horizon_days=weights.horizon_days,
                                 minutes=policy.visit_minutes.get("new"))

        found = candidates(profiles, sites, earliest)
        outcomes = self._outcomes(sorted({c.clinician_id for c in found}), need.condition)
        self.audit("read", "referral_matches", referral.id, referral.patient_id)
        return referral, need, rank(need, found, weights, outcomes)

    # -- prior authorisation -----------------------------------------------------------------------------
    @unit_of_work
    def prior_auth(self, patient_id: int, procedure: str, *, today: date | None = None) -> tuple[pa.Packet, str]:
        """The packet for a procedure under the rule set of the patient's active plan; returns it and the plan's
        name. A patient without coverage gets the Medicare documentation rules, marked as such."""
        self.patient(patient_id)
        day = today or clinic_policy(self.session).now().date()
        rule_sets = load_default_payer_rules()
        coverage = self.active_coverage(patient_id, day)
        set_id, plan_name = (coverage[1].rules, f"{coverage[1].payer}: {coverage[1].name}") if coverage else (
            "medicare_lcd", "no active coverage on file (Medicare documentation rules shown)")
        rules = rule_sets.get(set_id)
        if rules is None:
            raise Invalid(f"plan: the plan's rule set {set_id!r} is not in payer_rules.yaml")
        if procedure not in rules.procedures:
            raise NotFound(f"no payer rule for {procedure!r} under {rules.label}; procedures with rules: "
                           + ", ".join(sorted(rules.procedures)))
        assessment = working_or_latest(self.session, patient_id)  # the signed-off diagnosis, not a proposal
        output: Mapping[str, Any] = assessment.output if assessment is not None else {}
        decisions = self._accepted(patient_id)
        stage_one = {o["id"] for s in (output.get("plan") or {}).get("stages") or [] if s.get("stage") == 1
                     for o in s["options"] if o.get("kind") == "therapy"}
        packet = self.session.scalars(select(HistoryPacket).where(
            HistoryPacket.patient_id == patient_id, HistoryPacket.status == "submitted")
            .order_by(HistoryPacket.id.desc()).limit(1)).first()
        imaging = tuple(" ".join(str(i.get(k, "")) for k in ("what", "when", "where")).strip()
                        for i in (packet.content.get("imaging") or [] if packet else []) if isinstance(i, dict))
        record = pa.Record(
            diagnosis=diagnosis_of(output),
            medications=tuple(pa.MedicationTrial(m.name, m.status, m.started_on, m.stopped_on, m.effect)
                              for m in self.session.scalars(select(Medication).where(
                                  Medication.patient_id == patient_id).order_by(Medication.id))),
            conservative_options=tuple(pa.Decision(d.option_id, d.decision, d.decided_at.date())
                                       for d in decisions if d.option_id in stage_one),
            procedures=tuple(pa.RecordedProcedure(p.option_id, p.performed_on, p.relief_percent, p.functional_gain)
                             for p in self.session.scalars(select(ProcedureResponse).where(
                                 ProcedureResponse.patient_id == patient_id).order_by(ProcedureResponse.performed_on))),
            findings=frozenset(f["id"] for f in output.get("findings") or [] if f.get("status") == "present")
            | self._record_findings(patient_id),
            scores=tuple(pa.Score(o.instrument, o.score, o.taken_at.date()) for o in self.session.scalars(
                select(OutcomeMeasurement).where(OutcomeMeasurement.patient_id == patient_id))),
            decisions=tuple(pa.Decision(d.option_id, d.decision, d.decided_at.date()) for d in decisions),
            imaging=imaging,
        )
        self.audit("read", "prior_auth", f"{patient_id}:{procedure}", patient_id)
        return pa.assemble_packet(rules, procedure, record, day), plan_name


def _latest_cleared(session: Any, patient_id: int) -> bool:
    """Whether the patient's latest psychological evaluation cleared them for neuromodulation."""
    latest = session.scalars(select(PsychEvaluation).where(PsychEvaluation.patient_id == patient_id)
                             .order_by(PsychEvaluation.evaluated_on.desc(), PsychEvaluation.id.desc()).limit(1)).first()
    return latest is not None and latest.outcome == "cleared"


def profile_view(user: Any, profile: ClinicianProfile | None) -> dict[str, Any]:
    return {"user_id": user.id, "name": user.display_name,
            "profile": None if profile is None else {
                "focus": profile.focus, "procedures": profile.procedures, "languages": profile.languages,
                "sessions": profile.sessions, "accepting_new": profile.accepting_new, "plans": profile.plans,
                "version": profile.version}}
