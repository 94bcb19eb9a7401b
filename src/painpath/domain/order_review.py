"""Review one order before it is signed: the same safety rules, stewardship and procedure gates the staged plan
uses, applied to a drug or procedure another system is about to order (the CDS Hooks order-select and order-sign
services). Pure: the caller reads the patient's context into a PatientStory; nothing here does I/O."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from painpath.domain.facts import facts_from
from painpath.domain.gates import GateState, evaluate_gate, evaluate_repeat
from painpath.domain.model import KnowledgeBase, MedicationMention, PatientStory
from painpath.domain.opioids import calculate_mme
from painpath.domain.plan import ProcedureResponse
from painpath.domain.plan_model import PathwayOption, PlanningKnowledge, RuleEffect
from painpath.domain.planning import planning_knowledge
from painpath.domain.procedure_safety import procedure_cautions
from painpath.domain.rules import Facts, explained, holds
from painpath.domain.stewardship import assess_stewardship

OPIOID = "opioid"
NALOXONE = "naloxone"
CRITICAL, WARNING, INFO = "critical", "warning", "info"


@dataclass(frozen=True)
class OrderFinding:
    """One thing the prescriber should know about the order, with the rule's source id."""

    kind: str  # excluded | caution | mme | naloxone | interaction | gate | repeat | hold
    indicator: str  # critical | warning | info
    summary: str
    detail: str
    source: str
    suggest: str = ""  # an option id worth ordering instead or as well (naloxone, the next block)


def option_for_drug(pk: PlanningKnowledge, drug: str) -> str | None:
    """The plan option (drug class) of a medication id from the knowledge base."""
    return pk.drug_classes.get(drug)


def option_for_procedure(pk: PlanningKnowledge, text: str) -> str | None:
    """The procedure option a free-text or coded order names: its id, label or one of the words notes use for it;
    the longest name found wins ("radiofrequency ablation of medial branches" is an ablation, not a block)."""
    lowered = " ".join(re.split(r"[\s_-]+", text.lower()))
    best: tuple[int, str] | None = None
    for option in pk.options.values():
        if option.kind.value != "procedure":
            continue
        for name in (option.id.replace("_", " "), option.label, *option.names):
            words = " ".join(re.split(r"[\s_-]+", name.lower())).strip()
            if words and re.search(rf"\b{re.escape(words)}\b", lowered) and (best is None or len(words) > best[0]):
                best = (len(words), option.id)
    return best[1] if best else None


def review_medication_order(
    kb: KnowledgeBase,
    story: PatientStory,
    draft: MedicationMention,
    *,
    today: dt.date,
    enrich: Callable[[PatientStory], PatientStory],
) -> tuple[OrderFinding, ...]:
    """A drug about to be ordered, judged with the patient's current drugs, conditions and values. `enrich` adds
    what the engine reads from the medication list (on_X for a class taken); it runs with and without the order,
    so an interaction this order creates (a benzodiazepine for a patient on an opioid) is told apart from one
    already there. Returns only what the prescriber should see."""
    pk = planning_knowledge(kb)
    if pk is None:
        return ()
    policy = pk.stewardship
    option = option_for_drug(pk, draft.name)
    before = enrich(story)
    after = enrich(dataclasses.replace(story, medications=(*story.medications, draft)))
    facts_before, facts = facts_from(kb, before), facts_from(kb, after)
    found: list[OrderFinding] = []
    for rule in pk.safety:
        if rule.option != option or not holds(rule.when, facts):
            continue
        message = explained(rule.message, rule.when, facts)
        if rule.effect is RuleEffect.EXCLUDE:
            found.append(OrderFinding("excluded", CRITICAL, f"{draft.text}: not advised for this patient"[:140],
                                      message, rule.source))
        else:
            found.append(OrderFinding("caution", WARNING, f"{draft.text}: caution"[:140], message, rule.source))
    is_opioid = draft.name in policy.factors
    on_opioid = any(m.name in policy.factors and m.status == "current" for m in after.medications)
    if on_opioid:
        for rule in policy.alerts:
            if holds(rule.when, facts) and (is_opioid or not holds(rule.when, facts_before)):
                found.append(OrderFinding("interaction", CRITICAL, _first_sentence(rule.message),
                                          explained(rule.message, rule.when, facts), rule.source))
    if is_opioid:
        found += _opioid_findings(pk, before, after, facts, draft, today)
    return tuple(found)


def _opioid_findings(
    pk: PlanningKnowledge,
    before: PatientStory,
    after: PatientStory,
    facts: Facts,
    draft: MedicationMention,
    today: dt.date,
) -> list[OrderFinding]:
    """The MME total with the order (CDC 2022 thresholds), and naloxone when a risk factor is present and none
    is on the list."""
    policy, messages = pk.stewardship, pk.settings.messages
    was = calculate_mme(before.medications, policy.factors)
    result = assess_stewardship(after, facts, policy, messages, conditions=(), opioid_offered=True, today=today)
    mme = result.mme
    found: list[OrderFinding] = []
    if mme is not None:
        total = f"{mme.total:g}"
        floor = " at least" if mme.incomplete else ""
        summary = f"With this order:{floor} {total} MME/day (was {was.total:g})"
        if mme.total >= policy.high_mme:
            indicator, detail = CRITICAL, messages["mme_high"].format(mme=total, threshold=f"{policy.high_mme:g}")
        elif mme.total >= policy.review_mme:
            indicator, detail = WARNING, messages["mme_review"].format(mme=total, threshold=f"{policy.review_mme:g}")
        else:
            indicator, detail = INFO, messages["mme_total"].format(mme=total)
        if mme.incomplete:
            detail = f"{detail} {messages['mme_incomplete']}"
        cautions = [d.note for d in mme.doses if d.note and d.drug == draft.name]
        found.append(OrderFinding("mme", indicator, summary[:140], " ".join([detail, *cautions]).strip(),
                                  policy.thresholds_source))
    has_naloxone = any(pk.drug_classes.get(m.name) == NALOXONE and m.status == "current" for m in before.medications)
    if result.naloxone_reason and not has_naloxone:
        found.append(OrderFinding("naloxone", WARNING, "Naloxone advised with this opioid; none on the list",
                                  result.naloxone_reason, policy.naloxone_source, suggest=NALOXONE))
    return found


def review_procedure_order(
    kb: KnowledgeBase,
    story: PatientStory,
    option: str,
    responses: Iterable[ProcedureResponse],
    *,
    today: dt.date,
) -> tuple[OrderFinding, ...]:
    """A procedure about to be ordered: its eligibility gate (two concordant blocks before ablation, a trial and a
    psychological evaluation before an implant), its repeat rule (frequency limits), blood-thinner holds and
    context cautions."""
    pk = planning_knowledge(kb)
    if pk is None or option not in pk.options:
        return ()
    recorded = tuple(responses)
    facts = facts_from(kb, story)
    messages = pk.settings.messages
    step = _step(pk, option)
    found: list[OrderFinding] = []
    repeat = pk.repeats.get(option)
    outcome = evaluate_repeat(repeat, recorded, today, messages) if repeat else None
    if outcome is not None and repeat is not None and outcome.state is GateState.FAILED:
        found.append(OrderFinding("repeat", CRITICAL, f"Repeat {pk.options[option].label.lower()}: not indicated",
                                  outcome.explanation, repeat.source))
    gate = pk.gates.get(step.gate) if step is not None and step.gate else None
    if outcome is None and gate is not None and gate.diagnostic != option:
        verdict = evaluate_gate(gate, recorded, messages)
        label = pk.options[option].label
        if verdict.state is GateState.FAILED:
            found.append(OrderFinding("gate", CRITICAL, f"{label}: the diagnostic blocks do not support it",
                                      verdict.explanation, gate.source))
        elif verdict.state is GateState.WAITING:
            first = pk.options[gate.diagnostic].label.lower() if gate.diagnostic in pk.options else gate.diagnostic
            found.append(OrderFinding("gate", CRITICAL, f"{label}: not yet eligible; {first} results needed first",
                                      verdict.explanation, gate.source, suggest=gate.diagnostic))
        if gate.prerequisites is not None and not holds(gate.prerequisites, facts):
            found.append(OrderFinding("gate", WARNING, f"{label}: {gate.prerequisite_text}"[:140],
                                      gate.prerequisite_text, gate.source))
    if step is not None:
        definition = pk.options[option]
        rules = pk.procedure_cautions + (pk.steroid_cautions if definition.steroid else ())
        sources = {explained(r.message, r.when, facts): r.source for r in rules}
        for caution in procedure_cautions(pk, definition, step, story, facts):
            held = [pk.holds[m.name].source for m in story.medications
                    if m.name in pk.holds and m.status == "current" and f"'{m.text}'" in caution]
            source = held[0] if held else sources.get(caution, step.source)
            found.append(OrderFinding("hold" if held else "caution", WARNING, _first_sentence(caution), caution,
                                      source))
    return tuple(found)


def _step(pk: PlanningKnowledge, option: str) -> PathwayOption | None:
    """The pathway step that offers the option (its gate and bleeding-risk class); gated steps first."""
    steps = [s for p in pk.pathways.values() for stage in p.stages for s in stage.options if s.option == option]
    steps.sort(key=lambda s: s.gate is None)
    return steps[0] if steps else None


def _first_sentence(text: str) -> str:
    first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:")
    return first if len(first) <= 140 else first[:137] + "..."
