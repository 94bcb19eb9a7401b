"""Repeat rules for procedures without a diagnostic gate (plan_procedures.yaml repeat_rules): an epidural or a
joint injection that was done before is repeated only after enough relief for long enough."""

from __future__ import annotations

from typing import Any

RADICULAR = "Right L5 radiculopathy with sciatica to the foot for 3 months, positive SLR at 40 degrees. "


def option(out: dict[str, Any], option_id: str) -> dict[str, Any] | None:
    for stage in out["plan"]["stages"]:
        for item in stage["options"]:
            if item["id"] == option_id:
                return item
    return None


def test_a_failed_epidural_is_not_repeated(assess: Any) -> None:
    out = assess(RADICULAR + "Two prior transforaminal ESIs each gave about 20% relief for a few days.")
    assert option(out, "epidural_steroid_injection") is None
    excluded = {e["id"]: e["reason"] for e in out["plan"]["excluded"]}
    assert excluded["epidural_steroid_injection"].startswith("repeat not indicated:")
    assert "below 50% relief" in excluded["epidural_steroid_injection"]


def test_an_epidural_that_helped_for_weeks_may_be_repeated(assess: Any) -> None:
    out = assess(RADICULAR + "A transforaminal epidural on 2026-06-01 gave 70% relief for 3 months.")
    item = option(out, "epidural_steroid_injection")
    assert item is not None
    assert item["requires"].startswith("repeat possible:")


def test_without_a_previous_epidural_there_is_no_repeat_rule(assess: Any) -> None:
    item = option(assess(RADICULAR), "epidural_steroid_injection")
    assert item is not None and "repeat" not in (item.get("requires") or "")
