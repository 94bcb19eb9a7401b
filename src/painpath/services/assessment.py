"""The assess use case: a note or a structured intake in, an Assessment with its staged plan out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from painpath.domain.engine import evaluate
from painpath.domain.model import Assessment, KnowledgeBase, Observation, PatientStory, Status
from painpath.domain.plan import ProcedureResponse
from painpath.domain.planning import build_plan
from painpath.narrative.pipeline import NarrativeReader


class UnusableInput(ValueError):
    """Input that cannot be assessed; the message says what to fix."""


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

    def assess_text(self, text: str, *, responses: Iterable[ProcedureResponse] = ()) -> Assessment:
        """Assess a free-text pain story or clinical note; recorded procedure responses may be added."""
        if text is None or not text.strip():
            raise UnusableInput("the note is empty: give the pain story or clinical note as text")
        if len(text) > 100_000:
            raise UnusableInput(
                "the note is longer than 100,000 characters: split it or send the relevant visit only"
            )
        return self.assess_story(self.reader.read(text), responses=responses)

    def assess_story(self, story: PatientStory, *, responses: Iterable[ProcedureResponse] = ()) -> Assessment:
        """Assess an already-structured story (from the intake form); responses in its text count too."""
        assessment = evaluate(self.kb, self.enrich(story))
        recorded = (*self.reader.read_responses(story.text), *responses)
        plan = build_plan(self.kb, assessment, today=self.today(), responses=recorded)
        return dataclasses.replace(assessment, plan=plan)

    def enrich(self, story: PatientStory) -> PatientStory:
        """Add what the engine reads from the note's values: sex as a number, medication classes, regions."""
        values = dict(story.values)
        if story.sex is not None:
            values["female"] = 1.0 if story.sex == "female" else 0.0
        # the reader counts regions itself (a pain that spreads from one site to the next counts once); a story
        # from the structured intake gets one per current region
        regions = {
            self.kb.findings[o.finding].region
            for o in story.observations
            if o.status is Status.PRESENT
            and not o.historical
            and o.finding in self.kb.findings
            and self.kb.findings[o.finding].region
        }
        regions.discard("widespread")
        if regions and "pain_region_count" not in values:
            values["pain_region_count"] = float(len(regions))
        extra: list[Observation] = []
        for med in story.medications:
            # a current medication of class X is the finding on_X when the knowledge base defines one
            finding = f"on_{self.drug_classes.get(med.name, '')}"
            if finding in self.kb.findings and med.status == "current":
                extra.append(Observation(finding, Status.PRESENT, med.text))
        return dataclasses.replace(story, observations=story.observations + tuple(extra), values=values)
