"""Score a submitted questionnaire against the instrument knowledge: validate, score, band, red flags.

Every number comes from the catalog (instruments.yaml); this use case only checks the submission's shape and
turns the domain's refusals into messages that name the field and the fix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from painpath.domain.instruments import InstrumentDef, InvalidResponse, Method, OutcomeCatalog, score_response
from painpath.services.errors import Invalid


@dataclass(frozen=True)
class ScoredOutcome:
    """What is stored with the measurement: the score (None when too many items are missing) and how."""

    score: float | None
    band: str | None
    scoring: dict[str, Any]


def score_submission(
    catalog: OutcomeCatalog,
    *,
    instrument: str,
    items: Mapping[str, Any],
    score: float | None,
    sex: str | None,
) -> ScoredOutcome:
    """Validate a submission and score it exactly; raises Invalid naming the field and what to change."""
    definition = catalog.instruments.get(instrument)
    if definition is None:
        raise Invalid(
            f"instrument: {instrument!r} is not an instrument of the knowledge base; use one of "
            + ", ".join(sorted(catalog.instruments))
        )
    answers = _answers(definition, items, score)
    try:
        result = score_response(definition, answers, sex=sex if sex in {"female", "male"} else None)
    except InvalidResponse as err:
        # the domain names the item ("q9: 4 is not one of ...") or the instrument ("phq9: unknown items ...")
        text = str(err)
        where = f"items: {text.removeprefix(definition.id + ': ')}" if text.startswith(definition.id + ": ") else (
            f"items.{text}"
        )
        raise Invalid(f"{where}; {_allowed(definition)}") from err
    if score is not None and items and (result.score is None or not math.isclose(score, result.score, abs_tol=1e-6)):
        computed = "no score (too many items missing)" if result.score is None else f"{result.score:g}"
        raise Invalid(
            f"score: {score:g} does not match the {definition.label} score computed from the items "
            f"({computed}); omit score and it is computed for you"
        )
    band = result.band
    scoring: dict[str, Any] = {
        "kb_version": catalog.kb_version,
        "band": band.id if band else None,
        "band_label": band.label if band else None,
        "answered": result.answered,
        "missing": list(result.missing),
        "missing_rule": definition.missing_rule.value,
        "prorated": result.prorated,
        "refusal": result.refusal.value if result.refusal else None,
        "subscales": dict(result.subscales),
        "red_flags": [
            {
                "id": flag.id,
                "label": flag.label,
                "rule_id": flag.rule_id,
                "min_triage": str(flag.min_triage),
                "evidence": list(flag.evidence),
                "action": flag.action,
                "source": flag.source,
            }
            for flag in result.red_flags
        ],
        "notes": list(result.notes),
    }
    return ScoredOutcome(result.score, band.id if band else None, scoring)


def patient_view(red_flags: list[dict[str, Any]], messages: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The red flags a patient's own submission raised, with plain guidance in place of the care team's action."""
    return [
        {**flag, "action": str(messages.get(flag["id"], messages["default"])["text"]), "evidence": [], "source": ""}
        for flag in red_flags
    ]


def _answers(definition: InstrumentDef, items: Mapping[str, Any], score: float | None) -> dict[str, float | None]:
    if not items:
        if definition.method is Method.SINGLE and score is not None:
            # a one-item scale: the score is the answer (an NRS of 6 is the item 'pain' answered 6)
            return {definition.items[0].id: score}
        raise Invalid(
            f"items: {definition.label} is scored from its item answers; send items as "
            f"{{item id: answer}} ({_allowed(definition)})"
        )
    answers: dict[str, float | None] = {}
    for item_id, answer in items.items():
        if answer is None:
            answers[item_id] = None
        elif isinstance(answer, bool) or not isinstance(answer, int | float):
            raise Invalid(f"items.{item_id}: {answer!r} is not a number; {_allowed(definition)}")
        else:
            answers[item_id] = answer
    return answers


def _allowed(definition: InstrumentDef) -> str:
    parts = []
    for item in definition.items:
        if item.numeric:
            parts.append(f"{item.id} ({item.minimum:g}-{item.maximum:g})")
        else:
            parts.append(f"{item.id} ({'/'.join(f'{o.value:g}' for o in item.options)})")
    return f"{definition.label} items: " + ", ".join(parts)
