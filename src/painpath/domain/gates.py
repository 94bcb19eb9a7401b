"""Procedure pathways: whether recorded block or trial responses open, hold or close the next procedure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from painpath.domain.plan import ProcedureResponse
from painpath.domain.plan_model import Gate, RepeatRule

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
    """One response below the threshold closes the gate; `count` responses at or above it open it."""
    relevant = _ordered(responses, gate.diagnostic)
    threshold = f"{gate.relief_percent:g}%"
    for response in relevant:
        below = response.relief_percent < gate.relief_percent
        no_function = gate.functional_gain and response.functional_gain is False
        if below or no_function:
            template = messages["gate_failed"] if below else messages["gate_failed_function"]
            return GateOutcome(
                GateState.FAILED,
                template.format(response=response.describe(), threshold=threshold, requires=gate.requires),
                tuple(relevant),
            )
    if len(relevant) >= gate.count:
        described = "; ".join(r.describe() for r in relevant)
        text = messages["gate_passed"].format(responses=described, threshold=threshold)
        if gate.functional_gain and any(r.functional_gain is None for r in relevant):
            text = f"{text}; {messages['function_unknown']}"
        return GateOutcome(GateState.PASSED, text, tuple(relevant))
    remaining = gate.count - len(relevant)
    so_far = "; ".join(r.describe() for r in relevant)
    text = messages["gate_waiting"].format(requires=gate.requires, remaining=remaining, threshold=threshold)
    if so_far:
        text = f"{text} ({messages['recorded']}: {so_far})"
    if gate.positions:
        stated = "; ".join(f"{p.body}: {p.relief_percent:g}% x{p.blocks}" for p in gate.positions)
        text = f"{text} [{messages['positions']}: {stated}]"
    return GateOutcome(GateState.WAITING, text, tuple(relevant))


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
