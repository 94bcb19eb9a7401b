"""Peri-procedural safety: anticoagulant holds by procedure risk class, steroid cautions, approach."""

from __future__ import annotations

from painpath.domain.model import PatientStory
from painpath.domain.plan_model import OptionDef, PathwayOption, PlanningKnowledge
from painpath.domain.rules import Facts, explained, holds


def procedure_cautions(
    pk: PlanningKnowledge, definition: OptionDef, step: PathwayOption, story: PatientStory, facts: Facts
) -> list[str]:
    """Hold times for the blood thinners taken (ASRA class of this procedure), context and steroid cautions."""
    messages = pk.settings.messages
    risk = step.bleeding_risk or definition.bleeding_risk
    cautions: list[str] = []
    for med in story.medications:
        hold = pk.holds.get(med.name)
        if hold is None or med.status != "current":
            continue
        if risk is None:
            cautions.append(messages["hold_unclassified"].format(drug=med.text))
            continue
        cautions.append(
            messages["hold"].format(drug=med.text, risk=risk, hold=hold.holds[risk], restart=hold.restart)
        )
    rules = pk.procedure_cautions + (pk.steroid_cautions if definition.steroid else ())
    cautions += [explained(rule.message, rule.when, facts) for rule in rules if holds(rule.when, facts)]
    return cautions


def hold_not_possible(
    pk: PlanningKnowledge, definition: OptionDef, step: PathwayOption, story: PatientStory, facts: Facts
) -> str | None:
    """Why this procedure is not offered when a blood thinner the ASRA class needs stopped may not be held (the
    prescriber's instruction, or dual antiplatelet therapy); None when it can go ahead with the hold cautions."""
    rule = pk.not_stopped
    risk = step.bleeding_risk or definition.bleeding_risk
    if rule is None or risk is None or not holds(rule.when, facts):
        return None
    for med in story.medications:
        hold = pk.holds.get(med.name)
        if hold is None or med.status != "current" or not hold.holds[risk].lower().startswith("stop"):
            continue
        return rule.message.format(drug=med.text, risk=risk, hold=hold.holds[risk])
    return None


def approach_detail(
    pk: PlanningKnowledge, step: PathwayOption, story: PatientStory, facts: Facts
) -> tuple[str, str] | None:
    """The first approach rule that fits the anatomy, filled from the note; with the rule's source."""
    messages = pk.settings.messages
    for rule in step.approach:
        if rule.when is not None and not holds(rule.when, facts):
            continue
        level = story.levels[0].upper() if story.levels else ""
        root = pk.nerve_roots.get(level)
        target = messages["target_root"].format(root=root, level=level) if root else level
        detail = rule.detail.format(
            level=level or messages["level_unknown"],
            target=target or messages["level_unknown"],
            side=story.laterality or messages["side_unknown"],
        )
        return detail, rule.source
    return None
