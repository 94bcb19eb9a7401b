"""Load the payer rules (payer_rules.yaml) strictly: unknown keys, kinds, procedures, instruments, findings or
sources are errors. ``iter_payer_rule_problems`` feeds `painpath kb check`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from painpath.adapters.instrument_checks import enum_, int_, nonempty
from painpath.adapters.knowledge_files import load_default
from painpath.adapters.knowledge_parsing import KnowledgeError, _keys, check_source
from painpath.domain.model import KnowledgeBase
from painpath.domain.prior_auth import Kind, ProcedureRule, Requirement, RuleSet

SECTION = "payer_rules"
FILE = "payer_rules.yaml"
FIELDS = {  # what each requirement kind needs besides id, kind, text and source
    Kind.DIAGNOSIS: set(), Kind.DECISION: set(), Kind.CONSERVATIVE: {"min_days"},
    Kind.BLOCKS: {"procedure", "count", "relief_percent"}, Kind.TRIAL: {"procedure", "relief_percent"},
    Kind.FINDING: {"finding"}, Kind.QUESTIONNAIRE: {"instruments", "max_age_days"},
    Kind.FREQUENCY: {"procedure", "count", "window_days"},
}


@cache
def load_default_payer_rules() -> dict[str, RuleSet]:
    """The rule sets shipped with the package (loaded once per process)."""
    return load_payer_rules(load_default())


def iter_payer_rule_problems(kb: KnowledgeBase) -> Iterable[str]:
    try:
        load_payer_rules(kb)
    except KnowledgeError as err:
        yield f"payer rules: {err}"


def load_payer_rules(kb: KnowledgeBase) -> dict[str, RuleSet]:
    if SECTION not in kb.extra:
        raise KnowledgeError(f"no knowledge file defines the section {SECTION!r}")
    content = kb.extra[SECTION]
    _keys(content, f"{FILE}: {SECTION}", required={"rule_sets"})
    planning = kb.extra.get("planning")
    options = set(planning.options) if planning is not None else set()
    known = {"options": options, "instruments": set((kb.extra.get("instruments") or {}).keys()),
             "findings": set(kb.findings)}
    out = {}
    for set_id, entry in content["rule_sets"].items():
        where = f"{FILE}: rule_sets.{set_id}"
        _keys(entry, where, required={"label", "procedures"})
        procedures = {}
        for procedure, rule in entry["procedures"].items():
            pwhere = f"{where}.procedures.{procedure}"
            if options and procedure not in options:
                raise KnowledgeError(f"{pwhere}: {procedure!r} is not a plan option of plan_options.yaml")
            _keys(rule, pwhere, required={"prior_auth", "requirements"})
            auth = rule["prior_auth"]
            _keys(auth, f"{pwhere}.prior_auth", required={"required", "source"}, optional={"note"})
            reqs = tuple(_requirement(r, kb, known, f"{pwhere}.requirements") for r in rule["requirements"])
            ids = [r.id for r in reqs]
            if len(set(ids)) != len(ids):
                raise KnowledgeError(f"{pwhere}.requirements: ids must be unique, got {ids}")
            procedures[procedure] = ProcedureRule(
                procedure, bool(auth["required"]), check_source(auth["source"], kb.sources, f"{pwhere}.prior_auth"),
                str(auth.get("note", "")), reqs)
        out[set_id] = RuleSet(set_id, nonempty(entry["label"], f"{where}.label"), procedures)
    return out


def _requirement(entry: Any, kb: KnowledgeBase, known: Mapping[str, set[str]], where: str) -> Requirement:
    rid = str(entry.get("id", "?")) if isinstance(entry, Mapping) else "?"
    where = f"{where} {rid}"
    kind = enum_(Kind, entry.get("kind") if isinstance(entry, Mapping) else None, f"{where}.kind")
    _keys(entry, where, required={"id", "kind", "text", "source"} | FIELDS[kind])
    procedure = str(entry.get("procedure", ""))
    if procedure and known["options"] and procedure not in known["options"]:
        raise KnowledgeError(f"{where}.procedure: {procedure!r} is not a plan option")
    instruments = tuple(str(i) for i in entry.get("instruments", ()))
    if sorted(set(instruments) - known["instruments"]):
        raise KnowledgeError(f"{where}.instruments: unknown {sorted(set(instruments) - known['instruments'])}")
    finding = str(entry.get("finding", ""))
    if finding and finding not in known["findings"]:
        raise KnowledgeError(f"{where}.finding: {finding!r} is not a finding of the knowledge base")
    return Requirement(
        id=nonempty(entry["id"], f"{where}.id"), kind=kind, text=nonempty(entry["text"], f"{where}.text"),
        source=check_source(entry["source"], kb.sources, where), procedure=procedure,
        count=int_(entry.get("count", 0), f"{where}.count", minimum=0),
        relief_percent=int_(entry.get("relief_percent", 0), f"{where}.relief_percent", minimum=0),
        min_days=int_(entry.get("min_days", 0), f"{where}.min_days", minimum=0),
        window_days=int_(entry.get("window_days", 0), f"{where}.window_days", minimum=0),
        max_age_days=int_(entry.get("max_age_days", 0), f"{where}.max_age_days", minimum=0),
        finding=finding, instruments=instruments,
    )
