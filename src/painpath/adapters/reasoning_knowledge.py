"""Reasoning knowledge: derived-finding rules, requirement gates, exclusions, priors by age and sex, linked
findings, criteria counts and the questions worth asking (each with its source)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painpath.adapters.knowledge_parsing import (
    KnowledgeError,
    _check_refs,
    _keys,
    _ratio,
    check_source,
    parse_expr,
)
from painpath.domain.model import (
    CountGroup,
    CriteriaCount,
    Expr,
    FindingDef,
    LinkedGroup,
    PriorModifier,
    QuestionDef,
    Source,
)


def derive_rule(entry: Mapping[str, Any], where: str, sources: Mapping[str, Source]) -> Expr | None:
    """``derive_when: {rule: ..., source: ...}``: present when the rule over other findings and values holds."""
    if "derive_when" not in entry:
        return None
    node = entry["derive_when"]
    _keys(node, f"{where}.derive_when", required={"rule", "source"}, optional={"note"})
    check_source(node["source"], sources, f"{where}.derive_when")
    return parse_expr(node["rule"], f"{where}.derive_when")


# patient messages that are not about one red flag: the fallback, and the safety net on every visit summary


def condition_reasoning(
    entry: Mapping[str, Any], where: str, sources: Mapping[str, Source], findings: Mapping[str, FindingDef]
) -> dict[str, Any]:
    """The requirement gate, the findings that rule it out and the prior by age and sex."""
    out: dict[str, Any] = {}
    if "requires" in entry:
        node = entry["requires"]
        _keys(node, f"{where}.requires", required={"rule", "source"}, optional={"note"})
        out["requires"] = parse_expr(node["rule"], f"{where}.requires")
        _check_refs(out["requires"], findings, f"{where}.requires")
        out["requires_source"] = check_source(node["source"], sources, f"{where}.requires")
    if "excluded_by" in entry:
        node = entry["excluded_by"]
        _keys(node, f"{where}.excluded_by", required={"findings", "source"}, optional={"note"})
        unknown = [f for f in node["findings"] if f not in findings]
        if unknown or not node["findings"]:
            raise KnowledgeError(f"{where}.excluded_by: give known finding ids, not {unknown or node['findings']!r}")
        out["excluded_by"] = tuple(node["findings"])
        out["excluded_by_source"] = check_source(node["source"], sources, f"{where}.excluded_by")
    modifiers = []
    for index, node in enumerate(entry.get("prior_by", ())):
        mwhere = f"{where}.prior_by[{index + 1}]"
        _keys(node, mwhere, required={"when", "ratio", "label", "source"}, optional={"note"})
        expr = parse_expr(node["when"], mwhere)
        _check_refs(expr, findings, mwhere)
        ratio = _ratio(node["ratio"], f"{mwhere}.ratio")
        assert ratio is not None
        modifiers.append(PriorModifier(expr, ratio, str(node["label"]), check_source(node["source"], sources, mwhere)))
    out["prior_by"] = tuple(modifiers)
    return out


def linked_groups(
    file: str, content: Any, sources: Mapping[str, Source], findings: Mapping[str, FindingDef]
) -> tuple[LinkedGroup, ...]:
    """Groups of findings that are not independent evidence (the strongest ratio of a group counts)."""
    out: list[LinkedGroup] = []
    member_of: dict[str, str] = {}
    for entry in content:
        where = f"{file}: linked group {entry.get('id', '?') if isinstance(entry, Mapping) else '?'}"
        _keys(entry, where, required={"id", "findings", "source"}, optional={"note"})
        for fid in entry["findings"]:
            if fid not in findings:
                raise KnowledgeError(f"{where}: unknown finding {fid!r}")
            if fid in member_of:
                raise KnowledgeError(f"{where}: finding {fid!r} is already in the group {member_of[fid]!r}")
            member_of[fid] = entry["id"]
        if len(entry["findings"]) < 2:
            raise KnowledgeError(f"{where}: a linked group needs at least two findings")
        out.append(LinkedGroup(entry["id"], tuple(entry["findings"]), check_source(entry["source"], sources, where)))
    return tuple(out)


def criteria_counts(
    file: str, content: Any, sources: Mapping[str, Source], findings: Mapping[str, FindingDef]
) -> tuple[CriteriaCount, ...]:
    """Published criteria counts: categories of findings whose count becomes a measured value."""
    out: list[CriteriaCount] = []
    for entry in content:
        where = f"{file}: criteria {entry.get('id', '?') if isinstance(entry, Mapping) else '?'}"
        _keys(entry, where, required={"id", "label", "value", "groups", "source"}, optional={"note"})
        groups = []
        for group in entry["groups"]:
            gwhere = f"{where} group {group.get('id', '?') if isinstance(group, Mapping) else '?'}"
            _keys(group, gwhere, required={"id", "findings"}, optional={"sided", "note"})
            unknown = [f for f in group["findings"] if f not in findings]
            if unknown or not group["findings"]:
                raise KnowledgeError(f"{gwhere}: give known finding ids, not {unknown or group['findings']!r}")
            groups.append(CountGroup(group["id"], tuple(group["findings"]), bool(group.get("sided", False))))
        out.append(CriteriaCount(entry["id"], entry["label"], str(entry["value"]), tuple(groups),
                                 check_source(entry["source"], sources, where)))
    return tuple(out)


def question_defs(
    file: str, content: Any, sources: Mapping[str, Source], findings: Mapping[str, FindingDef]
) -> tuple[QuestionDef, ...]:
    """What to ask when a finding is unstated: the clinician's wording and the patient's."""
    out: list[QuestionDef] = []
    seen: set[str] = set()
    for entry in content:
        where = f"{file}: question {entry.get('id', '?') if isinstance(entry, Mapping) else '?'}"
        required = {"id", "finding", "clinician", "patient", "source"}
        _keys(entry, where, required=required, optional={"base_rate", "screen", "note"})
        if entry["id"] in seen:
            raise KnowledgeError(f"{where}: defined twice")
        seen.add(entry["id"])
        if entry["finding"] not in findings:
            raise KnowledgeError(f"{where}: unknown finding {entry['finding']!r}")
        rate = entry.get("base_rate", 0.2)
        if not isinstance(rate, int | float) or isinstance(rate, bool) or not 0.0 < rate < 1.0:
            raise KnowledgeError(f"{where}.base_rate: a probability strictly between 0 and 1, not {rate!r}")
        for key in ("clinician", "patient"):
            if not isinstance(entry[key], str) or not entry[key].strip().endswith("?"):
                raise KnowledgeError(f"{where}.{key}: write the question itself, ending with '?'")
        out.append(QuestionDef(entry["id"], entry["finding"], entry["clinician"].strip(), entry["patient"].strip(),
                               check_source(entry["source"], sources, where), float(rate),
                               screen=bool(entry.get("screen", False))))
    return tuple(out)
