"""Load the planning knowledge (options, pathways, safety rules, gates, opioid factors) strictly from YAML."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from painpath.adapters.intolerance_knowledge import intolerance_rules, side_effect_kinds
from painpath.adapters.knowledge_parsing import KnowledgeError, _keys, check_source, parse_expr
from painpath.domain.model import ConditionDef, Expr, FindingDef, FindingKind, Source
from painpath.domain.plan_model import (
    AdditionRule,
    ApproachRule,
    Benefit,
    Eligibility,
    FlareRule,
    Gate,
    Hold,
    MaintenanceItem,
    MaintenancePlan,
    NotIndicated,
    OpioidFactor,
    OptionDef,
    OptionKind,
    Pathway,
    PathwayOption,
    PathwayStage,
    PlanningKnowledge,
    PlanSettings,
    RepeatRule,
    RuleEffect,
    SafetyRule,
    Stewardship,
    ThresholdPosition,
)
from painpath.domain.rules import referenced_findings


def _names(words: str) -> set[str]:
    """A set of keys written as one string (the YAML keys of an entry)."""
    return set(words.split())


PLANNING_SECTIONS = frozenset(
    _names(
        "plan_options pathways medication_safety steroid_cautions procedure_cautions procedure_gates repeat_rules "
        "anticoagulant_holds nerve_roots opioid_stewardship plan_settings"
    )
)
RISK_CLASSES = ("low", "intermediate", "high")
ADDITION_STAGES = ("first", "last")
BASES = ("mg_per_day", "mcg_per_hour", "not_counted")
# every message the planning engine words its output with (plan_settings.yaml messages)
REQUIRED_MESSAGES = frozenset(
    _names(
        "gate_failed gate_failed_function gate_passed gate_waiting recorded repeat_not_indicated repeat_too_soon "
        "repeat_eligible naloxone_reason opioid_risk taper_reason mme_high mme_review mme_total mme_incomplete "
        "mme_exempt opioid_offered not_tolerated failed contraindicated current_unsafe red_flag_first red_flag_goal "
        "red_flag_when function_unknown diagnostic_failed stage_goal_default hold hold_unclassified target_root "
        "level_unknown side_unknown positions uncertain already_taking rotate gate_superseded imaging_discordant "
        "not_eligible emergency_first emergency_goal emergency_rationale"
    )
)


class _Context:
    """What every planning entry is checked against."""

    def __init__(
        self,
        raw: Mapping[str, Any],
        sources: Mapping[str, Source],
        findings: Mapping[str, FindingDef],
        conditions: Mapping[str, ConditionDef],
        medications: list[Mapping[str, Any]],
    ) -> None:
        self.raw = raw
        self.sources = sources
        self.findings = findings
        self.conditions = conditions
        self.drug_classes = {str(m["id"]): str(m["class"]) for m in medications}
        self.options: dict[str, OptionDef] = {}

    def source(self, value: Any, where: str) -> str:
        return check_source(value, self.sources, where)

    def expr(self, node: Any, where: str) -> Expr:
        expr = parse_expr(node, where)
        for fid in referenced_findings(expr):
            if fid not in self.findings:
                raise KnowledgeError(f"{where}: rule names unknown finding {fid!r}")
        return expr

    def option(self, value: Any, where: str) -> str:
        if value not in self.options:
            raise KnowledgeError(f"{where}: unknown plan option {value!r} (plan_options.yaml)")
        return str(value)

    def section(self, name: str) -> Any:
        if name not in self.raw:
            raise KnowledgeError(f"no knowledge file defines the planning section {name!r}")
        return self.raw[name]


def load_planning(
    raw: Mapping[str, Any],
    sources: Mapping[str, Source],
    findings: Mapping[str, FindingDef],
    conditions: Mapping[str, ConditionDef],
    medications: list[Mapping[str, Any]],
) -> PlanningKnowledge | None:
    """Build the planning knowledge; None when the knowledge base has no planning files at all."""
    if not PLANNING_SECTIONS & raw.keys():
        return None
    ctx = _Context(raw, sources, findings, conditions, medications)
    for oid, entry in ctx.section("plan_options").items():
        ctx.options[oid] = _option(ctx, oid, entry)
    gates = {gid: _gate(ctx, gid, entry) for gid, entry in ctx.section("procedure_gates").items()}
    stewardship = _stewardship(ctx, ctx.section("opioid_stewardship"))
    pathways = {cid: _pathway(ctx, cid, entry, gates) for cid, entry in ctx.section("pathways").items()}
    for cid, pathway in pathways.items():
        _check_opioid_first_line(cid, pathway, stewardship)
    side_effects = side_effect_kinds(raw.get("side_effects"), ctx.source)
    intolerances = intolerance_rules(
        raw.get("intolerances"), side_effects, ctx.option, ctx.source, set(ctx.drug_classes.values())
    )
    _plan_review(ctx, raw.get("plan_review"))
    roots = ctx.section("nerve_roots")
    _keys(roots, "nerve_roots", required={"roots", "source"}, optional={"note"})
    ctx.source(roots["source"], "nerve_roots")
    return PlanningKnowledge(
        options=ctx.options,
        pathways=pathways,
        safety=tuple(_rule(ctx, entry, with_option=True) for entry in ctx.section("medication_safety")),
        gates=gates,
        repeats={oid: _repeat(ctx, oid, entry) for oid, entry in ctx.section("repeat_rules").items()},
        holds={drug: _hold(ctx, drug, entry) for drug, entry in ctx.section("anticoagulant_holds").items()},
        stewardship=stewardship,
        settings=_settings(ctx, ctx.section("plan_settings")),
        steroid_cautions=tuple(_rule(ctx, entry, with_option=False) for entry in ctx.section("steroid_cautions")),
        procedure_cautions=tuple(
            _rule(ctx, entry, with_option=False) for entry in ctx.section("procedure_cautions")
        ),
        not_stopped=_not_stopped(ctx, raw.get("antithrombotic_not_stopped")),
        nerve_roots={str(k).upper(): str(v) for k, v in roots["roots"].items()},
        drug_classes={d: c for d, c in ctx.drug_classes.items() if c in ctx.options},
        side_effects=side_effects,
        intolerances=intolerances,
        additions=_additions(ctx, raw.get("plan_additions"), gates),
        flares=_flares(ctx, raw.get("therapy_flares")),
        maintenance=_maintenance(ctx, raw.get("maintenance_plan")),
    )


def _number(value: Any, where: str, *, low: float = 0.0, high: float = math.inf) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise KnowledgeError(f"{where}: expected a finite number, got {value!r}")
    if not low <= value <= high:
        raise KnowledgeError(f"{where}: {value} is outside {low:g}-{high:g}")
    return float(value)


def _benefit(ctx: _Context, entry: Any, where: str) -> Benefit | None:
    if entry is None:
        return None
    _keys(entry, where, required={"likelihood", "magnitude", "duration", "repeatable", "plan_b", "source"})
    return Benefit(
        entry["likelihood"],
        entry["magnitude"],
        entry["duration"],
        entry["repeatable"],
        entry["plan_b"],
        ctx.source(entry["source"], where),
    )


def _risk(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if value not in RISK_CLASSES:
        raise KnowledgeError(f"{where}: bleeding_risk {value!r} is not one of {RISK_CLASSES}")
    return str(value)


def _option(ctx: _Context, oid: str, entry: Any) -> OptionDef:
    where = f"plan option {oid}"
    _keys(
        entry,
        where,
        required={"kind", "label", "detail", "rationale", "source"},
        optional={"cautions", "benefit", "bleeding_risk", "steroid", "names", "note", "extension"},
    )
    if not isinstance(entry.get("extension", False), bool):
        raise KnowledgeError(f"{where}.extension: write true or false")
    try:
        kind = OptionKind(entry["kind"])
    except ValueError as err:
        raise KnowledgeError(f"{where}: kind {entry['kind']!r} is not one of {[k.value for k in OptionKind]}") from err
    return OptionDef(
        id=oid,
        kind=kind,
        label=entry["label"],
        detail=entry["detail"],
        rationale=entry["rationale"],
        cautions=tuple(entry.get("cautions", ())),
        benefit=_benefit(ctx, entry.get("benefit"), f"{where}.benefit"),
        source=ctx.source(entry["source"], where),
        bleeding_risk=_risk(entry.get("bleeding_risk"), where),
        steroid=bool(entry.get("steroid", False)),
        names=tuple(entry.get("names", ())),
        extension=bool(entry.get("extension", False)),
    )


def _pathway(ctx: _Context, cid: str, entry: Any, gates: Mapping[str, Gate]) -> Pathway:
    where = f"pathway {cid}"
    if cid not in ctx.conditions:
        raise KnowledgeError(f"{where}: unknown condition")
    _keys(entry, where, required={"stages", "source"}, optional={"not_indicated", "return_to_work", "note"})
    stages: list[PathwayStage] = []
    for stage in entry["stages"]:
        swhere = f"{where} stage {stage.get('stage', '?')}"
        _keys(stage, swhere, required={"stage", "goal", "options"}, optional={"when", "note"})
        number = int(_number(stage["stage"], swhere, low=1, high=9))
        options = tuple(_step(ctx, step, swhere, gates) for step in stage["options"])
        stages.append(PathwayStage(number, stage["goal"], stage.get("when", ""), options))
    order = [s.stage for s in stages]
    if order != sorted(set(order)):
        raise KnowledgeError(f"{where}: stages must be numbered in increasing order without repeats")
    not_indicated = []
    for item in entry.get("not_indicated", ()):
        _keys(item, f"{where}.not_indicated", required={"option", "reason", "source"})
        not_indicated.append(
            NotIndicated(ctx.option(item["option"], where), item["reason"], ctx.source(item["source"], where))
        )
    return Pathway(
        cid,
        tuple(stages),
        ctx.source(entry["source"], where),
        tuple(not_indicated),
        entry.get("return_to_work", ""),
    )


def _step(ctx: _Context, entry: Any, where: str, gates: Mapping[str, Gate]) -> PathwayOption:
    oid = entry.get("option", "?") if isinstance(entry, Mapping) else "?"
    where = f"{where} option {oid}"
    _keys(
        entry,
        where,
        required={"option", "source"},
        optional=_names("detail rationale cautions benefit when gate replaces bleeding_risk approach eligibility note"),
    )
    gate = entry.get("gate")
    if gate is not None and gate not in gates:
        raise KnowledgeError(f"{where}: unknown procedure gate {gate!r}")
    approach = []
    for rule in entry.get("approach", ()):
        _keys(rule, f"{where}.approach", required={"detail", "source"}, optional={"when", "note"})
        when = ctx.expr(rule["when"], f"{where}.approach") if "when" in rule else None
        approach.append(ApproachRule(when, rule["detail"], ctx.source(rule["source"], f"{where}.approach")))
    return PathwayOption(
        option=ctx.option(oid, where),
        source=ctx.source(entry["source"], where),
        detail=entry.get("detail"),
        rationale=entry.get("rationale"),
        cautions=tuple(entry.get("cautions", ())),
        benefit=_benefit(ctx, entry.get("benefit"), f"{where}.benefit"),
        when=ctx.expr(entry["when"], where) if "when" in entry else None,
        gate=gate,
        replaces=ctx.option(entry["replaces"], where) if "replaces" in entry else None,
        bleeding_risk=_risk(entry.get("bleeding_risk"), where),
        approach=tuple(approach),
        eligibility=_eligibility(ctx, entry.get("eligibility"), f"{where}.eligibility"),
    )


def _eligibility(ctx: _Context, entry: Any, where: str) -> Eligibility | None:
    if entry is None:
        return None
    _keys(entry, where, required={"when", "text", "source"}, optional={"note"})
    return Eligibility(ctx.expr(entry["when"], where), str(entry["text"]), ctx.source(entry["source"], where))


def _rule(ctx: _Context, entry: Any, *, with_option: bool) -> SafetyRule:
    rid = entry.get("id", "?") if isinstance(entry, Mapping) else "?"
    where = f"safety rule {rid}"
    required = {"id", "when", "message", "source"} | ({"option", "effect"} if with_option else set())
    _keys(entry, where, required=required, optional={"note"})
    try:
        effect = RuleEffect(entry.get("effect", "caution"))
    except ValueError as err:
        raise KnowledgeError(f"{where}: effect must be exclude, caution or defer") from err
    option = ctx.option(entry["option"], where) if with_option else ""
    return SafetyRule(
        rid,
        option,
        effect,
        ctx.expr(entry["when"], where),
        entry["message"],
        ctx.source(entry["source"], where),
    )


def _gate(ctx: _Context, gid: str, entry: Any) -> Gate:
    where = f"procedure gate {gid}"
    _keys(
        entry,
        where,
        required={"diagnostic", "count", "relief_percent", "requires", "source"},
        optional={
            "functional_gain", "prerequisites", "prerequisite_text", "positions", "passed_detail", "passed_first",
            "note",
        },
    )
    positions = []
    for item in entry.get("positions", ()):
        _keys(
            item,
            f"{where}.positions",
            required={"body", "relief_percent", "blocks", "source"},
            optional={"note"},
        )
        positions.append(
            ThresholdPosition(
                item["body"],
                _number(item["relief_percent"], where, high=100),
                int(item["blocks"]),
                ctx.source(item["source"], where),
            )
        )
    prerequisites = entry.get("prerequisites")
    return Gate(
        id=gid,
        diagnostic=ctx.option(entry["diagnostic"], where),
        count=int(_number(entry["count"], where, low=1, high=5)),
        relief_percent=_number(entry["relief_percent"], where, low=1, high=100),
        functional_gain=bool(entry.get("functional_gain", False)),
        requires=entry["requires"],
        prerequisites=ctx.expr(prerequisites, where) if prerequisites is not None else None,
        prerequisite_text=entry.get("prerequisite_text", ""),
        source=ctx.source(entry["source"], where),
        positions=tuple(positions),
        passed_detail=entry.get("passed_detail", ""),
        passed_first=bool(entry.get("passed_first", False)),
    )


def _repeat(ctx: _Context, oid: str, entry: Any) -> RepeatRule:
    where = f"repeat rule {oid}"
    _keys(
        entry,
        where,
        required={"relief_percent", "min_weeks", "min_interval_days", "source"},
        optional={"note"},
    )
    return RepeatRule(
        ctx.option(oid, where),
        _number(entry["relief_percent"], where, high=100),
        _number(entry["min_weeks"], where),
        int(_number(entry["min_interval_days"], where)),
        ctx.source(entry["source"], where),
    )


def _not_stopped(ctx: _Context, entry: Any) -> SafetyRule | None:
    """When the blood thinners may not be held (plan_procedures.yaml antithrombotic_not_stopped); optional."""
    if entry is None:
        return None
    where = "antithrombotic_not_stopped"
    _keys(entry, where, required={"when", "message", "source"}, optional={"note"})
    when = ctx.expr(entry["when"], where)
    return SafetyRule(where, "", RuleEffect.EXCLUDE, when, entry["message"], ctx.source(entry["source"], where))


def _hold(ctx: _Context, drug: str, entry: Any) -> Hold:
    where = f"anticoagulant hold {drug}"
    if drug not in ctx.drug_classes:
        raise KnowledgeError(f"{where}: unknown medication id (medications.yaml)")
    _keys(entry, where, required={*RISK_CLASSES, "restart", "source"}, optional={"note"})
    return Hold(
        drug,
        {risk: str(entry[risk]) for risk in RISK_CLASSES},
        str(entry["restart"]),
        ctx.source(entry["source"], where),
    )


def _stewardship(ctx: _Context, entry: Any) -> Stewardship:
    where = "opioid_stewardship"
    _keys(
        entry,
        where,
        required=_names(
            "factors review_mme high_mme thresholds_source naloxone taper short_course exempt_conditions "
            "first_line_conditions"
        ),
        optional={"alerts", "note"},
    )
    factors: dict[str, OpioidFactor] = {}
    for drug, item in entry["factors"].items():
        fwhere = f"{where}.factors.{drug}"
        if ctx.drug_classes.get(drug) != "opioid":
            raise KnowledgeError(f"{fwhere}: not an opioid of medications.yaml")
        _keys(item, fwhere, required={"basis", "source"}, optional={"factor", "caution", "note"})
        if item["basis"] not in BASES:
            raise KnowledgeError(f"{fwhere}: basis must be one of {BASES}")
        factor = _number(item["factor"], fwhere, low=0.01, high=100) if item["basis"] != "not_counted" else None
        factors[drug] = OpioidFactor(
            drug, item["basis"], factor, item.get("caution", ""), ctx.source(item["source"], fwhere)
        )
    naloxone, taper, course = entry["naloxone"], entry["taper"], entry["short_course"]
    _keys(naloxone, f"{where}.naloxone", required={"when", "source"})
    _keys(
        taper,
        f"{where}.taper",
        required=_names("when short_term_when long_text short_text long_fraction long_step_days short_steps source"),
    )
    _keys(course, f"{where}.short_course", required={"days", "source"}, optional={"note"})
    for cid in [*entry["exempt_conditions"], *entry["first_line_conditions"]]:
        if cid not in ctx.conditions:
            raise KnowledgeError(f"{where}: unknown condition {cid!r}")
    return Stewardship(
        factors=factors,
        review_mme=_number(entry["review_mme"], where, low=1, high=1000),
        high_mme=_number(entry["high_mme"], where, low=1, high=1000),
        thresholds_source=ctx.source(entry["thresholds_source"], where),
        naloxone_when=ctx.expr(naloxone["when"], where),
        naloxone_source=ctx.source(naloxone["source"], where),
        taper_when=ctx.expr(taper["when"], where),
        taper_source=ctx.source(taper["source"], where),
        short_term_when=ctx.expr(taper["short_term_when"], where),
        taper_long_text=taper["long_text"],
        taper_short_text=taper["short_text"],
        taper_long_fraction=_number(taper["long_fraction"], where, low=0.01, high=0.5),
        taper_long_step_days=int(_number(taper["long_step_days"], where, low=1, high=90)),
        taper_short_steps=tuple(str(step) for step in taper["short_steps"]),
        short_course_days=int(_number(course["days"], where, low=1, high=30)),
        short_course_source=ctx.source(course["source"], where),
        exempt_conditions=tuple(entry["exempt_conditions"]),
        first_line_conditions=tuple(entry["first_line_conditions"]),
        alerts=tuple(_rule(ctx, item, with_option=False) for item in entry.get("alerts", ())),
    )


def _settings(ctx: _Context, entry: Any) -> PlanSettings:
    where = "plan_settings"
    _keys(
        entry,
        where,
        required=_names(
            "max_conditions relative_probability uncertain_below source red_flag_options messages history_source "
            "return_to_work_when"
        ),
        optional={"rotate_within_class", "note", "imaging_discordance"},
    )
    missing = REQUIRED_MESSAGES - entry["messages"].keys()
    if missing:
        raise KnowledgeError(f"{where}: messages missing {sorted(missing)}")
    flags = {
        flag: tuple(ctx.option(o, f"{where}.red_flag_options") for o in options)
        for flag, options in entry["red_flag_options"].items()
    }
    return PlanSettings(
        max_conditions=int(_number(entry["max_conditions"], where, low=1, high=5)),
        relative_probability=_number(entry["relative_probability"], where, high=1),
        uncertain_below=_number(entry["uncertain_below"], where, high=1),
        source=ctx.source(entry["source"], where),
        red_flag_options=flags,
        messages=dict(entry["messages"]),
        history_source=ctx.source(entry["history_source"], where),
        rotate_within_class=tuple(
            ctx.option(o, f"{where}.rotate_within_class") for o in entry.get("rotate_within_class", ())
        ),
        return_to_work_when=ctx.expr(entry["return_to_work_when"], where),
        **_discordance(ctx, entry.get("imaging_discordance"), f"{where}.imaging_discordance"),
    )


def _discordance(ctx: _Context, entry: Any, where: str) -> dict[str, Any]:
    """The imaging findings common in people without pain, which the plan calls discordant when nothing clinical in
    the note supports what they speak for."""
    if entry is None:
        return {}
    _keys(entry, where, required={"findings", "source"}, optional={"note"})
    findings = tuple(str(f) for f in entry["findings"])
    for fid in findings:
        definition = ctx.findings.get(fid)
        if definition is None or definition.kind is not FindingKind.IMAGING:
            raise KnowledgeError(f"{where}: {fid!r} is not an imaging finding of findings.yaml")
    return {"imaging_discordance": findings, "imaging_discordance_source": ctx.source(entry["source"], where)}


def _check_opioid_first_line(cid: str, pathway: Pathway, stewardship: Stewardship) -> None:
    """Opioids are never first-line for chronic non-cancer pain (CDC 2022): listed conditions only."""
    first = pathway.stages[0] if pathway.stages else None
    if first is None or cid in stewardship.first_line_conditions:
        return
    if any(step.option == "opioid" for step in first.options):
        raise KnowledgeError(f"pathway {cid}: an opioid in the first stage of a condition not listed as first_line")


def _plan_review(ctx: _Context, entry: Any) -> None:
    """plan_review.yaml: the stalled-goal rule and the first-line options a plan review names before escalating
    (read raw by the outcome summary; checked here so a typo fails `painpath kb check`)."""
    if entry is None:
        return
    _keys(entry, "plan_review", required={"goal_stall", "first_line_preferred"})
    stall = entry["goal_stall"]
    _keys(stall, "plan_review.goal_stall",
          required={"window_checkins", "min_span_days", "min_progress", "source", "message"})
    _number(stall["window_checkins"], "plan_review.goal_stall.window_checkins", low=2, high=20)
    _number(stall["min_span_days"], "plan_review.goal_stall.min_span_days", low=0, high=365)
    _number(stall["min_progress"], "plan_review.goal_stall.min_progress", low=0, high=1)
    ctx.source(stall["source"], "plan_review.goal_stall")
    for oid, item in (entry["first_line_preferred"] or {}).items():
        where = f"plan_review.first_line_preferred.{oid}"
        ctx.option(oid, where)
        _keys(item, where, required={"why", "source"}, optional={"conditions"})
        ctx.source(item["source"], where)
        for cid in item.get("conditions") or []:
            if cid not in ctx.conditions:
                raise KnowledgeError(f"{where}: unknown condition {cid!r} (conditions.yaml)")


def _flares(ctx: _Context, entry: Any) -> FlareRule | None:
    """plan_maintenance.yaml therapy_flares: which therapy options a flare report adjusts, for how long, and the
    words (with {report} and {exercise})."""
    if entry is None:
        return None
    where = "therapy_flares"
    _keys(entry, where, required={"options", "recent_days", "recent_days_source", "caution", "alert", "source"},
          optional={"note"})
    for key in ("caution", "alert"):
        if "{exercise}" not in str(entry[key]) or "{report}" not in str(entry[key]):
            raise KnowledgeError(f"{where}.{key}: say {{report}} and {{exercise}} in it")
    ctx.source(entry["recent_days_source"], where)
    return FlareRule(
        options=tuple(ctx.option(o, f"{where}.options") for o in entry["options"]),
        recent_days=int(_number(entry["recent_days"], where, low=1, high=365)),
        caution=str(entry["caution"]),
        alert=str(entry["alert"]),
        source=ctx.source(entry["source"], where),
    )


def _maintenance(ctx: _Context, entry: Any) -> MaintenancePlan | None:
    """plan_maintenance.yaml maintenance_plan: the flare and maintenance plan once goals are met, each item with
    its source."""
    if entry is None:
        return None
    where = "maintenance_plan"
    _keys(entry, where, required={"when", "items"}, optional={"note"})
    items = []
    for item in entry["items"]:
        iid = item.get("id", "?") if isinstance(item, Mapping) else "?"
        _keys(item, f"{where} {iid}", required={"id", "label", "text", "source"}, optional={"note"})
        items.append(MaintenanceItem(str(iid), str(item["label"]), str(item["text"]),
                                     ctx.source(item["source"], f"{where} {iid}")))
    if not items:
        raise KnowledgeError(f"{where}: list the plan's items")
    return MaintenancePlan(str(entry["when"]), tuple(items))


def _additions(ctx: _Context, entry: Any, gates: Mapping[str, Gate]) -> tuple[AdditionRule, ...]:
    """plan_additions.yaml: rules on the patient's context (findings of the note, recorded questionnaire totals as
    values such as phq9_total) that add options to the plan, each with its rationale and source; into the plan's
    first stage, or its last (`stage: last`: an option for when the rest has not been enough)."""
    if entry is None:
        return ()
    rules: list[AdditionRule] = []
    seen: set[str] = set()
    for item in entry:
        rid = item.get("id", "?") if isinstance(item, Mapping) else "?"
        where = f"plan_additions {rid}"
        _keys(item, where, required={"id", "when", "rationale", "source"},
              optional={"adds", "return_to_work", "note", "stage"})
        if rid in seen:
            raise KnowledgeError(f"{where}: the id is used twice")
        seen.add(rid)
        if not item.get("adds") and not item.get("return_to_work"):
            raise KnowledgeError(f"{where}: give the options it adds (adds) or a return_to_work line")
        stage = str(item.get("stage", "first"))
        if stage not in ADDITION_STAGES:
            raise KnowledgeError(f"{where}.stage: write one of {', '.join(ADDITION_STAGES)}")
        adds = tuple(_step(ctx, step, f"{where}.adds", gates) for step in item.get("adds") or ())
        rules.append(AdditionRule(rid, ctx.expr(item["when"], where), adds, str(item["rationale"]),
                                  ctx.source(item["source"], where), str(item.get("return_to_work") or ""),
                                  stage=stage))
    return tuple(rules)
