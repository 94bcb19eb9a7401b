"""The clinic-level outcome report ("what outcomes the clinic tracks"): the share of patients reaching the MCID
by condition and by treatment, the median time to goal, and procedure relief rates. Pure aggregation over
per-patient outcomes the clinic service assembles; no database here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from painpath.domain.goals import GoalKind, GoalProgress, GoalStatus
from painpath.domain.outcomes import ResponderStatus, Response, relief_percent


@dataclass(frozen=True)
class ProcedureRelief:
    """One procedure's relief against the threshold its pathway set (e.g. 50% for an ESI repeat)."""

    procedure: str  # plan option id, e.g. epidural_steroid_injection
    before: float
    after: float
    threshold_percent: float

    @property
    def relief(self) -> float:
        return relief_percent(self.before, self.after)

    @property
    def met(self) -> bool:
        return self.relief >= self.threshold_percent - 1e-9


@dataclass(frozen=True)
class PatientOutcome:
    patient: str
    condition: str  # the leading condition id of the plan
    treatments: tuple[str, ...]  # plan option ids the patient received
    responses: tuple[Response, ...]  # latest response per instrument
    goals: tuple[GoalProgress, ...] = ()
    reliefs: tuple[ProcedureRelief, ...] = ()


@dataclass(frozen=True)
class McidRow:
    """Patients with a response on the instrument, and how many reached its MCID."""

    group: str
    instrument: str
    evaluable: int
    reached: int

    @property
    def share(self) -> float:
        return self.reached / self.evaluable if self.evaluable else 0.0


@dataclass(frozen=True)
class GoalRow:
    kind: str  # work, life, or all
    goals: int
    achieved: int
    median_days_to_goal: float | None


@dataclass(frozen=True)
class ReliefRow:
    procedure: str
    procedures: int
    met_threshold: int
    median_relief: float

    @property
    def share(self) -> float:
        return self.met_threshold / self.procedures if self.procedures else 0.0


@dataclass(frozen=True)
class OutcomeReport:
    patients: int
    mcid_by_condition: tuple[McidRow, ...]
    mcid_by_treatment: tuple[McidRow, ...]
    goals: tuple[GoalRow, ...]
    reliefs: tuple[ReliefRow, ...]


def outcome_report(patients: Sequence[PatientOutcome]) -> OutcomeReport:
    """Aggregate per-patient outcomes into the clinic report; rows are sorted by group then instrument."""
    by_condition = _mcid_rows((p.condition, r) for p in patients for r in p.responses)
    by_treatment = _mcid_rows((t, r) for p in patients for t in set(p.treatments) for r in p.responses)
    goals = [g for p in patients for g in p.goals]
    goal_rows = [_goal_row("all", goals)] + [
        _goal_row(k.value, [g for g in goals if g.goal.kind is k]) for k in GoalKind
    ]
    reliefs: dict[str, list[ProcedureRelief]] = {}
    for p in patients:
        for relief in p.reliefs:
            reliefs.setdefault(relief.procedure, []).append(relief)
    relief_rows = tuple(
        ReliefRow(name, len(rows), sum(r.met for r in rows), median(r.relief for r in rows))
        for name, rows in sorted(reliefs.items())
    )
    return OutcomeReport(len(patients), by_condition, by_treatment, tuple(goal_rows), relief_rows)


def _mcid_rows(pairs: Iterable[tuple[str, Response]]) -> tuple[McidRow, ...]:
    counts: dict[tuple[str, str], list[int]] = {}
    for group, response in pairs:
        if response.status is ResponderStatus.NOT_APPLICABLE:
            continue
        tally = counts.setdefault((group, response.instrument), [0, 0])
        tally[0] += 1
        tally[1] += response.status is ResponderStatus.RESPONDER
    return tuple(McidRow(g, i, n, k) for (g, i), (n, k) in sorted(counts.items()))


def _goal_row(kind: str, goals: Sequence[GoalProgress]) -> GoalRow:
    achieved = [g for g in goals if g.status is GoalStatus.ACHIEVED and g.days_to_goal is not None]
    days = [g.days_to_goal for g in achieved if g.days_to_goal is not None]
    return GoalRow(kind, len(goals), len(achieved), median(days) if days else None)
