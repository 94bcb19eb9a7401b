"""The assessment as the JSON object of shared/contract/assess.md (plus explanatory extras)."""

from __future__ import annotations

from typing import Any

from painpath.domain.model import Assessment, Contribution, KnowledgeBase


def to_contract(assessment: Assessment, kb: KnowledgeBase) -> dict[str, Any]:
    """The contract's shape; extra keys (kb_version, patient, medications, explain) only add detail."""
    story = assessment.story
    return {
        "kb_version": assessment.kb_version,
        "triage": {
            "level": assessment.triage.level.value,
            "reasons": list(assessment.triage.reasons),
            "rules": list(assessment.triage.rules),
        },
        "red_flags": [
            {
                "id": flag.id,
                "label": flag.label,
                "evidence": list(flag.evidence),
                "action": flag.action,
                "min_triage": flag.min_triage.value,
                "rule": flag.rule_id,
                "source": _cite(kb, flag.source),
            }
            for flag in assessment.red_flags
        ],
        "differential": [
            {
                "condition": entry.condition,
                "label": entry.label,
                "probability": entry.probability,
                "prior": entry.prior,
                "for": [_reason(kb, c) for c in entry.supporting],
                "against": [_reason(kb, c) for c in entry.opposing],
                "next_steps": list(entry.next_steps),
                "explain": [
                    {
                        "finding": c.finding,
                        "status": c.status.value,
                        "likelihood_ratio": c.lr,
                        "words": c.evidence,
                        "source": _cite(kb, c.source),
                        **({"note": c.note} if c.note else {}),
                    }
                    for c in entry.contributions
                ],
                "codes": {
                    "icd10cm": list(kb.conditions[entry.condition].icd10),
                    "snomed": list(kb.conditions[entry.condition].snomed),
                },
            }
            for entry in assessment.differential
        ],
        "findings": _findings(kb, assessment),
        # sentences the reader understood nothing in although they carry words close to a red flag
        "unread": [{"text": u.text, "words": list(u.words)} for u in story.unread],
        "patient": {
            "age": story.values.get("age"),
            "sex": story.sex,
            "laterality": story.laterality,
            "spinal_levels": list(story.levels),
            "values": {k: v for k, v in story.values.items() if k not in {"age", "female", "one_sided"}},
        },
        "medications": [
            {
                "name": m.name,
                "text": m.text,
                "dose": m.dose,
                "unit": m.unit,
                "per_day": m.per_day,
                "daily_dose": m.daily_dose,
                "status": m.status,
                "effect": m.effect,
                "route": m.route,
            }
            for m in story.medications
        ],
        "plan": plan_to_contract(assessment.plan),
        # an addition to the contract: what to ask next, best first (the answers return as intake 'answers')
        "questions": [
            {
                "id": q.id,
                "finding": q.finding,
                "ask": q.clinician,
                "ask_patient": q.patient,
                "information_gain_bits": q.gain,
                "triage_if_yes": q.triage_if_yes.value,
                "why": q.why,
            }
            for q in assessment.questions
        ],
    }


def plan_to_contract(plan: Any) -> dict[str, Any]:
    """The plan's own serialiser when the planning engine produced one; otherwise an empty plan."""
    if plan is None:
        return {"stages": [], "excluded": []}
    to_dict = getattr(plan, "to_contract", None)
    if callable(to_dict):
        return to_dict()  # type: ignore[no-any-return]
    return dict(plan)


def _findings(kb: KnowledgeBase, assessment: Assessment) -> list[dict[str, Any]]:
    """What was understood, with where in the note (``span``: start and end character of the words read, when
    the finding came from the text; a form's answer has none): the source view highlights them. A helper finding
    the knowledge marks ``internal`` (a pain site named at all) serves the rules and is not listed."""
    internal = {fid for fid, definition in kb.findings.items() if definition.internal}
    seen: set[tuple[str, str, str]] = set()
    out: list[dict[str, Any]] = []
    for obs in assessment.story.observations:
        if obs.finding in internal:  # a helper finding for rule plumbing is not what was understood
            continue
        key = (obs.finding, obs.status.value, obs.text)
        if key in seen:
            continue
        seen.add(key)
        item: dict[str, Any] = {"id": obs.finding, "text": obs.text, "status": obs.status.value}
        if 0 <= obs.start < obs.end:
            item["span"] = [obs.start, obs.end]
        if obs.historical:
            item["history"] = "past"
        if obs.course:
            item["course"] = obs.course
        if obs.role and obs.role != "complaint":  # the clause it came from, when not the complaint itself
            item["role"] = obs.role
        out.append(item)
    return out


def _reason(kb: KnowledgeBase, c: Contribution) -> str:
    verb = "" if c.status.value == "present" else "absent: "
    words = f" ('{c.evidence}')" if c.evidence and c.evidence != c.label else ""
    return f"{verb}{c.label}{words}, LR {c.lr:g} ({_short(kb, c.source)})"


def _short(kb: KnowledgeBase, source_id: str) -> str:
    """'Devillé 2000' for a paper by authors; 'NICE NG226 2022' or 'American Geriatrics 2023' for a body."""
    source = kb.sources.get(source_id)
    if source is None:
        return source_id
    if source.kind == "expert":
        return "expert estimate"
    words = source.citation.replace(",", " ").split()
    by_author = len(words) > 1 and words[1].rstrip(".").isupper() and len(words[1].rstrip(".")) <= 3
    name = words[0] if by_author else " ".join(words[:2])
    return f"{name} {source.year}"


def _cite(kb: KnowledgeBase, source_id: str) -> str:
    source = kb.sources.get(source_id)
    return source.citation if source else source_id
