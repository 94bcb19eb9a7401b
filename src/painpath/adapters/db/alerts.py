"""The clinicians' worklist entries (clinical_alerts), raised in the transaction of the event behind them.

One alert per (source, source_id): an assessment with a red flag or an emergency/urgent triage
(source "assessment", its id), a questionnaire whose answers raise a red flag (source "questionnaire", the
measurement id), and a plan-review alert from plateau detection (source "plan_review", patient, instrument,
site, reason and the day it was raised). Raising the same one twice does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from painpath.adapters.db.tables import ClinicalAlert

LEVELS = ("emergency", "urgent", "soon", "routine")  # most urgent first
ALERTING_TRIAGE = frozenset({"emergency", "urgent"})


def level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def raise_alert(
    session: Session,
    *,
    patient_id: int,
    source: str,
    source_id: str,
    level: str,
    title: str,
    detail: str,
) -> ClinicalAlert | None:
    """Add the alert unless one with this source and source_id exists; returns the new row or None."""
    exists = session.scalar(
        select(ClinicalAlert.id).where(ClinicalAlert.source == source, ClinicalAlert.source_id == source_id)
    )
    if exists is not None:
        return None
    row = ClinicalAlert(
        patient_id=patient_id,
        source=source,
        source_id=source_id[:80],
        level=level if level in LEVELS else "urgent",
        title=title[:200],
        detail=detail,
        created_at=datetime.now(UTC),
        action_note="",
    )
    try:
        with session.begin_nested():  # a concurrent writer raising the same alert wins; we keep theirs
            session.add(row)
            session.flush()
    except IntegrityError:
        return None
    return row


def _flag_lines(flags: Sequence[Mapping[str, Any]]) -> str:
    lines = []
    for flag in flags:
        evidence = "; ".join(str(e) for e in flag.get("evidence") or [])
        lines.append(f"{flag.get('label', flag.get('id'))}: {evidence}" if evidence else str(flag.get("label")))
        if flag.get("action"):
            lines.append(f"Action: {flag['action']}")
    return "\n".join(lines)


def assessment_alert(session: Session, *, patient_id: int | None, assessment_id: int,
                     output: Mapping[str, Any]) -> ClinicalAlert | None:
    """An assessment with a red flag, or triaged emergency or urgent, goes on the worklist."""
    triage = output.get("triage") or {}
    level = str(triage.get("level", "routine"))
    flags = list(output.get("red_flags") or [])
    if patient_id is None or (not flags and level not in ALERTING_TRIAGE):
        return None
    if flags:
        title = "Red flag: " + ", ".join(sorted({str(f.get("label", f.get("id"))) for f in flags}))
    else:
        found = [str(r) for r in triage.get("reasons") or []]
        title = f"Triage {level}: {found[0]}" if found else f"Triage {level}"
    reasons = "\n".join(f"Triage: {r}" for r in triage.get("reasons") or [])
    detail = "\n".join(part for part in (_flag_lines(flags), reasons) if part)
    alert_level = min([level, *(str(f.get("min_triage", "urgent")) for f in flags)], key=level_rank)
    return raise_alert(session, patient_id=patient_id, source="assessment", source_id=str(assessment_id),
                       level=alert_level, title=title, detail=detail)


def questionnaire_alert(session: Session, *, patient_id: int, measurement_id: int, instrument_label: str,
                        flags: Sequence[Mapping[str, Any]]) -> ClinicalAlert | None:
    """A questionnaire whose answers raise a red flag (PHQ-9 item 9 above 0: suicide risk, same day)."""
    if not flags:
        return None
    level = min((str(f.get("min_triage", "urgent")) for f in flags), key=level_rank)
    title = f"{instrument_label}: " + ", ".join(sorted({str(f.get("label", f.get("id"))) for f in flags}))
    return raise_alert(session, patient_id=patient_id, source="questionnaire", source_id=str(measurement_id),
                       level=level, title=title, detail=_flag_lines(flags))


def plan_review_alert(session: Session, *, patient_id: int, instrument: str, label: str, site: str | None,
                      review: Mapping[str, Any]) -> ClinicalAlert | None:
    """Plateau, no response or worsening: the plan needs review (routine urgency; the evidence in the detail)."""
    source_id = f"{patient_id}:{instrument}:{site or '-'}:{review['reason']}:{review['raised_on']}"
    evidence = ", ".join(f"{c['day']}: {c['score']:g}" for c in review.get("evidence") or [])
    steps = "; ".join(str(s["label"]) for s in review.get("next_steps") or [])
    detail = f"{review['message']}\nEvidence: {evidence}\nNext step: {steps}"
    reason = str(review["reason"]).replace("_", " ")
    where = f" ({site})" if site and site != "unspecified" else ""
    return raise_alert(session, patient_id=patient_id, source="plan_review", source_id=source_id,
                       level="routine", title=f"Plan review ({reason}): {label}{where}",
                       detail=detail)


def goal_review_alert(session: Session, *, patient_id: int, goal_id: int, description: str,
                      review: Mapping[str, Any]) -> ClinicalAlert | None:
    """A goal stalled over several check-ins: the plan needs review, as for a stalled score (routine urgency)."""
    source_id = f"{patient_id}:goal{goal_id}:{review['reason']}:{review['raised_on']}"
    evidence = ", ".join(f"{c['day']}: {c['score']:g}" for c in review.get("evidence") or [])
    steps = "; ".join(f"{s['label']} ({s['rationale']})" if s.get("rationale") else str(s["label"])
                      for s in review.get("next_steps") or [])
    detail = f"{review['message']}\nEvidence: {evidence}\nNext step: {steps}"
    return raise_alert(session, patient_id=patient_id, source="plan_review", source_id=source_id,
                       level="routine", title=f"Plan review (goal stalled): {description}"[:200], detail=detail)


def patient_message_alert(session: Session, *, patient_id: int, message_id: str, text: str) -> ClinicalAlert | None:
    """A message the patient sent from the portal: on the worklist (and the chart's banner) until a clinician
    acknowledges it with what was done. Level "soon": not triaged, and the portal tells the patient to call or
    use emergency services for anything urgent (expert estimate)."""
    first_line = " ".join(text.split())[:120]
    return raise_alert(session, patient_id=patient_id, source="message", source_id=message_id, level="soon",
                       title=f"Message from the patient: {first_line}", detail=text)


def therapy_flare_alert(session: Session, *, patient_id: int, report_id: int, title: str,
                        detail: str) -> ClinicalAlert | None:
    """A therapist's flare report after an exercise: a routine review item (adjust the exercise's dose; therapy
    does not stop), on the worklist until a clinician acknowledges it."""
    return raise_alert(session, patient_id=patient_id, source="therapy_flare", source_id=str(report_id),
                       level="routine", title=title, detail=detail)
