"""What the rules see: the effective status of each finding, the words behind it and the measured values."""

from __future__ import annotations

from collections.abc import Iterable

from painpath.domain.model import FindingKind, KnowledgeBase, MedicationMention, PatientStory, Status
from painpath.domain.rules import Facts

ACETAMINOPHEN = "acetaminophen"  # the knowledge base's id for the drug
ACETAMINOPHEN_TOTAL = "acetaminophen_mg_day"  # the value safety rules test (plan_safety.yaml)


SETTLED_COURSES = frozenset({"stable", "treated", "side_effect"})  # Observation.course values that say "not new"
SETTLED_KINDS = frozenset({FindingKind.SIGN, FindingKind.SYMPTOM})


def facts_from(kb: KnowledgeBase, story: PatientStory, *, only_new: bool = False) -> Facts:
    """Effective statuses: a past symptom does not count as a current one unless its kind is history.

    With ``only_new``, a sign or symptom the note states stable or treated (and that is not pain itself) does not
    count either: "4+/5, unchanged for a year" or "urinary retention on tamsulosin" is no new deficit.
    """
    statuses: dict[str, Status] = {}
    words: dict[str, list[str]] = {}
    now: set[str] = set()  # findings stated present now, not only as past history
    for obs in story.observations:
        definition = kb.findings.get(obs.finding)
        if definition is None:
            continue
        counts_in_past = not definition.recent_only and (
            definition.counts_when_historical or definition.kind is FindingKind.HISTORY
        )
        if obs.historical and not counts_in_past and obs.status is Status.PRESENT:
            continue
        if obs.status is Status.PRESENT and not obs.historical:
            now.add(obs.finding)
        if (
            only_new
            and obs.status is Status.PRESENT
            and obs.course in SETTLED_COURSES
            and definition.kind in SETTLED_KINDS
            and not definition.pain_content
            and not definition.counts_when_historical  # a known condition that is itself a risk (PMR for GCA)
        ):
            continue
        # present wins over absent when a note says both: the safer reading for red flags
        current = statuses.get(obs.finding)
        if current is Status.PRESENT and obs.status is Status.ABSENT:
            continue
        if current is not obs.status:
            statuses[obs.finding] = obs.status
            words[obs.finding] = []
        if obs.text and obs.text not in words[obs.finding]:
            words[obs.finding].append(obs.text)
    _apply_implications(kb, statuses, words, {f for f, s in statuses.items() if s is Status.PRESENT and f not in now})
    values, value_text = dict(story.values), dict(story.value_text)
    total = acetaminophen_mg_per_day(story.medications)
    if total is not None and ACETAMINOPHEN_TOTAL not in values:
        values[ACETAMINOPHEN_TOTAL] = total[0]
        value_text[ACETAMINOPHEN_TOTAL] = total[1]
    return Facts(statuses, words, values, value_text)


def acetaminophen_mg_per_day(medications: Iterable[MedicationMention]) -> tuple[float, str] | None:
    """Acetaminophen taken now from every product, in mg a day, and the note's words behind it.

    Plain acetaminophen counts by its daily dose; a combination product ("Percocet 5/325 four times a day")
    counts by its stated acetaminophen content. A product whose daily amount the note does not give adds
    nothing: the total is a floor, never a guess. None when no current product states an amount.
    """
    total, words = 0.0, []
    for med in medications:
        if med.status != "current":
            continue
        daily = None
        if med.name == ACETAMINOPHEN and med.daily_dose is not None and med.unit in {"mg", "g"}:
            daily = med.daily_dose * (1000.0 if med.unit == "g" else 1.0)
        elif med.acetaminophen_mg is not None and med.per_day is not None:
            daily = med.acetaminophen_mg * med.per_day
        if daily is not None:
            total += daily
            words.append(med.text)
    if not words:
        return None
    return round(total, 1), f"{' + '.join(words)} = {total:g} mg/day"


def _apply_implications(
    kb: KnowledgeBase, statuses: dict[str, Status], words: dict[str, list[str]], past: set[str] | None = None
) -> None:
    """A present finding makes the findings it implies present too, with the same words.

    A history told only as past (``past``: "migraine in her thirties") implies only what counts in the past too: a
    diagnosis of long ago is no headache now (round 38, fix38p)."""
    past = set(past or ())
    pending = [f for f, s in statuses.items() if s is Status.PRESENT]
    while pending:
        source = pending.pop()
        for implied in kb.findings[source].implies:
            definition = kb.findings[implied]
            from_past = source in past
            if from_past and not (definition.counts_when_historical or definition.kind is FindingKind.HISTORY):
                continue
            if not from_past and implied in past and statuses.get(implied) is Status.PRESENT:
                past.discard(implied)  # implied by a finding of now as well: its own implications hold now
                pending.append(implied)
                continue
            if from_past and statuses.get(implied) is not Status.PRESENT:
                past.add(implied)
            if statuses.get(implied) is not Status.PRESENT:
                statuses[implied] = Status.PRESENT
                words[implied] = list(words.get(source, []))
                pending.append(implied)
