"""Plan expectations of the clinic's case files, judged as shared/cases/score.py judges the samples' plans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

CASES = [
    case
    for path in sorted((Path(__file__).parent / "cases").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text())
    if any(key.startswith(("plan_", "stage1_", "order")) for key in case)
]


def first_stages(out: dict[str, Any]) -> dict[str, int]:
    first: dict[str, int] = {}
    for stage in out["plan"]["stages"]:
        for option in stage["options"]:
            first.setdefault(option["id"], stage["stage"])
    return first


def plan_problems(case: dict[str, Any], out: dict[str, Any]) -> list[str]:
    stages = first_stages(out)
    found = [f"offers {o}" for o in case.get("plan_excludes", []) if o in stages]
    found += [f"offers {o} in stage 1" for o in case.get("stage1_excludes", []) if stages.get(o) == 1]
    if case.get("plan_includes_any") and not set(case["plan_includes_any"]) & set(stages):
        found.append(f"none of {case['plan_includes_any']} in {sorted(stages)}")
    found += [f"lacks {o}" for o in case.get("plan_includes_all", []) if o not in stages]
    if case.get("order"):
        first, later = case["order"]
        if first not in stages or (later in stages and stages[first] >= stages[later]):
            found.append(f"{first} must come before {later}: {stages}")
    return found


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_plan_case(assess, case: dict[str, Any]) -> None:
    assert plan_problems(case, assess(case["text"])) == []
