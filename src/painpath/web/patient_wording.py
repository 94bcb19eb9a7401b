"""Patient-directed wording on the API, as on the portal: a patient reading their own questionnaire results (open
notes) gets the plain guidance written for them (knowledge: patient_messages) for a safety answer such as PHQ-9
item 9, never the care team's instruction ("Ask directly today about plans, intent and means"), and not the
clinicians' safety notes. Staff read the record as it is."""

from __future__ import annotations

from typing import Any

from painpath.adapters.knowledge_files import load_default
from painpath.services.access import Actor, Role
from painpath.services.outcome_scoring import patient_view
from painpath.web.schemas_more import OutcomeRead, OutcomeRedFlag
from painpath.web.schemas_outcomes import OutcomeSummaryRead


def _messages() -> dict[str, Any]:
    return dict(load_default().extra.get("patient_messages", {}))


def outcome_for(actor: Actor, outcome: OutcomeRead) -> OutcomeRead:
    if actor.role is not Role.PATIENT:
        return outcome
    flags = patient_view([f.model_dump() for f in outcome.red_flags], _messages())
    return outcome.model_copy(update={"red_flags": [OutcomeRedFlag(**f) for f in flags], "notes": []})


def summary_for(actor: Actor, summary: OutcomeSummaryRead) -> OutcomeSummaryRead:
    if actor.role is not Role.PATIENT:
        return summary
    messages = _messages()
    data = summary.model_dump()
    for entry in data["instruments"]:
        entry["red_flags"] = patient_view(entry["red_flags"], messages)
        entry["notes"] = []
    data["red_flags"] = patient_view(data["red_flags"], messages)
    return OutcomeSummaryRead.model_validate(data)
