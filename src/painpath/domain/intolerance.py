"""What a side effect the patient had means for the plan, beyond never re-offering the drug itself."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from painpath.domain.model import MedicationMention
from painpath.domain.plan_model import ANY_CLASS, PlanningKnowledge, SideEffectKind

# a drug with a side effect: not tolerated, or still taken despite it ("takes oxycodone ... drowsy")
WITH_EFFECT = ("not_tolerated", "current", "past", "failed")


@dataclass(frozen=True)
class IntoleranceAction:
    """Exclude or caution one plan option, with the message, its source and the rule that decided it."""

    option: str
    exclude: bool
    message: str
    source: str
    rule: str


def effect_kinds(effect: str, kinds: Iterable[SideEffectKind]) -> tuple[str, ...]:
    """The kinds of side effect the words name ("upsets my stomach" -> gastrointestinal), as whole words."""
    text = f" {re.sub(r'[^a-z0-9/-]+', ' ', effect.lower())} "
    return tuple(kind.id for kind in kinds if any(f" {word} " in text for word in kind.words))


def intolerance_actions(
    pk: PlanningKnowledge, medications: Iterable[MedicationMention]
) -> list[IntoleranceAction]:
    """Every exclusion and caution the recorded side effects call for."""
    actions: list[IntoleranceAction] = []
    for med in medications:
        if not med.effect or med.status not in WITH_EFFECT:
            continue
        kinds = effect_kinds(med.effect, pk.side_effects)
        drug_class = pk.drug_classes.get(med.name, "")
        for rule in pk.intolerances:
            if rule.effect not in kinds:
                continue
            if ANY_CLASS not in rule.classes and drug_class not in rule.classes:
                continue
            message = rule.message.format(words=f"{med.text}: {med.effect}")
            actions += [IntoleranceAction(o, True, message, rule.source, rule.id) for o in rule.exclude]
            actions += [IntoleranceAction(o, False, message, rule.source, rule.id) for o in rule.caution]
    return actions
