"""Evaluate the knowledge base's rule expressions against what a note said."""

from __future__ import annotations

from collections.abc import Callable

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
    try:
        test: Callable[[Facts], bool] = expr.__dict__[_TEST]
    except KeyError:
        test = _compile(expr)
    return test(facts)


def compiled(expr: Expr) -> Callable[[Facts], bool]:
    """The expression's test: ``compiled(expr)(facts) == holds(expr, facts)``, for a caller that keeps it."""
    try:
        test: Callable[[Facts], bool] = expr.__dict__[_TEST]
    except KeyError:
        test = _compile(expr)
    return test


# Each expression is turned once into nested closures (rules are evaluated for every rule of every note, and again
# for every question's what-if): the type dispatch happens once instead of on every call. The test is kept on the
# expression itself (outside its dataclass fields, so equality and hashing are unchanged) and lives as long as it.
_TEST = "_compiled_test"


def _compile(expr: Expr) -> Callable[[Facts], bool]:
    test: Callable[[Facts], bool]
    if isinstance(expr, HasFinding):
        finding, status = expr.finding, expr.status

        def test(facts: Facts) -> bool:
            return facts.statuses.get(finding) is status

    elif isinstance(expr, Threshold):
        measure = expr.holds

        def test(facts: Facts) -> bool:
            return measure(facts.values)

    elif isinstance(expr, AllOf):
        pairs, parts = _split(expr.items)

        def test(facts: Facts) -> bool:
            get = facts.statuses.get
            for finding, status in pairs:
                if get(finding) is not status:
                    return False
            for part in parts:  # noqa: SIM110 - a plain loop is cheaper than a generator on this hot path
                if not part(facts):
                    return False
            return True

    elif isinstance(expr, AnyOf):
        pairs, alternatives = _split(expr.items)

        def test(facts: Facts) -> bool:
            get = facts.statuses.get
            for finding, status in pairs:
                if get(finding) is status:
                    return True
            for alternative in alternatives:  # noqa: SIM110 - as above
                if alternative(facts):
                    return True
            return False

    elif isinstance(expr, AtLeast):
        (pairs, counted), count = _split(expr.items), expr.count

        def test(facts: Facts) -> bool:
            get = facts.statuses.get
            found = sum(1 for finding, status in pairs if get(finding) is status)
            return found >= count or found + sum(1 for part in counted if part(facts)) >= count

    elif isinstance(expr, Not):
        inner = _compile(expr.item)

        def test(facts: Facts) -> bool:
            return not inner(facts)

    else:
        raise TypeError(f"unknown rule expression {expr!r}")
    object.__setattr__(expr, _TEST, test)  # frozen dataclass: set outside its fields, once
    return test


def _split(items: tuple[Expr, ...]) -> tuple[tuple[tuple[str, Status], ...], tuple[Callable[[Facts], bool], ...]]:
    """A combination's finding tests as (finding, status) pairs, looked up in one loop without a call each (most
    items of a rule are findings), and the tests of its other items. Every test is free of side effects, so testing
    the findings first gives the same answer as the items' order. Each item's own test is compiled and kept too."""
    for item in items:
        _compile(item)
    pairs = tuple((item.finding, item.status) for item in items if isinstance(item, HasFinding))
    others = tuple(compiled(item) for item in items if not isinstance(item, HasFinding))
    return pairs, others


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
