"""Builders for planning tests: a patient story and an assessment without the narrative reader."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from painpath.adapters.knowledge_files import load_default
from painpath.domain.engine import evaluate, with_derived_findings
from painpath.domain.model import (
    Assessment,
    DifferentialEntry,
    KnowledgeBase,
    MedicationMention,
    Observation,
    PatientStory,
    Status,
)
from painpath.domain.plan import Plan, ProcedureResponse, RecordedFinding
from painpath.domain.planning import build_plan

TODAY = dt.date(2026, 11, 28)


def kb() -> KnowledgeBase:
    return load_default()


def story(
    findings: Iterable[str] = (),
    *,
    values: dict[str, float] | None = None,
    meds: Iterable[MedicationMention] = (),
    levels: tuple[str, ...] = (),
    laterality: str | None = None,
) -> PatientStory:
    """A story as the service would pass it on: current medications also give their on_<class> finding."""
    base = load_default()
    classes = {entry["id"]: entry["class"] for entry in base.extra["medications"]}
    meds = tuple(meds)
    observations = [Observation(f, Status.PRESENT, f.replace("_", " ")) for f in findings]
    for med in meds:
        finding = f"on_{classes.get(med.name, '')}"
        if med.status == "current" and finding in base.findings:
            observations.append(Observation(finding, Status.PRESENT, med.text))
    return PatientStory(
        observations=tuple(observations),
        values=dict(values or {}),
        medications=meds,
        levels=levels,
        laterality=laterality,
        value_text={k: f"{k} {v:g}" for k, v in (values or {}).items()},
    )


def med(
    name: str,
    dose: float | None = None,
    unit: str | None = "mg",
    per_day: float | None = None,
    status: str = "current",
    effect: str = "",
) -> MedicationMention:
    daily = dose * per_day if dose is not None and per_day is not None else None
    return MedicationMention(
        name=name,
        text=f"{name} {dose or ''}".strip(),
        dose=dose,
        unit=unit,
        per_day=per_day,
        daily_dose=daily,
        status=status,
        effect=effect,
    )


def plan_for(
    condition: str,
    patient: PatientStory | None = None,
    *,
    responses: Iterable[ProcedureResponse] = (),
    today: dt.date = TODAY,
    red_flags_from_story: bool = False,
    recorded: Iterable[RecordedFinding] = (),
) -> Plan:
    """The plan when `condition` leads the differential (alone) for this patient."""
    base = load_default()
    patient = with_derived_findings(base, patient or story())
    red_flags = evaluate(base, patient).red_flags if red_flags_from_story else ()
    entry = DifferentialEntry(condition, condition, 0.1, 0.8, 0.8, (), ())
    assessment = Assessment(
        kb_version=base.version,
        triage=evaluate(base, patient).triage,
        red_flags=red_flags,
        differential=(entry,),
        story=patient,
        describes_pain=True,
    )
    plan = build_plan(base, assessment, today=today, responses=responses, recorded=recorded)
    assert plan is not None
    return plan


def first_stage(plan: Plan) -> dict[str, int]:
    return plan.option_ids()


def excluded_ids(plan: Plan) -> set[str]:
    return {e.id for e in plan.excluded}


def option(plan: Plan, option_id: str):  # type: ignore[no-untyped-def]
    for stage in plan.stages:
        for item in stage.options:
            if item.id == option_id:
                return item
    raise AssertionError(f"{option_id} is not in the plan: {plan.option_ids()}")
