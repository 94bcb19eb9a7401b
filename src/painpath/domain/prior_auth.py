"""Payer rules and the prior-authorisation packet (standard library only).

A payer rule set says, per procedure, whether prior authorisation is needed and what documentation the payer
asks for (payer_rules.yaml). ``assemble_packet`` checks each requirement against what the record holds and returns,
item by item, what is there (with dates and values) and what is missing, in words the front desk can act on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum


class Kind(StrEnum):
    DIAGNOSIS = "diagnosis"
    CONSERVATIVE = "conservative"
    BLOCKS = "blocks"
    TRIAL = "trial"
    FINDING = "finding"
    QUESTIONNAIRE = "questionnaire"
    FREQUENCY = "frequency"
    DECISION = "decision"


@dataclass(frozen=True)
class Requirement:
    id: str
    kind: Kind
    text: str
    source: str
    procedure: str = ""
    count: int = 0
    relief_percent: int = 0
    min_days: int = 0
    window_days: int = 0
    max_age_days: int = 0
    finding: str = ""
    instruments: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProcedureRule:
    procedure: str
    prior_auth: bool
    prior_auth_source: str
    prior_auth_note: str
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class RuleSet:
    id: str
    label: str
    procedures: dict[str, ProcedureRule]


# -- what the record holds ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Diagnosis:
    condition: str
    label: str
    icd10: tuple[str, ...]


@dataclass(frozen=True)
class MedicationTrial:
    name: str
    status: str
    started_on: date | None
    stopped_on: date | None
    effect: str


@dataclass(frozen=True)
class RecordedProcedure:
    procedure: str
    performed_on: date
    relief_percent: int | None
    functional_gain: str


@dataclass(frozen=True)
class Score:
    instrument: str
    score: float | None
    taken_on: date


@dataclass(frozen=True)
class Decision:
    option: str
    decision: str
    decided_on: date


@dataclass(frozen=True)
class Record:
    """The parts of a patient's record a payer asks about (assembled by the service; nothing else leaks in)."""

    diagnosis: Diagnosis | None
    medications: tuple[MedicationTrial, ...] = ()
    conservative_options: tuple[Decision, ...] = ()  # accepted first-stage options (therapy, exercise...)
    procedures: tuple[RecordedProcedure, ...] = ()
    findings: frozenset[str] = frozenset()
    scores: tuple[Score, ...] = ()
    decisions: tuple[Decision, ...] = ()
    imaging: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """One requirement, checked: present (with the evidence) or missing (with what to do)."""

    id: str
    text: str
    present: bool
    evidence: tuple[str, ...]
    action: str
    source: str


@dataclass
class Packet:
    procedure: str
    rule_set: str
    prior_auth_required: bool
    prior_auth_note: str
    prior_auth_source: str
    items: list[Item] = field(default_factory=list)
    diagnosis: Diagnosis | None = None
    imaging: tuple[str, ...] = ()

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.items if not item.present]

    @property
    def complete(self) -> bool:
        return not self.missing


def _day(d: date) -> str:
    return d.isoformat()


def _check(req: Requirement, record: Record, today: date) -> Item:
    evidence: list[str] = []
    present = False
    action = ""
    if req.kind is Kind.DIAGNOSIS:
        d = record.diagnosis
        if d is not None:
            evidence.append(f"{d.label}; ICD-10-CM {', '.join(d.icd10) or 'no code on file'}")
            present = bool(d.icd10)
        action = "ask the clinician to record an assessment with the working diagnosis"
    elif req.kind is Kind.CONSERVATIVE:
        starts = [m.started_on for m in record.medications if m.started_on is not None]
        starts += [c.decided_on for c in record.conservative_options]
        for m in record.medications:
            span = f"from {_day(m.started_on)}" if m.started_on else "start date not recorded"
            if m.stopped_on:
                span += f" to {_day(m.stopped_on)}"
            evidence.append(f"{m.name} ({m.status}), {span}{': ' + m.effect if m.effect else ''}")
        evidence += [f"{c.option.replace('_', ' ')} accepted on {_day(c.decided_on)}"
                     for c in record.conservative_options]
        days = (today - min(starts)).days if starts else 0
        if starts:
            evidence.append(f"conservative care for {days} days (since {_day(min(starts))})")
        present = bool(starts) and days >= req.min_days
        action = (f"ask the clinician to record the conservative care tried with start dates; the payer asks for at "
                  f"least {req.min_days} days")
    elif req.kind is Kind.BLOCKS:
        done = [p for p in record.procedures if p.procedure == req.procedure]
        good = [p for p in done if p.relief_percent is not None and p.relief_percent >= req.relief_percent]
        evidence += [f"{p.procedure.replace('_', ' ')} on {_day(p.performed_on)}: "
                     f"{'relief not recorded' if p.relief_percent is None else f'{p.relief_percent}% relief'}"
                     for p in done]
        present = len(good) >= req.count
        action = (f"{len(good)} of {req.count} {req.procedure.replace('_', ' ')}s with at least {req.relief_percent}% "
                  f"relief are recorded: ask the clinician to record the relief of each block, or book the next block")
    elif req.kind is Kind.TRIAL:
        trials = [p for p in record.procedures if p.procedure == req.procedure]
        evidence += [f"trial on {_day(p.performed_on)}: "
                     f"{'relief not recorded' if p.relief_percent is None else f'{p.relief_percent}% relief'}"
                     f"{'; function: ' + p.functional_gain if p.functional_gain else ''}" for p in trials]
        present = any(p.relief_percent is not None and p.relief_percent >= req.relief_percent and p.functional_gain
                      for p in trials)
        action = (f"no trial with at least {req.relief_percent}% relief and functional gain is recorded: ask the "
                  "clinician to record the trial's result, or book the trial")
    elif req.kind is Kind.FINDING:
        present = req.finding in record.findings
        if present:
            evidence.append(f"{req.finding.replace('_', ' ')} documented on the chart")
        action = "not documented yet: book the evaluation, or ask the clinician to record it on the chart"
    elif req.kind is Kind.QUESTIONNAIRE:
        recent = [s for s in record.scores if s.instrument in req.instruments and s.score is not None
                  and (today - s.taken_on).days <= req.max_age_days]
        evidence += [f"{s.instrument.upper()} {s.score:g} on {_day(s.taken_on)}" for s in recent]
        present = bool(recent)
        action = (f"no {' / '.join(i.upper() for i in req.instruments)} in the last {req.max_age_days} days: send the "
                  "patient the questionnaire (portal) before submitting")
    elif req.kind is Kind.FREQUENCY:
        since = today - timedelta(days=req.window_days)
        done = [p for p in record.procedures if p.procedure == req.procedure and p.performed_on >= since]
        evidence.append(f"{len(done)} in the last {req.window_days} days"
                        + (f" ({', '.join(_day(p.performed_on) for p in done)})" if done else ""))
        present = len(done) < req.count
        action = (f"the limit of {req.count} in {req.window_days} days is reached: do not submit; tell the clinician")
    elif req.kind is Kind.DECISION:
        accepted = [d for d in record.decisions if d.option == req.procedure and d.decision == "accepted"]
        evidence += [f"accepted on {_day(d.decided_on)}" for d in accepted]
        present = bool(accepted)
        action = "the clinician has not accepted this option in the plan yet: ask them to record the decision"
    return Item(req.id, req.text, present, tuple(evidence), "" if present else action, req.source)


def assemble_packet(rule_set: RuleSet, procedure: str, record: Record, today: date) -> Packet:
    """Check every requirement the rule set has for the procedure against the record."""
    rule = rule_set.procedures.get(procedure)
    if rule is None:
        raise KeyError(procedure)
    packet = Packet(procedure, rule_set.id, rule.prior_auth, rule.prior_auth_note, rule.prior_auth_source,
                    diagnosis=record.diagnosis, imaging=record.imaging)
    for req in rule.requirements:
        target = replace(req, procedure=procedure) if req.kind is Kind.DECISION and not req.procedure else req
        packet.items.append(_check(target, record, today))
    return packet


def procedures_of(rule_sets: Sequence[RuleSet]) -> set[str]:
    return {p for rs in rule_sets for p in rs.procedures}
