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

# An appointment's kind in a patient's words (portal, visit summary).
VISIT_KINDS = {"new": "First visit", "follow_up": "Follow-up visit", "procedure": "Procedure",
               "telehealth": "Video or phone visit"}


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


def plain_plan(output: dict[str, Any], accepted: list[str]) -> list[dict[str, str]]:
    """The options the care team accepted, in plain words (knowledge/patient_plan.yaml): what it is and what to
    expect. Nothing from the clinician's plan text (doses, thresholds such as "MRC <= 3", likelihoods, the
    differential) reaches the patient; an option without plain words gets its kind's."""
    stages = (output.get("plan") or {}).get("stages", [])
    options = {o.get("id"): o for stage in stages for o in stage.get("options", [])}
    plain = load_default().extra.get("patient_plan") or {}
    by_kind, by_option = plain.get("by_kind") or {}, plain.get("options") or {}
    out = []
    for option_id in accepted:
        option = options.get(option_id)
        if option is None:
            continue
        kind = by_kind.get(str(option.get("kind"))) or by_kind.get("therapy") or {}
        words = {**kind, **(by_option.get(option_id) or {})}
        out.append({
            "heading": str(words.get("heading") or kind.get("heading") or "Part of your plan"),
            "what": str(words.get("what") or ""),
            "expect": str(words.get("expect") or ""),
        })
    return out


def patient_guidance(output: dict[str, Any]) -> list[str]:
    """What the patient should do about red flags, in the words patient_messages.yaml gives them."""
    messages = load_default().extra.get("patient_messages", {})
    out = []
    for flag in output.get("red_flags") or []:
        text = (messages.get(flag.get("id")) or messages.get("default") or {}).get("text", "")
        if text and text not in out:
            out.append(text)
    return out


def plain_condition(condition_id: str) -> str:
    """The leading condition in a patient's words (patient_plan.yaml: conditions), or "" when none is written:
    the clinician's label ("Lumbar facet (zygapophysial) joint pain") is never handed to the patient."""
    plain = load_default().extra.get("patient_plan") or {}
    return str((plain.get("conditions") or {}).get(condition_id) or "")


def warning_signs(output: dict[str, Any]) -> list[str]:
    """What the patient should do about the red flags of their assessment: each flag's own patient message, else
    the summary's general one (patient_messages.yaml: warning_sign). Never the clinician's action text."""
    messages = _messages()
    out: list[str] = []
    for flag in output.get("red_flags") or []:
        text = (messages.get(flag.get("id")) or messages.get("warning_sign") or {}).get("text", "")
        if text and text not in out:
            out.append(text)
    return out
