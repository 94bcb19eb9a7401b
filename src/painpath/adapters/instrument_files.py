"""Load the outcome instruments (instruments.yaml) strictly: unknown keys, ids, sources or bands are errors.

The knowledge loader keeps the sections it does not own in ``kb.extra``; this module turns the
``instruments`` and ``outcome_settings`` sections into the domain's ``OutcomeCatalog``.
``iter_outcome_problems`` is the hook for ``painpath kb check``.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from painpath.adapters.instrument_checks import bool_, enum_, int_, loinc_valid, nonempty, number
from painpath.adapters.knowledge_files import load_default
from painpath.adapters.knowledge_parsing import KnowledgeError, _keys, check_source
from painpath.domain.goals import GoalKind
from painpath.domain.instruments import (
    AnswerOption,
    Band,
    Better,
    InstrumentDef,
    ItemDef,
    Mcid,
    Method,
    MissingRule,
    OutcomeCatalog,
    PlateauSettings,
    RedFlagTrigger,
)
from painpath.domain.model import KnowledgeBase, RedFlag, Source
from painpath.domain.outcomes import MESSAGE_FIELDS, ReviewReason

_SEXES = frozenset({"female", "male"})


@cache
def load_default_outcomes() -> OutcomeCatalog:
    """The outcome catalog shipped with the package (loaded once per process)."""
    return load_outcomes(load_default())


def iter_outcome_problems(kb: KnowledgeBase, vocabulary: Mapping[str, Any] | None = None) -> Iterable[str]:
    """Every problem with the outcome instruments, for `painpath kb check` (empty when they load cleanly)."""
    from painpath.adapters.payer_rule_files import iter_payer_rule_problems
    from painpath.adapters.schedule_files import iter_schedule_problems

    yield from iter_schedule_problems(kb)  # the questionnaire schedule names instruments of this catalog
    yield from iter_payer_rule_problems(kb)  # payer rules name instruments, findings and plan options
    try:
        catalog = load_outcomes(kb)
    except KnowledgeError as err:
        yield f"outcome instruments: {err}"
        return
    if vocabulary is not None:
        flags = set(vocabulary.get("red_flags", {}))
        for instrument in catalog.instruments.values():
            for trigger in instrument.red_flag_triggers:
                if trigger.flag.id not in flags:
                    flag = trigger.flag.id
                    yield f"instrument {instrument.id}: red flag {flag!r} is not in the shared vocabulary"


def load_outcomes(kb: KnowledgeBase) -> OutcomeCatalog:
    """Validate and build the outcome catalog from the knowledge base's extra sections."""
    files = kb.extra.get("sources_by_file", {})
    for section in ("instruments", "outcome_settings"):
        if section not in kb.extra:
            raise KnowledgeError(f"no knowledge file defines the section {section!r}")
    settings_file = files.get("outcome_settings", "instruments.yaml")
    settings = kb.extra["outcome_settings"]
    where = f"{settings_file}: outcome_settings"
    _keys(
        settings,
        where,
        required={"plateau", "fallback_next_step", "messages", "goal_messages", "goal_messages_source"},
    )
    check_source(settings["goal_messages_source"], kb.sources, where)
    plateau = _plateau(settings["plateau"], kb.sources, f"{where}.plateau")
    messages = _templates(
        settings["messages"], {r.value for r in ReviewReason}, f"{where}.messages", fields=MESSAGE_FIELDS
    )
    goal_messages = _templates(
        settings["goal_messages"], {k.value for k in GoalKind}, f"{where}.goal_messages", fields=frozenset()
    )
    nonempty(settings["fallback_next_step"], f"{where}.fallback_next_step")
    file = files.get("instruments", "instruments.yaml")
    content = kb.extra["instruments"]
    if not isinstance(content, Mapping) or not content:
        raise KnowledgeError(f"{file}: instruments must be a mapping of instrument ids")
    flags = {(rule.id, rule.rule_id): rule for rule in kb.red_flags}
    instruments = {
        str(iid): _instrument(str(iid), entry, kb.sources, flags, f"{file}: instrument {iid}")
        for iid, entry in content.items()
    }
    return OutcomeCatalog(
        instruments=instruments,
        plateau=plateau,
        messages=messages,
        fallback_next_step=str(settings["fallback_next_step"]),
        goal_messages=goal_messages,
        kb_version=kb.version,
    )


def _plateau(entry: Any, sources: Mapping[str, Source], where: str) -> PlateauSettings:
    _keys(
        entry,
        where,
        required={
            "window_checkins",
            "min_span_days",
            "worsening_consecutive",
            "alert_on_no_response",
            "source",
        },
    )
    window = int_(entry["window_checkins"], f"{where}.window_checkins", minimum=2)
    span = int_(entry["min_span_days"], f"{where}.min_span_days", minimum=0)
    worse = int_(entry["worsening_consecutive"], f"{where}.worsening_consecutive", minimum=1)
    if not isinstance(entry["alert_on_no_response"], bool):
        raise KnowledgeError(f"{where}.alert_on_no_response: expected true or false")
    return PlateauSettings(
        window, span, worse, entry["alert_on_no_response"], check_source(entry["source"], sources, where)
    )


def _templates(entry: Any, keys: set[str], where: str, *, fields: frozenset[str]) -> dict[str, str]:
    _keys(entry, where, required=keys)
    out: dict[str, str] = {}
    for key, text in entry.items():
        nonempty(text, f"{where}.{key}")
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        if used - fields:
            raise KnowledgeError(
                f"{where}.{key}: unknown placeholders {sorted(used - fields)}; allowed {sorted(fields)}"
            )
        out[str(key)] = text
    return out


_INSTRUMENT_OPTIONAL = {
    "name",
    "stem",
    "wording_source",
    "loinc",
    "loinc_source",
    "per_site",
    "option_sets",
    "bands",
    "bands_source",
    "mcid",
    "plateau_acceptable_bands",
    "plateau_acceptable_source",
    "red_flags",
    "note",
    "group",
    "missing_source",
}


def _instrument(
    iid: str, entry: Any, sources: Mapping[str, Source], flags: Mapping[tuple[str, str], Any], where: str
) -> InstrumentDef:
    _keys(
        entry,
        where,
        required={"label", "source", "better", "method", "missing", "items"},
        optional=_INSTRUMENT_OPTIONAL,
    )
    source = check_source(entry["source"], sources, where)
    better = enum_(Better, entry["better"], f"{where}.better")
    method = enum_(Method, entry["method"], f"{where}.method")
    option_sets = {
        str(name): _options(options, f"{where}.option_sets.{name}")
        for name, options in (entry.get("option_sets") or {}).items()
    }
    items = tuple(_item(item, option_sets, f"{where}.items") for item in entry["items"] or ())
    if not items:
        raise KnowledgeError(f"{where}: needs at least one item")
    ids = [item.id for item in items]
    if len(set(ids)) != len(ids):
        raise KnowledgeError(f"{where}: item ids must be unique, got {ids}")
    if method is Method.SINGLE and (len(items) != 1 or not items[0].numeric):
        raise KnowledgeError(f"{where}: method single needs exactly one numeric item")
    if method is Method.PERCENT_OF_ANSWERED and any(item.max_points <= 0 for item in items):
        raise KnowledgeError(f"{where}: percent_of_answered needs items that can score above 0")
    rule, max_missing = _missing(entry["missing"], len(items), f"{where}.missing")
    if len(items) > 1 or rule is not MissingRule.REFUSE:
        check_source(entry.get("missing_source"), sources, f"{where}.missing_source")
    loinc = _loinc(entry, sources, where)
    mcid = _mcid(entry["mcid"], sources, f"{where}.mcid") if "mcid" in entry else None
    draft = InstrumentDef(
        id=iid,
        label=nonempty(entry["label"], f"{where}.label"),
        items=items,
        method=method,
        missing_rule=rule,
        max_missing=max_missing,
        better=better,
        bands=(),
        source=source,
        mcid=mcid,
        loinc=loinc,
        per_site=bool_(entry.get("per_site", False), f"{where}.per_site"),
        group=entry.get("group"),
    )
    name, stem = _optional_text(entry, "name", where), _optional_text(entry, "stem", where)
    if stem is not None or any(item.text for item in items):
        # published wording only where the instrument may be reproduced, with the source that says so
        check_source(entry.get("wording_source"), sources, f"{where}.wording_source")
    bands = _bands(entry, draft, sources, where)
    acceptable = tuple(entry.get("plateau_acceptable_bands") or ())
    if acceptable:
        check_source(entry.get("plateau_acceptable_source"), sources, f"{where}.plateau_acceptable_source")
        unknown = set(acceptable) - {band.id for band in bands}
        if unknown:
            raise KnowledgeError(f"{where}.plateau_acceptable_bands: unknown bands {sorted(unknown)}")
    triggers = tuple(_trigger(t, draft, sources, flags, f"{where}.red_flags") for t in entry.get("red_flags") or ())
    return InstrumentDef(
        id=draft.id,
        label=draft.label,
        items=items,
        method=method,
        missing_rule=rule,
        max_missing=max_missing,
        better=better,
        bands=bands,
        source=source,
        mcid=mcid,
        loinc=loinc,
        per_site=draft.per_site,
        plateau_acceptable_bands=acceptable,
        red_flag_triggers=triggers,
        group=draft.group,
        name=name,
        stem=stem,
    )


def _options(entry: Any, where: str) -> tuple[AnswerOption, ...]:
    if not isinstance(entry, list) or len(entry) < 2:
        raise KnowledgeError(f"{where}: an option set needs at least two options")
    options: list[AnswerOption] = []
    for option in entry:
        _keys(option, where, required={"value", "label"}, optional={"points"})
        value = int_(option["value"], f"{where}.value", minimum=0)
        points = number(option.get("points", value), f"{where}.points", minimum=0.0)
        options.append(AnswerOption(value, nonempty(option["label"], f"{where}.label"), points))
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        raise KnowledgeError(f"{where}: option values must be unique, got {values}")
    return tuple(options)


def _item(entry: Any, option_sets: Mapping[str, tuple[AnswerOption, ...]], where: str) -> ItemDef:
    _keys(entry, where, required={"id", "label"},
          optional={"numeric", "options", "points_by_sex", "subscale", "text"})
    iid = str(entry["id"])
    where = f"{where} {iid}"
    if ("numeric" in entry) == ("options" in entry):
        raise KnowledgeError(f"{where}: give exactly one of numeric or options")
    subscale = entry.get("subscale")
    if "numeric" in entry:
        numeric = entry["numeric"]
        _keys(numeric, f"{where}.numeric", required={"min", "max", "step"})
        low = number(numeric["min"], f"{where}.numeric.min")
        high = number(numeric["max"], f"{where}.numeric.max")
        step = number(numeric["step"], f"{where}.numeric.step")
        if not low < high or step <= 0:
            raise KnowledgeError(f"{where}: numeric range needs min < max and a positive step")
        if "points_by_sex" in entry:
            raise KnowledgeError(f"{where}: points_by_sex applies to answer options only")
        return ItemDef(iid, nonempty(entry["label"], where), minimum=low, maximum=high, step=step, subscale=subscale,
                       text=_optional_text(entry, "text", where))
    ref = entry["options"]
    options = option_sets.get(ref) if isinstance(ref, str) else _options(ref, f"{where}.options")
    if options is None:
        raise KnowledgeError(f"{where}: unknown option set {ref!r}; known {sorted(option_sets)}")
    by_sex: dict[str, float] = {}
    if "points_by_sex" in entry:
        weights = entry["points_by_sex"]
        if not isinstance(weights, Mapping) or set(weights) != _SEXES:
            raise KnowledgeError(f"{where}.points_by_sex: give points for exactly {sorted(_SEXES)}")
        by_sex = {
            str(sex): number(points, f"{where}.points_by_sex.{sex}", minimum=0.0) for sex, points in weights.items()
        }
    return ItemDef(iid, nonempty(entry["label"], where), options=options, points_by_sex=by_sex, subscale=subscale,
                   text=_optional_text(entry, "text", where))


def _optional_text(entry: Mapping[str, Any], key: str, where: str) -> str | None:
    return nonempty(entry[key], f"{where}.{key}") if key in entry else None


def _missing(entry: Any, items: int, where: str) -> tuple[MissingRule, int]:
    _keys(entry, where, required={"rule"}, optional={"max_missing"})
    rule = enum_(MissingRule, entry["rule"], f"{where}.rule")
    if rule is MissingRule.REFUSE:
        if "max_missing" in entry:
            raise KnowledgeError(f"{where}: rule refuse scores only complete responses; drop max_missing")
        return rule, 0
    allowed = int_(entry.get("max_missing"), f"{where}.max_missing", minimum=1)
    if allowed >= items:
        raise KnowledgeError(f"{where}: max_missing {allowed} must leave at least one of the {items} items answered")
    return rule, allowed


def _bands(entry: Any, draft: InstrumentDef, sources: Mapping[str, Source], where: str) -> tuple[Band, ...]:
    raw = entry.get("bands") or ()
    if not raw:
        if "bands_source" in entry:
            raise KnowledgeError(f"{where}: bands_source without bands")
        return ()
    source = check_source(entry.get("bands_source"), sources, f"{where}.bands_source")
    low, high = draft.score_range
    subscales = {item.subscale for item in draft.items if item.subscale}
    bands: list[Band] = []
    for band in raw:
        bwhere = f"{where}.bands {band.get('id', '?') if isinstance(band, Mapping) else '?'}"
        _keys(band, bwhere, required={"id", "label"}, optional={"min", "above", "subscale", "subscale_min"})
        if ("min" in band) == ("above" in band):
            raise KnowledgeError(f"{bwhere}: give exactly one of min (inclusive) or above (exclusive)")
        exclusive = "above" in band
        minimum = number(band["above"] if exclusive else band["min"], bwhere)
        if not low <= minimum <= high:
            raise KnowledgeError(f"{bwhere}: {minimum} is outside the score range {low}-{high}")
        subscale = band.get("subscale")
        if subscale is not None and subscale not in subscales:
            raise KnowledgeError(f"{bwhere}: unknown subscale {subscale!r}")
        if (subscale is None) != ("subscale_min" not in band):
            raise KnowledgeError(f"{bwhere}: subscale and subscale_min go together")
        subscale_min = number(band.get("subscale_min", 0), f"{bwhere}.subscale_min")
        bands.append(
            Band(
                str(band["id"]),
                nonempty(band["label"], bwhere),
                minimum,
                exclusive,
                subscale,
                subscale_min,
                source,
            )
        )
    if bands[0].minimum != low or bands[0].exclusive or bands[0].subscale is not None:
        raise KnowledgeError(f"{where}.bands: the first band must start at the lowest score {low} (min, no subscale)")
    for before, after in itertools.pairwise(bands):
        if after.minimum < before.minimum:
            raise KnowledgeError(
                f"{where}.bands: list bands from least to most severe ({after.id} starts below {before.id})"
            )
    ids = [band.id for band in bands]
    if len(set(ids)) != len(ids):
        raise KnowledgeError(f"{where}.bands: band ids must be unique, got {ids}")
    return tuple(bands)


def _mcid(entry: Any, sources: Mapping[str, Source], where: str) -> Mcid:
    _keys(entry, where, required={"text", "source"}, optional={"absolute", "relative"})
    if "absolute" not in entry and "relative" not in entry:
        raise KnowledgeError(f"{where}: give an absolute or a relative MCID (or both)")
    absolute = number(entry["absolute"], f"{where}.absolute") if "absolute" in entry else None
    relative = number(entry["relative"], f"{where}.relative") if "relative" in entry else None
    if absolute is not None and absolute <= 0:
        raise KnowledgeError(f"{where}.absolute: must be positive")
    if relative is not None and not 0 < relative < 1:
        raise KnowledgeError(f"{where}.relative: a fraction of the baseline between 0 and 1, e.g. 0.30")
    return Mcid(
        absolute,
        relative,
        check_source(entry["source"], sources, where),
        nonempty(entry["text"], f"{where}.text"),
    )


def _trigger(
    entry: Any,
    draft: InstrumentDef,
    sources: Mapping[str, Source],
    flags: Mapping[tuple[str, str], Any],
    where: str,
) -> RedFlagTrigger:
    _keys(entry, where, required={"item", "at_least", "flag", "rule", "when_unanswered", "source"})
    check_source(entry["source"], sources, where)
    if entry["item"] not in {item.id for item in draft.items}:
        raise KnowledgeError(f"{where}: unknown item {entry['item']!r}")
    rule = flags.get((entry["flag"], entry["rule"]))
    if rule is None:
        raise KnowledgeError(f"{where}: red flag {entry['flag']!r} has no rule {entry['rule']!r} in red_flags.yaml")
    flag = RedFlag(rule.id, rule.label, rule.rule_id, rule.min_triage, (), rule.action, rule.source)
    return RedFlagTrigger(
        str(entry["item"]),
        number(entry["at_least"], f"{where}.at_least"),
        flag,
        nonempty(entry["when_unanswered"], f"{where}.when_unanswered"),
    )


def _loinc(entry: Mapping[str, Any], sources: Mapping[str, Source], where: str) -> str | None:
    if "loinc" not in entry:
        if "loinc_source" in entry:
            raise KnowledgeError(f"{where}: loinc_source without a loinc code")
        return None
    code = str(entry["loinc"])
    check_source(entry.get("loinc_source"), sources, f"{where}.loinc_source")
    if not loinc_valid(code):
        raise KnowledgeError(f"{where}: {code!r} is not a valid LOINC code (format or check digit)")
    return code
