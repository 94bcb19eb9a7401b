"""The pieces every knowledge-file loader shares: the error, strict key checks, sources, ratios and rule parsing.

knowledge_files (the diagnostic knowledge), plan_knowledge, reasoning_knowledge, instrument_files and
schedule_files all build on these; none of them imports another loader for them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from painpath.domain.model import (
    COMPARISON_OPERATORS,
    AllOf,
    AnyOf,
    AtLeast,
    Expr,
    FindingDef,
    HasFinding,
    Not,
    Source,
    Status,
    Threshold,
    TriageLevel,
)
from painpath.domain.rules import referenced_findings


class KnowledgeError(ValueError):
    """The knowledge files are inconsistent; the message names the file and entry to fix."""


def _keys(entry: Mapping[str, Any], where: str, *, required: set[str], optional: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    if not isinstance(entry, Mapping):
        raise KnowledgeError(f"{where}: expected a mapping, got {entry!r}")
    missing = required - entry.keys()
    unknown = entry.keys() - required - optional
    if missing:
        raise KnowledgeError(f"{where}: missing {sorted(missing)}")
    if unknown:
        raise KnowledgeError(f"{where}: unknown keys {sorted(unknown)}")


def check_source(source: Any, sources: Mapping[str, Source], where: str) -> str:
    if not source:
        raise KnowledgeError(f"{where}: every number and rule needs a source (use 'expert' for an estimate)")
    if source not in sources:
        raise KnowledgeError(f"{where}: unknown source {source!r}; add it to sources.yaml")
    return str(source)


def _threshold(entry: Mapping[str, Any], where: str) -> Threshold:
    if entry["op"] not in COMPARISON_OPERATORS:
        raise KnowledgeError(f"{where}: operator {entry['op']!r} is not one of {sorted(COMPARISON_OPERATORS)}")
    value = entry["threshold"]
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise KnowledgeError(f"{where}: threshold must be a finite number, got {value!r}")
    return Threshold(str(entry["value"]), str(entry["op"]), float(value))


def _ratio(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value) or value <= 0:
        raise KnowledgeError(f"{where}: a likelihood ratio must be a positive finite number, got {value!r}")
    if value > 100 or value < 0.01:
        raise KnowledgeError(f"{where}: likelihood ratio {value} is outside the plausible range 0.01-100")
    return float(value)


def parse_expr(node: Any, where: str) -> Expr:
    """Turn the YAML rule language into expressions: a finding id, all/any/at_least/not, or a threshold."""
    if isinstance(node, str):
        if node.startswith("absent:"):
            return HasFinding(node.removeprefix("absent:"), Status.ABSENT)
        return HasFinding(node)
    if not isinstance(node, Mapping) or len(node) == 0:
        raise KnowledgeError(f"{where}: a rule must be a finding id or one of all/any/at_least/not/value")
    if "value" in node:
        _keys(node, where, required={"value", "op", "threshold"})
        return _threshold(node, where)
    if "at_least" in node:
        _keys(node, where, required={"at_least", "of"})
        return AtLeast(int(node["at_least"]), tuple(parse_expr(n, where) for n in node["of"]))
    if len(node) != 1:
        raise KnowledgeError(f"{where}: expected one of all/any/not, got {sorted(node)}")
    ((key, value),) = node.items()
    if key == "all":
        return AllOf(tuple(parse_expr(n, where) for n in value))
    if key == "any":
        return AnyOf(tuple(parse_expr(n, where) for n in value))
    if key == "not":
        return Not(parse_expr(value, where))
    raise KnowledgeError(f"{where}: unknown rule operator {key!r}")


def _check_refs(expr: Expr, findings: Mapping[str, FindingDef], where: str) -> None:
    for fid in referenced_findings(expr):
        if fid not in findings:
            raise KnowledgeError(f"{where}: rule names unknown finding {fid!r}")


def _level(value: Any, where: str) -> TriageLevel:
    try:
        return TriageLevel(value)
    except ValueError as err:
        raise KnowledgeError(f"{where}: triage level {value!r} is not one of {[t.value for t in TriageLevel]}") from err
