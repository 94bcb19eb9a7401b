"""The assess use cases: a clinician's note, a referral letter, a patient's history packet, a re-plan.

A clinician's own note or form becomes the patient's working assessment at once. A referral letter, the patient's
packet and a re-plan are stored as proposals: they never replace the clinician's working assessment until a
clinician signs one off (ClinicalRecords.sign_off). Their red flags and urgent triage still go on the worklist the
moment they are stored.

Each reads what the engine needs in one short transaction, runs the engine (spaCy reading the text, then the
rules) outside any transaction, then stores input, output, audit entry and worklist alert in one short unit of
work. Reading a long note takes seconds; holding the database's write lock that long (SQLite's BEGIN IMMEDIATE)
froze every other request, so no transaction is open while the engine runs (issue 11, point 1).

Before the engine runs, the text is measured against the configured limit (413, naming the limit); after it, a
note or packet in which the reader found no pain content (no pain site, no pain finding and no red flag) is
refused and not stored. A note with a red flag is never refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from painpath.domain.decisions import Carried, PriorDecision, carry_decisions
from painpath.domain.plan import ProcedureResponse, RecordedFinding, RecordedScore
from painpath.services.errors import TooLarge


class Engine(Protocol):
    """The assessment engine (adapters: AssessmentEngine): the contract JSON for a note or an intake."""

    def run(self, *, text: str | None, intake: dict[str, Any] | None,
            responses: tuple[Any, ...] = (), allergies: tuple[Any, ...] = (), scores: tuple[Any, ...] = (),
            recorded: tuple[Any, ...] = (), require_pain: bool = False) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Stored:
    """What a store returns for a new assessment: its row (for the id) and the output stored with it."""

    row: Any
    output: dict[str, Any]


@dataclass(frozen=True)
class ReplanInput:
    patient_id: int
    encounter_id: int | None
    text: str | None
    intake: dict[str, Any] | None
    responses: tuple[ProcedureResponse, ...]
    allergies: tuple[Any, ...] = ()  # recorded allergies (domain Allergy): plan safety
    base_id: int | None = None  # the assessment re-planned (the working one, or the latest proposal)
    decisions: tuple[PriorDecision, ...] = ()  # the latest decision per option on the patient's plans
    scores: tuple[RecordedScore, ...] = ()  # latest questionnaire totals (PHQ-9, GAD-7): mood shapes the plan
    recorded: tuple[RecordedFinding, ...] = ()  # findings from records (psychological evaluation, therapy flares)


# what the engine needs before it runs: the patient, their recorded procedure responses, allergies (domain Allergy),
# latest questionnaire totals and the findings their records hold
AssessmentInputs = tuple[int | None, tuple[ProcedureResponse, ...], tuple[Any, ...], tuple[RecordedScore, ...],
                         tuple[RecordedFinding, ...]]


class AssessmentStore(Protocol):
    """What the use cases need from the clinical records (adapters/db/clinical_store.py); each call is one
    short transaction of its own."""

    def assessment_inputs(self, patient_id: int | None, encounter_id: int | None) -> AssessmentInputs: ...

    def store_assessment(self, *, patient_id: int | None, encounter_id: int | None, text: str | None,
                         intake: dict[str, Any] | None, output: dict[str, Any], alert: bool = True,
                         source: str = "note", replan_of: int | None = None,
                         carried: tuple[Carried, ...] = ()) -> Any: ...

    def replan_input(self, patient_id: int) -> ReplanInput | None: ...


class IntakeStore(Protocol):
    """What the referral and history-packet use cases need (adapters/db/intake_store.py)."""

    def check_referral(self, patient_id: int, *, source: str, letter: str) -> None: ...

    def store_referral(self, patient_id: int, *, source: str, referrer: str, received_on: date, letter: str,
                       output: dict[str, Any]) -> Any: ...

    def store_submitted_packet(self, patient_id: int, *, version: int, content: dict[str, Any],
                               intake: dict[str, Any], output: dict[str, Any]) -> tuple[Any, Any]: ...


@dataclass(frozen=True)
class TextLimit:
    """The most characters of free text one assessment reads (settings: max_text_chars)."""

    max_chars: int
    setting: str = "PAINPATH_MAX_TEXT_CHARS"

    def check(self, field: str, chars: int, what: str) -> None:
        if chars > self.max_chars:
            raise TooLarge(
                f"{field}: the {what} is {chars:,} characters long, over the limit of {self.max_chars:,} "
                f"({self.setting}): send the part that matters for this visit"
            )


def text_chars(value: Any) -> int:
    """The characters of free text in a structured value (every string in it, keys left out)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(text_chars(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(text_chars(v) for v in value)
    return 0


def assess(store: AssessmentStore, engine: Engine, limit: TextLimit, *, patient_id: int | None,
           encounter_id: int | None, text: str | None, intake: dict[str, Any] | None) -> Stored:
    """Assess a note or a structured intake for a patient (or a stand-alone consult) and store it."""
    if intake is not None:
        limit.check("intake", text_chars(intake), "intake's text")
    else:
        limit.check("text", len(text or ""), "note")
    patient_id, responses, allergies, scores, recorded = store.assessment_inputs(patient_id, encounter_id)
    output = engine.run(text=text, intake=intake, responses=responses, allergies=allergies, scores=scores,
                        recorded=recorded, require_pain=True)
    row = store.store_assessment(patient_id=patient_id, encounter_id=encounter_id, text=text, intake=intake,
                                 output=output, source="form" if intake is not None else "note")
    return Stored(row, output)


def replan(store: AssessmentStore, engine: Engine, patient_id: int) -> Stored | None:
    """Re-assess the working assessment's input (the latest proposal's before any is working) with every
    procedure response, allergy, latest questionnaire total and record (psychological evaluation, therapy flare)
    recorded since: a proposal until a clinician signs
    it off. Decisions taken on the patient's plans carry into it unless new information changed the option
    (``carried_decisions`` in its output says which and why). It raises no
    worklist alert: that input's red flags went on the worklist when it was first assessed."""
    found = store.replan_input(patient_id)
    if found is None:
        return None
    output = engine.run(text=found.text, intake=found.intake, responses=found.responses, allergies=found.allergies,
                        scores=found.scores, recorded=found.recorded)
    # decisions hold across the re-plan unless new information changed the option; the re-plan says which
    carried = carry_decisions(found.decisions, output.get("plan") or {})
    output["carried_decisions"] = [c.to_contract() for c in carried]
    row = store.store_assessment(patient_id=found.patient_id, encounter_id=found.encounter_id, text=found.text,
                                 intake=found.intake, output=output, alert=False, source="replan",
                                 replan_of=found.base_id, carried=tuple(c for c in carried if c.carried))
    return Stored(row, output)


def register_referral(store: IntakeStore, engine: Engine, limit: TextLimit, patient_id: int, *, source: str,
                      referrer: str, received_on: date, letter: str) -> Any:
    """Register a referral; its letter is triaged at once (a letter is registered whatever it says: the desk
    files what arrives, and a clinician reads it)."""
    limit.check("letter", len(letter), "letter")
    store.check_referral(patient_id, source=source, letter=letter)
    output = engine.run(text=letter, intake=None)
    return store.store_referral(patient_id, source=source, referrer=referrer, received_on=received_on,
                                letter=letter, output=output)


def submit_packet(store: IntakeStore, engine: Engine, limit: TextLimit, patient_id: int, *, version: int,
                  content: dict[str, Any], intake: dict[str, Any]) -> tuple[Any, Any]:
    """Assess the patient's submitted history, then save and submit it with its assessment in one transaction."""
    limit.check("content", text_chars(content), "history packet's text")
    output = engine.run(text=None, intake=intake, require_pain=True)
    return store.store_submitted_packet(patient_id, version=version, content=content, intake=intake, output=output)

