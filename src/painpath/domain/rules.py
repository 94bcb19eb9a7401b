"""Evaluate the knowledge base's rule expressions against what a note said."""

from __future__ import annotations

from painpath.domain.model import (
    AllOf,
    AnyOf,
    AtLeast,
    Expr,
    HasFinding,
    Not,
    Status,
    Threshold,
)


class Facts:
    """The effective status of each finding and the measured values, as rules see them."""

    def __init__(
        self,
        statuses: dict[str, Status],
        evidence: dict[str, list[str]],
        values: dict[str, float],
        value_text: dict[str, str],
    ) -> None:
        self.statuses = statuses
        self.evidence = evidence
        self.values = values
        self.value_text = value_text

    def status(self, finding: str) -> Status | None:
        return self.statuses.get(finding)


def holds(expr: Expr, facts: Facts) -> bool:
    """True when the expression is satisfied by the facts."""
    if isinstance(expr, HasFinding):
        return facts.status(expr.finding) == expr.status
    if isinstance(expr, Threshold):
        return expr.holds(facts.values)
    if isinstance(expr, AllOf):
        return all(holds(item, facts) for item in expr.items)
    if isinstance(expr, AnyOf):
        return any(holds(item, facts) for item in expr.items)
    if isinstance(expr, AtLeast):
        return sum(holds(item, facts) for item in expr.items) >= expr.count
    if isinstance(expr, Not):
        return not holds(expr.item, facts)
    raise TypeError(f"unknown rule expression {expr!r}")


def evidence(expr: Expr, facts: Facts) -> list[str]:
    """The words behind the satisfied parts of an expression (negated branches give none)."""
    if isinstance(expr, HasFinding):
        if facts.status(expr.finding) == expr.status:
            return list(facts.evidence.get(expr.finding, []))
        return []
    if isinstance(expr, Threshold):
        if expr.holds(facts.values):
            return [facts.value_text.get(expr.value, f"{expr.value} {facts.values[expr.value]:g}")]
        return []
    if isinstance(expr, AllOf | AnyOf | AtLeast):
        words: list[str] = []
        for item in expr.items:
            if holds(item, facts):
                words.extend(w for w in evidence(item, facts) if w not in words)
        return words
    return []


def explained(message: str, expr: Expr, facts: Facts) -> str:
    """A rule's message followed by the note's words that made it hold."""
    quoted = "; ".join(f"'{w}'" for w in evidence(expr, facts) if w)
    return f"{message} (from the note: {quoted})" if quoted else message


def referenced_findings(expr: Expr) -> set[str]:
    """Every finding id an expression names (for validation)."""
    if isinstance(expr, HasFinding):
        return {expr.finding}
    if isinstance(expr, Threshold):
        return set()
    if isinstance(expr, Not):
        return referenced_findings(expr.item)
    found: set[str] = set()
    for item in expr.items:
        found |= referenced_findings(item)
    return found


def referenced_values(expr: Expr) -> set[str]:
    """Every measured value an expression names (for validation)."""
    if isinstance(expr, Threshold):
        return {expr.value}
    if isinstance(expr, HasFinding):
        return set()
    if isinstance(expr, Not):
        return referenced_values(expr.item)
    found: set[str] = set()
    for item in expr.items:
        found |= referenced_values(item)
    return found
