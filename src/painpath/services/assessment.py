"""The assess use case: a note or a structured intake in, an Assessment with its staged plan out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from painpath.domain.engine import evaluate
from painpath.domain.model import Assessment, KnowledgeBase, Observation, PatientStory, Status
from painpath.domain.plan import Allergy, ProcedureResponse, RecordedFinding, RecordedScore
from painpath.domain.planning import build_plan
from painpath.narrative.pipeline import NarrativeReader


class UnusableInput(ValueError):
    """Input that cannot be assessed; the message says what to fix."""


NO_PAIN_CONTENT = (
    "found no pain in it: no pain site, no pain finding and no red flag. Describe the pain: where it is, what "
    "it is like and since when (e.g. 'low back pain for 3 months, worse sitting, spreading down the left leg')"
)


def has_pain_content(assessment: Assessment) -> bool:
    """What the reader found decides: a pain site or pain finding (knowledge files: pain_content), or any red
    flag (a red flag alone, e.g. suicidal thoughts, is never refused)."""
    return assessment.describes_pain or bool(assessment.red_flags)


class Assessor:
    """Holds the knowledge base and the narrative reader (built once; reading a note is then fast)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        reader: NarrativeReader | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.kb = kb
        self.reader = reader or NarrativeReader(kb)
        self.today = today
        self.drug_classes = {entry["id"]: entry["class"] for entry in kb.extra.get("medications", [])}

    def assess_text(
        self, text: str, *, responses: Iterable[ProcedureResponse] = (), allergies: Iterable[Allergy] = (),
        scores: Iterable[RecordedScore] = (), recorded: Iterable[RecordedFinding] = (),
    ) -> Assessment:
        """Assess a free-text pain story or clinical note; recorded procedure responses, allergies,
        questionnaire totals and findings from the chart's records may be added."""
        if text is None or not text.strip():
            raise UnusableInput("the note is empty: give the pain story or clinical note as text")
        if len(text) > 100_000:
            raise UnusableInput(
                "the note is longer than 100,000 characters: split it or send the relevant visit only"
            )
        return self.assess_story(self.reader.read(text), responses=responses, allergies=allergies, scores=scores,
                                 recorded=recorded)

    def assess_story(
        self, story: PatientStory, *, responses: Iterable[ProcedureResponse] = (), allergies: Iterable[Allergy] = (),
        scores: Iterable[RecordedScore] = (), recorded: Iterable[RecordedFinding] = (),
    ) -> Assessment:
        """Assess an already-structured story (from the intake form); responses in its text count too."""
        assessment = evaluate(self.kb, self.enrich(story))
        done = (*self.reader.read_responses(story.text), *responses)
        plan = build_plan(self.kb, assessment, today=self.today(), responses=done, allergies=allergies,
                          scores=scores, recorded=recorded)
        return dataclasses.replace(assessment, plan=plan)

    def enrich(self, story: PatientStory) -> PatientStory:
        """Add what the engine reads from the note's values: sex and side as numbers, medication classes and their
        outcomes (on_X for a current drug of class X, failed_X for one that did not help; on_<drug> for the drug
        itself) when the knowledge base defines the finding, and current_X_drugs: how many different drugs of class
        X are taken now."""
        values = dict(story.values)
        if story.sex is not None:
            values["female"] = 1.0 if story.sex == "female" else 0.0
        if story.laterality is not None:
            values["one_sided"] = 1.0 if story.laterality in {"left", "right"} else 0.0
        extra: list[Observation] = []
        current: dict[str, set[str]] = {}
        for med in story.medications:
            prefix = MEDICATION_STATUS_FINDINGS.get(med.status)
            finding = f"{prefix}{self.drug_classes.get(med.name, '')}" if prefix else ""
            if finding in self.kb.findings:
                extra.append(Observation(finding, Status.PRESENT, med.text))
            own = f"{prefix}{med.name}" if prefix else ""  # a drug's own finding where one exists (on_tramadol)
            if own != finding and own in self.kb.findings:
                extra.append(Observation(own, Status.PRESENT, med.text))
            if med.status == "current" and med.name in self.drug_classes:
                current.setdefault(self.drug_classes[med.name], set()).add(med.name)
        for drug_class, names in current.items():  # two antiplatelets at once (dual therapy) is its own risk
            values[f"current_{drug_class}_drugs"] = float(len(names))
        return dataclasses.replace(story, observations=story.observations + tuple(extra), values=values)


# a medication's status as a finding prefix: on_opioid, failed_oral_nsaid (knowledge files define which exist)
MEDICATION_STATUS_FINDINGS = {"current": "on_", "failed": "failed_"}
