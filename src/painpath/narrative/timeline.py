"""The presenting complaint's timeline: how long it has lasted, not how long ago anything else happened.

A note is full of lengths of time: the pain's ("three months of back pain"), and those of other events (a cancer
diagnosed six years ago, an old accident, smoking for 20 years, worse after 30 minutes in the car). The
complaint's duration is the first one stated in a clause about the complaint that names a symptom of it; a
duration in a history, social, examination, test, medication or plan clause belongs to its own event. A time
shorter than a day counts only as an onset ("forty minutes ago", "this morning") or right after "for" ("pain for
two hours"): "worse after more than 30 minutes in the cab" is how long she can sit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from painpath.domain.model import FindingKind, KnowledgeBase, Observation, Status
from painpath.narrative.roles import Clauses, Role
from painpath.narrative.values import DurationMention

# roles whose clauses tell the story of the complaint now (an examination or a scan dates nothing of it)
_STORY_ROLES = frozenset({Role.COMPLAINT})
_SYMPTOM_KINDS = frozenset({FindingKind.SYMPTOM, FindingKind.LOCATION, FindingKind.SIGN})
_POINTS_BACK = re.compile(r"\b(it|its|it's|this|that|these|they|them|symptoms?|the problem|the pain)\b", re.I)
_FOR_BEFORE = re.compile(r"\b(for|since|x|of)\s+(the\s+)?((past|last)\s+)?$", re.I)
# the length of one episode, not of the complaint: an attack, a bout or the morning stiffness "lasting two hours",
# "stiff in the mornings for over an hour", "each attack goes on for 4 hours", "for 20 minutes at a time" (round 27:
# an hour of morning stiffness was read as a complaint of an hour; expert estimate of the wording)
_EPISODE_BEFORE = re.compile(
    r"(\b(lasting|lasts?|lasted|goes\s+on|go\s+on|went\s+on|going\s+on)\s+(for\s+)?((about|around|roughly|up\s+to|nearly|"
    r"almost|over|more\s+than|less\s+than|under|at\s+least)\s+)?$)",
    re.I,
)
# stiffness told with a time shorter than a day is the morning stiffness's length ("my back has been stiff for 3
# months" is the complaint's)
_STIFF_BEFORE = re.compile(
    r"\b(stiff|stiffness|stiffer)\b[^.;,]{0,30}?\b(for|of|lasting|takes?|took)\s+((about|around|roughly|up\s+to|nearly|"
    r"almost|over|more\s+than|less\s+than|under|at\s+least|a\s+good)\s+)?$",
    re.I,
)
# round 36 (patients): "last a day" read whole is the verb of an attack's length with its subject dropped ("one-sided
# throbbing, can't stand light, last a day"): "the last a day" is no English, so "last" before "a" or "an" is never
# the complaint's "last 3 weeks" (expert estimate of the words)
_EPISODE_SELF = re.compile(r"^\s*lasts?\s+(an?|one)\b", re.I)
_EPISODE_AFTER = re.compile(
    r"^\s*(at\s+a\s+time|each\s+time|a\s+go|every\s+(morning|time|attack|episode|night)|each\s+(morning|attack|episode|night|one)|"
    r"per\s+(attack|episode)|to\s+(wear\s+off|ease|loosen\s+up|settle|get\s+going))\b",
    re.I,
)


@dataclass(frozen=True)
class ComplaintTime:
    days: float
    words: str


def complaint_duration(
    kb: KnowledgeBase,
    text: str,
    durations: Iterable[DurationMention],
    observations: Sequence[Observation],
    clauses: Clauses,
    sentences: Sequence[tuple[int, int]],
) -> ComplaintTime | None:
    """The duration of the presenting complaint, or None when the note states none."""
    symptom_at = sorted(
        o.start
        for o in observations
        if o.status is Status.PRESENT
        and not o.historical
        and o.start >= 0
        and o.finding in kb.findings
        and kb.findings[o.finding].kind in _SYMPTOM_KINDS
    )
    symptom_set = set(symptom_at)  # once, not once per observation (a long note has many)
    other_at = [o.start for o in observations if o.start >= 0 and o.start not in symptom_set]
    fallback: ComplaintTime | None = None
    for mention in durations:
        if clauses.role_at(mention.start) not in _STORY_ROLES:
            continue
        if mention.days < 1 and not mention.ago and not _FOR_BEFORE.search(text[max(0, mention.start - 20): mention.start]):
            continue
        sentence = next(((a, b) for a, b in sentences if a <= mention.start < b), None)
        if sentence is None:
            continue
        if not mention.ago and (
            _EPISODE_BEFORE.search(text[max(sentence[0], mention.start - 50): mention.start])
            or (mention.days < 1 and _STIFF_BEFORE.search(text[max(sentence[0], mention.start - 50): mention.start]))
            or _EPISODE_AFTER.match(text, mention.end, sentence[1])
            or _EPISODE_SELF.match(mention.words)
        ):
            continue  # how long one attack or the morning stiffness lasts, not how long the complaint has
        aside = _aside(text, mention.start, sentence)
        if (
            aside is not None
            and not any(aside[0] <= at < aside[1] for at in symptom_at)
            and not _FOR_BEFORE.search(text[max(aside[0], mention.start - 20): mention.start])
        ):
            continue  # "(seen 8 months ago for a chest infection)": a bracketed aside dates its own event; "(for 5 months)" does not
        names_symptom = any(sentence[0] <= at < sentence[1] for at in symptom_at)
        # "Been like this for over a year": a sentence that points back at the complaint and names nothing else
        points_back = not any(sentence[0] <= at < sentence[1] for at in other_at) and bool(
            _POINTS_BACK.search(text, sentence[0], sentence[1])
        )
        if names_symptom or points_back:
            if _inside_history(kb, mention, observations):
                # "on the prednisolone for my chest for, oh, must be eight years now, ... 10 a day": the years are in
                # the words of the steroid history, not the pain's (round 38); kept only when the note tells no
                # duration of the pain
                fallback = fallback or ComplaintTime(mention.days, mention.words)
                continue
            if _other_conditions(kb, text, mention, observations, sentence):
                # "PMR since 2020, pain started on Tuesday": the years are the PMR's; the pain's own onset, told
                # later, is the complaint's (round 33). Kept only when the note tells no duration of the pain.
                fallback = fallback or ComplaintTime(mention.days, mention.words)
                continue
            return ComplaintTime(mention.days, mention.words)
    return fallback


# the words that tie a length of time to the condition named right before it: "PMR since 2020", "diabetes for 10
# years", "RA diagnosed in 2015"
_TIED_TO_BEFORE = re.compile(
    r"^\W{0,3}(?:(?:has\s+been|have\s+been|had|has|have|was|were|is|known|diagnosed|dx|present|ongoing|"
    r"(?:on|under)\s+treatment|treated)\s+){0,3}$",
    re.I,
)


def _other_conditions(
    kb: KnowledgeBase,
    text: str,
    mention: DurationMention,
    observations: Sequence[Observation],
    sentence: tuple[int, int],
) -> bool:
    """The duration is tied to a condition named right before it that is not the pain ("PMR since 2020")."""
    before = [
        o for o in observations
        if o.status is Status.PRESENT and sentence[0] <= o.start and o.end <= mention.start and o.finding in kb.findings
    ]
    if not before:
        return False
    last_end = max(o.end for o in before)
    if not _TIED_TO_BEFORE.match(text[last_end:mention.start]):
        return False
    owners = [kb.findings[o.finding] for o in before if o.end == last_end]
    return not any(f.kind is FindingKind.LOCATION or f.pain_content for f in owners)


def _inside_history(kb: KnowledgeBase, mention: DurationMention, observations: Sequence[Observation]) -> bool:
    """The duration lies inside the words of a history finding that is not the pain ("prednisolone for my chest
    for, oh, must be eight years", "steroids for 10 years"): it dates that history."""
    return any(
        o.status is Status.PRESENT
        and o.start <= mention.start
        and mention.end <= o.end
        and o.finding in kb.findings
        and kb.findings[o.finding].kind is FindingKind.HISTORY
        and not kb.findings[o.finding].pain_content
        for o in observations
    )


def _aside(text: str, at: int, sentence: tuple[int, int]) -> tuple[int, int] | None:
    """The bracketed aside of the sentence that holds ``at``, if any."""
    opened = text.rfind("(", sentence[0], at)
    if opened < 0 or ")" in text[opened:at]:
        return None
    closed = text.find(")", at, sentence[1])
    return (opened, closed if closed >= 0 else sentence[1])
