"""The assessment as a readable report for a clinician or patient at a terminal."""

from __future__ import annotations

from typing import Any

_LEVEL_WORDS = {
    "emergency": "EMERGENCY - send to an emergency department now",
    "urgent": "URGENT - same-day or next-day appointment",
    "soon": "SOON - seen within about a week",
    "routine": "ROUTINE - ordinary scheduling",
}


def render(result: dict[str, Any]) -> str:
    """Red flags first, then triage, the differential with its reasons, the plan, and what was understood."""
    lines: list[str] = []
    add = lines.append
    add(f"PainPath assessment (knowledge base {result['kb_version']})")
    add("=" * 72)
    flags = result["red_flags"]
    if flags:
        add("RED FLAGS")
        for flag in flags:
            add(f"  ! {flag['label']} [{flag['id']}, at least {flag['min_triage']}]")
            add(f"    because: {'; '.join(repr(w) for w in flag['evidence']) or 'see findings'}")
            add(f"    do now:  {flag['action']}")
        add("")
    triage = result["triage"]
    add(f"TRIAGE: {_LEVEL_WORDS.get(triage['level'], triage['level'])}")
    for reason in triage["reasons"]:
        add(f"  - {reason}")
    add("")
    if result["differential"]:
        add("WORKING DIFFERENTIAL (most probable first)")
        for rank, entry in enumerate(result["differential"], start=1):
            add(f"  {rank}. {entry['label']} [{entry['condition']}]  {entry['probability']:.0%}")
            for reason in entry["for"][:6]:
                add(f"       + {reason}")
            for reason in entry["against"][:4]:
                add(f"       - {reason}")
            if entry["next_steps"]:
                add(f"       next: {entry['next_steps'][0]}")
        add("")
    else:
        add("No pain condition to rank: the note describes no pain.")
        add("")
    plan = result.get("plan") or {}
    lines.extend(render_plan(plan))
    understood = list(
        dict.fromkeys(f"{f['id']}{'' if f['status'] == 'present' else ' (absent)'}" for f in result["findings"])
    )
    add("UNDERSTOOD FROM THE NOTE")
    add("  " + (", ".join(understood) if understood else "nothing clinical"))
    patient = result["patient"]
    facts = [f"age {patient['age']:g}" if patient.get("age") else "", patient.get("sex") or ""]
    facts += [f"{k} {v:g}" for k, v in patient.get("values", {}).items()]
    facts = [f for f in facts if f]
    if facts:
        add("  values: " + ", ".join(facts))
    if result["medications"]:
        meds = []
        for m in result["medications"]:
            dose = f" {m['dose']:g} {m['unit']}" if m["dose"] is not None else ""
            daily = f" ({m['daily_dose']:g} {m['unit']}/day)" if m["daily_dose"] is not None else ""
            meds.append(f"{m['name']}{dose}{daily} [{m['status']}{': ' + m['effect'] if m['effect'] else ''}]")
        add("  medications: " + "; ".join(meds))
    add("")
    add("Decision support only: a clinician confirms every finding, flag and option.")
    return "\n".join(lines)


def render_plan(plan: dict[str, Any]) -> list[str]:
    """The staged plan for a person: alerts, stages with options, what was excluded and why, opioid safety."""
    lines: list[str] = []
    add = lines.append
    if plan.get("alerts"):
        add("SAFETY ALERTS")
        for alert in plan["alerts"]:
            add(f"  ! {alert}")
        add("")
    if plan.get("stages"):
        conditions = ", ".join(c.replace("_", " ") for c in plan.get("for_conditions", []))
        add(f"STAGED PLAN{' for ' + conditions if conditions else ''} (least invasive first)")
        for stage in plan["stages"]:
            add(f"  Stage {stage['stage']}: {stage.get('goal', '')}")
            if stage.get("when"):
                add(f"    when: {stage['when']}")
            for option in stage.get("options", []):
                lines.extend(_option_lines(option))
        add("")
    if plan.get("responses") or plan.get("completed"):
        add("PROCEDURE RESPONSES ON RECORD")
        for response in plan.get("responses", []):
            add(f"  - {response}")
        for done in plan.get("completed", []):
            add(f"  done: {done}")
        add("")
    if plan.get("excluded"):
        add("NOT OFFERED, AND WHY")
        for item in plan["excluded"]:
            add(f"  x {item['id']}: {item['reason']}")
        add("")
    mme = plan.get("mme")
    if mme:
        floor = " (at least: a dose was incomplete)" if mme["incomplete"] else ""
        add(f"OPIOIDS: {mme['mme_per_day']:g} MME/day{floor}")
        for dose in mme["opioids"]:
            value = f"{dose['mme_per_day']:g} MME/day" if dose["mme_per_day"] is not None else "not counted"
            add(f"  - {dose['text']}: {value}")
        add("")
    taper = plan.get("taper")
    if taper:
        add("OPIOID TAPER PLAN")
        add(f"  why: {taper['reason']}")
        add(f"  rate: {taper['rate']}")
        for step in taper["schedule"]:
            add(f"    {step}")
        add("")
    if plan.get("return_to_work"):
        add("RETURN TO WORK OR DUTY")
        for line in plan["return_to_work"]:
            add(f"  - {line}")
        add("")
    return lines


def _option_lines(option: dict[str, Any]) -> list[str]:
    lines = [f"    * {option.get('label') or option['id']} [{option['id']}, {option['kind']}]"]
    lines.append(f"        what: {option.get('detail', '')}")
    if option.get("requires"):
        lines.append(f"        requires: {option['requires']}")
    if option.get("rationale"):
        lines.append(f"        why: {option['rationale']}")
    for caution in option.get("cautions", []):
        lines.append(f"        caution: {caution}")
    benefit = option.get("benefit")
    if isinstance(benefit, dict) and benefit:
        lines.append(f"        expect: {benefit.get('summary', '')}")
    return lines
