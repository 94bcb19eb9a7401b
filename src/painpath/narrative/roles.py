"""What each clause of a note is about, and how its findings are moving.

A referral letter mixes the problem now with old history, drugs, an examination, scan results and a plan. A body
word means where it hurts only in the story of the complaint: "straight leg raise" is an examination manoeuvre,
"knee reflexes normal" a sign, "MRI of the left foot" a test, "broke her wrist aged 19" history. Each clause gets a
role: the section header above it (medSpaCy's Sectionizer, where a note has headers), else a cue of its own (most
letters have none), else the complaint. Each clause also gets a course (new, worsening, stable, treated, resolved)
from its words. The cues and what each role does to findings are knowledge (``clause_roles`` and ``course`` in
knowledge/narrative.yaml); this module only applies them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from typing import Any

from spacy.tokens import Doc, Span

from painpath.narrative.components import any_screen, held_by


class Role(StrEnum):
    COMPLAINT = "complaint"
    HISTORY = "history"
    MEDICATION = "medication"
    FAMILY = "family"
    SOCIAL = "social"
    EXAM = "exam"
    TEST = "test"
    PLAN = "plan"


class Course(StrEnum):
    """How a finding is moving, as the note's words say (the engine reads it from Observation.course)."""

    NEW = "new"
    WORSENING = "worsening"
    STABLE = "stable"
    TREATED = "treated"      # a long-standing condition under treatment ("tamsulosin for urinary retention")
    SIDE_EFFECT = "side_effect"  # a symptom a named drug caused ("amitriptyline gave me trouble passing water")
    RESOLVED = "resolved"


# only the roles that take findings out of the story now are overruled by "has since", "persisted"
_OVERRULED = frozenset({Role.HISTORY, Role.MEDICATION, Role.TEST})

COURSE_ORDER = (Course.RESOLVED, Course.STABLE, Course.WORSENING, Course.NEW)
ALL_KINDS = "all"

# a clause ends at a contrast or a relative clause ("..., but the pain persisted"; "..., which felt numb")
_CLAUSE_BREAK = re.compile(r"\s*(?:,\s*|\s)(?:but|however|although|though|whereas|which|who)\b|\s[-–—]\s", re.I)
_PIECE_BREAK = re.compile(r"[,;:()]")


@dataclass(frozen=True)
class RoleEffect:
    """What a clause's role does to the findings read from it (``clause_roles.effects``)."""

    historical: bool = False
    drop_kinds: frozenset[str] = frozenset()
    course: Course | None = None
    sites_need_cue: bool = False
    complaint_only: bool = False

    def drops(self, kind: str) -> bool:
        return ALL_KINDS in self.drop_kinds or kind in self.drop_kinds

    def takes_findings_out(self) -> bool:
        """The role leaves some findings out of the story now (history, family, social, test, plan, treated)."""
        return self.historical or bool(self.drop_kinds) or self.course is not None


@dataclass(frozen=True)
class Clause:
    start: int          # character offsets in the note of this comma piece
    end: int
    role: Role
    scope_start: int = -1  # the whole clause it belongs to (between contrasts and relative clauses)
    scope_end: int = -1
    sentence_end: int = -1
    kin: str = ""          # the relative a relative clause tells about ("her son who has a temp of 39": "son")


@dataclass
class Clauses:
    """The note's clauses in order, found by character offset."""

    items: list[Clause] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def add(self, clause: Clause) -> None:
        self.items.append(clause)
        self._starts.append(clause.start)

    def at(self, offset: int) -> Clause | None:
        k = bisect_right(self._starts, offset) - 1
        if k < 0:
            return None
        clause = self.items[k]
        return clause if offset < clause.end or k == len(self.items) - 1 else None

    def role_at(self, offset: int) -> Role:
        clause = self.at(offset)
        return clause.role if clause else Role.COMPLAINT


class ClauseReader:
    """Assigns roles and courses to a note's clauses from the knowledge base's cues."""

    def __init__(self, roles: Mapping[str, Any], course: Mapping[str, Any]) -> None:
        self.cues: list[tuple[Role, list[re.Pattern[str]]]] = [
            (Role(cue["role"]), [re.compile(p, re.I) for p in cue["patterns"]]) for cue in roles.get("cues", [])
        ]
        # each role's patterns as one alternation: a piece is searched once per role, not once per pattern (the
        # same answer: an alternation matches somewhere exactly when one of its patterns does)
        self._role_cues = [(role, either(patterns)) for role, patterns in self.cues]
        # each role's patterns' literal screens: a role none of whose patterns can match anywhere in the note is not
        # searched for in its pieces (a piece is part of the note), speed39
        self._role_screens = [[any_screen(p) for p in patterns] for _, patterns in self.cues]
        self._note_role_cues = self._role_cues  # the roles the note being read may hold (read)
        again = roles.get("complaint_again")
        self.complaint_again = re.compile(again, re.I) if again else None
        self.effects: dict[Role, RoleEffect] = {
            Role(name): _effect(raw) for name, raw in roles.get("effects", {}).items()
        }
        site = roles.get("site_cues")
        self.site_cues = re.compile(site, re.I) if site else None
        normal = roles.get("exam_normal")
        self.exam_normal = re.compile(normal, re.I) if normal else None
        self.complaint_only = frozenset(roles.get("complaint_only", []))
        self.piece_roles = frozenset(Role(r) for r in roles.get("piece_roles", []))
        new_statement = roles.get("new_statement")
        self.new_statement = re.compile(new_statement, re.I) if new_statement else None
        # a relative's age set off by commas ("my mum, 81, had a stroke") is part of the relative's piece, not a cut
        aged = roles.get("age_apposition")
        self.age_apposition = re.compile(aged, re.I) if aged else None
        # a relative clause that tells a relative's own state ("up all night with her son who has a temp of 39"):
        # the relative named just before it (``relative_clause.kin``, ending where the clause starts) and the
        # clause's own opening (``relative_clause.state``); such a clause is the relative's, a family clause
        relative = roles.get("relative_clause") or {}
        self.relative_kin = re.compile(relative["kin"], re.I) if relative.get("kin") else None
        self.relative_state = re.compile(relative["state"], re.I) if relative.get("state") else None
        self.relative_reach = int(relative.get("reach", 40))
        recent = course.get("recent")
        self.recent = re.compile(recent, re.I) if recent else None
        self.recent_reach = int(course.get("recent_reach", 40))
        cues: dict[Course, str] = {c: str(course[c.value]) for c in COURSE_ORDER if course.get(c.value)}
        if recent:  # a recency phrase is a word of a new course for the whole clause as well
            cues[Course.NEW] = f"(?:{cues[Course.NEW]})|(?:{recent})" if Course.NEW in cues else str(recent)
        self.course_cues = [(c, re.compile(cues[c], re.I)) for c in COURSE_ORDER if c in cues]
        self._course_screens = [[any_screen(pattern)] for _, pattern in self.course_cues]
        self._course_text: str | None = None  # the note the live courses below were screened for
        self._note_course_cues = self.course_cues
        self.course_reach = {Course(name): int(chars) for name, chars in course.get("reach", {}).items()}
        before = course.get("stable_before")
        self.stable_before = re.compile(before, re.I) if before else None
        self._cues_seen: dict[tuple[int, int, Course], list[tuple[int, int]]] = {}  # for the note being read
        after = course.get("resolved_after")
        self.resolved_after = re.compile(after, re.I) if after else None
        episode = course.get("resolved_episode") or {}
        self.episodes = frozenset(episode.get("findings", []))
        self.episode_end = re.compile(episode["ended"], re.I) if episode.get("ended") else None
        self.episode_within = int(episode.get("within", 100))
        length = episode.get("length")
        self.episode_length = re.compile(length, re.I) if length else None
        following = episode.get("next_sentence")
        self.episode_next = re.compile(following, re.I) if following else None
        next_unless = episode.get("next_unless")
        self.episode_next_unless = re.compile(next_unless, re.I) if next_unless else None
        # thoughts of suicide dated more than a month back and denied now (narrative.yaml course.past_ideation)
        past = course.get("past_ideation") or {}
        self.past_ideation = frozenset(past.get("findings", []))
        self.past_ideation_means: str | None = past.get("means")
        self.past_ideation_dated = re.compile(past["dated"], re.I) if past.get("dated") else None
        self.past_ideation_denied = re.compile(past["denied_now"], re.I) if past.get("denied_now") else None
        self.past_ideation_unless = re.compile(past["unless"], re.I) if past.get("unless") else None
        self.past_ideation_within = int(past.get("within", 200))
        self.past_ideation_returned = re.compile(past["returned"], re.I) if past.get("returned") else None
        self.past_ideation_between = re.compile(past["not_between"], re.I) if past.get("not_between") else None
        self.past_ideation_after = int(past.get("dated_after", 40))
        stable_after = course.get("stable_after")
        self.stable_after = re.compile(stable_after, re.I) if stable_after else None
        empty = roles.get("empty_section")
        self.empty_section = re.compile(empty, re.I) if empty else None
        after_history = roles.get("complaint_after_history")
        self.complaint_after_history = re.compile(after_history, re.I) if after_history else None
        prose = roles.get("prose_resumes") or {}
        self.prose_resumes = re.compile(prose["at"], re.I) if prose.get("at") else None
        self.prose_roles = frozenset(Role(r) for r in prose.get("roles", []))
        visit = roles.get("visit_type") or {}
        self.visit_header = re.compile(visit["header"], re.I) if visit.get("header") else None
        self.visit_complaint = re.compile(visit["complaint"], re.I) if visit.get("complaint") else None
        before = roles.get("before_operation") or {}
        self.before_header = re.compile(before["header"], re.I) if before.get("header") else None
        self.operation_done = re.compile(before["done"], re.I) if before.get("done") else None
        self.operation_to_come = re.compile(before["to_come"], re.I) if before.get("to_come") else None

    def _visit_type(self, text: str, role: Role, title: int, body: int) -> bool:
        """A header whose section is the complaint whatever its role says: a plan header that names the kind of visit,
        or a "Pre-op:" header in a note whose operation is still to come (``_before_operation_to_come``).

        A follow-up header (``visit_type.header``) that opens the note, or whose first words tell a pain
        (``visit_type.complaint``): "Follow-up: chronic low back pain, stable" is the complaint, "Plan: physio.
        Follow-up: in 6 weeks with MRI" the plan."""
        if self._before_operation_to_come(text, role, title, body):
            return True
        if role is not Role.PLAN or self.visit_header is None or not self.visit_header.match(text, title, body):
            return False
        opens = not re.search(r"\w", text[:title])
        return opens or bool(self.visit_complaint is not None and self.visit_complaint.match(text, body))

    def _before_operation_to_come(self, text: str, role: Role, title: int, body: int) -> bool:
        """A "Pre-op:" history header (``before_operation.header``) tells the state before an operation only when the
        note tells the operation done (``before_operation.done``: "POD3", "6 weeks after L5/S1 microdiscectomy") and
        not one to come (``before_operation.to_come``: "Anaesthetic pre-assessment clinic", "listed for"); in any other
        note what it heads is the state now, the complaint (safety first: a pre-assessment's current symptoms)."""
        if role is not Role.HISTORY or self.before_header is None or not self.before_header.match(text, title, body):
            return False
        if self.operation_to_come is not None and self.operation_to_come.search(text):
            return True
        return not (self.operation_done is not None and self.operation_done.search(text))

    def _section_breaks(self, text: str, role: Role, body: int, end: int) -> tuple[int, list[tuple[int, int]]]:
        """Where a section's body really ends (a character offset), and the stretches inside it that are the complaint.

        A header with nothing under it ("PMH: nil.", "Allergies: NKDA") closes at once: what follows is not history,
        drugs or family. Under a history header, a later sentence that tells a pain with a duration ("PMHx: IVDU. Back
        pain 2 weeks, fevers at night.") is the presenting complaint told without a header of its own, up to the end
        of its line; a plain list stays history ("PMH: asthma. Hypertension."), and so does the header's own first item.
        """
        if self.empty_section is not None:
            empty = self.empty_section.match(text, body, end)
            if empty:
                return empty.end(), []
        end = self._prose_resumes(text, role, body, end)
        spans: list[tuple[int, int]] = []
        if role is not Role.HISTORY or self.complaint_after_history is None:
            return end, spans
        for line in re.finditer(r"[^\n]+", text[body:end]):
            line_start, line_end = body + line.start(), body + line.end()
            starts = [body + line.start() + m.end() for m in re.finditer(r"[.!?]\s+(?=\S)", line.group())]
            if line_start > body:
                starts.insert(0, line_start + len(line.group()) - len(line.group().lstrip(" \t-*•")))
            for start in starts:
                if self.complaint_after_history.match(text, start, line_end):
                    spans.append((start, line_end))
                    break
        return end, spans

    def _prose_resumes(self, text: str, role: Role, body: int, end: int) -> int:
        """Where a history, drug, family or social header's body ends in running prose: at the first later sentence on
        the header's own line that opens with a narrative statement (``prose_resumes.at``: "Medications: amlodipine,
        tamsulosin for BPH. He is a current smoker. This morning he came in because ..."). A list under the header
        ("PMH: asthma. Hypertension.") has no such sentence and runs on to the next header as before."""
        if self.prose_resumes is None or role not in self.prose_roles:
            return end
        newline = text.find("\n", body, end)
        line_end = end if newline < 0 else newline
        for cut in re.finditer(r"[.!?]\s+(?=\S)", text[body:line_end]):
            start = body + cut.end()
            if self.prose_resumes.match(text, start, line_end):
                return start
        return end

    def effect(self, role: Role) -> RoleEffect:
        return self.effects.get(role, RoleEffect())

    def read(self, doc: Doc, text: str, sentences: Sequence[Span]) -> Clauses:
        """Every clause of the note with its role and course."""
        self._cues_seen.clear()  # the course cues found belong to one note
        lowered = text.lower()
        self._note_role_cues = [
            cue for cue, screens in zip(self._role_cues, self._role_screens, strict=True) if held_by(screens, text, lowered)
        ]
        self._screen_courses(text, lowered)
        section_of = _section_roles(doc, text, self._section_breaks, self._visit_type)
        clauses = Clauses()
        carried: Role | None = None  # a cue's role runs on through the ';' pieces of one sentence
        for sentence in sentences:
            # an empty header's close or a complaint told under a history header may fall inside a sentence ("DH:
            # none\nBack pain since Friday"): each part is read as a sentence of its own
            for part_start, part_end in _parts(doc, sentence, section_of.breaks):
                # a sentence may open with the line break before a header ("daily.\nPresenting problem: ..."): the
                # header's section is decided at its first word, not at the white space before it (round 28)
                first = part_start
                while first < part_end - 1 and doc[first].is_space:
                    first += 1
                section = section_of(first)
                start_char = doc[part_start].idx
                end_char = sentence.end_char if part_end >= sentence.end else doc[part_end].idx
                pieces = _split(text, start_char, end_char)
                for index, (start, end) in enumerate(pieces):
                    opening = carried if (carried is not None and index == 0) else section
                    if index > 0 and section is not Role.COMPLAINT and clauses.items[-1].role is Role.COMPLAINT:
                        # the complaint told under another header runs on past its sentence's clause breaks ("Husband
                        # says tonight she screamed - said something burst at the back of her head": round 26)
                        opening = Role.COMPLAINT
                    kin = self._relative_clause(text, start, end) if index > 0 else ""
                    if kin:
                        opening = Role.FAMILY
                    self._add_pieces(clauses, text, start, end, opening, section, end_char, kin=kin)
                last_role = clauses.items[-1].role
                ends_with = text[start_char:end_char].rstrip()[-1:]
                carried = last_role if (ends_with == ";" and last_role is not section) else None
        return clauses

    def _relative_clause(self, text: str, start: int, end: int) -> str:
        """The relative a relative clause tells about, when the clause tells the relative's own state ("her son who
        has a temp of 39 & tonsillitis": "son"); empty otherwise (narrative.yaml ``relative_clause``)."""
        if self.relative_kin is None or self.relative_state is None or not self.relative_state.match(text, start, end):
            return ""
        kin = self.relative_kin.search(text, max(0, start - self.relative_reach), start)
        return kin.group("kin").lower() if kin else ""

    def _add_pieces(
        self, clauses: Clauses, text: str, start: int, end: int, opening: Role, section: Role, sentence_end: int,
        *, kin: str = "",
    ) -> None:
        """A clause cut at its commas: a cue decides the role from its own piece on ("Sciatica L leg, MRI last week
        excluded compression" is the complaint, then a test); a social, family or test cue covers its own piece
        only ("Retired farmer, 74, legs go heavy after 100 yards")."""
        kept = self._apposition_commas(text, start, end)
        cuts = [start, *(start + m.end() for m in re.finditer(",", text[start:end]) if start + m.start() not in kept), end]
        if kin:  # a relative clause opened by its comma ("her daughter, who had a fever") is one piece from the comma
            lead = start + len(text[start:end]) - len(text[start:end].lstrip(" \t,"))
            cuts = [cut for cut in cuts if not start < cut <= lead]
        # a piece whose role takes findings out (a test, social, family, history or plan cue, or such a section's
        # header above it) ends where a new statement opens ("and since yesterday he cannot pass urine", "because I
        # can't feel my bum"); the new statement is cut off whole and is the complaint unless a cue of its own says
        # otherwise (safety first: "Social: lives alone, and since Monday she cannot feel her bottom")
        statements: set[int] = set()
        cues: dict[tuple[int, int], Role | None] = {}  # each piece's cue, read once for both passes
        if self.new_statement is not None:
            role = opening
            for left, right in pairwise(cuts):
                if right <= left:
                    continue
                cue = cues[(left, right)] = self._cue(text[left:right])
                role = cue or role
                if role in self.piece_roles or self.effect(role).takes_findings_out():
                    statements.update(m.start() for m in self.new_statement.finditer(text, left, right))
        cuts = sorted({*cuts, *statements})
        role = opening
        goes_on = self._goes_on_anywhere(text[start:end])
        for left, right in pairwise(cuts):
            if right <= left:
                continue
            cue = cues[(left, right)] if (left, right) in cues else self._cue(text[left:right])
            if cue is None and left in statements:
                role = Role.COMPLAINT
            elif cue is None and role in self.piece_roles and role is not section and not (kin and left == start):
                role = section  # a piece role does not run on into the next piece (a relative clause opens as one)
            piece_role = cue or role
            if piece_role is not Role.COMPLAINT and goes_on and piece_role in _OVERRULED:
                piece_role = Role.COMPLAINT
            told_of = kin if (piece_role is Role.FAMILY and left == start) else ""
            clauses.add(Clause(left, right, piece_role, start, end, sentence_end, kin=told_of))
            role = piece_role

    def _apposition_commas(self, text: str, start: int, end: int) -> set[int]:
        """The offsets of the commas around a relative's age ("My mum, 81, had a stroke"): the relative's piece runs
        on through them, so a family cue covers what the relative had, as it does in "My mum had a stroke"."""
        if self.age_apposition is None:
            return set()
        return {
            m.start(group)
            for m in self.age_apposition.finditer(text, start, end)
            for group in ("first", "second")
            if m.group(group) is not None
        }

    def site_examined_normal(self, text: str, start: int, end: int, clause: Clause) -> bool:
        """A body site in an examination piece that states a normal result and no pain ("power is 5/5 in both legs",
        "reflexes symmetrical in both arms"): where the examiner looked, not where the patient has symptoms."""
        if self.exam_normal is None:
            return False
        left = max((m.end() for m in _PIECE_BREAK.finditer(text, clause.start, start)), default=clause.start)
        stop = _PIECE_BREAK.search(text, end, clause.end)
        right = stop.start() if stop else clause.end
        if self.site_cues is not None and self.site_cues.search(text, left, right):
            return False
        return bool(self.exam_normal.match(text, left, right))

    def site_has_cue(self, text: str, start: int, end: int, clause: Clause) -> bool:
        """A body site in an examination clause hurts only with a pain or tenderness word in its own piece."""
        if self.site_cues is None:
            return True
        left = max((m.end() for m in _PIECE_BREAK.finditer(text, clause.start, start)), default=clause.start)
        stop = _PIECE_BREAK.search(text, end, clause.end)
        right = stop.start() if stop else clause.end
        return bool(self.site_cues.search(text, left, right))

    def _screen_courses(self, text: str, lowered: str | None = None) -> None:
        """The course cues the note may hold (the others find nothing in any of its clauses)."""
        lowered = text.lower() if lowered is None else lowered
        self._note_course_cues = [
            cue for cue, screens in zip(self.course_cues, self._course_screens, strict=True)
            if held_by(screens, text, lowered)
        ]
        self._course_text = text

    def _cue(self, words: str) -> Role | None:
        """The role of the first cue a piece of the note being read holds (``read``)."""
        for role, search in self._note_role_cues:
            if search(words):
                return role
        return None

    def _goes_on_anywhere(self, words: str) -> bool:
        """The clause says the problem goes on or began ("and has since had pain"): it is the complaint."""
        return bool(self.complaint_again and self.complaint_again.search(words))

    def recent_at(
        self, text: str, clause: Clause | None, start: int, end: int, *, episode: bool = False
    ) -> int | None:
        """How far a recency phrase attached to the finding at [start, end) stands ("since yesterday urinary
        hesitancy", "can't pee properly from this morning", "over the last 2 days"), or None when there is none.

        Attached: in the finding's clause, within ``recent_reach`` characters before or after it, with no comma or
        semicolon between them - except a phrase that opens the sentence on its own ("Since this morning, ...").
        For an ``episode`` (a fever, ``course.resolved_episode``) a phrase that tells only how long it lasted ("a
        fever for two days") is no recency: the episode's end told after it still ends it.
        """
        if clause is None or self.recent is None:
            return None
        first = clause.scope_start if clause.scope_start >= 0 else clause.start
        last = clause.scope_end if clause.scope_end >= 0 else clause.end
        best: int | None = None
        for match in self.recent.finditer(text, max(first, start - self.recent_reach), min(last, end + self.recent_reach)):
            if episode and self.episode_length is not None and self.episode_length.fullmatch(match.group(0)):
                continue
            if match.end() <= start:
                between = text[match.end(): start]
                opening = not text[first: match.start()].strip() and re.fullmatch(r"\s*,[^,;:()]*", between)
                if not (opening or not _PIECE_BREAK.search(between)):
                    continue
                distance = start - match.end()
            elif match.start() >= end:
                if _PIECE_BREAK.search(text[end: match.start()]):
                    continue
                distance = match.start() - end
            else:
                continue  # inside the finding's own words
            best = distance if best is None else min(best, distance)
        return best

    def course_of(
        self, text: str, clause: Clause | None, start: int, end: int, *, episode: bool = False
    ) -> tuple[Course | None, int]:
        """The course the clause's words give a finding at [start, end), and how far the course word stands.

        The first course (resolved, stable, worsening, new) with a cue within its reach of the finding wins;
        the distance lets a caller ask for a cue close by ("weakness ... getting worse"). An ``episode`` (a fever
        of an illness, ``course.resolved_episode``) is also resolved by its end told later in its own clause ("I had
        a fever last month with a cold, that's gone").
        """
        if clause is None:
            return None, -1
        if self.stable_before is not None and self.stable_before.search(text, clause.start, start):
            return Course.STABLE, 0
        if self.resolved_after is not None and clause.sentence_end > end:
            later = self.resolved_after.search(text, max(end, clause.scope_end), clause.sentence_end)
            if later and later.start() - end <= self.course_reach.get(Course.RESOLVED, 10_000) * 2:
                return Course.RESOLVED, later.start() - end
        if episode and self.episode_end is not None and clause.sentence_end > end:
            ended = self.episode_end.search(text, end, min(clause.sentence_end, end + self.episode_within))
            if ended:
                return Course.RESOLVED, ended.start() - end
        if episode and self.episode_next is not None:
            # the illness's end told as the next sentence's opening ("He had a fever ... This settled completely
            # within five days."), near enough, and with no word of now in either sentence
            following = self.episode_next.match(text, max(end, clause.sentence_end - 1))
            if following and following.end() - end <= self.episode_within:
                stop = text.find(".", following.end())
                opening = max(text.rfind(mark, 0, start) for mark in ".!?\n") + 1
                rest = text[opening: stop if stop >= 0 else len(text)]
                if self.episode_next_unless is None or not self.episode_next_unless.search(rest):
                    return Course.RESOLVED, following.start() - end
        # "4+/5 on the right, which was the same two weeks ago": the relative clause says it has not changed
        if (
            self.stable_after is not None
            and clause.sentence_end > end
            and self.stable_after.match(text[end: clause.sentence_end])
        ):
            return Course.STABLE, 0
        first, last = (clause.scope_start, clause.scope_end) if clause.scope_start >= 0 else (clause.start, clause.end)
        if self._course_text is not text:
            self._screen_courses(text)
        for course, pattern in self._note_course_cues:
            reach = self.course_reach.get(course, 10_000)
            key = (first, last, course)
            spans = self._cues_seen.get(key)
            if spans is None:  # each clause is searched once per course, however many findings it holds
                spans = [(m.start(), m.end()) for m in pattern.finditer(text, first, last)]
                self._cues_seen[key] = spans
            for cue_start, cue_end in spans:
                distance = max(0, cue_start - end, start - cue_end)
                if distance <= reach:
                    return course, distance
        return None, -1


    def past_ideation_resolved(self, text: str, start: int, end: int) -> bool:
        """Thoughts of suicide told with a date more than a month back in their own sentence and denied now within
        ``within`` characters after them (this sentence or the next), with no word of their return ("Thought about
        ending it last year ..., no thoughts like that now"): past ideation, not today's (``course.past_ideation``)."""
        if self.past_ideation_dated is None or self.past_ideation_denied is None:
            return False
        sentence_start = max(text.rfind(mark, 0, start) for mark in ".!?;\n") + 1
        if not self._dated_near(text, sentence_start, start, end):
            return False
        denied = self.past_ideation_denied.search(text, end, min(len(text), end + self.past_ideation_within))
        if denied is None:
            return False
        # the words after the denial up to its sentence's end count too ("none since, until last week")
        after = min((i for i in (text.find(mark, denied.end()) for mark in ".!?;\n") if i >= 0), default=len(text))
        unless = self.past_ideation_unless
        return unless is None or not unless.search(text, sentence_start, after)


    def _dated_near(self, text: str, sentence_start: int, start: int, end: int) -> bool:
        """The date belongs to the thoughts: before them in their sentence with nothing of now between ("Last year I
        thought about ending it"; not "Last year my hip was replaced and now I wish I was dead"), or right after them
        before any comma ("thought about ending it last year"; not "I wish I was dead, the pain started last year")."""
        assert self.past_ideation_dated is not None
        between = self.past_ideation_between
        for match in self.past_ideation_dated.finditer(text, sentence_start, start):
            if between is None or not between.search(text, match.end(), start):
                return True
        after = self.past_ideation_dated.search(text, end, min(len(text), end + self.past_ideation_after))
        return after is not None and not re.search(r"[,;.!?\n]", text[end: after.start()])

    def past_ideation_back(self, text: str, end: int) -> bool:
        """Past thoughts of suicide that the rest of their sentence says are back ("In 2021 I wanted to end it, but
        lately the thoughts are back"): the thoughts are today's, whatever dates them (``course.past_ideation``)."""
        if self.past_ideation_returned is None:
            return False
        sentence_end = min((i for i in (text.find(mark, end) for mark in ".!?;\n") if i >= 0), default=len(text))
        return self.past_ideation_returned.search(text, end, sentence_end) is not None


_NOT_JOINABLE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?[aiLmsux]+\)")  # back-references, conditionals, global flags


def either(patterns: Sequence[re.Pattern[str]]) -> Callable[[str], object]:
    """A search that finds something where any of ``patterns`` does: one alternation when the patterns share their
    flags and none refers to its own groups by number or sets a flag for the whole expression, else each in
    turn."""
    flags = {p.flags for p in patterns}
    if len(patterns) > 1 and len(flags) == 1 and not any(_NOT_JOINABLE.search(p.pattern) for p in patterns):
        try:
            return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags.pop()).search
        except re.error:
            pass
    if len(patterns) == 1:
        return patterns[0].search
    return lambda words: any(p.search(words) for p in patterns)


def _effect(raw: Mapping[str, Any]) -> RoleEffect:
    kinds = raw.get("drop_kinds", [])
    return RoleEffect(
        historical=bool(raw.get("historical", False)),
        drop_kinds=frozenset([ALL_KINDS] if kinds == ALL_KINDS else kinds),
        course=Course(raw["course"]) if raw.get("course") else None,
        sites_need_cue=bool(raw.get("sites_need_cue", False)),
        complaint_only=bool(raw.get("complaint_only", False)),
    )


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence cut at contrasts and relative clauses."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        if match.start() > cursor:
            pieces.append((cursor, match.start()))
            cursor = match.start()
    pieces.append((cursor, end))
    return pieces


# a header the knowledge base does not know ("Mood:", "Pain history:") at the start of a line still ends the
# section above it: what follows is read as the complaint again
_OTHER_HEADER = re.compile(r"(?:(?m:^)|(?<=[.;!?])\s+)[ \t]*[A-Z][A-Za-z/&' -]{1,30}:")


def _section_roles(doc: Doc, text: str, breaks: Any = None, visit_type: Any = None) -> _SectionRoles:
    """token index -> the role of the section header above it (complaint when there is none).

    ``breaks(text, role, body_start_char, body_end_char)`` may close a section early and name the stretches inside
    it that are the complaint (``ClauseReader._section_breaks``); ``visit_type(text, role, title_char, body_char)``
    says a plan header names the kind of visit, so its section is the complaint (``ClauseReader._visit_type``).
    """
    token_starts = [t.idx for t in doc]

    def token_at(char: int) -> int:  # the first token that starts at or after a character offset
        k = bisect_left(token_starts, char)
        while k < len(doc) and doc[k].is_space:
            k += 1
        return k

    sections_found = [s for s in (doc._.get("sections") or []) if s.category]
    titles = {s.title_start for s in sections_found}
    others = []
    for match in _OTHER_HEADER.finditer(text):
        token = bisect_right(token_starts, match.start() + len(match.group(0)) - len(match.group(0).lstrip())) - 1
        if token not in titles:
            others.append((token, len(doc), Role.COMPLAINT))
    known: list[tuple[int, int, Role]] = []
    cuts: list[int] = []
    for s in sections_found:
        role = Role(s.category)
        if visit_type is not None and s.body_start <= len(doc):
            body = doc[s.body_start].idx if s.body_start < len(doc) else len(text)
            if visit_type(text, role, doc[s.title_start].idx, body):
                role = Role.COMPLAINT
        if breaks is None or s.body_start >= len(doc) or s.body_end <= s.body_start:
            known.append((s.title_start, s.body_end, role))
            continue
        last = doc[s.body_end - 1]
        close, complaints = breaks(text, role, doc[s.body_start].idx, last.idx + len(last))
        body_end = min(s.body_end, max(s.body_start, token_at(close)))
        known.append((s.title_start, body_end, role))
        if body_end < s.body_end:
            cuts.append(body_end)
        for left, right in complaints:
            first, after = token_at(left), token_at(right)
            known.append((first, after, Role.COMPLAINT))
            cuts += [first, after]
            # the section goes on after the complaint's line, up to a header the sectionizer does not know
            stop = min([body_end, *(start for start, _, _ in others if after <= start < body_end)])
            if after < stop:
                known.append((after, stop, role))
    sections = sorted(known + others)
    starts = [start for start, _, _ in sections]
    return _SectionRoles(sections, starts, sorted(set(cuts)))


@dataclass(frozen=True)
class _SectionRoles:
    """token index -> the role of the section header above it; ``breaks`` are the tokens where a section was closed
    early or a complaint told inside it begins or ends (a sentence is cut there)."""

    sections: list[tuple[int, int, Role]]
    starts: list[int]
    breaks: list[int]

    def __call__(self, token: int) -> Role:
        k = bisect_right(self.starts, token) - 1
        if k < 0:
            return Role.COMPLAINT
        _, end, role = self.sections[k]
        return role if token < end else Role.COMPLAINT


def _parts(doc: Doc, sentence: Span, breaks: list[int]) -> list[tuple[int, int]]:
    """A sentence's token ranges, cut at the section breaks inside it."""
    inside = [b for b in breaks[bisect_right(breaks, sentence.start):] if b < sentence.end]
    bounds = [sentence.start, *inside, sentence.end]
    return [(left, right) for left, right in pairwise(bounds) if right > left]
