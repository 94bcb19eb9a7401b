"""Load the knowledge base from its YAML files, strictly: unknown keys, ids or sources are errors."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# the shared parsing pieces stay importable from here (plan_knowledge, instrument_files, schedule_files use them)
from painpath.adapters.knowledge_parsing import (
    KnowledgeError,
    _check_refs,
    _keys,
    _level,
    _ratio,
    _threshold,
    check_source,
    parse_expr,
)
from painpath.adapters.reasoning_knowledge import (
    condition_reasoning,
    criteria_counts,
    derive_rule,
    linked_groups,
    question_defs,
)
from painpath.domain.model import (
    ConditionDef,
    EngineSettings,
    FindingDef,
    FindingKind,
    KnowledgeBase,
    LikelihoodRatio,
    RedFlagRule,
    Source,
    TriageLevel,
    TriageRule,
)

__all__ = ["KnowledgeError", "LexiconEntry", "check_source", "iter_problems", "knowledge_dir", "load",
           "load_default", "parse_expr"]

KNOWLEDGE_PACKAGE = "painpath.knowledge"
_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser reads the files ~5x faster


class _StrictLoader(_BASE_LOADER):  # type: ignore[misc]
    """A safe loader that refuses duplicate keys (YAML would silently keep the last one)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise KnowledgeError(f"line {key_node.start_mark.line + 1}: key {key!r} appears twice in one entry")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_SAFE_LOADER = _StrictLoader


@dataclass(frozen=True)
class LexiconEntry:
    """The words patients and clinicians use for one finding (narrative layer data)."""

    finding: str
    terms: tuple[str, ...]
    regex: tuple[str, ...]
    absent_terms: tuple[str, ...]
    absent_regex: tuple[str, ...]


def knowledge_dir() -> Path:
    return Path(str(resources.files(KNOWLEDGE_PACKAGE)))


@cache
def load_default() -> KnowledgeBase:
    """The knowledge base shipped with the package (loaded once per process)."""
    return load(knowledge_dir())


def load(directory: Path) -> KnowledgeBase:
    """Read and validate every file the manifest names."""
    manifest = _read(directory / "manifest.yaml")
    _keys(manifest, "manifest.yaml", required={"kb_version", "files"}, optional={"description"})
    docs: dict[str, Any] = {}
    for name in manifest["files"]:
        data = _read(directory / name)
        for section, content in data.items():
            if section in docs and section in MERGEABLE_SECTIONS:
                first_file, first = docs[section]
                docs[section] = (f"{first_file}+{name}", _merge(first, content, section, name))
            elif section in docs:
                raise KnowledgeError(f"{name}: section {section!r} is defined in two files")
            else:
                docs[section] = (name, content)
    return _build(str(manifest["kb_version"]), docs)


# Sections that several files may contribute to (e.g. diagnostic findings and patient-context findings).
MERGEABLE_SECTIONS = frozenset({"findings", "medications", "sources", "pathways", "questions"})


def _merge(first: Any, second: Any, section: str, name: str) -> Any:
    if isinstance(first, list) and isinstance(second, list):
        return first + second
    if isinstance(first, dict) and isinstance(second, dict):
        clash = first.keys() & second.keys()
        if clash:
            raise KnowledgeError(f"{name}: {section} {sorted(clash)} already defined in another file")
        return {**first, **second}
    raise KnowledgeError(f"{name}: section {section!r} must have the same shape in every file")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except FileNotFoundError as err:
        raise KnowledgeError(f"knowledge file {path.name} is missing") from err
    except yaml.YAMLError as err:
        raise KnowledgeError(f"{path.name}: not valid YAML: {err}") from err
    except KnowledgeError as err:
        raise KnowledgeError(f"{path.name}: {err}") from err
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path.name}: expected a mapping of sections")
    return data


def _section(docs: dict[str, Any], name: str) -> tuple[str, Any]:
    if name not in docs:
        raise KnowledgeError(f"no knowledge file defines the section {name!r}")
    return docs[name]  # type: ignore[no-any-return]


def _optional(docs: dict[str, Any], name: str) -> tuple[str, Any]:
    file, content = docs.get(name, ("", []))
    return str(file), content


def _build(version: str, docs: dict[str, Any]) -> KnowledgeBase:
    sources = _sources(*_section(docs, "sources"))
    findings, lexicon = _findings(*_section(docs, "findings"), sources)
    conditions = _conditions(*_section(docs, "conditions"), sources, findings)
    likelihoods = _likelihoods(*_section(docs, "likelihoods"), sources, findings, conditions)
    red_flags = _red_flags(*_section(docs, "red_flags"), sources, findings)
    triage_rules = _triage(*_section(docs, "triage_rules"), sources, findings)
    settings = _settings(*_section(docs, "engine"), sources)
    linked = linked_groups(*_optional(docs, "linked_findings"), sources, findings)
    criteria = criteria_counts(*_optional(docs, "criteria"), sources, findings)
    questions = question_defs(*_optional(docs, "questions"), sources, findings)
    known = {"sources", "findings", "conditions", "likelihoods", "red_flags", "triage_rules", "engine",
             "linked_findings", "criteria", "questions"}
    extra: dict[str, Any] = {name: content for name, (_, content) in docs.items() if name not in known}
    if "medications" in docs:
        medication_file, medication_entries = docs["medications"]
        _medications(medication_file, medication_entries, sources)
    extra["lexicon"] = lexicon
    from painpath.adapters.narrative_knowledge import check_narrative  # it builds on this module's errors
    from painpath.adapters.plan_knowledge import load_planning  # it builds on this module's parsers

    check_narrative(docs, findings)

    planning = load_planning(extra, sources, findings, conditions, list(extra.get("medications", [])))
    if planning is not None:
        extra["planning"] = planning
    extra["sources_by_file"] = {name: file for name, (file, _) in docs.items()}
    return KnowledgeBase(
        version=version,
        sources=sources,
        findings=findings,
        conditions=conditions,
        likelihoods=likelihoods,
        red_flags=red_flags,
        triage_rules=triage_rules,
        settings=settings,
        extra=extra,
        linked=linked,
        criteria=criteria,
        questions=questions,
    )


MEDICATION_UNITS = frozenset({"mg", "mcg", "mcg/h", "g"})
MEDICATION_ROUTES = frozenset({"oral", "transdermal", "buccal", "sublingual", "topical", "injection"})


def _medications(file: str, content: Any, sources: Mapping[str, Source]) -> None:
    """Medication names and how a note's numbers after them are read (narrative/medications.py)."""
    if not isinstance(content, list):
        raise KnowledgeError(f"{file}: medications must be a list of entries")
    seen: dict[str, str] = {}
    for entry in content:
        where = f"{file}: medication {entry.get('id')!r}" if isinstance(entry, Mapping) else f"{file}: medication entry"
        _keys(entry, where, required={"id", "class"},
              optional={"names", "default_unit", "transdermal_unit", "products", "note"})
        for key in ("default_unit", "transdermal_unit"):
            if key in entry and entry[key] not in MEDICATION_UNITS:
                raise KnowledgeError(f"{where}: {key} {entry[key]!r} is not one of {sorted(MEDICATION_UNITS)}")
        names = [entry["id"].replace("_", " "), *entry.get("names", [])]
        for index, product in enumerate(entry.get("products", [])):
            pwhere = f"{where} product {index + 1}"
            _keys(product, pwhere, required={"names"},
                  optional={"default_unit", "route", "per_tablet", "ambiguous_names", "source", "note"})
            if product.get("default_unit", "mg") not in MEDICATION_UNITS:
                units = sorted(MEDICATION_UNITS)
                raise KnowledgeError(f"{pwhere}: default_unit {product['default_unit']!r} is not one of {units}")
            if product.get("route", "oral") not in MEDICATION_ROUTES:
                routes = sorted(MEDICATION_ROUTES)
                raise KnowledgeError(f"{pwhere}: route {product['route']!r} is not one of {routes}")
            strength = product.get("per_tablet")
            if strength is not None:
                _keys(strength, f"{pwhere}.per_tablet", required=set(), optional={"mg", "acetaminophen_mg"})
                for key, value in strength.items():
                    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                        raise KnowledgeError(f"{pwhere}.per_tablet.{key}: give a positive number of mg, not {value!r}")
                check_source(product.get("source"), sources, f"{pwhere}: a strength per tablet")
            elif "source" in product:
                check_source(product["source"], sources, pwhere)
            unknown = set(product.get("ambiguous_names", [])) - set(product["names"])
            if unknown:
                raise KnowledgeError(f"{pwhere}: ambiguous_names {sorted(unknown)} are not among the product's names")
            names += product["names"]
        for name in names:
            if not isinstance(name, str) or not name.strip():
                raise KnowledgeError(f"{where}: every name must be non-empty text, not {name!r}")
            other = seen.setdefault(name.lower(), entry["id"])
            if other != entry["id"]:
                raise KnowledgeError(f"{where}: the name {name!r} is also a name of {other!r}")


def _sources(file: str, content: Any) -> dict[str, Source]:
    out: dict[str, Source] = {}
    for key, entry in content.items():
        where = f"{file}: source {key}"
        _keys(entry, where, required={"citation", "kind"}, optional={"year", "verification", "note", "label"})
        if entry["kind"] not in {"guideline", "paper", "label", "consensus", "expert", "policy", "textbook"}:
            raise KnowledgeError(f"{where}: kind {entry['kind']!r} is not a known kind of source")
        if entry["kind"] != "expert" and not entry.get("year"):
            raise KnowledgeError(f"{where}: a published source needs its year")
        out[key] = Source(key, entry["citation"], entry.get("year"), entry["kind"], entry.get("verification", ""),
                          str(entry.get("label", "")))
    if "expert" not in out:
        raise KnowledgeError(f"{file}: the 'expert' source (expert estimate) must exist")
    return out


def _involves(value: Any, where: str) -> tuple[str, ...]:
    """The regions a sign involves: a list of region names."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v for v in value):
        raise KnowledgeError(f"{where}.involves: give a list of region names")
    return tuple(value)


def _findings(
    file: str, content: Any, sources: Mapping[str, Source]
) -> tuple[dict[str, FindingDef], dict[str, LexiconEntry]]:
    findings: dict[str, FindingDef] = {}
    lexicon: dict[str, LexiconEntry] = {}
    optional = {
        "terms",
        "regex",
        "absent_terms",
        "absent_regex",
        "region",
        "pain_content",
        "derive",
        "counts_when_historical",
        "recent_only",
        "implies",
        "derive_when",
        "note",
        "involves",
        "internal",
    }
    for entry in content:
        fid = entry.get("id", "?") if isinstance(entry, Mapping) else "?"
        where = f"{file}: finding {fid}"
        _keys(entry, where, required={"id", "label", "kind"}, optional=optional)
        if fid in findings:
            raise KnowledgeError(f"{where}: defined twice")
        try:
            kind = FindingKind(entry["kind"])
        except ValueError as err:
            raise KnowledgeError(
                f"{where}: kind {entry['kind']!r} is not one of {[k.value for k in FindingKind]}"
            ) from err
        derive = None
        derive_source = None
        if "derive" in entry:
            d = entry["derive"]
            _keys(d, f"{where}.derive", required={"value", "op", "threshold", "source"}, optional={"states_absent"})
            derive = _threshold(d, f"{where}.derive")
            derive_source = check_source(d["source"], sources, f"{where}.derive")
        findings[fid] = FindingDef(
            id=fid,
            label=entry["label"],
            kind=kind,
            region=entry.get("region"),
            pain_content=bool(entry.get("pain_content", False)),
            derive=derive,
            derive_source=derive_source,
            derive_states_absent=bool(entry.get("derive", {}).get("states_absent", True)),
            counts_when_historical=bool(entry.get("counts_when_historical", False)),
            recent_only=bool(entry.get("recent_only", False)),
            implies=tuple(entry.get("implies", ())),
            derive_when=derive_rule(entry, where, sources),
            involves=_involves(entry.get("involves", ()), where),
            internal=bool(entry.get("internal", False)),
        )
        for term in entry.get("terms", ()):
            if str(term).lower().startswith(("history of ", "h/o ")):
                raise KnowledgeError(
                    f"{where}: term {term!r} holds the cue 'history of'; match the condition alone (the cue "
                    f"inside a target is pruned, so 'no history of ...' would read as present)"
                )
        own_terms = {str(t).lower() for t in entry.get("terms", ())}
        for term in entry.get("absent_terms", ()):
            first, _, rest = str(term).lower().partition(" ")
            if first in _NEGATION_WORDS and rest in own_terms:
                raise KnowledgeError(
                    f"{where}: absent term {term!r} is a negation word before one of its own terms; leave that "
                    f"to ConText (a target that swallows 'no' stops the negation reaching the rest of a list: "
                    f"'no fever, chills or weight loss')"
                )
        lexicon[fid] = LexiconEntry(
            fid,
            tuple(entry.get("terms", ())),
            tuple(entry.get("regex", ())),
            tuple(entry.get("absent_terms", ())),
            tuple(entry.get("absent_regex", ())),
        )
    for definition in findings.values():
        for implied in definition.implies:
            if implied not in findings:
                raise KnowledgeError(f"{file}: finding {definition.id} implies unknown finding {implied!r}")
        if definition.derive_when is not None:
            _check_refs(definition.derive_when, findings, f"{file}: finding {definition.id}.derive_when")
    return findings, lexicon


GENERAL_MESSAGES = {"default", "safety_net", "triage_emergency", "triage_urgent", "triage_soon", "triage_routine",
                    "warning_sign"}
_NEGATION_WORDS = {"no", "not", "denies", "denied", "without", "never", "nil"}


def _conditions(
    file: str, content: Any, sources: Mapping[str, Source], findings: Mapping[str, FindingDef]
) -> dict[str, ConditionDef]:
    out: dict[str, ConditionDef] = {}
    required = {"id", "label", "icd10", "snomed", "prior", "prior_source", "regions", "next_steps", "next_steps_source"}
    for entry in content:
        cid = entry.get("id", "?") if isinstance(entry, Mapping) else "?"
        where = f"{file}: condition {cid}"
        _keys(entry, where, required=required, optional={"note", "requires", "excluded_by", "prior_by"})
        prior = entry["prior"]
        if not isinstance(prior, int | float) or not 0.0 < prior < 1.0:
            raise KnowledgeError(f"{where}: prior must be a probability strictly between 0 and 1, got {prior!r}")
        if not entry["next_steps"]:
            raise KnowledgeError(f"{where}: needs at least one next step that would confirm or refute it")
        out[cid] = ConditionDef(
            id=cid,
            label=entry["label"],
            icd10=tuple(entry["icd10"]),
            snomed=tuple(str(code) for code in entry["snomed"]),
            prior=float(prior),
            prior_source=check_source(entry["prior_source"], sources, where),
            regions=tuple(entry["regions"]),
            next_steps=tuple(entry["next_steps"]),
            next_steps_source=check_source(entry["next_steps_source"], sources, where),
            **condition_reasoning(entry, where, sources, findings),
        )
    return out


def _likelihoods(
    file: str,
    content: Any,
    sources: Mapping[str, Source],
    findings: Mapping[str, FindingDef],
    conditions: Mapping[str, ConditionDef],
) -> tuple[LikelihoodRatio, ...]:
    out: list[LikelihoodRatio] = []
    seen: set[tuple[str, str]] = set()
    for condition, rows in content.items():
        if condition not in conditions:
            raise KnowledgeError(f"{file}: unknown condition {condition!r}")
        for row in rows:
            fid = row.get("finding", "?") if isinstance(row, Mapping) else "?"
            where = f"{file}: {condition} / {fid}"
            _keys(row, where, required={"finding", "source"},
                  optional={"present", "absent", "note", "defining", "stated"})
            if fid not in findings:
                raise KnowledgeError(f"{where}: unknown finding {fid!r}")
            if (condition, fid) in seen:
                raise KnowledgeError(f"{where}: listed twice")
            seen.add((condition, fid))
            present = _ratio(row.get("present"), f"{where}.present")
            absent = _ratio(row.get("absent"), f"{where}.absent")
            if present is None and absent is None:
                raise KnowledgeError(f"{where}: give a 'present' or an 'absent' likelihood ratio")
            defining = row.get("defining", False)
            if not isinstance(defining, bool):
                raise KnowledgeError(f"{where}.defining: write true or false")
            if defining and findings[fid].kind is not FindingKind.IMAGING:
                raise KnowledgeError(f"{where}.defining: only an imaging finding can be exempt from the imaging cap")
            stated = row.get("stated", False)
            if not isinstance(stated, bool):
                raise KnowledgeError(f"{where}.stated: write true or false")
            if stated and findings[fid].kind is FindingKind.IMAGING:
                raise KnowledgeError(
                    f"{where}.stated: an imaging finding is capped already; 'stated' marks a named diagnosis"
                )
            out.append(
                LikelihoodRatio(
                    condition, fid, present, absent, check_source(row["source"], sources, where), row.get("note", ""),
                    defining=defining, stated=stated,
                )
            )
    return tuple(out)


def _red_flags(
    file: str, content: Any, sources: Mapping[str, Source], findings: Mapping[str, FindingDef]
) -> tuple[RedFlagRule, ...]:
    out: list[RedFlagRule] = []
    for flag_id, flag in content.items():
        where = f"{file}: red flag {flag_id}"
        _keys(flag, where, required={"label", "min_triage", "rules"}, optional={"note"})
        floor = _level(flag["min_triage"], where)
        for rule in flag["rules"]:
            rwhere = f"{where} rule {rule.get('id', '?')}"
            _keys(rule, rwhere, required={"id", "when", "action", "source"}, optional={"escalate_to", "note"})
            expr = parse_expr(rule["when"], rwhere)
            _check_refs(expr, findings, rwhere)
            escalate = _level(rule["escalate_to"], rwhere) if "escalate_to" in rule else None
            if escalate is not None and escalate.rank < floor.rank:
                raise KnowledgeError(f"{rwhere}: escalate_to {escalate} is below the flag's minimum {floor}")
            out.append(
                RedFlagRule(
                    id=flag_id,
                    rule_id=rule["id"],
                    label=flag["label"],
                    min_triage=floor,
                    when=expr,
                    action=rule["action"],
                    source=check_source(rule["source"], sources, rwhere),
                    escalate_to=escalate,
                )
            )
    return tuple(out)


def _triage(
    file: str, content: Any, sources: Mapping[str, Source], findings: Mapping[str, FindingDef]
) -> tuple[TriageRule, ...]:
    out: list[TriageRule] = []
    for rule in content:
        where = f"{file}: triage rule {rule.get('id', '?')}"
        _keys(rule, where, required={"id", "level", "when", "reason", "source"}, optional={"note"})
        expr = parse_expr(rule["when"], where)
        _check_refs(expr, findings, where)
        out.append(
            TriageRule(
                rule["id"],
                _level(rule["level"], where),
                expr,
                rule["reason"],
                check_source(rule["source"], sources, where),
            )
        )
    return tuple(out)


def _settings(file: str, content: Any, sources: Mapping[str, Source]) -> EngineSettings:
    where = f"{file}: engine"
    _keys(
        content,
        where,
        required={
            "region_mismatch_lr",
            "imaging_max_log_lr",
            "min_probability_reported",
            "differential_size",
            "source",
        },
        optional={"note", "unmet_requirement_lr", "excluded_lr", "max_questions", "question_triage_weight",
                  "min_question_value", "screening_weight", "clinical_support_min_lr"},
    )
    mismatch = _ratio(content["region_mismatch_lr"], f"{where}.region_mismatch_lr")
    assert mismatch is not None
    if content["imaging_max_log_lr"] <= 0 or content["differential_size"] < 3:
        raise KnowledgeError(f"{where}: imaging cap must be positive and the differential must list at least 3")
    return EngineSettings(
        region_mismatch_lr=mismatch,
        imaging_max_log_lr=float(content["imaging_max_log_lr"]),
        min_probability_reported=float(content["min_probability_reported"]),
        differential_size=int(content["differential_size"]),
        source=check_source(content["source"], sources, where),
        unmet_requirement_lr=_ratio(content.get("unmet_requirement_lr", 0.1), f"{where}.unmet_requirement_lr") or 0.1,
        excluded_lr=_ratio(content.get("excluded_lr", 0.05), f"{where}.excluded_lr") or 0.05,
        max_questions=int(content.get("max_questions", 5)),
        question_triage_weight=float(content.get("question_triage_weight", 1.0)),
        min_question_value=float(content.get("min_question_value", 0.02)),
        screening_weight=float(content.get("screening_weight", 0.25)),
        clinical_support_min_lr=_ratio(
            content.get("clinical_support_min_lr", 1.5), f"{where}.clinical_support_min_lr"
        ) or 1.5,
    )


def contract_ids(vocabulary: Mapping[str, Any]) -> dict[str, set[str]]:
    """The ids the shared contract allows, grouped (for `painpath kb check --vocabulary`)."""
    options: set[str] = set()
    for group in vocabulary.get("plan_options", {}).values():
        options |= set(group)
    return {
        "conditions": set(vocabulary.get("conditions", {})),
        "red_flags": set(vocabulary.get("red_flags", {})),
        "triage_levels": set(vocabulary.get("triage_levels", {})),
        "plan_options": options,
    }


def iter_problems(kb: KnowledgeBase, vocabulary: Mapping[str, Any] | None) -> Iterable[str]:
    """Cross-file checks beyond loading: contract ids, flag floors, unreachable findings."""
    if vocabulary is not None:
        ids = contract_ids(vocabulary)
        for cid in kb.conditions:
            if cid not in ids["conditions"]:
                yield f"condition {cid!r} is not in the shared vocabulary"
        for cid in ids["conditions"] - set(kb.conditions):
            yield f"vocabulary condition {cid!r} has no entry in conditions.yaml"
        floors = {k: v["min_triage"] for k, v in vocabulary.get("red_flags", {}).items()}
        for rule in kb.red_flags:
            if rule.id not in floors:
                yield f"red flag {rule.id!r} is not in the shared vocabulary"
            elif TriageLevel(floors[rule.id]).rank > rule.min_triage.rank:
                yield f"red flag {rule.id!r}: min_triage {rule.min_triage} is below the vocabulary's {floors[rule.id]}"
        for flag in set(floors) - {r.id for r in kb.red_flags}:
            yield f"vocabulary red flag {flag!r} has no rule"
        for oid, option in getattr(kb.extra.get("planning"), "options", {}).items():
            if option.extension and oid in ids["plan_options"]:
                yield f"plan option {oid!r} is in the shared vocabulary: remove 'extension: true'"
            elif not option.extension and oid not in ids["plan_options"]:
                yield (f"plan option {oid!r} is not in the shared vocabulary: use a vocabulary id, or mark it "
                       "'extension: true' and list it under project_options in adapters/plan_options.yaml")
    if "patient_messages" in kb.extra and "default" not in kb.extra["patient_messages"]:
        yield "patient_messages needs a 'default' message for red flags without their own"
    for flag, message in kb.extra.get("patient_messages", {}).items():
        if not isinstance(message, Mapping) or not message.get("text") or message.get("source") not in kb.sources:
            yield f"patient message {flag!r} needs a text and a known source"
        if vocabulary is not None and flag not in GENERAL_MESSAGES and flag not in vocabulary.get("red_flags", {}):
            yield f"patient message {flag!r} is not a red flag of the shared vocabulary"
    yield from _patient_plan_problems(kb)
    yield from _plan_allergy_problems(kb)
    lexicon = kb.extra["lexicon"]
    set_by_reader = _findings_the_reader_sets(kb.extra)
    regions = {f.region for f in kb.findings.values() if f.region is not None}
    for fid, definition in kb.findings.items():
        for region in definition.involves:
            if region not in regions:
                yield f"finding {fid!r} involves region {region!r}, which no location finding names"
        entry = lexicon[fid]
        words = entry.terms or entry.regex or entry.absent_terms or entry.absent_regex
        reachable = words or definition.derive or definition.derive_when or fid in set_by_reader
        implied = any(fid in other.implies for other in kb.findings.values())
        if not reachable and not implied and definition.kind is not FindingKind.CONTEXT:
            yield f"finding {fid!r} has no words, regex or derivation: the note can never produce it"


def _findings_the_reader_sets(extra: Mapping[str, Any]) -> set[str]:
    """Findings the reader sets from other findings or from an examination's numbers (narrative.yaml: a course that
    means a sign, a comparison of grades over time, one named hand), not from words of their own."""
    course = extra.get("course", {}) or {}
    found = set(course.get("worsening_means", {}).values()) | set(course.get("new_means", {}).values())
    comparison = course.get("exam_comparison", {}) or {}
    found |= {comparison[key] for key in ("grade_finding", "reflex_finding") if comparison.get(key)}
    found |= set((extra.get("one_hand", {}) or {}).get("means", {}).values())
    past = course.get("past_ideation", {}) or {}
    if past.get("means"):
        found.add(past["means"])
    return found


# Clinician notation that has no place in the patient's plan view (patient_plan.yaml): comparison signs, scores
# and scales, dose units, MME and the like.
PATIENT_JARGON = re.compile(
    r"<=|>=|[<>]|\bMRC\b|\bMME\b|\bLR\b|\bNSAID|\bSNRI\b|\bTCA\b|\bmg\b|\bPRN\b|\bNRS\b|\bODI\b|"
    r"\bPHQ|\bGAD-7\b|\bdiagnostic\b|\bindicated\b|\bcontraindicat|\bprobability\b|\blikelihood|zygapophys|"
    r"radiculopathy|\b[a-z]+_[a-z_]+\b"
)


def _patient_plan_problems(kb: KnowledgeBase) -> Iterable[str]:
    plain = kb.extra.get("patient_plan")
    if plain is None:
        return
    if plain.get("source") not in kb.sources:
        yield "patient_plan needs a known source"
    options = set(kb.extra.get("plan_options") or {})
    entries = [(f"by_kind.{k}", v) for k, v in (plain.get("by_kind") or {}).items()]
    entries += [(f"options.{k}", v) for k, v in (plain.get("options") or {}).items()]
    for key in plain.get("options") or {}:
        if options and key not in options:
            yield f"patient_plan.options.{key}: not a plan option of plan_options.yaml"
    for key, words in (plain.get("conditions") or {}).items():
        if key not in kb.conditions:
            yield f"patient_plan.conditions.{key}: not a condition of conditions.yaml"
        found = PATIENT_JARGON.search(str(words or ""))
        if not words or found:
            yield f"patient_plan.conditions.{key}: give the condition in plain words" + (
                f" (clinician notation {found.group(0)!r})" if found else "")
    for where, entry in entries:
        if not isinstance(entry, Mapping) or not entry.get("what") or not entry.get("expect"):
            yield f"patient_plan.{where}: give 'what' and 'expect' in plain words"
            continue
        for field_name in ("heading", "what", "expect"):
            found = PATIENT_JARGON.search(str(entry.get(field_name) or ""))
            if found:
                yield f"patient_plan.{where}.{field_name}: clinician notation {found.group(0)!r}; use plain words"


def _plan_allergy_problems(kb: KnowledgeBase) -> Iterable[str]:
    rules = kb.extra.get("plan_allergies")
    if rules is None:
        return
    if rules.get("source") not in kb.sources:
        yield "plan_allergies needs a known source"
    options = set(kb.extra.get("plan_options") or {})
    for cls, rule in (rules.get("classes") or {}).items():
        if not isinstance(rule, Mapping) or not rule.get("words") or not rule.get("exclude"):
            yield f"plan_allergies.classes.{cls}: give the class's words and the options it excludes"
            continue
        for option in rule["exclude"]:
            if options and option not in options:
                yield f"plan_allergies.classes.{cls}.exclude: {option!r} is not a plan option"
