"""Free text to a PatientStory with medSpaCy: target matching from the knowledge lexicon, then ConText.

This is the only module that knows spaCy. The pipeline is a blank English tokenizer, spaCy's rule-based
sentencizer (PyRuSH costs ~7x more per note for no gain on short notes), medSpaCy's TargetMatcher built
from the knowledge base's words for each finding, and medSpaCy's ConText with its default English rules
plus the clinic's own modifiers (knowledge/narrative.yaml).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import spacy
from medspacy.context import ConTextRule
from medspacy.section_detection import Sectionizer, SectionRule
from medspacy.target_matcher import TargetMatcher
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from painpath.adapters.knowledge_files import LexiconEntry
from painpath.domain.model import FindingKind, KnowledgeBase, Observation, PatientStory, Status, UnreadSentence
from painpath.domain.plan import ProcedureResponse
from painpath.domain.plan_model import PlanningKnowledge
from painpath.narrative.components import (
    ABBREVIATIONS,
    CONTEXT,
    LINE_BREAKS,
    PRUNER,
    REGEX_TARGETS,
    SENTENCE_INDEX,
    SPAN_GROUP,
    Abbreviations,
    LineBreaks,
    RegexTargets,
    SentenceContext,
    compile_regex_rules,
    doc_text,
    marked_absent,
    register_factories,
    sentences_of,
)
from painpath.narrative.exam_course import ExamComparison
from painpath.narrative.lexicon import near_patterns, target_rules
from painpath.narrative.medications import MedicationLexicon, name_alternation
from painpath.narrative.responses import ResponseReader
from painpath.narrative.roles import Clause, ClauseReader, Clauses, Course, Role
from painpath.narrative.spelling import Respeller, Respelt
from painpath.narrative.timeline import complaint_duration
from painpath.narrative.unread import UnreadFinder
from painpath.narrative.values import Values, extract_values

MOTOR_WEAKNESS = "motor_weakness"  # the finding a motor grade below 5/5 states (findings.yaml derives it too)
_SIDE_WORDS = {"left": "left", "right": "right", "bilateral": "bilateral", "both": "bilateral", "bilaterally": "bilateral"}


_WRITER_WORDS = re.compile(r"\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|my|me|myself|im|ive)\b", re.I)
_OTHER_PRONOUNS = re.compile(r"\b(?:she|her|herself|he|his|him|himself)\b", re.I)


# where a sentence piece ends: a stop, semicolon or line end followed by a space or the text's end (not "38.8")
_PIECE_END = re.compile(r"[.;!?](?=\s|$)|\n")

class NarrativeReader:
    """Reads notes: built once per knowledge base, then reused for every note."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        narrative = kb.extra.get("narrative", {})
        roles = kb.extra.get("clause_roles", {})
        sites = [f.id for f in kb.findings.values() if f.region is not None]
        self.nlp = _build_nlp(
            kb.extra["lexicon"],
            narrative,
            roles.get("sections", {}),
            sites,
            name_alternation(kb.extra.get("medications", [])),
            lambda drug_class: name_alternation(kb.extra.get("medications", []), drug_class),
        )
        line_breaks = self.nlp.get_pipe(LINE_BREAKS)
        assert isinstance(line_breaks, LineBreaks)
        self.line_breaks: LineBreaks = line_breaks
        course = kb.extra.get("course", {})
        self.clauses = ClauseReader(roles, course)
        self.worsening_means: Mapping[str, str] = course.get("worsening_means", {})
        self.worsening_within = int(course.get("worsening_within", 60))
        self.new_means: Mapping[str, str] = course.get("new_means", {})
        self.new_within = int(course.get("new_within", 40))
        unless = course.get("new_means_unless")
        self.new_means_unless = re.compile(unless, re.I) if unless else None
        links = course.get("side_effect_links", {})
        self.effect_before = re.compile(links["before"], re.I) if links.get("before") else None
        self.effect_after = re.compile(links["after"], re.I) if links.get("after") else None
        self.effect_never: frozenset[str] = frozenset(links.get("never", ()))
        self.effect_stated_cause_only: frozenset[str] = frozenset(links.get("stated_cause_only", ()))
        self.effect_hedged = re.compile(links["hedged"], re.I) if links.get("hedged") else None
        self.effect_hedge_never: frozenset[str] = frozenset(links.get("hedge_never", ()))
        tried = links.get("tried") or {}
        self.tried_findings: frozenset[str] = frozenset(tried.get("findings", ()))
        self.tried_before = re.compile(tried["before"], re.I) if tried.get("before") else None
        self.tried_between = re.compile(tried["between"], re.I) if tried.get("between") else None
        self.never_settled: frozenset[str] = frozenset(course.get("never_settled", ()))
        # a deficit stated settled once and named again later with no course of its own (narrative.yaml
        # course.settled_again): the same deficit, still settled
        again = course.get("settled_again") or {}
        self.settled_again: frozenset[str] = frozenset(again.get("findings", ()))
        self.settled_again_unless = re.compile(again["unless"], re.I) if again.get("unless") else None
        # round 41: a later sentence that sums the deficit up as settled ("Her weakness has been the same over the
        # last three visits") settles the graded mentions before it (course.settled_again.summary)
        self.settled_summary = re.compile(again["summary"], re.I) if again.get("summary") else None
        self.settled_summary_span = re.compile(again["summary_span"], re.I) if again.get("summary_span") else None
        # an illness sign told in a dated past sentence and said to have ended later (narrative.yaml
        # course.ended_later): the same past episode
        ended = course.get("ended_later") or {}
        self.ended_later: frozenset[str] = frozenset(ended.get("findings", ()))
        self.ended_past = re.compile(ended["past"], re.I) if ended.get("past") else None
        self.ended_unless = re.compile(ended["unless"], re.I) if ended.get("unless") else None
        # a motor deficit told as begun lately and unchanged since (narrative.yaml course.new_over_stable): new
        fresh = course.get("new_over_stable") or {}
        self.new_over_stable: frozenset[str] = frozenset(fresh.get("findings", ()))
        self.new_before = re.compile(fresh["before"], re.I) if fresh.get("before") else None
        self.new_after = re.compile(fresh["after"], re.I) if fresh.get("after") else None
        # a relative's illness that is the patient's exposure ("elder brother was on ATT"): family cues and a family
        # clause do not take it away (narrative.yaml relative_exposure)
        self.relative_exposure: frozenset[str] = frozenset(narrative.get("relative_exposure", ()))
        # findings whose own "my" makes them the writer's, whatever kinship word is near (narrative.yaml
        # possessive_is_own: "a note for my family and sorted out my will" is the writer's will)
        self.possessive_is_own: frozenset[str] = frozenset(narrative.get("possessive_is_own", ()))
        self.exam_comparison = ExamComparison(course.get("exam_comparison", {}))
        self.sites_not_in: frozenset[str] = frozenset(roles.get("sites_not_in", ()))
        self.sites_not_inside: frozenset[str] = frozenset(roles.get("sites_not_inside", ()))
        # findings of another kind whose bare word is a body part ("thigh"): inside those words they too need a pain
        # word of their own, as a site does
        self.part_words: frozenset[str] = frozenset(roles.get("part_words", ()))
        hand = kb.extra.get("one_hand", {})
        self.one_hand_means: Mapping[str, str] = hand.get("means", {})
        self.one_hand = re.compile(hand["one"], re.I) if hand.get("one") else None
        self.both_hands = re.compile(hand["both"], re.I) if hand.get("both") else None
        # a bladder change put down to a drug is not settled beside symptoms in both legs or saddle numbness (or a
        # finding that implies one of them, as bilateral sciatica implies both legs)
        self.effect_unsettled: frozenset[str] = frozenset(links.get("unsettled", ()))
        self.effect_unsettled_with: frozenset[str] = _implying(kb, frozenset(links.get("unsettled_with", ())))
        spread = kb.extra.get("side_spread", {})
        self.spread_finding: str | None = spread.get("finding")
        self.spread_named = re.compile(spread["named"], re.I) if spread.get("named") else None
        self.spread_other = re.compile(spread["other"], re.I) if spread.get("other") else None
        self.spread_earlier = {
            side: re.compile(str(spread["earlier"]).format(side=side), re.I)
            for side in ("left", "right")
            if spread.get("earlier")
        }
        self.spread_denied = re.compile(spread["denied"], re.I) if spread.get("denied") else None
        self.spread_symptom = re.compile(spread["symptom"], re.I) if spread.get("symptom") else None
        # words that name no site ("on one side", "twice a month") belong to the nearest site named (``site_attach``)
        self.site_attach: dict[str, tuple[re.Pattern[str], frozenset[str], bool]] = {
            str(rule["finding"]): (
                re.compile(str(rule["bare"]), re.I), frozenset(rule["regions"]), rule.get("without_site", "drop") == "keep"
            )
            for rule in kb.extra.get("site_attach", [])
        }
        # the region each finding names, its own or that of a finding it implies ("an explosive headache" is the head)
        self.site_regions: dict[str, str] = {}
        for definition in kb.findings.values():
            seen, todo = set(), [definition.id]
            while todo and definition.id not in self.site_regions:
                fid = todo.pop(0)
                found = kb.findings.get(fid)
                if found is None or fid in seen:
                    continue
                seen.add(fid)
                if found.region is not None:
                    self.site_regions[definition.id] = str(found.region)
                todo += list(found.implies)
        self.unread = UnreadFinder(kb.extra.get("unread", {}))
        # the finding each measured value states (weight_loss_kg -> weight_loss), from the knowledge's thresholds
        self.value_findings: dict[str, set[str]] = {}
        # a vital sign of a past illness is not today's (knowledge ``course.past_values``)
        past_values = kb.extra.get("course", {}).get("past_values", {})
        self.past_values: frozenset[str] = frozenset(past_values.get("values", ()))
        self.past_value_when = re.compile(past_values["past"], re.I) if past_values.get("past") else None
        self.past_value_now = re.compile(past_values["now"], re.I) if past_values.get("now") else None
        for definition in kb.findings.values():
            if definition.derive is not None:
                self.value_findings.setdefault(definition.derive.value, set()).add(definition.id)
        self.respeller = Respeller(kb.extra["lexicon"], kb.extra.get("spelling"))
        pattern = kb.extra.get("pain_pattern", {})
        self.pattern_joins = re.compile(pattern["joins"], re.I) if pattern.get("joins") else None
        self.pattern_within = int(pattern.get("within", 80))
        proxy = narrative.get("proxy")
        self.proxy = re.compile(proxy, re.I) if proxy else None
        self.proxy_openings = [re.compile(p, re.I) for p in narrative.get("proxy_openings", [])]
        self.proxy_reach = int(narrative.get("proxy_reach", 300))
        own = narrative.get("self_report")
        self.self_report = re.compile(own, re.I) if own else None
        voice = narrative.get("clinician_voice")
        self.clinician_voice = re.compile(voice, re.I) if voice else None
        # in a note the patient writes, a finding told right after "he had" or "she has" is someone else's ("carrying my
        # son ... because he had fever 39"): knowledge ``own_note_other_subject``, matched on the words just before it
        other = narrative.get("own_note_other_subject")
        self.other_subject = re.compile(rf"(?:{other})\s*$", re.I) if other else None
        self.other_subject_kept = frozenset(narrative.get("own_note_other_subject_kept", []))
        # ... or at the start of the finding's own words (a pattern that holds the subject: "he had fever")
        self.other_subject_opens = re.compile(rf"(?:{other})(?=\w)", re.I) if other else None
        # the words that name one relation ("dad", "father"), and who the patient is to a writer who names herself
        # ("I am his daughter": the patient is her dad)
        self.kin_groups = [frozenset(w.lower() for w in group) for group in narrative.get("kin_groups", [])]
        self.writer_roles: Mapping[str, list[str]] = narrative.get("proxy_writer_roles", {})
        # a relative the patient speaks to ("she told her brother there's no point") hears the words; they are not his
        addressee = narrative.get("family_addressee")
        self.addressee = re.compile(addressee, re.I) if addressee else None
        causes = list(narrative.get("explained_by", []))
        self.explained = re.compile("|".join(f"(?:{c})" for c in causes), re.I) if causes else None
        # a finding its own sentence tells as a long-standing ordinary condition (leaks on coughing since childbirth)
        # (a rule marked ``inside`` holds only for the finding's words inside its match: "legs" in "between my legs")
        self.explained_in_sentence: dict[str, list[tuple[re.Pattern[str], re.Pattern[str] | None, bool]]] = {}
        for rule in narrative.get("explained_in_sentence", []):
            unless = re.compile(rule["unless"], re.I) if rule.get("unless") else None
            inside = bool(rule.get("inside", False))
            for finding in rule["findings"]:
                self.explained_in_sentence.setdefault(finding, []).append(
                    (re.compile(rule["when"], re.I | re.S), unless, inside)
                )
        planning = kb.extra.get("planning")
        side_effects = planning.side_effects if isinstance(planning, PlanningKnowledge) else ()
        self.medications = MedicationLexicon(
            kb.extra.get("medications", []), [word for kind in side_effects for word in kind.words]
        )
        self.responses = ResponseReader(planning.options if isinstance(planning, PlanningKnowledge) else {})
        self.reported = ReportedWords(narrative.get("reported", {}))

    def read(self, text: str) -> PatientStory:
        """Understand one free-text note."""
        original = text
        # dropped g's and sound spellings respelt as the knowledge writes them ("shiverin" -> "shivering"); every
        # span is mapped back to the note as written at the end
        respelt = self.respeller.respell_text(unwrap(text, self.line_breaks))
        text = respelt.text
        doc = self.nlp(text)
        sentence_spans = sentences_of(doc)
        clauses = self.clauses.read(doc, text, sentence_spans)
        observations: list[Observation] = []
        # the relative a proxy note is about ("My dad has ..."): later clauses that open on the same relative ("My
        # dad has been stockpiling his tablets") are about the patient, not family history
        proxy_kin = self._proxy_kin(text)
        by_proxy = proxy_kin is not None
        # a finding with a third person as its subject in the patient's own note ("he had fever 39") is someone else's:
        # left out, and a value in its words is not the patient's either
        others = (
            {
                (s.start_char, s.end_char, s.label_) for s in doc.spans[SPAN_GROUP]
                if s.label_ not in self.other_subject_kept
                and (
                    self.other_subject.search(text, max(0, s.start_char - 40), s.start_char) is not None
                    or (self.other_subject_opens is not None and self.other_subject_opens.match(s.text) is not None)
                )
            }
            if self.other_subject is not None and self._own_note(text, by_proxy=by_proxy)
            else set()
        )
        drugs = [(m.start(), m.end()) for m in self.medications.matches(text)]
        # the words of a clumsy hand or an unsteady walk name a body part that does not hurt ("both my hands have
        # gone clumsy", "drops things with both hands", "I walk with my feet wide apart"): a site in the same comma
        # piece needs a pain word of its own, as in an examination
        function = [(s.start_char, s.end_char) for s in doc.spans[SPAN_GROUP] if s.label_ in self.sites_not_in]
        # words that name a part without a pain there ("numbness over the dorsum of the left foot", "a tumour in my
        # neck"): only a site inside them needs a pain word of its own (knowledge ``sites_not_inside``); words stated
        # absent ("no numbness in my legs") keep the site's own denial as before
        inside = [
            (s.start_char, s.end_char) for s in doc.spans[SPAN_GROUP]
            if s.label_ in self.sites_not_inside and not (_negated_from_outside(s) or marked_absent(s))
        ]
        # what a leaflet, a search or a form says, a question put to the patient, and the options of an exam
        # question are not the patient's state: ignored unless the patient's answer affirms them, absent when it
        # denies them (knowledge ``reported``)
        reported = self.reported.regions(text, sentence_spans)
        # (a question answered no is a denial even when its "if" reads as hypothetical: "asked if I had lost weight and
        # I said no")
        # a question put to the patient and not answered no is read as written: its own "if" ("my GP asked if I had any
        # numbness in my saddle area") does not make its words hypothetical, as "whether" never did
        site_cache: dict[str, Any] = {}  # the note's sites, worked out once (see _site_elsewhere)
        spans = [
            s for s in doc.spans[SPAN_GROUP]
            if self.reported.verdict(reported, s.start_char) == REPORTED_DENIED
            or (
                not _ignored(
                    s, text, self.explained, by_proxy=by_proxy, proxy_kin=proxy_kin,
                    asked_from=self.reported.asked_from(reported, s.start_char), addressee=self.addressee,
                    exposure=s.label_ in self.relative_exposure,
                    own=s.label_ in self.possessive_is_own and _own_words(s, text),
                )
                and not self._explained_in_sentence(s, text)
                and self.reported.verdict(reported, s.start_char) != REPORTED_IGNORED
                and not self._site_elsewhere(s, doc, sentence_spans, site_cache)
                and (s.start_char, s.end_char, s.label_) not in others
            )
        ]
        spread = self._spread_to_both_legs(text, clauses)
        # the findings that keep a drug's bladder effect unsettled are read first, then every target in note order
        first = {
            k: self._observe(span, text, clauses, drugs, proxy_kin, function, inside)
            for k, span in enumerate(spans)
            if span.label_ in self.effect_unsettled_with
        }
        # only symptoms of now count: both legs numb from a polyneuropathy "unchanged over the past year" are no sign
        # of a cauda equina beside a drug's bladder effect
        unsettled = bool(spread) or any(
            o.status is Status.PRESENT
            and not o.historical
            and o.course not in _SETTLED
            and o.finding in self.effect_unsettled_with
            for found in first.values()
            for o in found
        )
        for k, span in enumerate(spans):
            found = first[k] if k in first else self._observe(
                span, text, clauses, drugs, proxy_kin, function, inside, bladder_unsettled=unsettled
            )
            if self.reported.verdict(reported, span.start_char) == REPORTED_DENIED:
                found = [replace(o, status=Status.ABSENT) for o in found]
            observations += found
        observations = self._settled_again(text, observations)
        observations, summaries = self._settled_by_summary(text, observations)
        observations, ended_pieces = self._ended_later(text, observations)
        observations += spread
        sentences = [(s.start_char, s.end_char) for s in sentence_spans]
        # a grade or reflex worse today than at an earlier examination is a worsening deficit, told by numbers
        worse, past_grades = self.exam_comparison.read(text)
        observations += worse
        # a value said in words the reader states absent ("lost 3 stone on Slimming World" is no unexplained weight
        # loss) is not read as that finding's value either
        denied = [(o.start, o.end, o.finding) for o in observations if o.status is Status.ABSENT]
        # a value inside the words of a finding left out as a relative's ("staying with my sister who is 30 weeks
        # pregnant") is the relative's, not the patient's (round 25)
        kept = {(s.start_char, s.end_char, s.label_) for s in spans}
        relatives = [
            (s.start_char, s.end_char) for s in doc.spans[SPAN_GROUP]
            if (s._.is_family or (s.start_char, s.end_char, s.label_) in others)
            and (s.start_char, s.end_char, s.label_) not in kept
        ]
        values, settled = self._values(
            text, clauses, by_proxy=by_proxy, past_grades=past_grades, denied=denied, relatives=relatives,
            ended=ended_pieces, summed_up=summaries.get(MOTOR_WEAKNESS, -1),
        )
        observations += settled
        values.values.pop("duration_days", None)
        values.text.pop("duration_days", None)
        duration = complaint_duration(self.kb, text, values.durations, observations, clauses, sentences)
        if duration is not None:
            values.values["duration_days"] = duration.days
            values.text["duration_days"] = duration.words
        regions = self._region_count(text, observations, clauses)
        if regions:
            values.values["pain_region_count"] = float(regions)
        targets = [(span.start_char, span.end_char) for span in doc.spans[SPAN_GROUP]]
        unread, flagged = self.unread.find(
            text,
            clauses,
            targets,
            lambda spans: [
                not_now or self.reported.verdict(reported, start) not in (None, REPORTED_ASKED)
                for not_now, (start, _) in zip(self._not_now(doc, spans, by_proxy=by_proxy), spans, strict=True)
            ],
        )
        observations += flagged
        if respelt.back is not None:
            observations, unread = _as_written(respelt, original, observations, unread)
        return PatientStory(
            observations=tuple(observations),
            values=values.values,
            sex=values.sex,
            medications=tuple(self.medications.find(text, sentences)),
            levels=tuple(values.levels),
            laterality=values.laterality,
            text=original,
            value_text=values.text,
            unread=unread,
        )

    def _begun_lately(self, text: str, span: Span, observation: Observation) -> bool:
        """A motor deficit whose own words say it began lately - "new" right before it, or an onset of days or a few
        weeks right after it in its sentence piece ("L foot drop noticed 4 days ago, stable", "foot drop started last
        week and has been unchanged since") - is a new deficit however stable since (course.new_over_stable)."""
        if span.label_ not in self.new_over_stable or observation.status is not Status.PRESENT:
            return False
        if self.new_before is not None and self.new_before.search(text[max(0, span.start_char - 30): span.start_char]):
            return True
        return self.new_after is not None and self.new_after.match(text, span.end_char) is not None

    def _settled_again(self, text: str, observations: list[Observation]) -> list[Observation]:
        """A deficit the note has stated stable or residual, named again later on the same side (or with no side) with
        no course of its own and no word of change in its sentence piece ("a permanent foot drop since the operation,
        exactly the same since ... her foot drop is measured at each review"), is the same settled deficit
        (course.settled_again)."""
        if not self.settled_again:
            return observations
        settled: dict[str, list[str | None]] = {}
        kept: list[Observation] = []
        for obs in observations:
            if obs.finding in self.settled_again and obs.status is Status.PRESENT and not obs.historical:
                if obs.course == Course.STABLE.value:
                    settled.setdefault(obs.finding, []).append(obs.laterality)
                elif obs.course is None and obs.finding in settled and (
                    obs.laterality is None or obs.laterality in settled[obs.finding]
                ):
                    piece_start = max(text.rfind(mark, 0, obs.start) for mark in ".;!?\n") + 1
                    ends = [i for i in (text.find(mark, obs.end) for mark in ".;!?\n") if i >= 0]
                    piece = text[piece_start: min(ends) if ends else len(text)]
                    if self.settled_again_unless is None or not self.settled_again_unless.search(piece):
                        obs = replace(obs, course=Course.STABLE.value)
            kept.append(obs)
        return kept

    @staticmethod
    def _piece(text: str, start: int, end: int) -> tuple[int, str]:
        """The sentence piece (between stops, semicolons, question or exclamation marks and line ends) around a span."""
        piece_start = max(text.rfind(mark, 0, start) for mark in ".;!?\n") + 1
        ends = [i for i in (text.find(mark, end) for mark in ".;!?\n") if i >= 0]
        return piece_start, text[piece_start: min(ends) if ends else len(text)]

    def _settled_by_summary(
        self, text: str, observations: list[Observation]
    ) -> tuple[list[Observation], dict[str, int]]:
        """A deficit summed up as settled in a later sentence of its own, with no side ("Her weakness has been the same
        over the last three visits", "The numbness is unchanged since his last review"), settles the mentions of the
        same deficit before it that have no course of their own and no word of change in their sentence piece
        ("Wrist extension MRC 4/5 right"): the writer's summary is of those findings (course.settled_again.summary).
        The summary names the span it was settled over (visits, reviews, months, years: summary_span). A mention told
        new or worse, or a summary that names a side, a body part or a word of change, is left as it is. Returns the observations and,
        for each deficit summed up, where its last summary starts (a motor grade before it is settled in _values)."""
        if self.settled_summary is None or not self.settled_again:
            return observations, {}
        summaries: dict[str, int] = {}
        for obs in observations:
            if (
                obs.finding in self.settled_again
                and obs.status is Status.PRESENT
                and not obs.historical
                and obs.course == Course.STABLE.value
                and obs.laterality is None
            ):
                piece_start, piece = self._piece(text, obs.start, obs.end)
                told_changed = self.settled_again_unless is not None and self.settled_again_unless.search(piece)
                over_time = self.settled_summary_span is None or self.settled_summary_span.search(piece)
                if self.settled_summary.match(text[piece_start: obs.end]) and over_time and not told_changed:
                    summaries[obs.finding] = max(summaries.get(obs.finding, -1), obs.start)
        if not summaries:
            return observations, summaries
        kept: list[Observation] = []
        for obs in observations:
            if (
                obs.finding in summaries
                and obs.course is None
                and obs.status is Status.PRESENT
                and not obs.historical
                and obs.end <= summaries[obs.finding]
            ):
                _, piece = self._piece(text, obs.start, obs.end)
                if self.settled_again_unless is None or not self.settled_again_unless.search(piece):
                    obs = replace(obs, course=Course.STABLE.value)
            kept.append(obs)
        return kept, summaries

    def _ended_later(
        self, text: str, observations: list[Observation]
    ) -> tuple[list[Observation], list[tuple[int, int]]]:
        """An illness sign whose last mention in the note says it has ended or denies it ("Now fever is finished since 5
        days", "The fever has gone now"),
        named earlier in a sentence dated in the past with no word of now ("Last week ... fever 39 for three days"),
        is the same ended episode (course.ended_later). A later present mention, or an earlier one told now, keeps it.
        Another sign of the group in that past sentence, not named again after the end, ended with it ("a fever with
        shivers for a few days. The fever has gone now"). Returns the sentence pieces found past: a temperature told in
        them is the past illness's (course.past_values)."""
        if not self.ended_later or self.ended_past is None:
            return observations, []
        last: dict[str, Observation] = {}
        for obs in observations:
            if (
                obs.finding in self.ended_later
                and obs.status is Status.PRESENT
                and obs.start >= 0
                and (obs.finding not in last or obs.start > last[obs.finding].start)
            ):
                last[obs.finding] = obs
        for obs in observations:  # the note's last word may be a denial ("The fever has gone now", "no fever now")
            if (obs.finding in self.ended_later and obs.status is Status.ABSENT and obs.start >= 0
                    and (obs.finding not in last or obs.start > last[obs.finding].start)):
                last[obs.finding] = obs
        ended = {f for f, obs in last.items()
                 if obs.status is Status.ABSENT or (obs.course == Course.RESOLVED.value and obs.historical)}
        if not ended:
            return observations, []
        end_at = max(last[f].start for f in ended)
        ending = {f for f in self.ended_later if f in ended or (f in last and last[f].start < end_at)}
        kept: list[Observation] = []
        pieces: list[tuple[int, int]] = []
        for obs in observations:
            before = last[obs.finding].start if obs.finding in ended else end_at
            if (obs.finding in ending and obs.status is Status.PRESENT and not obs.historical
                    and obs.course in (None, Course.NEW.value) and 0 <= obs.start < before):
                # a sentence ends at a stop followed by a space or the end ("temp 38.8" is no sentence end)
                piece_start = max((m.end() for m in _PIECE_END.finditer(text, 0, obs.start)), default=0)
                after = _PIECE_END.search(text, obs.end)
                piece = text[piece_start: after.start() if after else len(text)]
                if self.ended_past.search(piece) and not (self.ended_unless and self.ended_unless.search(piece)):
                    obs = replace(obs, course=Course.RESOLVED.value, historical=True)
                    pieces.append((piece_start, piece_start + len(piece)))
            kept.append(obs)
        return kept, pieces

    def _site_elsewhere(self, span: Span, doc: Doc, sentences: list[Span], cache: dict[str, Any]) -> bool:
        """Whether words that name no site ("on one side", "twice a month") belong to a site other than the one their
        finding is about: the nearest site named in their sentence, else the nearest in the note, is of another
        region ("pain at the base of my spine on one side" is no one-sided headache), or no site is named at all and
        the finding's rule drops such words.

        The note's sites (and which sentence holds each) are listed once per note in ``cache``, not once per span:
        a long note has many spans, and walking every span for each made reading grow with the square of length."""
        rule = self.site_attach.get(span.label_)
        if rule is None:
            return False
        bare, regions, keep_without_site = rule
        if not bare.match(span.text.strip()):
            return False
        if "sites" not in cache:
            sites = [
                (s.start_char, s.end_char, self.site_regions[s.label_]) for s in doc.spans[SPAN_GROUP]
                if s.label_ in self.site_regions
                and not (s.label_ in self.site_attach and self.site_attach[s.label_][0].match(s.text.strip()))
            ]
            starts = [t.start_char for t in sentences]
            by_sentence: dict[int, list[tuple[int, int, str]]] = {}
            for site in sites:  # in the note's span order, which breaks ties below
                k = _sentence_index(starts, sentences, site[0])
                if k is not None:
                    by_sentence.setdefault(k, []).append(site)
            cache.update(sites=sites, starts=starts, by_sentence=by_sentence)
        all_sites: list[tuple[int, int, str]] = cache["sites"]
        if not all_sites:
            return not keep_without_site
        k = _sentence_index(cache["starts"], sentences, span.start_char)
        near = (cache["by_sentence"].get(k) if k is not None else None) or all_sites
        start, end = span.start_char, span.end_char

        def distance(site: tuple[int, int, str]) -> int:  # a site overlapping the words is nearest of all
            return max(start - site[1], site[0] - end)

        nearest = min(near, key=lambda site: (distance(site), site[0] > start))
        return nearest[2] not in regions

    def _proxy_kin(self, text: str) -> frozenset[str] | None:
        """The words naming the relative a note is written about, when a relative writes for the patient; None when
        the note is the patient's own.

        The note says so in its opening sentences ("My dad has ...", "I'm writing for my husband", "Writing on my
        father's behalf", "I am his daughter"), and tells the complaint in the third person: a note whose complaint
        is in the first person ("My mum had breast cancer and my lower back hurts") is the writer's own, and the
        relative in it is family history (issue 10, round 22).
        """
        opening = text[: self.proxy_reach]
        found = self.proxy.search(opening) if self.proxy else None
        words: frozenset[str] = frozenset()
        if found is not None:
            kin = _PROXY_KIN.search(found.group(0))
            words = self._kin_words(kin.group(1)) if kin else frozenset()
        else:
            for pattern in self.proxy_openings:
                found = pattern.search(opening)
                if found is None:
                    continue
                # an opening names either the writer's own relation ("I am his daughter": group ``writer``) or the
                # relative the note is about ("My husband's leg is ..."): only the writer's relation is turned round
                writer = found.groupdict().get("writer")
                if writer:
                    words = frozenset(w for kin in self.writer_roles.get(writer.lower(), []) for w in self._kin_words(kin))
                else:
                    named = found.group(1).lower() if found.groups() and found.group(1) else ""
                    words = self._kin_words(named)
                break
        if found is None:
            return None
        if self.self_report is not None and self.self_report.search(text):
            return None
        # a complaint told before the relative is named, and nobody in the note told of as "he" or "she" ("Low back
        # pain for 6 weeks after lifting at work. My mother has breast cancer."): the relative is the writer's family
        # history, not the subject (round 41, lead41: the mother's cancer was read as the patient's, a malignancy flag)
        before = text[: found.start()]
        if _COMPLAINT_WORDS.search(before) and not _THIRD_PERSON.search(before + " " + text[found.end():]):
            return None
        return words

    def _kin_words(self, word: str) -> frozenset[str]:
        word = re.sub(r"['’]s$", "", word.lower())
        for group in self.kin_groups:
            if word in group:
                return group
        return frozenset({word}) if word else frozenset()

    def _not_now(self, doc: Doc, spans: list[tuple[int, int]], *, by_proxy: bool = False) -> list[bool]:
        """For words at (start, end) that no finding covers: would the reader read a finding there as denied, a
        relative's, hypothetical or advice? (The unread net's question: such words were understood.)"""
        context = self.nlp.get_pipe(CONTEXT)
        assert isinstance(context, SentenceContext)
        probes = [doc.char_span(start, end, label=UNREAD_PROBE, alignment_mode="expand") for start, end in spans]
        present = [probe for probe in probes if probe is not None and len(probe) > 0]
        found = dict(zip((id(p) for p in present), context.modifiers_of(doc, present), strict=True))
        verdicts: list[bool] = []
        for probe in probes:
            modifiers = found.get(id(probe), []) if probe is not None else []
            verdicts.append(probe is not None and any(_not_now_cue(m, probe, by_proxy=by_proxy) for m in modifiers))
        return verdicts

    def _values(
        self,
        text: str,
        clauses: Clauses,
        *,
        by_proxy: bool = False,
        past_grades: frozenset[int] = frozenset(),
        denied: list[tuple[int, int, str]] | None = None,
        relatives: list[tuple[int, int]] | None = None,
        ended: list[tuple[int, int]] | None = None,
        summed_up: int = -1,
    ) -> tuple[Values, list[Observation]]:
        """The note's measured values, each read where it stands: an age in an old story ("broke her wrist aged
        19") is not the patient's, and a motor grade stated stable or old ("4+/5, unchanged for a year") is a
        settled deficit, not a new one (kept as a finding with its course, left out of the values). The grade of an
        earlier examination beside today's (``past_grades``) is left out: today's says how weak the muscle is. A grade
        with no course of its own before a sentence that sums the weakness up as settled (``summed_up``, where that
        sentence's weakness stands: "Her weakness has been the same over the last three visits") is settled too."""
        settled: list[Observation] = []
        # a note the patient writes (more words of "I" and "my" than of "she" or "he", no clinician's words:
        # narrative.yaml clinician_voice), not for a relative: a third-person pronoun is someone else's ("I gave her my
        # dog"), not the patient's sex
        own_note = self._own_note(text, by_proxy=by_proxy)

        def skip(key: str, at: int) -> bool:
            if key == "sex_pronoun":
                return own_note
            findings = self.value_findings.get(key, set())
            if any(start <= at < end and f in findings for start, end, f in denied or ()):
                return True  # the words the value stands in state its finding absent
            if any(start <= at < end for start, end in relatives or ()):
                return True  # the words the value stands in are about a relative
            clause = clauses.at(at)
            role = clause.role if clause else Role.COMPLAINT
            if role is Role.FAMILY and not by_proxy:
                # a relative's value is not the patient's ("Toddler is home with a temperature of 39"); a relative
                # writing for the patient gives the patient's ("my mother is 78")
                return True
            if key == "age":
                return role is Role.HISTORY
            if key in self.past_values:
                if any(start <= at < end for start, end in ended or ()):
                    return True  # told in a past illness's sentence the note later says ended (course.ended_later)
                return self._past_value(text, clauses, clause, role, at)
            if key != "motor_grade_min":
                return False
            if at in past_grades:
                return True
            course, _ = self.clauses.course_of(text, clause, at, at + 4)
            if course is None and 0 <= at < summed_up:
                _, piece = self._piece(text, at, at + 3)
                if self.settled_again_unless is None or not self.settled_again_unless.search(piece):
                    course = Course.STABLE
            effect = self.clauses.effect(role)
            if not (effect.historical or course in {Course.STABLE, Course.TREATED, Course.RESOLVED}):
                return False
            if _FULL_GRADE.match(text, at):
                return True  # full power told after a recovery ("recovered fully and he now has 5/5") is no weakness
            words = text[at: at + 6].split()[0] if text[at: at + 6].split() else text[at: at + 4]
            settled.append(
                Observation(
                    MOTOR_WEAKNESS, Status.PRESENT, words, at, at + len(words),
                    historical=effect.historical or course is Course.RESOLVED,
                    course=(course or Course.STABLE).value, role=role.value,
                )
            )
            return True

        return extract_values(text, skip=skip), settled

    def _own_note(self, text: str, *, by_proxy: bool) -> bool:
        """A note the patient writes: more words of "I" and "my" than of "she" or "he", no clinician's words
        (narrative.yaml clinician_voice), not for a relative."""
        return (
            not by_proxy
            and self.clinician_voice is not None
            and self.clinician_voice.search(text) is None
            and len(_WRITER_WORDS.findall(text)) > len(_OTHER_PRONOUNS.findall(text))
        )

    def _past_value(self, text: str, clauses: Clauses, clause: Clause | None, role: Role, at: int) -> bool:
        """A vital sign told of a past illness: in a clause whose course is resolved ("flu 3/52 ago w/ temp 39, fully
        recovered"), or in a history clause with a past time ("PMH: pneumonia 2019, T 39.4"), and no word of now in the
        clause ("today", "last night", "still": those keep it, safety first)."""
        if clause is None:
            return False
        first = clause.scope_start if clause.scope_start >= 0 else clause.start
        last = max(clause.scope_end if clause.scope_end >= 0 else clause.end, clause.sentence_end)
        if self.past_value_now is not None and self.past_value_now.search(text, first, last):
            return False
        if self.clauses.recent_at(text, clause, at, at + 4) is not None:
            return False
        # a temperature is an illness's episode: its end told later in the sentence ("temperature of 39 at New Year
        # with the flu, it was gone in 4 days") ends it as it ends the fever's words (course.resolved_episode)
        course, _ = self.clauses.course_of(text, clause, at, at + 4, episode=True)
        if course is Course.RESOLVED:
            return True
        return (
            self.clauses.effect(role).historical
            and self.past_value_when is not None
            and bool(self.past_value_when.search(text, first, last))
        )

    def _region_count(self, text: str, observations: list[Observation], clauses: Clauses) -> int:
        """How many body regions hurt now, a pain that spreads from one site to the next counting once."""
        sites = sorted(
            (o.start, o.end, str(self.kb.findings[o.finding].region))
            for o in observations
            if o.status is Status.PRESENT
            and not o.historical
            and o.finding in self.kb.findings
            and self.kb.findings[o.finding].region not in {None, "widespread"}
        )
        if not sites:
            return 0
        parent: dict[str, str] = {}

        def root(region: str) -> str:
            while parent.setdefault(region, region) != region:
                region = parent[region]
            return region

        for (first, end, region), (start, _, following) in pairwise(sites):
            root(region), root(following)
            if region == following or self.pattern_joins is None:
                continue
            clause = clauses.at(min(end, start))
            same_scope = clause is not None and start < max(clause.scope_end, clause.end)
            # the word of spread may open either site's own words ("and down the outside of the calf")
            spread = self.pattern_joins.search(text, min(end, first if start < end else end), min(len(text), start + 12))
            if same_scope and start - end <= self.pattern_within and spread:
                parent[root(following)] = root(region)
        return len({root(region) for _, _, region in sites})

    def _observe(
        self,
        span: Span,
        text: str,
        clauses: Clauses,
        drugs: list[tuple[int, int]],
        proxy_kin: frozenset[str] | None = None,
        function: list[tuple[int, int]] | None = None,
        inside: list[tuple[int, int]] | None = None,
        *,
        bladder_unsettled: bool = False,
    ) -> list[Observation]:
        """The finding a target states, read in its clause's role and course (none when the role rules it out)."""
        clause = clauses.at(span.start_char)
        role = clause.role if clause else Role.COMPLAINT
        if role is Role.FAMILY and clause is not None and proxy_kin is not None:
            start = clause.scope_start if clause.scope_start >= 0 else clause.start
            opening = _KIN_OPENING.match(text, start)
            # the relative named in the clause's own piece after a greeting ("Hi, my dad has back pain since
            # yesterday and he can't pee": the greeting is the sentence's first piece; round 41, lead41 - the back
            # pain was dropped as family history and the retention left no flag)
            piece = _KIN_OPENING.match(text, clause.start)
            # a relative clause about the relative the note is written for ("my son who has had a fever") is the patient's
            if (
                (opening is not None and opening.group(1).lower() in proxy_kin)
                or (piece is not None and piece.group(1).lower() in proxy_kin)
                or clause.kin in proxy_kin
            ):
                role = Role.COMPLAINT
        if role is Role.FAMILY and span.label_ in self.relative_exposure:
            role = Role.HISTORY  # a relative's TB is the patient's exposure, told as history
        effect = self.clauses.effect(role)
        definition = self.kb.findings.get(span.label_)
        kind = definition.kind if definition else FindingKind.SYMPTOM
        if effect.drops(kind.value):
            return []
        if effect.complaint_only and span.label_ in self.clauses.complaint_only:
            return []
        if (
            kind is FindingKind.LOCATION
            and clause is not None
            and (
                effect.sites_need_cue
                or any(clause.start <= f and e <= clause.end for f, e in function or ())
                or any(f <= span.start_char and span.end_char <= e for f, e in inside or ())
            )
            and not self.clauses.site_has_cue(text, span.start_char, span.end_char, clause)
        ):
            return []
        if (
            span.label_ in self.part_words
            and clause is not None
            and any(f <= span.start_char and span.end_char <= e for f, e in inside or ())
            and not self.clauses.site_has_cue(text, span.start_char, span.end_char, clause)
        ):
            return []  # "I inject my insulin into my thigh" names where it goes, not a thigh pain
        if (
            role is Role.EXAM
            and clause is not None
            and definition is not None
            and (kind is FindingKind.LOCATION or (definition.region and definition.pain_content))
            and self.clauses.site_examined_normal(text, span.start_char, span.end_char, clause)
        ):
            return []
        observation = _observation(span, text)
        # a recency phrase attached to the symptom ("since yesterday urinary hesitancy", "can't pee properly from
        # this morning") says it is new, whatever the section it stands in: a PMH or medication header above it
        # does not make it old or treated (safety first: new bladder symptoms are what cauda equina shows)
        recent = self.clauses.recent_at(text, clause, span.start_char, span.end_char)
        # a fever told with its end in its own clause is a past episode, unless a recency phrase is attached to it
        # (how long it lasted, "a fever for two days, that is all gone now", is no recency: round 37, r37p_17)
        episode = span.label_ in self.clauses.episodes and (
            recent is None or self.clauses.recent_at(text, clause, span.start_char, span.end_char, episode=True) is None
        )
        course, distance = self.clauses.course_of(text, clause, span.start_char, span.end_char, episode=episode)
        if recent is not None and course in {None, Course.NEW}:
            course, distance = Course.NEW, recent
        if course is Course.STABLE and self._begun_lately(text, span, observation):
            course, distance = Course.NEW, 0  # "foot drop started last week, unchanged since": still a new deficit
        past_ideation = (
            span.label_ in self.clauses.past_ideation
            and observation.status is Status.PRESENT
            and self.clauses.past_ideation_resolved(text, span.start_char, span.end_char)
        )
        if past_ideation:
            course, distance = Course.RESOLVED, 0
        if span.label_ in self.never_settled:
            pass  # thoughts of suicide are never a treated condition or a drug's effect: the words' own course stands
        elif self._drug_caused(text, span, drugs):
            if bladder_unsettled and span.label_ in self.effect_unsettled:
                # beside symptoms in both legs or saddle numbness a bladder change is a new change whatever its
                # stated cause (safety first: the cauda equina is excluded by the scan, not by the drug chart)
                course, distance = Course.NEW, 0
            else:
                course = Course.SIDE_EFFECT
        elif recent is None or course not in {Course.NEW, Course.WORSENING}:
            course = effect.course or course
        historical = observation.historical or effect.historical or course is Course.RESOLVED
        if historical and (recent is not None or not effect.historical) and course in {Course.NEW, Course.WORSENING}:
            historical = False  # "a history of neck pain that has increased over two months" is the complaint now
        if (
            historical
            and not past_ideation
            and span.label_ in self.clauses.past_ideation
            and observation.status is Status.PRESENT
            and self.clauses.past_ideation_back(text, span.end_char)
        ):
            historical, course = False, Course.NEW  # "in 2021 I wanted to end it, but lately the thoughts are back"
        observation = replace(
            observation,
            historical=historical,
            course=course.value if course else None,
            role=role.value,
            finding=(
                self._one_hand_finding(span.label_, text, clause) if observation.status is Status.PRESENT else span.label_
            ),
        )
        found = [observation]
        if past_ideation and self.clauses.past_ideation_means:
            # the lifetime history stays in the record for the plan's screening (C-SSRS lifetime ideation)
            found.append(replace(observation, finding=self.clauses.past_ideation_means))
        worse = self.worsening_means.get(span.label_)
        if (
            worse
            and course is Course.WORSENING
            and observation.status is Status.PRESENT
            and not historical
            and 0 <= distance <= self.worsening_within
        ):
            # a deficit the note says is getting worse is a progressive deficit
            found.append(replace(observation, finding=worse))
        sign = self.new_means.get(span.label_)
        if (
            sign
            and course in {Course.NEW, Course.WORSENING}
            and observation.status is Status.PRESENT
            and not historical
            and 0 <= distance <= self.new_within
            and not self._settled_words(text, clause)
        ):
            # a symptom that is common and harmless when long-standing is a red-flag sign when new ("urinary
            # hesitancy since yesterday" is difficulty passing urine; hesitancy for years with a prostate is not)
            found.append(replace(observation, finding=sign))
        return found

    def _one_hand_finding(self, finding: str, text: str, clause: Clause | None) -> str:
        """Clumsiness told of one named hand in its own comma piece ("dropped a mug from the weak right hand") is the
        one-hand finding (knowledge ``one_hand``); both hands, or hands in the plural, keep the finding."""
        one_sided = self.one_hand_means.get(finding)
        if one_sided is None or clause is None or self.one_hand is None:
            return finding
        if not self.one_hand.search(text, clause.start, clause.end):
            return finding
        if self.both_hands is not None and self.both_hands.search(text, clause.start, clause.end):
            return finding
        return one_sided

    def _spread_to_both_legs(self, text: str, clauses: Clauses) -> list[Observation]:
        """Leg symptoms that have spread to the other side ("now it's going down the right leg too" after a left-leg
        story, "into the other leg as well"): symptoms in both legs (``side_spread`` in narrative.yaml)."""
        if self.spread_finding is None:
            return []
        found: list[Observation] = []
        for pattern, named in ((self.spread_other, False), (self.spread_named, True)):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                clause = clauses.at(match.start())
                if clause is None or clause.role is not Role.COMPLAINT:
                    continue
                if self.spread_denied is not None and self.spread_denied.search(text, clause.start, match.start()):
                    continue  # "it's not going down the right leg too"
                if self.spread_symptom is not None and not self.spread_symptom.search(text, clause.start, match.end()):
                    continue  # "a knee replacement in the right leg as well" tells of no symptom
                if named:
                    side = (match.group("side") or match.group("side2") or "").lower()
                    other = {"left": "right", "right": "left"}.get(side)
                    earlier = self.spread_earlier.get(other) if other else None
                    if earlier is None or not any(
                        clauses.role_at(m.start()) is Role.COMPLAINT for m in earlier.finditer(text, 0, match.start())
                    ):
                        continue
                found.append(
                    Observation(
                        self.spread_finding, Status.PRESENT, match.group(0), match.start(), match.end(),
                        laterality="bilateral", role=Role.COMPLAINT.value,
                    )
                )
        return found

    def _explained_in_sentence(self, ent: Span, text: str) -> bool:
        """The finding's own sentence tells it as a long-standing, ordinary condition and says nothing new of it, or
        (a rule marked ``inside``) its words are part of a phrase that names something else ("between my legs")."""
        rules = self.explained_in_sentence.get(ent.label_)
        if not rules:
            return False
        first = ent.sent.start_char
        sentence = text[first: ent.sent.end_char]
        start, end = ent.start_char - first, ent.end_char - first
        return any(
            (
                any(m.start() <= start and end <= m.end() for m in when.finditer(sentence))
                if inside
                else bool(when.search(sentence))
            )
            and not (unless and unless.search(sentence))
            for when, unless, inside in rules
        )

    def _settled_words(self, text: str, clause: Clause | None) -> bool:
        """The clause names a long-standing or explained course ("for years", "BPH", "on tamsulosin")."""
        if clause is None or self.new_means_unless is None:
            return False
        first = clause.scope_start if clause.scope_start >= 0 else clause.start
        last = clause.scope_end if clause.scope_end >= 0 else clause.end
        return bool(self.new_means_unless.search(text, first, last))

    def _drug_caused(self, text: str, span: Span, drugs: list[tuple[int, int]]) -> bool:
        """A symptom the note ties to a named drug in its sentence ("amitriptyline (dry mouth, urinary hesitancy -
        stopped)", "pregabalin made me unsteady", "trouble passing water on amitriptyline") is the drug's effect,
        not a new sign of disease: it still counts for the diagnosis, not for red flags or triage. ``drugs`` are the
        note's drug names (start, end), found once per note."""
        if not drugs or span.label_ in self.effect_never:
            return False  # saddle numbness or bowel incontinence beside a drug is still a sign (safety first)
        after_counts = span.label_ not in self.effect_stated_cause_only  # bladder: only a stated cause settles it
        sentence = span.sent
        start, end = sentence.start_char, sentence.end_char
        if self._tried_then(text, span, drugs, start):
            return True
        if (
            self.effect_hedged is not None
            and span.label_ in self.effect_hedge_never
            and self.effect_hedged.search(text, start, end)
        ):
            return False  # "probably the tablets", "he thinks it's the morphine": a guess never settles a red-flag sign
        # only a drug named from 80 characters before the symptom (within its sentence) to 60 after it can count:
        # the drugs are in note order, so those are found by bisection
        first = bisect_left(drugs, (max(start, span.start_char - 80),))
        last = bisect_left(drugs, (min(end, span.end_char + 60),))
        for drug_start, drug_end in drugs[first:last]:
            if self.effect_before is not None and max(start, span.start_char - 80) <= drug_start < span.start_char:
                if drug_end <= span.start_char and self.effect_before.search(text[drug_end: span.start_char]):
                    return True
            elif after_counts and self.effect_after is not None and span.end_char <= drug_start < min(
                end, span.end_char + 60
            ):
                return bool(self.effect_after.search(text[span.end_char: drug_start]))
        return False

    def _tried_then(self, text: str, span: Span, drugs: list[tuple[int, int]], start: int) -> bool:
        """A clinician's trial of a drug told with what followed it in the same sentence ("I tried gabapentin 100 mg
        at night, but he became confused and unsteady"): the drug's effect (side_effect_links.tried), for the few
        findings a drug commonly causes; the words between name no other cause."""
        if span.label_ not in self.tried_findings or self.tried_before is None or self.tried_between is None:
            return False
        first = bisect_left(drugs, (max(start, span.start_char - 80),))
        last = bisect_left(drugs, (span.start_char,))
        for drug_start, drug_end in drugs[first:last]:
            if drug_end > span.start_char or not self.tried_before.search(text[start:drug_start]):
                continue
            if self.tried_between.match(text[drug_end: span.start_char]):
                return True
        return False

    def read_responses(self, text: str) -> tuple[ProcedureResponse, ...]:
        """Procedure results the note records ("MBB #1: 85% relief for 6 hours")."""
        return self.responses.read(text)


REPORTED_IGNORED = "ignored"
REPORTED_DENIED = "denied"
REPORTED_ASKED = "asked"  # a question put to the patient, not answered no: read as written, its own "if" aside


class ReportedWords:
    """Words that are not the patient's state although they name symptoms (knowledge ``narrative.reported``).

    What a source says ("google says numb bum, not being able to pee", "the leaflet says the worst headache of your
    life", "the form asks about fevers") and a question put to the patient ("my GP asked whether I had lost weight")
    run from the cue to the end of their clause; the rest of the sentence is the patient's answer: an answer that
    affirms them ("and I have had that since yesterday") keeps the findings as read (safety first: when in doubt the
    words count), one that denies them ("and I said no") makes them absent. Without a clear answer what a source
    says is ignored, while a question put to the patient (knowledge ``question``) is read as written.
    The lettered options after an exam question ("Which ONE of the following ...? A. ... B. ...") are choices, not
    findings, up to a blank line or the end of the note.
    """

    def __init__(self, raw: Mapping[str, Any]) -> None:
        def compiled(key: str) -> re.Pattern[str] | None:
            return re.compile(raw[key], re.I) if raw.get(key) else None

        self.cue = compiled("cue")
        self.until = compiled("until")
        self.affirmed = compiled("affirmed")
        self.affirmed_next = compiled("affirmed_next")
        self.denied = compiled("denied")
        self.choices = compiled("choices")
        self.question = compiled("question")
        self.turn: re.Pattern[str] | None = None
        if raw.get("dialogue_asker"):
            # a labelled question line, then the next labelled line (blank lines between allowed): the asker's label
            # may carry a name ("Dr Patel:"); the answerer's is any short label that is not a clinician's
            self.turn = re.compile(
                r"^[ \t]*(?:" + raw["dialogue_asker"] + r")\.?(?:[ \t]+[A-Za-z][\w'-]*)?[ \t]*:[ \t]*(?P<q>[^\n]*\?)[ \t]*"
                r"\n(?:[ \t]*\n)*[ \t]*(?!(?:" + raw["dialogue_asker"] + r")\b)[A-Za-z][\w .'-]{0,24}?[ \t]*:[ \t]*(?P<a>[^\n]*)",
                re.I | re.M,
            )
        self.turn_denied = compiled("dialogue_denied")
        self.turn_kept = compiled("dialogue_kept")

    def regions(self, text: str, sentences: Iterable[Span]) -> list[tuple[int, int, str | None]]:
        """(start, end, verdict) of every reported stretch of the note: its verdict is ``REPORTED_IGNORED`` or
        ``REPORTED_DENIED``, or None when the answer affirms it (the words are read as written)."""
        found: list[tuple[int, int, str | None]] = []
        if self.turn is not None and self.turn_denied is not None:
            # a clinician's question line answered no on the next speaker's line (a transcript): its words are denied
            for match in self.turn.finditer(text):
                # the speakers' labels name no finding ("Nurse:" is not the patient's job)
                found.append((match.start(), match.start("q"), REPORTED_IGNORED))
                found.append((match.end("q"), match.start("a"), REPORTED_IGNORED))
                answer = match.group("a")
                if self.turn_denied.search(answer) and not (
                    (self.turn_kept is not None and self.turn_kept.search(answer))
                    or (self.affirmed is not None and self.affirmed.search(answer))
                ):
                    # only the line's closing questions: a statement before them ("Q: Back pain for 3 weeks. Any
                    # numbness?") is the asker's summary, not asked
                    line = match.group("q")
                    stops = [m.end() for m in re.finditer(r"[.!;](?=\s)", line)]
                    start = match.start("q") + (stops[-1] if stops else 0)
                    found.append((start, match.end("q"), REPORTED_DENIED))
        if self.choices is not None:
            for match in self.choices.finditer(text):
                found += [(start, end, REPORTED_IGNORED) for start, end in _options(text, match.end())]
        if self.cue is None:
            return found
        spans = list(sentences)
        for k, sentence in enumerate(spans):
            start, end = sentence.start_char, sentence.end_char
            for match in self.cue.finditer(text, start, end):
                stop = self.until.search(text, match.end(), end) if self.until is not None else None
                scope_end = stop.start() if stop else end
                answer = text[scope_end:end]
                # the answer may come in the next sentence ("Google says numb bum is an emergency. I have both."),
                # where it must point back to what was listed
                following = text[spans[k + 1].start_char: spans[k + 1].end_char] if k + 1 < len(spans) else ""
                # a question put to the patient that the note does not clearly answer no is read as written (safety
                # first: "the nurse asked whether I had wet myself and I had", "the GP asked about numbness down
                # there" may be the symptom); only what a source says is left out without an answer
                question = self.question is not None and bool(self.question.search(match.group(0)))
                verdict: str | None = REPORTED_ASKED if question else REPORTED_IGNORED
                if (self.affirmed is not None and self.affirmed.search(answer)) or (
                    self.affirmed_next is not None and self.affirmed_next.search(following)
                ):
                    verdict = REPORTED_ASKED if question else None
                elif self.denied is not None and (self.denied.search(answer) or self.denied.search(following)):
                    verdict = REPORTED_DENIED
                found.append((match.end(), scope_end, verdict))
        return found

    @staticmethod
    def asked_from(regions: list[tuple[int, int, str | None]], at: int) -> int | None:
        """Where the question the words at ``at`` stand in begins its words, when they are read as written."""
        for start, end, verdict in regions:
            if start <= at < end and verdict is not None:
                return start if verdict == REPORTED_ASKED else None
        return None

    @staticmethod
    def verdict(regions: list[tuple[int, int, str | None]], at: int) -> str | None:
        """What the reported stretch the words at ``at`` stand in makes of them (None: read as written)."""
        for start, end, verdict in regions:
            if start <= at < end and verdict is not None:
                return verdict
        return None


_OPTION = re.compile(r"\s*(?:\(([A-Ha-h])\)|\[([A-Ha-h])\]|([A-Ha-h])[.)])\s")
_OPTION_END = re.compile(r"[.!?](?=\s|$)|\n|\s\(?[A-Ha-h][.)\]]\s|\s\[[A-Ha-h]\]\s")


def _options(text: str, at: int) -> list[tuple[int, int]]:
    """The lettered answer options that follow an exam question ending at ``at`` ("A. Pain worse on coughing  B.
    Numbness of the perineum"): each runs to the next letter or to the end of its sentence, and the options end with
    the first sentence that does not open on a letter ("... E. Difficulty sitting. He also has ..." ends at "He")."""
    options: list[tuple[int, int]] = []
    cursor = at
    while True:
        marker = _OPTION.match(text, cursor)
        if marker is None:
            return options
        stop = _OPTION_END.search(text, marker.end())
        end = stop.start() if stop else len(text)
        options.append((marker.end(), end))
        cursor = end if stop is None or text[stop.start()] not in ".!?\n" else stop.end()
        if stop is None:
            return options


# A line wrapped inside a sentence ("Worst pain of my\nlife"): long line, no closing punctuation, and the next line is
# neither a header ("PMH:") nor a list item. Same length, so every offset still points into the original note.
_SOFT_WRAP = re.compile(
    r"(?<=[^\n.:;!?])\n(?![ \t]*(?:[-*•]|\d+[.)]\s|[A-Z][A-Za-z/&' -]{0,30}:|\n))"
)
_WRAPPED_LINE = 50  # characters: a shorter line is a line of its own (a list, an address), not a wrapped sentence


def _as_written(
    respelt: Respelt, original: str, observations: list[Observation], unread: tuple[UnreadSentence, ...]
) -> tuple[list[Observation], tuple[UnreadSentence, ...]]:
    """Spans of the respelt text as spans of the note as written, and words quoted as the note wrote them."""

    def words(quoted: str, start: int, end: int) -> tuple[str, int, int]:
        if start < 0 or end < 0:
            return quoted, start, end
        first, last = respelt.offset(start), respelt.offset(end)
        return (original[first:last] if quoted == respelt.text[start:end] else quoted), first, last

    mapped = []
    for o in observations:
        quoted, first, last = words(o.text, o.start, o.end)
        mapped.append(replace(o, text=quoted, start=first, end=last))
    kept = []
    for u in unread:
        first, last = respelt.offset(u.start), respelt.offset(u.end)
        kept.append(replace(u, text=" ".join(original[first:last].split()).strip(" ,;:"), start=first, end=last))
    return mapped, tuple(kept)


def unwrap(text: str, breaks: LineBreaks | None = None) -> str:
    """The note with soft line wraps read as spaces, so a phrase broken across two lines still matches.

    A break that opens a new clause in a note without punctuation (``LineBreaks``) is kept: it ends a sentence.
    """
    if "\n" not in text:
        return text

    def join(match: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, match.start()) + 1
        if breaks is not None and breaks.ends_sentence(text, match.start()):
            return "\n"
        return " " if match.start() - line_start >= _WRAPPED_LINE else "\n"

    return _SOFT_WRAP.sub(join, text)


_FIRST_PERSON = re.compile(r"\b(i|me|myself|i'm|im|i've|ive|i'd|id)\b", re.I)
_MY = re.compile(r"\bmy\b", re.I)
ADVICE = "ADVICE"  # narrative.yaml: safety-netting ("advised to attend ED if ...")
EXPLAINED = "EXPLAINED"  # narrative.yaml: a symptom with another stated cause ("wet herself during a seizure")
NOT_NOW = {ADVICE, EXPLAINED}


_PROXY_KIN = re.compile(r"\bmy\s+(\w+)", re.I)
# what a proxy note about a relative tells in the third person
_THIRD_PERSON = re.compile(r"\b(?:he|she|his|her|him|hers|himself|herself|he's|she's|he’s|she’s)\b", re.I)
# a complaint told before the relative is named (an apology or a greeting before "My wife's leg went dead" is none)
_COMPLAINT_WORDS = re.compile(
    r"\b(?:pain\w*|ache|aches|aching|achy|sore\w*|hurt\w*|numb\w*|tingl\w*|weak\w*|stiff\w*|swollen|swelling|"
    r"headaches?|migraines?|sciatica|lbp|backache|cramp\w*|burning|throbbing)\b",
    re.I,
)
_KIN_OPENING = re.compile(r"\W*(?:my|his|her|our)\s+(\w+)", re.I)


def _ignored(
    ent: Span,
    text: str,
    explained: re.Pattern[str] | None = None,
    *,
    by_proxy: bool = False,
    proxy_kin: frozenset[str] | None = None,
    asked_from: int | None = None,
    addressee: re.Pattern[str] | None = None,
    exposure: bool = False,
    own: bool = False,
) -> bool:
    """Family history, hypothetical mentions, safety-net advice and symptoms with another stated cause are not
    findings about this patient now; a relative's illness that is the patient's exposure (``exposure``: a household
    contact's tuberculosis) is.

    Advice has its own category so that an "if" inside it ("advised to attend ED if leg weakness, bladder
    symptoms or saddle numbness develop") does not cut its scope short, as two cues of one category would.
    """
    family = (
        bool(ent._.is_family) and not exposure and (addressee is None or bool(_kin_cues(ent, addressee)))
    )
    if _hypothetical(ent, asked_from) or (
        family and not by_proxy and not own and not _FIRST_PERSON.search(ent.text)
    ):
        # a relative writing for the patient ("my mum is 80 and has ...") writes about the patient, and a finding
        # whose own words say "I" or "me" is the writer's ("my husband would manage better if I wasn't here")
        return True
    if family and by_proxy and proxy_kin and _other_relative(ent, proxy_kin, addressee):
        # in a note about "my dad", "his mother had breast cancer" is still the patient's family history
        return True
    if any(modifier.category in NOT_NOW for modifier in ent._.modifiers):
        return True
    # another cause stated right after the symptom ("wet herself during a seizure", "weak ankle since a stroke"):
    # read as text, because the cause is often a finding itself and ConText drops cues that overlap findings
    if explained is None:
        return False
    sentence_end = ent.sent.end_char
    return bool(explained.match(text[ent.end_char: min(sentence_end, ent.end_char + 60)]))


def _own_words(ent: Span, text: str) -> bool:
    """Whether a finding's own words, or the few words just before them in its sentence after any kinship cue, say
    "my": "my sister found weeks of my pregabalin stashed in my bag" tells the writer's stash that the sister found
    (round 40, fix40g); "my sister found her own tablets stashed" keeps no "my" after the cue and stays the sister's."""
    if _MY.search(ent.text):
        return True
    doc = ent.doc
    start = max(ent.sent.start_char, ent.start_char - 30)
    for cue in ent._.modifiers:
        if cue.category != "FAMILY":
            continue
        cue_end = doc[cue.modifier_span[1] - 1].idx + len(doc[cue.modifier_span[1] - 1].text)
        if cue_end <= ent.start_char:
            start = max(start, cue_end)
    return bool(_MY.search(text[start: ent.start_char]))


def _hypothetical(ent: Span, asked_from: int | None) -> bool:
    """A hypothetical mention; in a question put to the patient (its words from ``asked_from``) the question's own
    "if", before its words, is no hypothetical."""
    if asked_from is None or not ent._.is_hypothetical:
        return bool(ent._.is_hypothetical)
    doc = ent.doc
    return any(
        m.category == "HYPOTHETICAL" and doc[m.modifier_span[0]].idx >= asked_from for m in ent._.modifiers
    )


def _kin_cues(ent: Span, addressee: re.Pattern[str] | None = None) -> list[Any]:
    """The kinship cues on a finding that name whose the finding is: a relative only spoken to ("told her brother",
    "said to my wife") is the one who hears the words, not the one they are about (knowledge ``family_addressee``)."""
    cues = [m for m in ent._.modifiers if m.category == "FAMILY"]
    if addressee is None:
        return cues
    doc = ent.doc
    kept = []
    for cue in cues:
        start = doc[cue.modifier_span[0]].idx
        if not addressee.search(doc_text(doc)[max(0, start - 40): start]):
            kept.append(cue)
    return kept


def _other_relative(ent: Span, proxy_kin: frozenset[str], addressee: re.Pattern[str] | None = None) -> bool:
    """Every kinship cue on the finding names someone other than the relative the proxy note is about."""
    cues = _kin_cues(ent, addressee)
    if not cues:
        return False
    doc = ent.doc
    for cue in cues:
        first, last = cue.modifier_span
        words = {t.lower_ for t in doc[first:last]}
        if words & proxy_kin:
            return False
    return True


def _observation(ent: Span, text: str) -> Observation:
    # "strength normal" or "afebrile" always means absent: a list negation that runs on from an earlier
    # cue ("no fever, bladder normal") must not flip it back to present
    negated = _negated_from_outside(ent) or marked_absent(ent)
    return Observation(
        finding=ent.label_,
        status=Status.ABSENT if negated else Status.PRESENT,
        text=_words(ent, text),
        start=ent.start_char,
        end=ent.end_char,
        historical=bool(ent._.is_historical),
        laterality=_side(ent),
    )


def _implying(kb: KnowledgeBase, targets: frozenset[str]) -> frozenset[str]:
    """The findings given and every finding whose implications reach one of them."""
    found = set(targets)
    changed = True
    while changed:
        changed = False
        for definition in kb.findings.values():
            if definition.id not in found and found.intersection(definition.implies):
                found.add(definition.id)
                changed = True
    return frozenset(found)


_FULL_GRADE = re.compile(r"5\s*/\s*5\b")  # MRC grade 5 of 5: full power
_SETTLED = frozenset({Course.STABLE.value, Course.TREATED.value, Course.SIDE_EFFECT.value, Course.RESOLVED.value})
UNREAD_PROBE = "unread_probe"  # the label of a red-flag word the unread net asks ConText about


def _not_now_cue(modifier: Any, probe: Span, *, by_proxy: bool) -> bool:
    """A cue that makes words no finding of this patient now, as ``_ignored`` and ``_observation`` read targets."""
    category = modifier.category
    if category == "NEGATED_EXISTENCE":
        first, last = modifier.modifier_span
        return not (probe.start <= first and last <= probe.end)
    if category == "FAMILY":
        return not by_proxy
    return category == "HYPOTHETICAL" or category in NOT_NOW


def _negated_from_outside(ent: Span) -> bool:
    """Negation by a cue outside the target: "can't sleep" or "unable to void" is not negated by its own n't."""
    for modifier in ent._.modifiers:
        if modifier.category != "NEGATED_EXISTENCE":
            continue
        first, last = modifier.modifier_span
        if not (ent.start <= first and last <= ent.end):
            return True
    return False


def _words(ent: Span, text: str) -> str:
    """The target with its negation cue when there is one, so a reader sees why it is absent."""
    cues = [m for m in ent._.modifiers if m.category == "NEGATED_EXISTENCE"]
    if not cues:
        return ent.text
    first, last = cues[0].modifier_span  # token offsets of the negation cue
    cue = ent.doc[first:last]
    start, end = min(cue.start_char, ent.start_char), max(cue.end_char, ent.end_char)
    return text[start:end] if end - start < 120 else ent.text


_PAIRED_PLURALS = frozenset({
    "legs", "arms", "hands", "feet", "knees", "hips", "shoulders", "calves", "thighs", "shins", "ankles", "wrists",
    "elbows", "buttocks",
})


def _side(ent: Span) -> str | None:
    """The side of a target: both for a paired part named in the plural ("pain in the legs"), otherwise the first
    side word of its sentence (read once per sentence: a note's targets share sentences)."""
    if any(token.lower_ in _PAIRED_PLURALS for token in ent):
        return "bilateral"
    sentence = ent.sent
    known: dict[int, str | None] = ent.doc.user_data.setdefault("painpath_side", {})
    if sentence.start not in known:
        known[sentence.start] = next(
            (side for side in (_SIDE_WORDS.get(token.lower_) for token in sentence) if side), None
        )
    return known[sentence.start]


def _build_nlp(
    lexicon: Mapping[str, LexiconEntry],
    narrative: Mapping[str, Any],
    sections: Mapping[str, list[str]],
    sites: Iterable[str] = (),
    drug: str | None = None,
    drug_classes: Callable[[str], str | None] | None = None,
) -> Language:
    register_factories()
    nlp = spacy.blank("en")
    # words the tokenizer keeps whole with their full stop ("A&E." looks like an initial), so the sentence would run
    # on into the next one: split the stop off (narrative.yaml split_full_stop)
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    for word in narrative.get("split_full_stop") or ():
        tokenizer.add_special_case(f"{word}.", [{ORTH: word}, {ORTH: "."}])
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";", "\n\n"]})
    # a full stop closing a clinical abbreviation ("approx. 6 kg", "wt. loss") ends no sentence (narrative.yaml)
    abbreviations = nlp.add_pipe(ABBREVIATIONS)
    assert isinstance(abbreviations, Abbreviations)
    abbreviations.configure(narrative.get("abbreviations"), narrative.get("abbreviations_before_names"))
    # section headers (PMH:, O/E, MRI:, Plan:) open a section whose clauses take the header's role; a header
    # also starts a sentence, so "PMH: T2DM" does not run on from the line before
    sectionizer = nlp.add_pipe(
        "medspacy_sectionizer", config={"rules": None, "span_attrs": None, "apply_sentence_boundary": True}
    )
    assert isinstance(sectionizer, Sectionizer)
    sectionizer.add([SectionRule(literal, role) for role, literals in sections.items() for literal in literals])
    # a line break that opens a new clause in a note without punctuation ends the sentence (narrative.yaml line_break)
    breaks = nlp.add_pipe(LINE_BREAKS)
    assert isinstance(breaks, LineBreaks)
    breaks.configure(narrative.get("line_break"))
    nlp.add_pipe(SENTENCE_INDEX)
    # targets go to a span group, where they may overlap: "thoracic back pain" and "pain that wakes him at
    # night" share a word but are two findings; spaCy's entities would keep only one of them
    matcher: TargetMatcher = nlp.add_pipe(
        "medspacy_target_matcher",
        config={"result_type": "group", "span_group_name": SPAN_GROUP, "prune": False},
    )
    matcher.add(target_rules(nlp, lexicon, narrative.get("word_forms", {}), sites))
    regex = nlp.add_pipe(REGEX_TARGETS)
    assert isinstance(regex, RegexTargets)
    near = [(fid, patterns, ()) for fid, patterns in near_patterns(narrative.get("near", []))]
    regex.rules = compile_regex_rules([*((fid, e.regex, e.absent_regex) for fid, e in lexicon.items()), *near], drug, drug_classes)
    nlp.add_pipe(PRUNER)
    # a cue inside a finding's own words ("pain free between attacks", "can't sleep") must not modify others
    context = nlp.add_pipe(CONTEXT)
    assert isinstance(context, SentenceContext)
    context.add(_context_rules(narrative))
    # a new clause with its own subject and verb ends a denial ("no fever and my legs have gone weak")
    context.configure_clauses(narrative.get("new_clause"))
    return nlp


def _context_rules(narrative: Mapping[str, Any]) -> list[ConTextRule]:
    """medSpaCy's default English rules, with the scope limits and extra cues the clinic's notes need."""
    path = Path(str(resources.files("medspacy"))).parent / "resources" / "en" / "context_rules.json"
    defaults = json.loads(path.read_text(encoding="utf-8"))["context_rules"]
    limits: Mapping[str, int] = narrative.get("max_scope", {})
    ended_by: Mapping[str, list[str]] = narrative.get("terminated_by", {})
    custom = [{"direction": "FORWARD", **raw} for raw in narrative.get("context_rules", [])]
    # A clinic rule with the literal of a default rule replaces it: both would match the same words, and medSpaCy
    # keeps one of two equal matches by the hash of its rule id, so which one won changed whenever a rule was added
    # ("if" lost its clause-long scope when an unrelated rule shifted the ids).
    dropped = set(narrative.get("drop_default", [])) | {raw["literal"] for raw in custom}
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
                # a rule may be restricted to some findings (medSpaCy matches them against the target's label, the
                # finding id): "pending" a test result, say, modifies an imaging finding and no symptom
                allowed_types=_types(raw.get("allowed_types")),
                excluded_types=_types(raw.get("excluded_types")),
                max_targets=raw.get("max_targets"),
            )
        )
    return rules


def _types(types: Iterable[str] | str | None) -> set[str] | None:
    """A rule's finding ids as medSpaCy wants them (a set, or None for every type); one id may be given alone."""
    if types is None:
        return None
    return {types} if isinstance(types, str) else set(types)


def read_text(kb: KnowledgeBase, text: str) -> PatientStory:
    """Convenience for one-off use; services keep a NarrativeReader instead."""
    return NarrativeReader(kb).read(text)


def _sentence_index(starts: list[int], sentences: list[Span], at: int) -> int | None:
    """The index of the sentence holding offset ``at`` (the first such, as a scan from the start would find), or
    None when the offset falls between sentences."""
    k = bisect_right(starts, at) - 1
    return k if k >= 0 and at < sentences[k].end_char else None
