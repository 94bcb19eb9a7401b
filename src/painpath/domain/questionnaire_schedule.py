"""When questionnaires fall due: the schedule rules (knowledge/questionnaire_schedules.yaml) applied to one
patient's procedures, measurements and plan on a given day. Pure: no clock, no database.

Three kinds of rule:
- ``after_procedure``: each procedure's performed_on plus each offset (e.g. 14 and 42 days); an occasion is met
  by a measurement of the instrument taken from ``early_days`` before it falls due; a later occasion of the same
  procedure supersedes an earlier one once it is open; the last lapses ``lapse_days`` after it fell due.
- ``periodic``: for a patient on an active plan, every ``every_days`` after the last measurement of the
  instrument, or at the plan's start (the baseline) when there is none.
Rules may be limited to plans for some conditions (ODI for low back conditions, NDI for neck conditions).
An occasion is ``upcoming`` until ``early_days`` before it falls due, ``due`` until ``grace_days`` after, then
``overdue``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Trigger(StrEnum):
    AFTER_PROCEDURE = "after_procedure"
    PERIODIC = "periodic"


class DueStatus(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class ScheduleRule:
    id: str
    trigger: Trigger
    instruments: tuple[str, ...]
    label: str  # why it is due, for people: "check-in after a procedure"
    source: str
    offsets_days: tuple[int, ...] = ()  # after_procedure
    every_days: int = 0  # periodic
    conditions: tuple[str, ...] = ()  # empty: every active plan


@dataclass(frozen=True)
class ScheduleSettings:
    early_days: int  # a measurement this many days before the due date counts
    grace_days: int  # due -> overdue after this many days
    lapse_days: int  # a post-procedure occasion is dropped this long after it fell due
    upcoming_days: int  # show what falls due within this many days
    source: str


@dataclass(frozen=True)
class QuestionnaireSchedule:
    settings: ScheduleSettings
    rules: tuple[ScheduleRule, ...]


@dataclass(frozen=True)
class ProcedureDone:
    option_id: str
    performed_on: date


@dataclass(frozen=True)
class DueQuestionnaire:
    instrument: str
    due_on: date
    status: DueStatus
    rule_id: str
    reason: str  # "2 weeks after medial branch block on 2026-03-02"
    days_overdue: int


def due_questionnaires(
    schedule: QuestionnaireSchedule,
    *,
    today: date,
    procedures: Sequence[ProcedureDone],
    taken: Mapping[str, Iterable[date]],
    plan_started: date | None,
    conditions: Iterable[str] = (),
) -> list[DueQuestionnaire]:
    """What the patient should fill in now or soon: one entry per instrument (its earliest open occasion),
    overdue first, then by due date. ``taken`` maps an instrument id to the days it was measured."""
    settings = schedule.settings
    days = {instrument: sorted(set(values)) for instrument, values in taken.items()}
    plan_conditions = set(conditions)
    found: list[DueQuestionnaire] = []
    for rule in schedule.rules:
        if rule.conditions and not plan_conditions & set(rule.conditions):
            continue
        if rule.trigger is Trigger.PERIODIC and plan_started is None:
            continue
        for instrument in rule.instruments:
            measured = days.get(instrument, [])
            if rule.trigger is Trigger.AFTER_PROCEDURE:
                found += _after_procedures(rule, instrument, procedures, measured, today, settings)
            else:
                assert plan_started is not None
                start = measured[-1] + timedelta(days=rule.every_days) if measured else plan_started
                reason = rule.label if measured else f"{rule.label} (baseline)"
                found += _occasion(rule, instrument, start, reason, today, settings)
    best: dict[str, DueQuestionnaire] = {}
    for item in sorted(found, key=lambda d: (d.due_on, d.rule_id)):
        best.setdefault(item.instrument, item)
    order = {DueStatus.OVERDUE: 0, DueStatus.DUE: 1, DueStatus.UPCOMING: 2}
    return sorted(best.values(), key=lambda d: (order[d.status], d.due_on, d.instrument))


def _after_procedures(
    rule: ScheduleRule,
    instrument: str,
    procedures: Sequence[ProcedureDone],
    measured: Sequence[date],
    today: date,
    settings: ScheduleSettings,
) -> list[DueQuestionnaire]:
    out: list[DueQuestionnaire] = []
    for procedure in procedures:
        occasions = sorted(procedure.performed_on + timedelta(days=d) for d in rule.offsets_days)
        opened = [day for day in occasions if day - timedelta(days=settings.early_days) <= today]
        if not opened:
            nxt = occasions[0]
            out += _occasion(rule, instrument, nxt, _why(rule, procedure, nxt), today, settings)
            continue
        current = opened[-1]  # a later occasion, once open, supersedes the earlier ones
        if current == occasions[-1] and (today - current).days > settings.lapse_days:
            continue
        if any(day >= current - timedelta(days=settings.early_days) for day in measured):
            later = [day for day in occasions if day > current]
            if later:
                out += _occasion(rule, instrument, later[0], _why(rule, procedure, later[0]), today, settings)
            continue
        out += _occasion(rule, instrument, current, _why(rule, procedure, current), today, settings)
    return out


def _why(rule: ScheduleRule, procedure: ProcedureDone, day: date) -> str:
    weeks = (day - procedure.performed_on).days / 7
    after = f"{weeks:g} weeks" if weeks == int(weeks) else f"{(day - procedure.performed_on).days} days"
    return f"{rule.label}: {after} after {procedure.option_id.replace('_', ' ')} on {procedure.performed_on}"


def _occasion(
    rule: ScheduleRule, instrument: str, due_on: date, reason: str, today: date, settings: ScheduleSettings
) -> list[DueQuestionnaire]:
    opens = due_on - timedelta(days=settings.early_days)
    if today < opens:
        if (due_on - today).days > settings.upcoming_days:
            return []
        status = DueStatus.UPCOMING
    elif (today - due_on).days > settings.grace_days:
        status = DueStatus.OVERDUE
    else:
        status = DueStatus.DUE
    overdue = max(0, (today - due_on).days) if status is DueStatus.OVERDUE else 0
    return [DueQuestionnaire(instrument, due_on, status, rule.id, reason, overdue)]
