"""Load the questionnaire schedule rules (questionnaire_schedules.yaml) strictly: unknown keys, instruments,
conditions or sources are errors. ``iter_schedule_problems`` feeds `painpath kb check`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from painpath.adapters.instrument_checks import enum_, int_, nonempty
from painpath.adapters.knowledge_files import load_default
from painpath.adapters.knowledge_parsing import KnowledgeError, _keys, check_source
from painpath.domain.model import KnowledgeBase
from painpath.domain.questionnaire_schedule import QuestionnaireSchedule, ScheduleRule, ScheduleSettings, Trigger

SECTION = "questionnaire_schedules"


@cache
def load_default_schedule() -> QuestionnaireSchedule:
    """The schedule shipped with the package (loaded once per process)."""
    return load_schedule(load_default())


def iter_schedule_problems(kb: KnowledgeBase) -> Iterable[str]:
    """Every problem with the schedule rules (empty when they load cleanly)."""
    try:
        load_schedule(kb)
    except KnowledgeError as err:
        yield f"questionnaire schedules: {err}"


def load_schedule(kb: KnowledgeBase) -> QuestionnaireSchedule:
    file = kb.extra.get("sources_by_file", {}).get(SECTION, "questionnaire_schedules.yaml")
    if SECTION not in kb.extra:
        raise KnowledgeError(f"no knowledge file defines the section {SECTION!r}")
    content = kb.extra[SECTION]
    where = f"{file}: {SECTION}"
    _keys(content, where, required={"settings", "rules"})
    raw = content["settings"]
    swhere = f"{where}.settings"
    _keys(raw, swhere, required={"early_days", "grace_days", "lapse_days", "upcoming_days", "source"})
    settings = ScheduleSettings(
        early_days=int_(raw["early_days"], f"{swhere}.early_days", minimum=0),
        grace_days=int_(raw["grace_days"], f"{swhere}.grace_days", minimum=0),
        lapse_days=int_(raw["lapse_days"], f"{swhere}.lapse_days", minimum=1),
        upcoming_days=int_(raw["upcoming_days"], f"{swhere}.upcoming_days", minimum=0),
        source=check_source(raw["source"], kb.sources, swhere),
    )
    instruments = set((kb.extra.get("instruments") or {}).keys())
    conditions = set(kb.conditions)
    rules = content["rules"]
    if not isinstance(rules, list) or not rules:
        raise KnowledgeError(f"{where}.rules: a list of at least one rule")
    out = [_rule(entry, instruments, conditions, kb, f"{where}.rules") for entry in rules]
    ids = [rule.id for rule in out]
    if len(set(ids)) != len(ids):
        raise KnowledgeError(f"{where}.rules: rule ids must be unique, got {ids}")
    return QuestionnaireSchedule(settings, tuple(out))


def _rule(entry: Any, instruments: set[str], conditions: set[str], kb: KnowledgeBase, where: str) -> ScheduleRule:
    rid = str(entry.get("id", "?")) if isinstance(entry, Mapping) else "?"
    where = f"{where} {rid}"
    _keys(
        entry,
        where,
        required={"id", "trigger", "label", "instruments", "source"},
        optional={"offsets_days", "every_days", "conditions"},
    )
    trigger = enum_(Trigger, entry["trigger"], f"{where}.trigger")
    listed = entry["instruments"]
    if not isinstance(listed, list) or not listed:
        raise KnowledgeError(f"{where}.instruments: a list of instrument ids")
    unknown = sorted(set(map(str, listed)) - instruments)
    if unknown:
        raise KnowledgeError(f"{where}.instruments: {unknown} are not instruments of instruments.yaml")
    wanted = [str(c) for c in entry.get("conditions") or []]
    if sorted(set(wanted) - conditions):
        raise KnowledgeError(f"{where}.conditions: unknown conditions {sorted(set(wanted) - conditions)}")
    offsets: tuple[int, ...] = ()
    every = 0
    if trigger is Trigger.AFTER_PROCEDURE:
        if "every_days" in entry or "offsets_days" not in entry:
            raise KnowledgeError(f"{where}: an after_procedure rule gives offsets_days (and no every_days)")
        raw = entry["offsets_days"]
        if not isinstance(raw, list) or not raw:
            raise KnowledgeError(f"{where}.offsets_days: a list of days after the procedure, e.g. [14, 42]")
        offsets = tuple(int_(d, f"{where}.offsets_days", minimum=1) for d in raw)
        if list(offsets) != sorted(set(offsets)):
            raise KnowledgeError(f"{where}.offsets_days: list distinct days in increasing order")
    else:
        if "offsets_days" in entry or "every_days" not in entry:
            raise KnowledgeError(f"{where}: a periodic rule gives every_days (and no offsets_days)")
        every = int_(entry["every_days"], f"{where}.every_days", minimum=1)
    return ScheduleRule(
        id=nonempty(entry["id"], f"{where}.id"),
        trigger=trigger,
        instruments=tuple(map(str, listed)),
        label=nonempty(entry["label"], f"{where}.label"),
        source=check_source(entry["source"], kb.sources, where),
        offsets_days=offsets,
        every_days=every,
        conditions=tuple(wanted),
    )
