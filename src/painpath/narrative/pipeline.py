"""Free text to a PatientStory with medSpaCy: target matching from the knowledge lexicon, then ConText.

This is the only module that knows spaCy. The pipeline is a blank English tokenizer, spaCy's rule-based
sentencizer (PyRuSH costs ~7x more per note for no gain on short notes), medSpaCy's TargetMatcher built
from the knowledge base's words for each finding, and medSpaCy's ConText with its default English rules
plus the clinic's own modifiers (knowledge/narrative.yaml).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from medspacy.context import ConText, ConTextRule
from medspacy.target_matcher import TargetMatcher, TargetRule
from spacy.language import Language
from spacy.tokens import Doc, Span

from painpath.adapters.knowledge_files import LexiconEntry
from painpath.domain.model import KnowledgeBase, Observation, PatientStory, Status
from painpath.domain.plan import ProcedureResponse
from painpath.domain.plan_model import PlanningKnowledge
from painpath.narrative.medications import MedicationLexicon
from painpath.narrative.responses import ResponseReader
from painpath.narrative.values import extract_values

ABSENT_MARK = "absent_term"
FROM_REGEX = "from_regex"
SPAN_GROUP = "painpath_targets"
PRUNER = "painpath_prune_nested"
REGEX_TARGETS = "painpath_regex_targets"
_SIDE_WORDS = {"left": "left", "right": "right", "bilateral": "bilateral", "both": "bilateral", "bilaterally": "bilateral"}


class NarrativeReader:
    """Reads notes: built once per knowledge base, then reused for every note."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        narrative = kb.extra.get("narrative", {})
        self.nlp = _build_nlp(kb.extra["lexicon"], narrative)
        causes = list(narrative.get("explained_by", []))
        self.explained = re.compile("|".join(f"(?:{c})" for c in causes), re.I) if causes else None
        planning = kb.extra.get("planning")
        side_effects = planning.side_effects if isinstance(planning, PlanningKnowledge) else ()
        self.medications = MedicationLexicon(
            kb.extra.get("medications", []), [word for kind in side_effects for word in kind.words]
        )
        self.responses = ResponseReader(planning.options if isinstance(planning, PlanningKnowledge) else {})

    def read(self, text: str) -> PatientStory:
        """Understand one free-text note."""
        doc = self.nlp(text)
        observations = tuple(
            _observation(span) for span in doc.spans[SPAN_GROUP] if not _ignored(span, self.explained)
        )
        values = extract_values(text)
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        return PatientStory(
            observations=observations,
            values=values.values,
            sex=values.sex,
            medications=tuple(self.medications.find(text, sentences)),
            levels=tuple(values.levels),
            laterality=values.laterality,
            text=text,
            value_text=values.text,
        )


    def read_responses(self, text: str) -> tuple[ProcedureResponse, ...]:
        """Procedure results the note records ("MBB #1: 85% relief for 6 hours")."""
        return self.responses.read(text)


ADVICE = "ADVICE"  # narrative.yaml: safety-netting ("advised to attend ED if ...")
EXPLAINED = "EXPLAINED"  # narrative.yaml: a symptom with another stated cause ("wet herself during a seizure")
NOT_NOW = {ADVICE, EXPLAINED}


def _ignored(ent: Span, explained: re.Pattern[str] | None = None) -> bool:
    """Family history, hypothetical mentions, safety-net advice and symptoms with another stated cause are not
    findings about this patient now.

    Advice has its own category so that an "if" inside it ("advised to attend ED if leg weakness, bladder
    symptoms or saddle numbness develop") does not cut its scope short, as two cues of one category would.
    """
    if ent._.is_family or ent._.is_hypothetical:
        return True
    if any(modifier.category in NOT_NOW for modifier in ent._.modifiers):
        return True
    # another cause stated right after the symptom ("wet herself during a seizure", "weak ankle since a stroke"):
    # read as text, because the cause is often a finding itself and ConText drops cues that overlap findings
    if explained is None:
        return False
    sentence_end = ent.sent.end_char if ent.doc.has_annotation("SENT_START") else len(ent.doc.text)
    return bool(explained.match(ent.doc.text[ent.end_char: min(sentence_end, ent.end_char + 60)]))


def _observation(ent: Span) -> Observation:
    # "strength normal" or "afebrile" always means absent: a list negation that runs on from an earlier
    # cue ("no fever, bladder normal") must not flip it back to present
    negated = _negated_from_outside(ent) or bool(ent._.get(ABSENT_MARK))
    return Observation(
        finding=ent.label_,
        status=Status.ABSENT if negated else Status.PRESENT,
        text=_words(ent),
        start=ent.start_char,
        end=ent.end_char,
        historical=bool(ent._.is_historical),
        laterality=_side(ent),
    )


def _negated_from_outside(ent: Span) -> bool:
    """Negation by a cue outside the target: "can't sleep" or "unable to void" is not negated by its own n't."""
    for modifier in ent._.modifiers:
        if modifier.category != "NEGATED_EXISTENCE":
            continue
        first, last = modifier.modifier_span
        if not (ent.start <= first and last <= ent.end):
            return True
    return False


def _words(ent: Span) -> str:
    """The target with its negation cue when there is one, so a reader sees why it is absent."""
    cues = [m for m in ent._.modifiers if m.category == "NEGATED_EXISTENCE"]
    if not cues:
        return ent.text
    first, last = cues[0].modifier_span  # token offsets of the negation cue
    cue = ent.doc[first:last]
    start, end = min(cue.start_char, ent.start_char), max(cue.end_char, ent.end_char)
    return ent.doc.text[start:end] if end - start < 120 else ent.text


def _side(ent: Span) -> str | None:
    for token in ent.sent:
        side = _SIDE_WORDS.get(token.lower_)
        if side:
            return side
    return None


def _build_nlp(lexicon: Mapping[str, LexiconEntry], narrative: Mapping[str, Any]) -> Language:
    for extension in (ABSENT_MARK, FROM_REGEX):
        if not Span.has_extension(extension):
            Span.set_extension(extension, default=False)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";", "\n\n"]})
    # targets go to a span group, where they may overlap: "thoracic back pain" and "pain that wakes him at
    # night" share a word but are two findings; spaCy's entities would keep only one of them
    matcher: TargetMatcher = nlp.add_pipe(
        "medspacy_target_matcher",
        config={"result_type": "group", "span_group_name": SPAN_GROUP, "prune": False},
    )
    matcher.add(_target_rules(lexicon))
    # Regular-expression targets run in one pass of our own: medSpaCy's regex matcher rebuilds doc.text for
    # every rule (measured at ~60% of the time per note with ~80 rules); spans and attributes are the same.
    if not Language.has_factory(REGEX_TARGETS):
        Language.factory(REGEX_TARGETS, func=lambda nlp, name: RegexTargets(_regex_rules(lexicon)))
    nlp.add_pipe(REGEX_TARGETS)
    if not Language.has_factory(PRUNER):
        Language.component(PRUNER, func=_prune_nested)
    nlp.add_pipe(PRUNER)
    # a cue inside a finding's own words ("pain free between attacks", "can't sleep") must not modify others
    context: ConText = nlp.add_pipe(
        "medspacy_context",
        config={
            "rules": None,
            "prune_on_target_overlap": True,
            "input_span_type": "group",
            "span_group_name": SPAN_GROUP,
        },
    )
    context.add(_context_rules(narrative))
    return nlp


def _prune_nested(doc: Doc) -> Doc:
    """Drop a target inside a longer phrase ("weak" in "legs feel weak", "neck" in "neck normal").

    Only a literal phrase prunes what it contains. A regular-expression span is evidence that may enclose other
    findings ("burning perineal pain when sitting" holds the location as well as the aggravating factor), so it
    prunes only a shorter span of its own finding.
    """
    spans = sorted(set(doc.spans[SPAN_GROUP]), key=lambda s: (s.start, -(s.end - s.start), s.label_))
    kept: list[Span] = []
    for span in spans:
        inside = any(
            k.start <= span.start
            and span.end <= k.end
            and (k.end - k.start) > (span.end - span.start)
            and (not k._.get(FROM_REGEX) or k.label_ == span.label_)
            for k in kept
        )
        if not inside:
            kept.append(span)
    doc.spans[SPAN_GROUP] = kept
    return doc


def _target_rules(lexicon: Mapping[str, LexiconEntry]) -> list[TargetRule]:
    """Phrase targets for medSpaCy's matcher (case-insensitive on whole tokens)."""
    rules: list[TargetRule] = []
    for fid, entry in lexicon.items():
        for term in entry.terms:
            rules.append(TargetRule(term, fid))
        for term in entry.absent_terms:
            rules.append(TargetRule(term, fid, attributes={ABSENT_MARK: True}))
    return rules


def _regex_rules(lexicon: Mapping[str, LexiconEntry]) -> list[tuple[re.Pattern[str], str, bool]]:
    rules: list[tuple[re.Pattern[str], str, bool]] = []
    for fid, entry in lexicon.items():
        rules += [(re.compile(pattern), fid, False) for pattern in entry.regex]
        rules += [(re.compile(pattern), fid, True) for pattern in entry.absent_regex]
    return rules


class RegexTargets:
    """Adds a target span for every regular-expression match, expanded to whole tokens."""

    def __init__(self, rules: list[tuple[re.Pattern[str], str, bool]]) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found = list(doc.spans[SPAN_GROUP]) if SPAN_GROUP in doc.spans else []
        for pattern, label, absent in self.rules:
            for match in pattern.finditer(text):
                span = doc.char_span(match.start(), match.end(), label=label, alignment_mode="expand")
                if span is None or len(span) == 0:
                    continue
                if absent:
                    span._.set(ABSENT_MARK, True)
                span._.set(FROM_REGEX, True)
                found.append(span)
        doc.spans[SPAN_GROUP] = found
        return doc


def _context_rules(narrative: Mapping[str, Any]) -> list[ConTextRule]:
    """medSpaCy's default English rules, with the scope limits and extra cues the clinic's notes need."""
    path = Path(str(resources.files("medspacy"))).parent / "resources" / "en" / "context_rules.json"
    defaults = json.loads(path.read_text(encoding="utf-8"))["context_rules"]
    limits: Mapping[str, int] = narrative.get("max_scope", {})
    ended_by: Mapping[str, list[str]] = narrative.get("terminated_by", {})
    dropped = set(narrative.get("drop_default", []))
    custom = [{"direction": "FORWARD", **raw} for raw in narrative.get("context_rules", [])]
    rules: list[ConTextRule] = []
    for raw in [r for r in defaults if r["literal"] not in dropped] + custom:
        category = raw["category"]
        direction = raw.get("direction", "BIDIRECTIONAL")
        max_scope = raw.get("max_scope") or limits.get(category)
        if direction in {"TERMINATE", "PSEUDO"}:
            # A terminating cue must cut the scope of a cue with a token limit too. medSpaCy only compares scopes
            # that overlap at an edge (util.tuple_overlaps), so a sentence-wide terminator never "overlaps" a
            # short scope inside it: "Hx IVDU, back pain" kept the history past the comma. A one-token scope
            # around the terminator always meets the scope it falls in.
            max_scope = 1
        rules.append(
            ConTextRule(
                raw["literal"],
                category,
                pattern=raw.get("pattern"),
                direction=direction,
                max_scope=max_scope,
                terminated_by=set(raw.get("terminated_by") or ended_by.get(category, [])) or None,
            )
        )
    return rules


def read_text(kb: KnowledgeBase, text: str) -> PatientStory:
    """Convenience for one-off use; services keep a NarrativeReader instead."""
    return NarrativeReader(kb).read(text)

