"""Procedure pathways: whether recorded block or trial responses open, hold or close the next procedure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from painpath.domain.plan import ProcedureResponse
from painpath.domain.plan_model import Gate, PlanningKnowledge, RepeatRule

HOURS_PER_WEEK = 168.0


class GateState(StrEnum):
    WAITING = "waiting"  # not enough positive responses yet
    PASSED = "passed"  # enough concordant positive responses: the gated procedure is available
    FAILED = "failed"  # a response fell below the threshold: the gated procedure is not indicated


@dataclass(frozen=True)
class GateOutcome:
    state: GateState
    explanation: str
    responses: tuple[ProcedureResponse, ...]


def _ordered(responses: Iterable[ProcedureResponse], option: str) -> list[ProcedureResponse]:
    chosen = [r for r in responses if r.option == option]
    return sorted(chosen, key=lambda r: (r.date or dt.date.min, r.sequence or 0))


def evaluate_gate(
    gate: Gate, responses: Iterable[ProcedureResponse], messages: Mapping[str, str]
) -> GateOutcome:
    """The most recent diagnostic blocks decide: the latest below the threshold (or without functional gain where
    that is required) closes the gate; the latest `count` in a row at or above it open it; an earlier failed block
    followed by blocks at threshold waits for the rest of the run (a repeat after a technically poor block), and
    is named as superseded so no block at threshold is ever called failed."""
    relevant = _ordered(responses, gate.diagnostic)
    threshold = f"{gate.relief_percent:g}%"

    def fails(response: ProcedureResponse) -> bool:
        return response.relief_percent < gate.relief_percent or (
            gate.functional_gain and response.functional_gain is False)

    run: list[ProcedureResponse] = []  # the latest blocks at threshold, back to the last one that failed
    for response in reversed(relevant):
        if fails(response):
            break
        run.insert(0, response)
    earlier = relevant[: len(relevant) - len(run)]
    if relevant and not run:
        latest = relevant[-1]
        below = latest.relief_percent < gate.relief_percent
        template = messages["gate_failed"] if below else messages["gate_failed_function"]
        return GateOutcome(
            GateState.FAILED,
            template.format(response=latest.describe(), threshold=threshold, requires=gate.requires),
            tuple(relevant),
        )
    superseded = ""
    if earlier:
        superseded = "; " + messages["gate_superseded"].format(responses="; ".join(r.describe() for r in earlier))
    if len(run) >= gate.count:
        judged = run[-gate.count:]
        described = "; ".join(r.describe() for r in judged)
        text = messages["gate_passed"].format(responses=described, threshold=threshold)
        if gate.functional_gain and any(r.functional_gain is None for r in judged):
            text = f"{text}; {messages['function_unknown']}"
        return GateOutcome(GateState.PASSED, text + superseded, tuple(relevant))
    remaining = gate.count - len(run)
    so_far = "; ".join(r.describe() for r in run)
    text = messages["gate_waiting"].format(requires=gate.requires, remaining=remaining, threshold=threshold)
    if so_far:
        text = f"{text} ({messages['recorded']}: {so_far})"
    if gate.positions:
        stated = "; ".join(f"{p.body}: {p.relief_percent:g}% x{p.blocks}" for p in gate.positions)
        text = f"{text} [{messages['positions']}: {stated}]"
    return GateOutcome(GateState.WAITING, text + superseded, tuple(relevant))


def evaluate_repeat(
    rule: RepeatRule, responses: Iterable[ProcedureResponse], today: dt.date, messages: Mapping[str, str]
) -> GateOutcome | None:
    """A repeat of a procedure already done: only after enough relief for long enough, and not too soon."""
    previous = _ordered(responses, rule.option)
    if not previous:
        return None
    last = previous[-1]
    weeks = last.duration_hours / HOURS_PER_WEEK if last.duration_hours is not None else None
    if last.relief_percent < rule.relief_percent or (weeks is not None and weeks < rule.min_weeks):
        return GateOutcome(
            GateState.FAILED,
            messages["repeat_not_indicated"].format(
                response=last.describe(), relief=f"{rule.relief_percent:g}%", weeks=f"{rule.min_weeks:g}"
            ),
            tuple(previous),
        )
    if last.date is not None and (today - last.date).days < rule.min_interval_days:
        earliest = last.date + dt.timedelta(days=rule.min_interval_days)
        return GateOutcome(
            GateState.WAITING,
            messages["repeat_too_soon"].format(response=last.describe(), earliest=earliest.isoformat()),
            tuple(previous),
        )
    return GateOutcome(
        GateState.PASSED,
        messages["repeat_eligible"].format(
            response=last.describe(), relief=f"{rule.relief_percent:g}%", weeks=f"{rule.min_weeks:g}"
        ),
        tuple(previous),
    )


def diagnostic_blocks_of(pk: PlanningKnowledge) -> dict[str, str]:
    """Each gated procedure and the diagnostic block that qualifies it (radiofrequency_ablation ->
    medial_branch_block), from the pathways' gates."""
    found: dict[str, str] = {}
    for pathway in pk.pathways.values():
        for stage in pathway.stages:
            for step in stage.options:
                if step.gate is not None and step.gate in pk.gates:
                    diagnostic = pk.gates[step.gate].diagnostic
                    if diagnostic != step.option:
                        found.setdefault(step.option, diagnostic)
    return found


def procedure_date_problem(
    pk: PlanningKnowledge, option_id: str, performed_on: dt.date, today: dt.date,
    recorded: Iterable[tuple[str, dt.date]],
) -> str | None:
    """Why a procedure's date cannot be right, or None: in the future (record it once it is done), or a gated
    procedure (an ablation) dated before the latest of the diagnostic blocks recorded for it."""
    if performed_on > today:
        return (f"performed_on: {performed_on.isoformat()} is in the future (today is {today.isoformat()}): record "
                "the procedure once it is done")
    diagnostic = diagnostic_blocks_of(pk).get(option_id)
    if diagnostic is None:
        return None
    blocks = sorted(day for option, day in recorded if option == diagnostic)
    if blocks and performed_on < blocks[-1]:
        label = option_id.replace("_", " ")
        return (f"performed_on: the {label} on {performed_on.isoformat()} is dated before its diagnostic "
                f"{diagnostic.replace('_', ' ')} on {blocks[-1].isoformat()}; the blocks come first: check the date")
    return None
