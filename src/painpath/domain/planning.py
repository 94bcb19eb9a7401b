"""The planning engine: a pure function from an assessment to a staged, safety-checked plan.

Pathways, safety rules, gates and opioid factors are data (knowledge/plan_*.yaml, pathways_*.yaml);
this module only applies them:
leading conditions -> pathway options -> red-flag referrals -> procedure gates -> exclusions and cautions ->
opioid stewardship -> stages numbered from 1, least invasive first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from painpath.domain.engine import ACETAMINOPHEN, clinically_supported, facts_from
from painpath.domain.gates import GateState, evaluate_gate, evaluate_repeat
from painpath.domain.intolerance import intolerance_actions
from painpath.domain.model import Assessment, KnowledgeBase, MedicationMention, PatientStory, Status, TriageLevel
from painpath.domain.opioids import stop_date
from painpath.domain.plan import (
    Allergy,
    Exclusion,
    Plan,
    PlannedOption,
    PlanStage,
    ProcedureResponse,
    RecordedFinding,
    RecordedScore,
)
from painpath.domain.plan_model import OptionDef, PathwayOption, PlanningKnowledge, RepeatRule, RuleEffect
from painpath.domain.procedure_safety import approach_detail, hold_not_possible, procedure_cautions
from painpath.domain.rules import Facts, evidence, explained, holds
from painpath.domain.stewardship import assess_stewardship

PLANNING_KEY = "planning"  # kb.extra key the loader fills with PlanningKnowledge
OPIOID = "opioid"
NALOXONE = "naloxone"
HISTORY_STATUSES = ("not_tolerated", "failed", "contraindicated")
RED_FLAG_STAGE = 0  # before every pathway stage; numbered 1 in the output


@dataclass
class _Candidate:
    """An option on its way into the plan (mutable while the rules act on it)."""

    stage: int
    definition: OptionDef
    step: PathwayOption
    conditions: list[str]
    detail: str
    rationale: str
    cautions: list[str] = field(default_factory=list)
    requires: str = ""
    status: str = "offer"
    sources: list[str] = field(default_factory=list)


def planning_knowledge(kb: KnowledgeBase) -> PlanningKnowledge | None:
    found = kb.extra.get(PLANNING_KEY)
    return found if isinstance(found, PlanningKnowledge) else None


def option_label(kb: KnowledgeBase, option_id: str) -> str:
    """A plan option's name for people (plan_options.yaml ``label``), e.g. 'medial branch block'."""
    pk = planning_knowledge(kb)
    found = pk.options.get(option_id) if pk is not None else None
    return found.label if found is not None and found.label else option_id.replace("_", " ")


def build_plan(
    kb: KnowledgeBase,
    assessment: Assessment,
    *,
    today: dt.date,
    responses: Iterable[ProcedureResponse] = (),
    allergies: Iterable[Allergy] = (),
    scores: Iterable[RecordedScore] = (),
    recorded: Iterable[RecordedFinding] = (),
) -> Plan | None:
    """A staged plan for the leading conditions of the differential; None when there is nothing to plan.
    Recorded allergies take the options of the substance's class out, with the reason (plan_allergies.yaml).
    Recorded questionnaire totals are values for the rules (phq9_total): a PHQ-9 of 12 adds behavioural health
    (plan_additions.yaml) as the note's own words would. Recorded findings (a psychological evaluation that
    cleared the patient, a therapist's flare report) are present findings from the chart's records: the
    stimulator trial's prerequisite is such a record, never a note's words."""
    pk = planning_knowledge(kb)
    if pk is None:
        return None
    story = assessment.story
    findings = tuple(recorded)
    facts = _with_records(_with_scores(facts_from(kb, story), scores), findings)
    done = tuple(responses)
    messages = pk.settings.messages
    conditions = _leading_conditions(assessment, pk)
    ineligible: list[Exclusion] = []
    candidates = _pathway_candidates(pk, conditions, facts, ineligible)
    _add_red_flag_referrals(pk, assessment, candidates)
    emergency_alerts = _add_emergency_triage_referral(kb, pk, assessment, candidates)
    if not candidates and not story.medications:
        return None
    work_lines = _apply_additions(pk, candidates, facts)
    excluded: list[Exclusion] = []
    for item in ineligible:  # no leading condition (nor a red flag) offers it: the eligibility the note lacks
        if item.id not in candidates:
            _exclude(excluded, item)
    completed: list[str] = []
    _apply_gates(pk, candidates, done, facts, today, excluded, completed)
    opioid_offered = any(c.definition.id == OPIOID for c in candidates.values())
    stewardship = assess_stewardship(
        story,
        facts,
        pk.stewardship,
        messages,
        conditions=conditions,
        opioid_offered=opioid_offered,
        today=today,
    )
    if stewardship.naloxone_reason:
        _add_naloxone(pk, candidates, stewardship.naloxone_reason)
    planned_stage = {option: c.stage for option, c in candidates.items()}
    _apply_history(pk, story.medications, candidates, excluded)
    _apply_intolerances(pk, story.medications, candidates, excluded)
    _apply_allergies(kb, pk, tuple(allergies), candidates, excluded)
    _mark_current(pk, story.medications, candidates)
    _apply_safety(pk, candidates, facts, excluded, planned_stage)
    _apply_holds_not_possible(pk, candidates, story, facts, excluded)
    _apply_not_indicated(pk, conditions, candidates, excluded)
    _promote_replacements(candidates, planned_stage)
    flare_alerts = _apply_flares(pk, candidates, findings, today)
    alerts = emergency_alerts + list(_red_flag_alerts(assessment, messages))
    alerts += _uncertainty_alert(pk, assessment, conditions)
    alerts += flare_alerts
    alerts += stewardship.alerts
    alerts += _current_medication_alerts(pk, story.medications, facts)
    alerts += imaging_discordance(kb, pk, facts)
    stop = stop_date(pk.stewardship, today)
    for candidate in candidates.values():
        candidate.detail = candidate.detail.replace("{stop_date}", stop)
        if candidate.definition.kind.value == "procedure":
            candidate.cautions += procedure_cautions(pk, candidate.definition, candidate.step, story, facts)
            approach = approach_detail(pk, candidate.step, story, facts)
            if approach is not None:
                candidate.detail = approach[0]
                candidate.sources.append(approach[1])
    return Plan(
        stages=_stages(pk, conditions, candidates, emergency=bool(emergency_alerts)),
        excluded=tuple(excluded),
        conditions=tuple(conditions),
        alerts=tuple(dict.fromkeys(alerts)),
        mme=stewardship.mme,
        taper=stewardship.taper,
        responses=done,
        completed=tuple(completed),
        return_to_work=tuple(dict.fromkeys(_return_to_work(pk, conditions, facts) + work_lines)),
        today=today,
    )


def _leading_conditions(assessment: Assessment, pk: PlanningKnowledge) -> list[str]:
    """The top condition, and the next ones while they are a fair share of its probability."""
    ranked = [e for e in assessment.differential if e.condition in pk.pathways]
    if not ranked:
        return []
    top = ranked[0].probability
    chosen = [ranked[0].condition]
    for entry in ranked[1 : pk.settings.max_conditions]:
        if top > 0 and entry.probability / top >= pk.settings.relative_probability:
            chosen.append(entry.condition)
    return chosen


def _pathway_candidates(
    pk: PlanningKnowledge, conditions: list[str], facts: Facts, ineligible: list[Exclusion]
) -> dict[str, _Candidate]:
    """The leading conditions' pathway options. A step with an eligibility rule (plan design: procedure pathways
    with eligibility rules; round 33) is offered for its condition only when the note says what the rule needs
    (radicular leg pain or a matching examination before an epidural, a radicular steroid taper or spine surgery
    for radiculopathy); otherwise it goes to ``ineligible`` with what is missing."""
    candidates: dict[str, _Candidate] = {}
    for condition in conditions:
        for stage in pk.pathways[condition].stages:
            for step in stage.options:
                if step.when is not None and not holds(step.when, facts):
                    continue
                rule = step.eligibility
                if rule is not None and not holds(rule.when, facts):
                    label = pk.options[step.option].label or step.option.replace("_", " ")
                    reason = pk.settings.messages["not_eligible"].format(
                        option=label, condition=condition.replace("_", " "), requires=rule.text)
                    ineligible.append(Exclusion(step.option, reason, rule.source, f"eligibility:{condition}"))
                    continue
                existing = candidates.get(step.option)
                if existing is not None:
                    if condition not in existing.conditions:
                        existing.conditions.append(condition)
                    continue
                definition = pk.options[step.option]
                candidates[step.option] = _Candidate(
                    stage=stage.stage,
                    definition=definition,
                    step=step,
                    conditions=[condition],
                    detail=step.detail or definition.detail,
                    rationale=step.rationale or definition.rationale,
                    cautions=list(definition.cautions) + list(step.cautions),
                    sources=list(dict.fromkeys([step.source, definition.source])),
                )
    return candidates


def _add_red_flag_referrals(
    pk: PlanningKnowledge, assessment: Assessment, candidates: dict[str, _Candidate]
) -> None:
    """A red flag's referral comes first, in a stage of its own before the pathway (stage 0 here)."""
    for flag in assessment.red_flags:
        for option in pk.settings.red_flag_options.get(flag.id, ()):
            definition = pk.options[option]
            existing = candidates.pop(option, None)
            if existing is not None:  # re-inserted so the stage lists referrals in the flag's order
                candidates[option] = existing
                existing.stage = RED_FLAG_STAGE
                existing.rationale = f"{flag.action} {existing.rationale}".strip()
                continue
            candidates[option] = _Candidate(
                stage=RED_FLAG_STAGE,
                definition=definition,
                step=PathwayOption(option, flag.source),
                conditions=[flag.id],
                detail=definition.detail,
                rationale=flag.action,
                cautions=list(definition.cautions),
                sources=[flag.source],
            )


EMERGENCY_OPTION = "emergency_department"


def _add_emergency_triage_referral(
    kb: KnowledgeBase, pk: PlanningKnowledge, assessment: Assessment, candidates: dict[str, _Candidate]
) -> list[str]:
    """An emergency from a triage rule (a meningitis picture, a septic joint in a child, a stroke) leads the plan as
    an emergency red flag does (round 40, fix40g): emergency care first in the red-flag stage, with the rule's reason
    as what to do, and an alert that the staged plan waits until it is dealt with. Returns the alerts."""
    if assessment.triage.level is not TriageLevel.EMERGENCY or EMERGENCY_OPTION not in pk.options:
        return []
    fired = set(assessment.triage.rules)
    rules = [r for r in kb.triage_rules if r.id in fired and r.level is TriageLevel.EMERGENCY]
    if not rules:
        return []
    messages = pk.settings.messages
    reasons = [r.reason for r in rules]
    existing = candidates.pop(EMERGENCY_OPTION, None)
    if existing is None:
        definition = pk.options[EMERGENCY_OPTION]
        existing = _Candidate(
            stage=RED_FLAG_STAGE,
            definition=definition,
            step=PathwayOption(EMERGENCY_OPTION, rules[0].source),
            conditions=[r.id for r in rules],
            detail="; ".join(reasons),
            rationale=messages["emergency_rationale"],
            cautions=list(definition.cautions),
            sources=list(dict.fromkeys(r.source for r in rules)),
        )
    else:
        existing.stage = RED_FLAG_STAGE
        extra = "; ".join(r for r in reasons if r not in existing.rationale)
        existing.rationale = f"{existing.rationale}; {extra}".strip("; ") if extra else existing.rationale
        existing.sources += [r.source for r in rules if r.source not in existing.sources]
    rest = list(candidates.items())
    candidates.clear()
    candidates[EMERGENCY_OPTION] = existing  # emergency care leads the stage
    candidates.update(rest)
    return [messages["emergency_first"].format(reason=reason) for reason in reasons]


def _with_scores(facts: Facts, scores: Iterable[RecordedScore]) -> Facts:
    """The patient's recorded questionnaire totals as values (phq9_total), each with the words that say where it
    came from; a recorded score is dated and stands over the same value read from a note."""
    for score in scores:
        facts.values[score.value] = score.score
        facts.value_text[score.value] = score.describe()
    return facts


def _with_records(facts: Facts, recorded: Iterable[RecordedFinding]) -> Facts:
    """Findings the chart's records hold, present with the words saying which record (a note's words for the same
    finding do not count: the record is the prerequisite)."""
    for item in recorded:
        facts.statuses[item.finding] = Status.PRESENT
        words = facts.evidence.setdefault(item.finding, [])
        if item.text not in words:
            words.append(item.text)
    return facts


THERAPY_FLARE = "therapy_flare"  # a therapist's flare report (RecordedFinding)


def _apply_flares(pk: PlanningKnowledge, candidates: dict[str, _Candidate], recorded: Iterable[RecordedFinding],
                  today: dt.date) -> list[str]:
    """A therapist's flare report after an exercise adjusts the dose: each recent flare (plan_maintenance.yaml
    therapy_flares recent_days) adds "reduce the load of <exercise>" to the plan's therapy options, which stay
    offered. With no therapy option in the plan, the adjustment is an alert. Returns the alerts."""
    rule = pk.flares
    if rule is None:
        return []
    recent = [f for f in recorded if f.finding == THERAPY_FLARE
              and (f.on is None or 0 <= (today - f.on).days <= rule.recent_days)]
    therapy = [candidates[o] for o in rule.options if o in candidates]
    alerts = []
    for flare in recent:
        words = {"report": flare.text, "exercise": flare.exercise or "the exercise that flared"}
        if not therapy:
            alerts.append(rule.alert.format(**words))
        for candidate in therapy:
            candidate.cautions.append(rule.caution.format(**words))
            if rule.source not in candidate.sources:
                candidate.sources.append(rule.source)
    return alerts


def _apply_additions(pk: PlanningKnowledge, candidates: dict[str, _Candidate], facts: Facts) -> tuple[str, ...]:
    """Mood, sleep and work shape the plan (plan_additions.yaml): a rule that holds adds its options to the plan's
    first stage with its rationale and what made it hold; an option already planned gains the rationale and
    moves no later than that stage. Returns the return-to-work lines of the rules that hold (off work: graded
    duties and a fitness note)."""
    work_lines: list[str] = []
    pathway_stages = [c.stage for c in candidates.values() if c.stage != RED_FLAG_STAGE]
    for rule in pk.additions:
        if not holds(rule.when, facts):
            continue
        first = max(pathway_stages, default=1) if rule.stage == "last" else min(pathway_stages, default=1)
        because = "; ".join(f"'{w}'" for w in evidence(rule.when, facts) if w)
        reason = f"{rule.rationale} ({because})" if because else rule.rationale
        if rule.return_to_work:
            work_lines.append(f"{rule.return_to_work} ({because})" if because else rule.return_to_work)
        for step in rule.adds:
            if step.when is not None and not holds(step.when, facts):
                continue
            existing = candidates.get(step.option)
            if existing is not None:
                if reason not in existing.rationale:
                    existing.rationale = f"{existing.rationale}; {reason}".strip("; ")
                existing.stage = min(existing.stage, first) if rule.stage == "first" else existing.stage
                existing.sources += [s for s in (rule.source, step.source) if s not in existing.sources]
                if step.detail:
                    existing.detail = step.detail
                continue
            definition = pk.options[step.option]
            candidates[step.option] = _Candidate(
                stage=first,
                definition=definition,
                step=step,
                conditions=[],
                detail=step.detail or definition.detail,
                rationale=f"{step.rationale}; {reason}" if step.rationale else reason,
                cautions=list(definition.cautions) + list(step.cautions),
                sources=list(dict.fromkeys([rule.source, step.source, definition.source])),
            )
    return tuple(work_lines)


def _red_flag_alerts(assessment: Assessment, messages: dict[str, str]) -> Iterable[str]:
    for flag in assessment.red_flags:
        yield messages["red_flag_first"].format(flag=flag.label, action=flag.action)


def _uncertainty_alert(pk: PlanningKnowledge, assessment: Assessment, conditions: list[str]) -> list[str]:
    leading = next((e for e in assessment.differential if conditions and e.condition == conditions[0]), None)
    if leading is None or leading.probability >= pk.settings.uncertain_below:
        return []
    text = pk.settings.messages["uncertain"]
    return [text.format(condition=leading.label, probability=f"{leading.probability:.0%}")]


def _apply_gates(
    pk: PlanningKnowledge,
    candidates: dict[str, _Candidate],
    responses: tuple[ProcedureResponse, ...],
    facts: Facts,
    today: dt.date,
    excluded: list[Exclusion],
    completed: list[str],
) -> None:
    """Recorded responses move a pathway on (two concordant blocks), hold it, or close it (one failed)."""
    messages = pk.settings.messages
    for option_id, candidate in list(candidates.items()):
        gate_id = candidate.step.gate
        if gate_id is None and option_id in pk.repeats:
            _apply_repeat(pk.repeats[option_id], candidates, candidate, responses, today, excluded, messages)
            continue
        if gate_id is None or option_id not in candidates:
            continue
        gate = pk.gates[gate_id]
        repeat = pk.repeats.get(option_id)
        outcome = evaluate_repeat(repeat, responses, today, messages) if repeat else None
        if outcome is not None and gate.diagnostic != option_id:
            # the procedure was done before: its diagnostic blocks are history, the repeat rule decides
            candidates.pop(gate.diagnostic, None)
        if outcome is None:
            outcome = evaluate_gate(gate, responses, messages)
            passed = outcome.state is GateState.PASSED and gate.diagnostic != option_id
            if passed and candidates.pop(gate.diagnostic, None) is not None:
                    completed.append(f"{gate.diagnostic}: {outcome.explanation}")
        candidate.sources.append(repeat.source if repeat and outcome.responses else gate.source)
        if outcome.state is GateState.FAILED:
            del candidates[option_id]
            excluded.append(Exclusion(option_id, outcome.explanation, gate.source, gate.id))
            diagnostic = candidates.get(gate.diagnostic)
            if diagnostic is not None and outcome.responses:
                diagnostic.cautions.append(
                    messages["diagnostic_failed"].format(response=outcome.responses[-1].describe())
                )
            continue
        candidate.requires = outcome.explanation
        candidate.status = "eligible" if outcome.state is GateState.PASSED else "not yet"
        if outcome.state is GateState.PASSED and gate.passed_detail and gate.diagnostic == option_id:
            candidate.detail = gate.passed_detail
        if outcome.state is GateState.PASSED and gate.passed_first and gate.diagnostic == option_id:
            _bring_forward(candidates, candidate)
        if gate.prerequisites is not None and not holds(gate.prerequisites, facts):
            candidate.requires = f"{candidate.requires}; {gate.prerequisite_text}"
            candidate.status = "not yet"


def _bring_forward(candidates: dict[str, _Candidate], candidate: _Candidate) -> None:
    """A trial of the device itself succeeded (plan_procedures.yaml passed_first): the permanent implant is the next
    step, so its pathway stage (with the evaluation beside it) moves to the first pathway stage; a red flag's
    referral stays before it."""
    pathway_stages = [c.stage for c in candidates.values() if c.stage != RED_FLAG_STAGE]
    first = min(pathway_stages, default=candidate.stage)
    old = candidate.stage
    if old == RED_FLAG_STAGE or old <= first:
        return
    for other in candidates.values():
        if other.stage == old and set(other.conditions) & set(candidate.conditions):
            other.stage = first


def _apply_repeat(
    repeat: RepeatRule,
    candidates: dict[str, _Candidate],
    candidate: _Candidate,
    responses: tuple[ProcedureResponse, ...],
    today: dt.date,
    excluded: list[Exclusion],
    messages: Mapping[str, str],
) -> None:
    """A procedure without a diagnostic gate that was done before (an epidural, a joint injection): repeat it
    only after enough relief for long enough, and not too soon (plan_procedures.yaml repeat_rules)."""
    outcome = evaluate_repeat(repeat, responses, today, messages)
    if outcome is None:
        return
    option_id = candidate.definition.id
    candidate.sources.append(repeat.source)
    if outcome.state is GateState.FAILED:
        del candidates[option_id]
        excluded.append(Exclusion(option_id, outcome.explanation, repeat.source, f"repeat_{option_id}"))
        return
    candidate.requires = outcome.explanation
    candidate.status = "eligible" if outcome.state is GateState.PASSED else "not yet"


def _add_naloxone(pk: PlanningKnowledge, candidates: dict[str, _Candidate], reason: str) -> None:
    """Naloxone belongs in the stage where opioid exposure starts (stage 1 when already taking one)."""
    offered = [c.stage for c in candidates.values() if c.definition.id == OPIOID]
    stage = min(offered) if offered else 1
    existing = candidates.get(NALOXONE)
    if existing is not None:
        existing.stage = min(existing.stage, stage)
        existing.rationale = reason
        return
    definition = pk.options[NALOXONE]
    candidates[NALOXONE] = _Candidate(
        stage=stage,
        definition=definition,
        step=PathwayOption(NALOXONE, pk.stewardship.naloxone_source),
        conditions=[],
        detail=definition.detail,
        rationale=reason,
        cautions=list(definition.cautions),
        sources=[pk.stewardship.naloxone_source],
    )


def _apply_history(
    pk: PlanningKnowledge,
    medications: Iterable[MedicationMention],
    candidates: dict[str, _Candidate],
    excluded: list[Exclusion],
) -> None:
    """A medication the note says failed or was not tolerated is not offered again, and the plan says why."""
    messages = pk.settings.messages
    for med in medications:
        option = pk.drug_classes.get(med.name)
        if med.status not in HISTORY_STATUSES or option is None or option not in pk.options:
            continue
        reason = messages[med.status].format(
            drug=med.name.replace("_", " "), words=med.text, effect=med.effect
        )
        candidate = candidates.get(option)
        if candidate is not None and option in pk.settings.rotate_within_class:
            # a class with interchangeable members (opioid rotation): another member, with the history said
            candidate.cautions.append(messages["rotate"].format(words=med.text, effect=med.effect))
            continue
        candidates.pop(option, None)
        _exclude(excluded, Exclusion(option, reason, pk.settings.history_source, f"history:{med.status}"))


def _apply_intolerances(
    pk: PlanningKnowledge,
    medications: Iterable[MedicationMention],
    candidates: dict[str, _Candidate],
    excluded: list[Exclusion],
) -> None:
    """A side effect excludes or cautions options beyond the drug's own class (an NSAID that upset the stomach
    rules out every oral NSAID and cautions steroids)."""
    for action in intolerance_actions(pk, medications):
        candidate = candidates.get(action.option)
        if candidate is None:
            # the drug's own class is already out (not tolerated): the class-wide reason is said too (round 31)
            if action.exclude and any(e.id == action.option for e in excluded):
                rule_id = f"intolerance:{action.rule}"
                _exclude(excluded, Exclusion(action.option, action.message, action.source, rule_id))
            continue
        if action.exclude:
            candidates.pop(action.option)
            _exclude(excluded, Exclusion(action.option, action.message, action.source, f"intolerance:{action.rule}"))
        elif action.message not in candidate.cautions:
            candidate.cautions.append(action.message)
            candidate.sources.append(action.source)


def allergy_exclusions(kb: KnowledgeBase, pk: PlanningKnowledge, allergy: Allergy) -> tuple[str, ...]:
    """The plan options an allergy to this substance rules out: by the drug's class (medications.yaml ids and
    brand names), or by the words for a whole class (plan_allergies.yaml)."""
    rules = (kb.extra.get("plan_allergies") or {}).get("classes") or {}
    words = " ".join(allergy.substance.lower().replace("-", " ").split())
    found: set[str] = set()
    for entry in kb.extra.get("medications") or []:
        names = {str(entry["id"]).replace("_", " "), *(str(n).lower() for n in entry.get("names") or [])}
        if words in names or any(n in words.split() for n in names if " " not in n):
            found.add(str(entry["class"]))
    for cls, rule in rules.items():
        if any(" ".join(str(w).lower().replace("-", " ").split()) in (words, *words.split())
               for w in rule.get("words") or []):
            found.add(cls)
    options: list[str] = []
    for cls in sorted(found):
        rule = rules.get(cls)
        for option in (rule.get("exclude") if rule else [cls]) or []:
            if option in pk.options and option not in options:
                options.append(option)
    return tuple(options)


def _apply_allergies(
    kb: KnowledgeBase,
    pk: PlanningKnowledge,
    allergies: tuple[Allergy, ...],
    candidates: dict[str, _Candidate],
    excluded: list[Exclusion],
) -> None:
    """A recorded allergy removes the options of its class and says why (an NSAID allergy: no NSAID at all)."""
    source = str((kb.extra.get("plan_allergies") or {}).get("source") or "expert")
    for allergy in allergies:
        for option in allergy_exclusions(kb, pk, allergy):
            if candidates.pop(option, None) is None:
                continue
            label = pk.options[option].label
            reason = f"allergy recorded: {allergy.describe()}: no {label}"
            _exclude(excluded, Exclusion(option, reason, source, f"allergy:{allergy.substance.lower()}"))


def _mark_current(
    pk: PlanningKnowledge, medications: Iterable[MedicationMention], candidates: dict[str, _Candidate]
) -> None:
    """An option the patient already takes is continued and optimised, not started again."""
    for med in medications:
        candidate = candidates.get(pk.drug_classes.get(med.name, ""))
        if candidate is not None and med.status == "current":
            candidate.status = "already taking"
            candidate.requires = pk.settings.messages["already_taking"].format(words=med.text)


def _apply_safety(
    pk: PlanningKnowledge,
    candidates: dict[str, _Candidate],
    facts: Facts,
    excluded: list[Exclusion],
    planned: Iterable[str],
) -> None:
    """Exclusion rules remove an option and say every reason that applies; caution rules add to it. A red flag's
    referral (stage 0) is never removed: a rule written for elective care (spine surgery waits until after the
    birth) must not take the surgical referral from cauda equina or myelopathy; its cautions still apply."""
    considered = set(planned)
    for rule in pk.safety:
        candidate = candidates.get(rule.option)
        if rule.option not in considered or not holds(rule.when, facts):
            continue
        if rule.effect is RuleEffect.EXCLUDE and candidate is not None and candidate.stage == RED_FLAG_STAGE:
            continue
        message = explained(rule.message, rule.when, facts)
        if rule.effect is RuleEffect.EXCLUDE:
            candidates.pop(rule.option, None)
            _exclude(excluded, Exclusion(rule.option, message, rule.source, rule.id))
            continue
        if rule.effect is RuleEffect.DEFER and candidate is not None and candidate.status != "already taking":
            _defer(candidate, candidates)
        if candidate is not None and message not in candidate.cautions:
            candidate.cautions.append(message)
            candidate.sources.append(rule.source)


def _defer(candidate: _Candidate, candidates: dict[str, _Candidate]) -> None:
    """Move an option out of the plan's first stage to the next stage that has options (or one after it): it is
    offered only after the safer first-stage options (round 31: Beers after falls). A red flag's stage stays."""
    if candidate.stage == RED_FLAG_STAGE:
        return
    stages = sorted({c.stage for c in candidates.values() if c.stage != RED_FLAG_STAGE})
    if not stages or candidate.stage != stages[0]:
        return
    later = [s for s in stages if s > candidate.stage]
    candidate.stage = later[0] if later else candidate.stage + 1


def _apply_holds_not_possible(
    pk: PlanningKnowledge,
    candidates: dict[str, _Candidate],
    story: PatientStory,
    facts: Facts,
    excluded: list[Exclusion],
) -> None:
    """A procedure that needs a blood thinner stopped is not offered when the note says it may not be (round 25)."""
    if pk.not_stopped is None:
        return
    for option_id, candidate in list(candidates.items()):
        if candidate.definition.kind.value != "procedure":
            continue
        reason = hold_not_possible(pk, candidate.definition, candidate.step, story, facts)
        if reason is not None:
            del candidates[option_id]
            _exclude(excluded, Exclusion(option_id, reason, pk.not_stopped.source, pk.not_stopped.id))


def _apply_not_indicated(
    pk: PlanningKnowledge, conditions: list[str], candidates: dict[str, _Candidate], excluded: list[Exclusion]
) -> None:
    """Options a leading condition's guideline advises against, unless another leading condition needs it."""
    for condition in conditions:
        for item in pk.pathways[condition].not_indicated:
            candidate = candidates.get(item.option)
            if candidate is not None and set(candidate.conditions) - {condition}:
                continue  # another leading condition needs it
            candidates.pop(item.option, None)
            _exclude(excluded, Exclusion(item.option, item.reason, item.source, f"not_indicated:{condition}"))


def _promote_replacements(candidates: dict[str, _Candidate], planned_stage: dict[str, int]) -> None:
    """An alternative takes the stage of the option it stands in for when that option was excluded."""
    for candidate in candidates.values():
        target = candidate.step.replaces
        if target is not None and target not in candidates and target in planned_stage:
            candidate.stage = min(candidate.stage, planned_stage[target])


def _current_medication_alerts(
    pk: PlanningKnowledge, medications: Iterable[MedicationMention], facts: Facts
) -> list[str]:
    """A medication the patient takes now that an exclusion rule would not allow: review it."""
    alerts: list[str] = []
    for med in medications:
        options = {pk.drug_classes.get(med.name)}
        if med.acetaminophen_mg is not None:  # a combination tablet is an acetaminophen product too
            options.add(pk.drug_classes.get(ACETAMINOPHEN))
        options.discard(None)
        if med.status != "current" or not options:
            continue
        for rule in pk.safety:
            if rule.option in options and rule.effect is RuleEffect.EXCLUDE and holds(rule.when, facts):
                reason = explained(rule.message, rule.when, facts)
                alerts.append(pk.settings.messages["current_unsafe"].format(words=med.text, reason=reason))
    return alerts


def imaging_discordance(kb: KnowledgeBase, pk: PlanningKnowledge, facts: Facts) -> list[str]:
    """An imaging finding common in people without pain (plan_settings.yaml imaging_discordance) that no symptom or
    examination sign in the note matches: for none of the conditions it speaks for does anything clinical speak
    too ("facet arthropathy" on MRI with a normal examination). The plan says to treat the patient, not the report."""
    alerts: list[str] = []
    for fid in pk.settings.imaging_discordance:
        if facts.status(fid) is not Status.PRESENT:
            continue
        conditions = sorted(
            {lr.condition for lr in kb.likelihoods if lr.finding == fid and (lr.lr_present or 0.0) > 1.0}
        )
        if not conditions or any(clinically_supported(kb, c, facts) for c in conditions):
            continue
        words = "; ".join(facts.evidence.get(fid, [])) or kb.findings[fid].label
        names = ", ".join(kb.conditions[c].label for c in conditions)
        alerts.append(pk.settings.messages["imaging_discordant"].format(words=words, conditions=names))
    return alerts


def _return_to_work(pk: PlanningKnowledge, conditions: list[str], facts: Facts) -> tuple[str, ...]:
    if not holds(pk.settings.return_to_work_when, facts):
        return ()
    return tuple(pk.pathways[c].return_to_work for c in conditions if pk.pathways[c].return_to_work)


def _stages(
    pk: PlanningKnowledge, conditions: list[str], candidates: dict[str, _Candidate], *, emergency: bool = False
) -> tuple[PlanStage, ...]:
    """Group by stage, drop empty ones and number from 1; goal and timing come from the leading pathway. An emergency
    from a triage rule with no red flag words the first stage as the emergency's."""
    messages = pk.settings.messages
    goal = messages["emergency_goal"] if emergency else messages["red_flag_goal"]
    red_flag_wording = (goal, messages["red_flag_when"])
    wording: dict[int, tuple[str, str]] = {RED_FLAG_STAGE: red_flag_wording}
    for condition in conditions:
        for stage in pk.pathways[condition].stages:
            wording.setdefault(stage.stage, (stage.goal, stage.when))
    numbers = sorted({c.stage for c in candidates.values()})
    out: list[PlanStage] = []
    for index, number in enumerate(numbers, start=1):
        goal, when = wording.get(number, (messages["stage_goal_default"], ""))
        options = tuple(_planned(c) for c in candidates.values() if c.stage == number)
        out.append(PlanStage(index, goal, when, options))
    return tuple(out)


def _planned(c: _Candidate) -> PlannedOption:
    return PlannedOption(
        id=c.definition.id,
        label=c.definition.label,
        kind=c.definition.kind.value,
        detail=c.detail,
        rationale=c.rationale,
        cautions=tuple(dict.fromkeys(c.cautions)),
        benefit=c.step.benefit or c.definition.benefit,
        conditions=tuple(c.conditions),
        requires=c.requires,
        status=c.status,
        sources=tuple(dict.fromkeys(c.sources)),
    )


def _exclude(excluded: list[Exclusion], item: Exclusion) -> None:
    """One entry per option; a second reason is added to the first, with its source."""
    for index, existing in enumerate(excluded):
        if existing.id != item.id:
            continue
        if item.reason not in existing.reason:
            excluded[index] = Exclusion(
                item.id,
                f"{existing.reason}; also {item.reason}",
                f"{existing.source}; {item.source}",
                f"{existing.rule}; {item.rule}",
            )
        return
    excluded.append(item)
