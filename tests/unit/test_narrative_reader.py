"""The narrative reader as a component: one reader per knowledge base, each with its own words."""

from __future__ import annotations

import dataclasses

from painpath.adapters.knowledge_files import LexiconEntry
from painpath.domain.model import KnowledgeBase, Status
from painpath.narrative.pipeline import NarrativeReader


def _with_regex(kb: KnowledgeBase, finding: str, pattern: str) -> KnowledgeBase:
    """The same knowledge base with one extra regular expression for one finding."""
    lexicon: dict[str, LexiconEntry] = dict(kb.extra["lexicon"])
    entry = lexicon[finding]
    lexicon[finding] = dataclasses.replace(entry, regex=(*entry.regex, pattern))
    return dataclasses.replace(kb, extra={**kb.extra, "lexicon": lexicon})


def _found(reader: NarrativeReader, text: str) -> dict[str, Status]:
    return {o.finding: o.status for o in reader.read(text).observations}


def test_each_knowledge_base_keeps_its_own_regular_expressions(kb: KnowledgeBase) -> None:
    first = NarrativeReader(_with_regex(kb, "night_pain", r"(?i)\bzorblat\b"))
    second = NarrativeReader(_with_regex(kb, "fever", r"(?i)\bquixotherm\b"))

    assert _found(second, "Back pain and quixotherm.").get("fever") is Status.PRESENT
    assert "night_pain" not in _found(second, "Back pain and zorblat.")
    assert _found(first, "Back pain and zorblat.").get("night_pain") is Status.PRESENT
    assert "fever" not in _found(first, "Back pain and quixotherm.")
