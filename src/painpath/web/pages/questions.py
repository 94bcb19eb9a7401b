"""Ask, don't guess: the clinician answers an assessment's questions and the answers reassess the patient.

The answers join the stored input as the structured intake's 'answers' (adapters/intake.py): a yes states the
question's finding present, a no absent. The new assessment is stored beside the old one (history is added).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from painpath.services import assessing
from painpath.services.errors import Invalid
from painpath.web.deps import Ctx, PathId
from painpath.web.pages.base import FormState, form_values, redirect
from painpath.web.pages.clinic import AssessForm, result_page

router = APIRouter(prefix="/clinic", include_in_schema=False)
ANSWERS = ("yes", "no", "not sure")


def answers_intake(stored_kind: str, stored_input: dict[str, Any], answers: dict[str, str]) -> dict[str, Any]:
    """The stored note or intake with the answers added (earlier answers kept unless answered again)."""
    intake: dict[str, Any] = {"story": stored_input.get("text")} if stored_kind == "text" else dict(stored_input)
    earlier: dict[str, str] = dict(intake.get("answers") or {})
    intake["answers"] = {**earlier, **answers}
    return intake


@router.post("/assessments/{assessment_id}/answers")
async def answer(request: Request, assessment_id: PathId, ctx: Ctx, user: AssessForm) -> Response:
    values = await form_values(request)
    row, _ = ctx.clinical(user.actor).get_assessment(assessment_id)
    asked = {q["id"] for q in row.output.get("questions", [])}
    answers: dict[str, str] = {}
    problems: dict[str, str] = {}
    for key, value in values.items():
        if not key.startswith("a_") or not value:
            continue
        question = key.removeprefix("a_")
        if question not in asked or value not in ANSWERS:
            problems[key] = "answer Yes, No or Not sure to the questions shown"
        elif value != "not sure":
            answers[question] = value
    if problems or not answers:
        state = FormState(values)
        state.errors.update(problems or {"answers": "answer at least one question Yes or No"})
        return result_page(request, ctx, user, assessment_id, errors={"questions": state}, status=422)
    intake = answers_intake(row.input_kind, row.input, answers)
    try:
        new = assessing.assess(ctx.clinical(user.actor), ctx.engine, ctx.text_limit, patient_id=row.patient_id,
                               encounter_id=row.encounter_id, text=None, intake=intake).row
    except Invalid as err:
        state = FormState(values)
        state.errors["answers"] = str(err)
        return result_page(request, ctx, user, assessment_id, errors={"questions": state}, status=422)
    return redirect(f"/clinic/assessments/{new.id}", notice="Reassessed with the answers: red flags first.")
