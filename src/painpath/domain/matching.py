"""Matching a referral to clinician-site pairs (standard library only).

Each pair is first checked against what rules it out (not taking new patients, not performing a procedure the
plan needs, not accepting the patient's plan), then scored on weighted factors, each in 0..1 and reported with its
raw value: performs what the plan needs, focus on the leading condition, accepts the plan, earliest slot inside
the triage window, distance, language, and the clinic's measured outcomes for the condition. The weights are data
(matching_policy.yaml). Safety is not traded here: the triage window is the scheduling service's rule; a pair with
no slot inside it is kept but scores nothing for time and says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

FACTORS = ("procedures", "focus", "plan", "earliest", "distance", "language", "outcomes")


@dataclass(frozen=True)
class Need:
    """What the referral needs: procedures from the plan, the leading condition, the patient's plan, language and
    home, whether the patient is new to the clinic, and the triage window's last day (None: no deadline)."""

    procedures: tuple[str, ...]
    condition: str | None
    plan: str | None
    language: str
    home: tuple[float, float] | None
    new_patient: bool
    window_latest: date | None
    today: date
    plan_name: str = ""  # how people know the plan ("Acme Health: Acme PPO"); ``plan`` is its code


@dataclass(frozen=True)
class Candidate:
    clinician_id: int
    clinician: str
    site: str
    site_name: str
    focus: frozenset[str]
    procedures: frozenset[str]
    languages: frozenset[str]
    accepting_new: bool
    plans: frozenset[str]  # accepted by both the clinician and the site
    location: tuple[float, float] | None
    earliest: datetime | None  # first free slot at this site (clinic time), None when none in the horizon


@dataclass(frozen=True)
class Factor:
    name: str
    value: str  # the raw value, in words
    score: float  # 0..1
    weight: float


@dataclass
class Match:
    candidate: Candidate
    factors: list[Factor] = field(default_factory=list)
    ruled_out: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        total = sum(f.weight for f in self.factors)
        return round(sum(f.score * f.weight for f in self.factors) / total, 4) if total else 0.0


@dataclass(frozen=True)
class Weights:
    weights: Mapping[str, float]
    max_distance_km: float
    horizon_days: int
    min_outcome_patients: int

    def __post_init__(self) -> None:
        if set(self.weights) != set(FACTORS) or any(w < 0 for w in self.weights.values()):
            raise ValueError(f"weights must give a non-negative weight for each of {', '.join(FACTORS)}")


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, Earth radius 6371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _rule_outs(need: Need, c: Candidate) -> list[str]:
    out = []
    if need.new_patient and not c.accepting_new:
        out.append(f"{c.clinician} is not taking new patients")
    missing = [p for p in need.procedures if p not in c.procedures]
    if missing:
        out.append(f"does not perform {', '.join(p.replace('_', ' ') for p in missing)}")
    if need.plan is not None and need.plan not in c.plans:
        out.append(f"does not accept the patient's plan ({need.plan_name or need.plan}) at {c.site_name}")
    return out


def score(need: Need, c: Candidate, weights: Weights, outcomes: tuple[int, int] | None) -> Match:
    """Every factor with its value; ``outcomes`` is (reached the MCID, evaluable) for the condition, or None."""
    w = weights.weights
    match = Match(c, ruled_out=_rule_outs(need, c))
    done = [p for p in need.procedures if p in c.procedures]
    match.factors.append(Factor("procedures", f"performs {len(done)} of {len(need.procedures)} needed"
                                + (f" ({', '.join(p.replace('_', ' ') for p in need.procedures)})"
                                   if need.procedures else ""),
                                len(done) / len(need.procedures) if need.procedures else 1.0, w["procedures"]))
    focused = need.condition is not None and need.condition in c.focus
    match.factors.append(Factor("focus", f"{'focuses on' if focused else 'no stated focus on'} "
                                f"{(need.condition or 'the condition').replace('_', ' ')}",
                                1.0 if focused else 0.0, w["focus"]))
    if need.plan is None:
        match.factors.append(Factor("plan", "no insurance on file (self-pay or not recorded)", 0.5, w["plan"]))
    else:
        ok = need.plan in c.plans
        match.factors.append(Factor("plan", f"{'accepts' if ok else 'does not accept'} {need.plan_name or need.plan}",
                                    1.0 if ok else 0.0, w["plan"]))
    if c.earliest is None:
        match.factors.append(Factor("earliest", f"no free slot in the next {weights.horizon_days} days", 0.0,
                                    w["earliest"]))
    else:
        days = (c.earliest.date() - need.today).days
        inside = need.window_latest is None or c.earliest.date() <= need.window_latest
        value = f"{c.earliest:%a %Y-%m-%d %H:%M} ({days} days)" + ("" if inside else
                                                                  ", after the triage window")
        timely = max(0.0, 1 - days / weights.horizon_days)
        match.factors.append(Factor("earliest", value, timely if inside else 0.0, w["earliest"]))
    if need.home is None or c.location is None:
        match.factors.append(Factor("distance", "unknown (no home or site coordinates)", 0.5, w["distance"]))
    else:
        km = distance_km(need.home, c.location)
        match.factors.append(Factor("distance", f"{km:.1f} km", max(0.0, 1 - km / weights.max_distance_km),
                                    w["distance"]))
    speaks = need.language in c.languages
    match.factors.append(Factor("language", f"{'speaks' if speaks else 'does not speak'} {need.language}",
                                1.0 if speaks else 0.0, w["language"]))
    if outcomes is None or outcomes[1] < weights.min_outcome_patients:
        have = 0 if outcomes is None else outcomes[1]
        match.factors.append(Factor("outcomes", f"too few measured patients ({have}) for the condition", 0.5,
                                    w["outcomes"]))
    else:
        reached, evaluable = outcomes
        match.factors.append(Factor("outcomes", f"{reached} of {evaluable} patients with the condition reached "
                                    "the minimal clinically important difference", reached / evaluable,
                                    w["outcomes"]))
    return match


def rank(need: Need, candidates: Sequence[Candidate], weights: Weights,
         outcomes: Mapping[int, tuple[int, int]]) -> list[Match]:
    """Pairs that fit first, best score first (ties: earliest slot, then name); ruled-out pairs after, with why.
    ``outcomes`` maps a clinician id to (reached, evaluable) for the leading condition."""
    matches = [score(need, c, weights, outcomes.get(c.clinician_id)) for c in candidates]
    far = datetime.max
    return sorted(matches, key=lambda m: (bool(m.ruled_out), -m.score, m.candidate.earliest or far,
                                          m.candidate.clinician, m.candidate.site))
