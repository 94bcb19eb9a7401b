"""Side effects in the patient's words and what they mean for the plan (knowledge/plan_intolerance.yaml)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from painpath.adapters.knowledge_parsing import KnowledgeError, _keys
from painpath.domain.plan_model import ANY_CLASS, IntoleranceRule, SideEffectKind


def side_effect_kinds(content: Any, source: Callable[[Any, str], str]) -> tuple[SideEffectKind, ...]:
    """The kinds of side effect with their words; a word may belong to one kind only."""
    out: list[SideEffectKind] = []
    owner: dict[str, str] = {}
    for entry in content or ():
        where = f"side effect {entry.get('id', '?') if isinstance(entry, Mapping) else '?'}"
        _keys(entry, where, required={"id", "label", "words", "source"}, optional={"note"})
        words = tuple(str(w).lower().strip() for w in entry["words"])
        for word in words:
            if not word:
                raise KnowledgeError(f"{where}: every word must be non-empty text")
            if owner.setdefault(word, entry["id"]) != entry["id"]:
                raise KnowledgeError(f"{where}: the words {word!r} already belong to {owner[word]!r}")
        out.append(SideEffectKind(entry["id"], entry["label"], words, source(entry["source"], where)))
    return tuple(out)


def intolerance_rules(
    content: Any,
    kinds: tuple[SideEffectKind, ...],
    option: Callable[[Any, str], str],
    source: Callable[[Any, str], str],
    classes: set[str],
) -> tuple[IntoleranceRule, ...]:
    """What a side effect of a drug class means for other options (exclude or caution)."""
    known = {k.id for k in kinds}
    out: list[IntoleranceRule] = []
    for entry in content or ():
        where = f"intolerance {entry.get('id', '?') if isinstance(entry, Mapping) else '?'}"
        _keys(entry, where, required={"id", "effect", "classes", "message", "source"},
              optional={"exclude", "caution", "note"})
        if entry["effect"] not in known:
            raise KnowledgeError(f"{where}: effect {entry['effect']!r} is not a side effect of side_effects")
        unknown = [c for c in entry["classes"] if c != ANY_CLASS and c not in classes]
        if unknown or not entry["classes"]:
            raise KnowledgeError(f"{where}: classes {unknown or entry['classes']!r} are not medication classes")
        if not entry.get("exclude") and not entry.get("caution"):
            raise KnowledgeError(f"{where}: give the options it excludes or cautions")
        out.append(IntoleranceRule(
            entry["id"], entry["effect"], tuple(entry["classes"]),
            tuple(option(o, f"{where}.exclude") for o in entry.get("exclude", ())),
            tuple(option(o, f"{where}.caution") for o in entry.get("caution", ())),
            str(entry["message"]), source(entry["source"], where),
        ))
    return tuple(out)
