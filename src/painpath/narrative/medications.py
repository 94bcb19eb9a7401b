"""Medication mentions with dose, frequency, daily dose and whether they are taken, failed or were not tolerated.

After a drug name, within its sentence, the reader takes in order: form words ("ER", "patch"), the strength (an
amount with its unit, an opioid/acetaminophen pair "10/325", or a bare number in the drug's usual unit from the
knowledge base: "oxy 20 bd"), a tablet count ("2 tabs", "x2") and how often ("q12", "bid", "up to 8 a day").
`dose` is the amount per administration (strength x tablets), `per_day` the administrations a day (the most the
note allows: "q4-6h" is 6, "up to 8 a day" is 8), so MME and acetaminophen limits are checked against the most.

Status comes from the words around the drug: a negation cue right before it ("not on any blood thinners") makes it
absent; a finished course makes it past; a side effect counts only when it belongs to the drug ("gave her an
ulcer", "nausea from tramadol"), not when it is what the drug treats ("linezolid for an infected foot ulcer").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from painpath.domain.model import MedicationMention
from painpath.narrative.components import CASE_FOLDS, LiteralIndex, screen_literals

_NUMBER = r"\d+(?:\.\d+)?"
_WORD_NUMBERS = {
    "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0, "eight": 8.0,
    "nine": 9.0, "ten": 10.0, "eleven": 11.0, "twelve": 12.0, "half": 0.5, "½": 0.5, "1/2": 0.5,
    "once": 1.0, "twice": 2.0, "thrice": 3.0,
}
_COUNT_NUMBER = r"(?:1/2|½|\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half)"
_FORM = (
    r"(?:er|sr|xr|cr|ir|la|xl|ds|mr|patch(?:es)?|tablets?|tabs?|caps(?:ules)?|po|oral|transdermal|im|iv|sc|sl|buccal|"
    r"liquid|solution|(?:sustained|extended|modified|slow|controlled|immediate|prolonged)[- ]release)"
)
_UNIT = r"(mcg/h(?:r|our)?|micrograms?/h(?:r|our)?|µg/h(?:r)?|mcg|µg|micrograms?|milligrams?|mg|grams?|g)\b"

# "5 mg", "25 mcg/h", "5-10 mg" (a range: the most)
_AMOUNT = re.compile(rf"^\W{{0,3}}(?:{_FORM}\s+){{0,3}}({_NUMBER})(?:\s*(?:-|to)\s*({_NUMBER}))?\s*{_UNIT}", re.I)
# opioid-acetaminophen combinations written as "5/325" (opioid mg / acetaminophen mg)
_COMBINATION = re.compile(rf"^\W{{0,3}}(?:{_FORM}\s+){{0,3}}({_NUMBER})\s*/\s*(\d{{3}})(?:\s*mg)?\b", re.I)
# a bare number right after the name (spaces and form words only between): "oxy 20", "Nucynta ER 150"
_BARE = re.compile(rf"^\s+(?:{_FORM}\s+){{0,3}}({_NUMBER})(?:\s*(?:-|to)\s*({_NUMBER}))?(?![\d.]*\w)(?!\.\d)", re.I)
# what follows a bare number that is not a strength: a duration, a pain score, a tablet count, a date, a weight
_NOT_A_STRENGTH = re.compile(
    r"^\s*(?:(?:or|to|-)\s*\d+(?:\.\d+)?\s*)?(?:/|%|years?\b|yrs?\b|y\b|yo\b|y/o|months?\b|mos?\b|weeks?\b|wks?\b|"
    r"days?\b|d\b|hours?\b|hrs?\b|h\b|minutes?\b|mins?\b|times\b|x\s*(?:a\s+|per\s+)?(?:daily|day)\b|tabs?\b|tablets?\b|"
    r"caps?\b|capsules?\b|pills?\b|puffs?\b|doses?\b|st\b|nd\b|rd\b|th\b|am\b|pm\b|kg\b|lbs?\b|cm\b|mm\b|ml\b|"
    r"units?\b|iu\b)",
    re.I,
)
# a strength written before the name: "60 mg of morphine", "a 25 mcg/h fentanyl patch"
_LEADING_AMOUNT = re.compile(
    rf"(?<![\d.])({_NUMBER})(?:\s*(?:-|to)\s*({_NUMBER}))?\s*{_UNIT}\s*(?:of\s+)?(?:(?:a|an|the|her|his)\s+)?$", re.I
)
# a count of tablets written before the name: "takes 2 Percocet a day"
_LEADING_COUNT = re.compile(
    r"\b(?:takes?|taking|uses?|using|about|around|up to)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve)\s+$",
    re.I,
)
# a liquid's strength per volume after its amount: "10 mg/5 ml" (and the volume taken: "10 mg/5 ml 10 ml")
_CONCENTRATION = re.compile(rf"^\s*/\s*({_NUMBER})?\s*ml\b(?:[\s,]*({_NUMBER})\s*ml\b)?", re.I)
_PER_DAY_WORDS = re.compile(r"^\s*(?:(?:a|per|each)\s+day\b|/\s*d(?:ay)?\b|daily\b)", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# tablets per administration: "2 tabs", ", takes 1-2 tablets", "x2"
_COUNT = re.compile(
    rf"^[\s,;:\-]*(?:(?:takes?|taking|uses?|using|about|approximately|approx\.?|around|~|up to)\s+)*"
    rf"({_COUNT_NUMBER})(?:\s*(?:-|to|or)\s*({_COUNT_NUMBER}))?\s*(?:x\s*)?(?:tabs?|tablets?|caps?|capsules?|pills?)\b",
    re.I,
)
_TIMES = re.compile(
    r"^\s*x\s*(\d{1,2})\b(?!\s*(?:years?|yrs?|y\b|months?|mos?\b|weeks?|wks?|days?|d\b|/|-\s*\d))", re.I
)
_NUMWORD = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_FREQUENCY: list[tuple[re.Pattern[str], str | float]] = [
    # every N hours (a range gives its shorter interval): "q4h", "every 4-6 hours", "q 12 hrs"
    (re.compile(r"\b(?:every|q)\s*(\d{1,2}|two|three|four|six|eight|twelve)(?:\s*(?:-|to)\s*(?:\d{1,2}|four|six|eight))?\s*(?:h|hrs?|hours?|hourly)\b", re.I), "hours"),
    # "q12", "q4", "q6-8": q with a number and no unit is hours
    (re.compile(r"\bq\s*(\d{1,2})(?:\s*-\s*\d{1,2})?(?!\w|\.\d)(?!\s*(?:d\b|days?|wks?|weeks?|months?|mo\b|mins?|minutes?|y\b|years?))", re.I), "hours"),
    (re.compile(r"\b(?:every|q)\s*(\d)\s*(?:d|days)\b", re.I), "days"),
    (re.compile(r"\bevery other day\b", re.I), 0.5),
    # "3 times a day", "4x daily", "three times daily", "x3/day"
    (
        re.compile(
            rf"\b{_NUMWORD}(?:\s*(?:-|to|or)\s*{_NUMWORD})?\s*(?:x|times)\s*(?:a\s+|per\s+|each\s+|/\s*)?(?:day|daily|d)\b"
            r"|\bx\s*(\d)\s*/\s*day\b",
            re.I,
        ),
        "count",
    ),
    # administrations a day: "up to 8 a day", "3 per day", "six a day"
    (re.compile(rf"\b{_NUMWORD}\s*(?:(?:a|per|each)\s+day|/\s*day)\b", re.I), "count"),
    (re.compile(r"\b(?:qid|qds|four times (?:a|per) day|four times daily)\b", re.I), 4.0),
    (re.compile(r"\b(?:tid|tds|three times (?:a|per) day|three times daily)\b", re.I), 3.0),
    (re.compile(r"\b(?:bid|bd|twice (?:a )?(?:daily|day)|twice per day|two times (?:a|per) day)\b", re.I), 2.0),
    (re.compile(r"\b(?:twice (?:a )?week(?:ly)?|twice per week)\b", re.I), 2 / 7),
    (re.compile(r"\b(?:weekly|once (?:a|per) week|every week)\b", re.I), 1 / 7),
    (
        re.compile(
            r"\b(?:once (?:a )?day|once daily|daily|od|qd|nightly|at night|qhs|hs|nocte|mane|qam|qpm|at bedtime|"
            r"each morning|every morning|every night|in the morning)\b",
            re.I,
        ),
        1.0,
    ),
    # "a day" right after the dose ("Kadian 50 a day"); "smokes 20 a day" is about something else
    (re.compile(r"\b(?:per day|a day)\b|/\s*day\b", re.I), "a day"),
]
# words that may stand between the strength and its frequency
_FILLER = re.compile(
    r"\b(?:prn|as needed|when needed|if needed|po|orally|by mouth|regularly|usually|normally|about|approximately|"
    r"approx|around|roughly|up to|at most|max(?:imum)?(?: of)?|tabs?|tablets?|caps?|capsules?|patch(?:es)?|"
    r"changed|applied|sl|er|sr|ir|for pain)\b",
    re.I,
)
_TAKES = re.compile(r"\b(?:takes?|taking|uses?|using|has|having)\b", re.I)
_TRANSDERMAL = re.compile(r"\b(?:patch(?:es)?|transdermal|td)\b", re.I)

# side effects named outright: they belong to the drug of the clause
_INTOLERANCE = re.compile(
    r"\b(upset|intoleran\w*|not tolerated|not tolerating|(?:couldn'?t|could not|can'?t|cannot|unable to|did not|didn'?t) "
    r"tolerate|side[- ]effects?|adverse (?:effects?|reactions?)|reactions? to|caused|causing|made (?:him|her|them|me) \w+|"
    r"allerg\w*|can'?t take|cannot take|unable to take|gave (?:him|her|them|me) \w+)\b",
    re.I,
)
# symptoms and conditions: a side effect only when tied to the drug (see _tied_symptom)
_SYMPTOM = re.compile(
    r"\b(rash|nause\w*|vomit\w*|dizz\w*|drows\w*|sedat\w*|confus\w*|constipat\w*|bleed\w*|ulcer\w*|gastritis|hives|"
    r"weight gain|foggy|ankle swelling|heartburn|reflux|indigestion|dyspepsia|stomach (?:pain|problems|trouble|issues))\b",
    re.I,
)
# conditions that are also reasons to prescribe or common history: they need a causal link or a compound
_STRONG_SYMPTOM = re.compile(r"^(?:bleed\w*|ulcer\w*|gastritis)$", re.I)
_CAUSAL = re.compile(
    r"\b(?:caus\w*|gave|giving|led to|lead to|resulted in|induced|related|associated|complicated by|with)\b|->|→", re.I
)
_COMPOUND_GAP = re.compile(
    r"[\s\-]*(?:(?:induced|related|associated|gastric|duodenal|peptic|stomach|gi|upper|bleeding|a|an)[\s\-]+)*", re.I
)
# what the drug is for, or history beside it, is not its side effect
_INDICATION = re.compile(
    r"\b(?:for(?!\s+(?:(?:\d+|a|an|one|two|three|four|five|six|several|many|some|the past|the last|over)\s+)*"
    r"(?:years?|months?|weeks?|days?|yrs?|mos?|long|while|ages|time|now)\b)|to treat|to prevent|treating)\b",
    re.I,
)
# "caused", "made her dizzy", "gave him an ulcer" say what the drug did only when they come after it
_AFTER_ONLY = re.compile(r"^(?:caused|causing|made|gave)\b", re.I)
_HISTORY = re.compile(r"\b(?:history of|hx of|hx|h/o|pmh|previous|prior|known|past)\b", re.I)
_STOPPING = re.compile(r"\b(?:stopped|discontinued|came off|switched|changed|weaned|ceased|halted|d/?c'?d)\b", re.I)
# a symptom written before the drug: "nausea from tramadol", "dizzy on gabapentin"
_LINK_BEFORE = re.compile(
    r"\b(?:from|due to|with|on|after|caused by|secondary to|induced by|related to|while (?:on|taking)|when (?:on|taking))\b",
    re.I,
)
# the note says the drug must not be used (a clinician's instruction, not a trial that went wrong)
_CONTRAINDICATED = re.compile(
    r"\b(contraindicat\w*|avoid\w*|advised against|must not (?:take|use)|should not (?:take|use)|not to (?:take|use))\b",
    re.I,
)
_FAILED = re.compile(
    r"\b(didn'?t help|did not help|no (?:relief|benefit|help|effect|improvement)|failed|ineffective|not effective|without (?:relief|benefit)|"
    r"did nothing|done nothing|no better|not helpful|unhelpful|minimal (?:relief|benefit)|"
    # the present tense ("paracetamol does nothing", "ibuprofen doesn't touch it", "it isn't helping"; probe 27b)
    r"does nothing|do nothing|doing nothing|(?:does|do)(?: not|n'?t) (?:help|work|touch (?:it|the pain))|"
    r"(?:is|are)(?: not|n'?t) (?:helping|working|touching (?:it|the pain))|"
    r"(?:has|have|had)(?: not|n'?t) (?:helped|worked|touched (?:it|the pain))|"
    # "not relieved with Tab. Aceclofenac", "pain not relieved by paracetamol" (round 39, fix39c); not a rest or a
    # position ("not relieved by rest", "not relieved lying down")
    r"not (?:at all )?relieved (?:with|by|on|after|despite) (?!rest\b|lying\b|sitting\b|standing\b|position\w*|sleep\w*|change\w*))",
    re.I,
)
_PAST = re.compile(
    r"\b(tried|previously|stopped|discontinued|used to|prior|trial of|in the past|came off|weaned|no longer|"
    r"(?:finished|completed) (?:(?:the|a|his|her|their|my) )?(?:\w+ )?(?:course|prescription|supply|treatment)|"
    r"finished (?:it|them))\b",
    re.I,
)
# a single dose given in an emergency ("given intranasal naloxone by the ambulance crew", "the paramedics gave him
# Narcan") is no medicine taken now, and "was on oxycodone" names one stopped (round 25)
_EMERGENCY_AFTER = re.compile(
    r"^[^.;]{0,25}?\b(?:by|from)\s+(?:the\s+)?(?:ambulance|paramedics?|crew|ems|ambulance\s+crew|a&e|er|emergency)\b", re.I
)
_EMERGENCY_BEFORE = re.compile(
    r"\b(?:ambulance|paramedics?|crew|ems)\s+(?:\w+\s+){0,1}(?:gave|administered|used|injected|sprayed)\s+(?:\w+\s+){0,3}$", re.I
)
# ... unless the sentence goes on to say it is taken ("suggested naproxen, which I now take", "which helps")
_TAKEN_AFTER = re.compile(
    r"^[^.;]{0,60}?\b(?:(?:i|he|she|they|we)\s+(?:now\s+|still\s+)?(?:take|takes|took|am\s+taking|is\s+taking|are\s+taking|"
    r"have\s+been\s+taking|has\s+been\s+taking|started|use|uses)|(?:which|it|that\s+one)\s+(?:really\s+|really\s+does\s+)?"
    r"(?:helps|helped|works|worked)|(?:\d+(?:\.\d+)?\s*mg))\b",
    re.I,
)
_WAS_ON = re.compile(r"\b(?:was|were|had\s+been)\s+(?:previously\s+|once\s+)?on\s+$", re.I)
_PLANNED = re.compile(r"\b(start|starting|consider|plan(?:ned)? to|will (?:try|start|begin)|recommend(?:ed)?)\b", re.I)
# a drug someone put forward or the patient read about, named right after the words ("her mum suggested ibuprofen",
# "the GP mentioned amitriptyline at night", "I read duloxetine is for fibromyalgia"): not taken now (round 25); "she
# mentioned taking ibuprofen" still tells what she takes
_PROPOSED = re.compile(
    r"\b(?:suggest(?:s|ed|ing)?|mention(?:s|ed|ing)?|propos(?:e|es|ed|ing)|(?:i|we)\s+(?:have\s+)?"
    r"(?:read|heard|saw|seen)(?:\s+(?:online|somewhere|on\s+the\s+internet))?(?:\s+that)?)\s+"
    r"(?:(?:a|an|the|some|trying|low[- ]dose|that|me|her|him|them|us)\s+){0,2}$",
    re.I,
)

# a negation cue right before the drug, maybe with a list of other drugs between: "not on any blood thinners",
# "no aspirin, warfarin or clopidogrel", "denies taking NSAIDs"; "off" and "no longer" mean stopped. A determiner
# after the "or" of the list belongs to the list too (round 33): "not taking warfarin or any blood thinners", "no
# aspirin or other NSAIDs" deny every drug of the list
DRUG_MARK = "\x00DRUG\x00"
_LIST_TAIL = re.compile(
    rf"(?:\s|,|/|\bor\b|\band\b|\bnor\b|{re.escape(DRUG_MARK)}"
    rf"|(?<=\bor )(?:any|other|any\s+other|similar)\b|(?<=\bnor )(?:any|other|any\s+other)\b)*$",
    re.I,
)
_CUE_FILLERS = (
    r"currently|presently|now|been|on|taking|take|takes|taken|took|using|use|used|prescribed|started|starting|start|"
    r"any|other|regular|regularly|daily|the|his|her|their|my|oral|long-term|medications?|meds|drugs|such as|like|"
    r"including|e\.g\.|either|tried"
)
_NEGATED_BEFORE = re.compile(
    rf"\b(?:no|nil|not|never|denies|denied|deny)(?:\s+(?:{_CUE_FILLERS}))*\s*$", re.I
)
# "not taking his oxycodone as prescribed" is about how it is taken, not whether
_ADHERENCE = re.compile(r"^[^.;]{0,25}?\b(?:as prescribed|as directed|regularly|correctly|consistently|properly)\b", re.I)
_OFF_BEFORE = re.compile(rf"\b(?:off|came off|weaned off|stopped)(?:\s+(?:{_CUE_FILLERS}))*\s*$", re.I)
_NEGATED_AFTER = re.compile(r"^\s*[:\-–]\s*(?:none|nil|no|denied|negative|not taking)\s*(?:[.,;)]|$)", re.I)


@dataclass(frozen=True)
class DrugName:
    drug: str
    drug_class: str
    name: str
    default_unit: str | None = None      # the unit of a bare number after the name
    transdermal_unit: str | None = None  # the unit of the drug's patches (labelled per hour)
    route: str | None = None
    tablet_mg: float | None = None       # fixed strength per tablet of a product (Tylenol #3: 30 mg codeine)
    tablet_acetaminophen_mg: float | None = None
    ambiguous: bool = False              # counts only with a dose, tablet count or frequency after it ("T3")


def _canonical(name: str) -> str:
    """One spelling per name: "Tylenol#3", "tylenol # 3" and "tylenol no 3" all read as the knowledge base wrote them."""
    text = re.sub(r"\s*#\s*", " #", name.lower())
    text = re.sub(r"\bno\.?\s*(?=\d)", "no. ", text)
    return re.sub(r"\s+", " ", text).strip()


def _name_pattern(name: str) -> str:
    pattern = re.escape(name).replace(r"\ ", r"\s+")
    pattern = re.sub(r"(?:\\s\+)?\\#", r"\\s*\\#\\s*", pattern)
    pattern = pattern.replace(r"no\.\s+", r"no\.?\s*")
    if name[-1].isdigit():
        # "Tylenol 3 times a day" is acetaminophen three times a day, not Tylenol #3
        pattern += (
            r"(?!\s*(?:times|x\b|tabs?\b|tablets?\b|pills?\b|caps?\b|capsules?\b|(?:a|per|each)\s+day|/\s*day|daily|"
            r"(?:or|to|-)\s*\d))"
        )
    return pattern


def _needed_literals(names: Sequence[DrugName]) -> LiteralIndex | None:
    """Literal texts (lower-cased) one of which every match of a name holds: each name's most selective set of
    needed literals (``screen_literals``), or a short plain name itself ("t3"); None when a name gives none."""
    needs: set[str] = set()
    for name in names:
        screen = screen_literals(re.compile(r"\b(" + _name_pattern(name.name) + ")", re.I))
        if screen is not None:
            needs.update(screen[0])
        elif name.name.isascii() and name.name.isalnum():
            needs.add(name.name.lower())
        else:
            return None
    return LiteralIndex(needs)


def name_alternation(entries: Sequence[Mapping[str, Any]], drug_class: str | None = None) -> str | None:
    """Every drug and class name of the knowledge base (or of one drug class) as one regex alternation, longest
    first (whole words are the caller's to require)."""
    names = sorted(
        {n.name for n in drug_names(entries) if drug_class is None or n.drug_class == drug_class},
        key=lambda name: (-len(name), name),
    )
    return "|".join(_name_pattern(name) for name in names) or None


def drug_names(entries: Sequence[Mapping[str, Any]]) -> list[DrugName]:
    """Every name of every medication entry, with what the entry or its product says about reading doses."""
    names: list[DrugName] = []
    for entry in entries:
        base = {
            "drug": entry["id"],
            "drug_class": entry["class"],
            "default_unit": entry.get("default_unit"),
            "transdermal_unit": entry.get("transdermal_unit"),
        }
        for name in [entry["id"].replace("_", " "), *entry.get("names", [])]:
            names.append(DrugName(name=_canonical(name), **base))
        for product in entry.get("products", []):
            strength = product.get("per_tablet", {})
            ambiguous = {_canonical(n) for n in product.get("ambiguous_names", [])}
            for name in product["names"]:
                names.append(
                    DrugName(
                        name=_canonical(name),
                        drug=entry["id"],
                        drug_class=entry["class"],
                        default_unit=product.get("default_unit", entry.get("default_unit")),
                        transdermal_unit=entry.get("transdermal_unit"),
                        route=product.get("route"),
                        tablet_mg=strength.get("mg"),
                        tablet_acetaminophen_mg=strength.get("acetaminophen_mg"),
                        ambiguous=_canonical(name) in ambiguous,
                    )
                )
    return names


class MedicationLexicon:
    """Drug and class names from the knowledge base, matched as whole words."""

    def __init__(self, entries: Sequence[Mapping[str, Any]], side_effect_words: Iterable[str] = ()) -> None:
        self.names = drug_names(entries)
        # side effects in the patient's words (knowledge/plan_intolerance.yaml), longest first
        words = sorted({w for w in side_effect_words if w}, key=len, reverse=True)
        self.lay = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I) if words else None
        self.classes: dict[str, str] = {entry["id"]: entry["class"] for entry in entries}
        self.names.sort(key=lambda n: -len(n.name))
        alternatives = "|".join(_name_pattern(n.name) for n in self.names)
        # a hyphen may follow only as "-induced", "-related", "-associated" ("NSAID-induced ulcer")
        self.pattern = (
            re.compile(r"\b(" + alternatives + r")(?!\w|-(?!induced|related|associated))", re.I) if self.names else None
        )
        self.by_name = {n.name: n for n in self.names}
        self._needs = _needed_literals(self.names)
        self._last: tuple[str, list[re.Match[str]]] | None = None

    def matches(self, text: str) -> list[re.Match[str]]:
        """Every drug or class name in the text, in order (the name pattern's matches; do not change the list). Most
        notes name no drug: a note holding none of the literal words every name needs is not scanned, and the last
        note's matches are kept, as the reader and ``find`` both ask for them."""
        if self.pattern is None:
            return []
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        if self._needs is not None and not CASE_FOLDS.intersection(text) and not self._needs.held(text.lower()):
            found: list[re.Match[str]] = []
        else:
            found = list(self.pattern.finditer(text))
        self._last = (text, found)
        return found

    def find(self, text: str, sentences: Iterable[tuple[int, int]]) -> list[MedicationMention]:
        """Every medication mention, read within its sentence for dose, frequency and status."""
        if self.pattern is None:
            return []
        bounds = list(sentences) or [(0, len(text))]
        matches = [(m, self.by_name[_canonical(m.group(1))]) for m in self.matches(text)]
        mentions: list[MedicationMention] = []
        used = 0  # where the previous mention's dose words end: words before a name are its own only after that
        # sentences in order and apart (as the reader gives them) are found by bisection, the names (in order) too
        ordered = all(e <= s for (_, e), (s, _) in pairwise(bounds)) and all(s <= e for s, e in bounds)
        bound_starts = [s for s, _ in bounds]
        name_starts = [m.start() for m, _ in matches]
        for index, (match, name) in enumerate(matches):
            if ordered:
                k = bisect_right(bound_starts, match.start()) - 1
                start, end = bounds[k] if k >= 0 and match.start() < bounds[k][1] else (0, len(text))
            else:
                start, end = next(((s, e) for s, e in bounds if s <= match.start() < e), (0, len(text)))
            before = text[max(start, used, match.start() - 40): match.start()]
            # a drug's dose words stop at the next drug named ("oxycodone 10 mg, gabapentin bd")
            stop = min(end, matches[index + 1][0].start()) if index + 1 < len(matches) else end
            dosing = _dosing(name, text, match.end(), max(stop, match.end()), before)
            used = max(used, dosing.end)
            if name.ambiguous and not dosing.stated:
                continue
            others = [
                (m.start(), m.end())
                for m, _ in matches[bisect_left(name_starts, start): bisect_left(name_starts, end)]
                if m is not match
            ]
            status, effect = _status(text, (start, end), (match.start(), match.end()), others, self.lay)
            mentions.append(dosing.mention(name, text, match, status, effect))
        return mentions


@dataclass
class _Dosing:
    end: int                       # where the words about the dose end in the text
    dose: float | None = None      # per administration
    unit: str | None = None
    per_day: float | None = None
    acetaminophen_mg: float | None = None
    transdermal: bool = False
    stated: bool = False           # the note gives a strength, a tablet count or a frequency

    def mention(
        self, name: DrugName, text: str, match: re.Match[str], status: str, effect: str
    ) -> MedicationMention:
        daily = self.dose * self.per_day if self.dose is not None and self.per_day is not None else None
        return MedicationMention(
            name=name.drug,
            text=text[match.start(): self.end].strip(" ,;"),
            dose=self.dose,
            unit=self.unit,
            per_day=self.per_day,
            daily_dose=round(daily, 3) if daily is not None else None,
            status=status,
            effect=effect,
            route="transdermal" if self.transdermal else name.route,
            acetaminophen_mg=self.acetaminophen_mg,
        )


def _number(raw: str | None) -> float | None:
    if raw is None:
        return None
    raw = raw.lower()
    return _WORD_NUMBERS[raw] if raw in _WORD_NUMBERS else float(raw)


def _dosing(name: DrugName, text: str, name_end: int, sent_end: int, before: str = "") -> _Dosing:
    """Strength, tablet count and frequency written after the drug name, up to the end of its sentence.

    A strength or a count written just before the name is read when none follows it: "60 mg of morphine a day",
    "takes 2 Percocet a day".
    """
    after = text[name_end:sent_end]
    result = _Dosing(end=name_end)
    result.transdermal = name.route == "transdermal" or bool(_TRANSDERMAL.match(after.lstrip()))
    cursor = 0
    amount = _AMOUNT.match(after)
    combination = _COMBINATION.match(after)
    bare = _BARE.match(after)
    leading = _LEADING_AMOUNT.search(before)
    if amount:
        strength = _number(amount.group(2)) or float(amount.group(1))
        result.unit = _unit(amount.group(3))
        cursor = amount.end()
        concentration = _CONCENTRATION.match(after[cursor:])
        if concentration:  # "10 mg/5 ml, 10 ml": the amount in the volume taken, unknown without the volume
            per_volume = _number(concentration.group(1)) or 1.0
            volume = _number(concentration.group(2))
            result.dose = strength * volume / per_volume if volume is not None else None
            cursor += concentration.end()
        else:
            result.dose = strength
    elif combination:  # "Percocet 5/325": the first number is the opioid in mg
        result.dose = float(combination.group(1))
        result.unit = "mg"
        result.acetaminophen_mg = float(combination.group(2))
        cursor = combination.end()
    elif bare and _strength_unit(name, after, bare) is not None:
        value = _number(bare.group(2)) or _number(bare.group(1))
        result.dose = value
        result.unit = _strength_unit(name, after, bare)
        cursor = bare.end()
    elif name.tablet_mg is not None or name.tablet_acetaminophen_mg is not None:  # "Tylenol #3": the label's strength
        result.dose = name.tablet_mg
        result.unit = "mg" if name.tablet_mg is not None else None
        result.acetaminophen_mg = name.tablet_acetaminophen_mg
    elif leading:
        result.dose = _number(leading.group(2)) or _number(leading.group(1))
        result.unit = _unit(leading.group(3))
        if _TRANSDERMAL.search(before[leading.start():]):
            result.transdermal = True
    result.stated = cursor > 0 or (leading is not None and result.dose is not None)
    if _TRANSDERMAL.match(after[cursor:].lstrip()) or _TRANSDERMAL.search(after[:cursor]):
        result.transdermal = True
    if result.transdermal and result.unit == "mcg" and name.transdermal_unit:
        result.unit = name.transdermal_unit  # a fentanyl or buprenorphine patch is labelled per hour

    tablets, per_day, cursor = _tablets(after, cursor)
    if tablets is not None or per_day is not None:
        result.stated = True
    if per_day is None:
        frequency_start = cursor
        per_day, cursor = _frequency(after, cursor)
        count_before = _LEADING_COUNT.search(before)
        if count_before and tablets is None and _PER_DAY_WORDS.match(after[frequency_start:cursor].strip(" ,")):
            per_day = _number(count_before.group(1))  # "takes 2 Percocet a day"
    if tablets is not None:
        result.dose = result.dose * tablets if result.dose is not None else None
        if result.acetaminophen_mg is not None:
            result.acetaminophen_mg *= tablets
    if result.dose is not None and result.unit is None:
        result.unit = "mg"
    if per_day is not None:
        result.stated = True
    # a patch delivers continuously: its dose is the rate, not an amount a number of times a day
    result.per_day = None if result.unit == "mcg/h" else per_day
    result.end = name_end + cursor
    return result


def _strength_unit(name: DrugName, after: str, bare: re.Match[str]) -> str | None:
    """The unit of a bare number after the name, or None when the number is not a strength."""
    if _YEAR.match(bare.group(1)) or _NOT_A_STRENGTH.match(after[bare.end():]):
        return None
    value = float(bare.group(1))
    if value <= 12 and _PER_DAY_WORDS.match(after[bare.end():]):
        return None  # "tramadol 3 a day" counts tablets; "Kadian 50 a day" is a strength
    follows_patch = bool(_TRANSDERMAL.match(after[bare.end():].lstrip()))
    if (follows_patch or name.route == "transdermal") and name.transdermal_unit:
        return name.transdermal_unit
    return name.default_unit


def _tablets(after: str, cursor: int) -> tuple[float | None, float | None, int]:
    """Tablets per administration ("2 tabs", "x2") and, when they are counted per day ("3 tablets a day"), per_day."""
    rest = after[cursor:]
    count = _COUNT.match(rest)
    if count:
        tablets = max(_number(count.group(1)) or 0.0, _number(count.group(2)) or 0.0)
        end = cursor + count.end()
    else:
        times = _TIMES.match(rest)
        if not times:
            return None, None, cursor
        tablets = float(times.group(1))
        end = cursor + times.end()
    per_day = _PER_DAY_WORDS.match(after[end:])
    if per_day:  # "takes 3 tablets a day": three administrations of one tablet
        return None, tablets, end + per_day.end()
    return tablets, None, end


def _frequency(after: str, cursor: int) -> tuple[float | None, int]:
    """Administrations a day from the first frequency close after the dose (filler words like "prn" aside)."""
    window = after[cursor: cursor + 60]
    best: tuple[int, int, float] | None = None
    for pattern, kind in _FREQUENCY:
        for found in pattern.finditer(window):
            gap = _FILLER.sub("", window[: found.start()]).strip(" ,;")
            if len(gap) > 12:
                break
            if kind in {"count", "a day"} and _TAKES.sub("", gap).strip(" ,;:-()"):
                break  # a bare count must follow the dose: in "tramadol 50 mg, smokes 20 a day" the 20 is cigarettes
            per_day = _per_day(found, kind)
            if per_day is None:
                continue
            key = (found.start(), -found.end())
            if best is None or key < (best[0], -best[1]):
                best = (found.start(), found.end(), per_day)
            break
    if best is None:
        return None, cursor
    return best[2], cursor + best[1]


def _per_day(found: re.Match[str], kind: str | float) -> float | None:
    if isinstance(kind, float):
        return kind
    if kind == "a day":
        return 1.0
    value = max((_number(g) or 0.0 for g in found.groups() if g), default=0.0)  # "2 or 3 times a day": 3
    if not value:
        return None
    if kind == "hours":
        return 24.0 / value if value <= 72 else None
    if kind == "days":
        return 1.0 / value
    return value if value <= 24 else None  # "count": administrations a day


def _unit(raw: str) -> str:
    raw = raw.lower()
    if "/h" in raw:
        return "mcg/h"
    if raw.startswith(("mcg", "µg", "microgram")):
        return "mcg"
    if raw in {"g", "gram", "grams"}:
        return "g"
    return "mg"


_BOUNDARY = re.compile(r"[,;:()]|\s-\s|\bbut\b|\bwhereas\b|\bwhile\b")
# a clause that goes on about the drug just named ("gabapentin 300 mg, which made her dizzy"; "took Xarelto after a
# DVT but finished the course")
_CONTINUES = re.compile(
    r"^[\s,;:()\-]*(?:which|that|it|this|causing|caused|with no|without|(?:but|though|and) it|"
    r"(?:but|and|then)\s+(?:(?:he|she|they|i|it|was|were|has|have|had)\s+)?"
    r"(?:finished|completed|stopped|came off|discontinued|no longer|weaned|caused|causing|gave|made))\b",
    re.I,
)


def _clause(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """The clause of the sentence that holds the drug name (and a following clause that refers back to it).

    Outcome words elsewhere in the sentence belong to other things: in "a bleeding stomach ulcer, taking
    apixaban" the bleeding is not apixaban's side effect. Returns the clause and the name's span within it.
    """
    cuts = [0]
    for boundary in _BOUNDARY.finditer(sentence):
        if re.search(r"\w", sentence[cuts[-1]: boundary.start()]) or cuts == [0]:
            cuts.append(boundary.start())  # ", but" is one boundary, not an empty clause between two
    cuts.append(len(sentence))
    first = max(c for c in cuts if c <= start)
    later = [c for c in cuts if c >= end and c > first]
    last = later[0] if later else len(sentence)
    if len(later) > 1 and _CONTINUES.match(sentence[last: later[1]]):
        last = later[1]
    return sentence[first:last], start - first, end - first


_CURRENT_USE = re.compile(
    r"\b(takes|taking|is on|are on|currently on|currently takes|still (?:takes|taking|on)|remains on|uses)\s+(?:\w+\s+){0,2}$",
    re.I,
)


def _status(
    text: str,
    sentence: tuple[int, int],
    name: tuple[int, int],
    others: Sequence[tuple[int, int]],
    lay: re.Pattern[str] | None = None,
) -> tuple[str, str]:
    sent_start, sent_end = sentence
    sentence_text = text[sent_start:sent_end]
    clause, start, end = _clause(sentence_text, name[0] - sent_start, name[1] - sent_start)
    contraindicated = _CONTRAINDICATED.search(clause)
    if contraindicated:
        return "contraindicated", contraindicated.group(0)
    intolerance = _lay_effect(clause, start, end, lay) or _intolerance(clause, start, end)
    listed_effect = None if intolerance else _bracketed_effect(sentence_text, name[0] - sent_start - start, clause, end, lay)
    if listed_effect:
        # a drug list's own note on the drug ("naproxen 500mg bd (stomach upset)"): taken now, with the effect
        return "current", listed_effect
    if intolerance:
        # still taking it despite the side effect: current, with the effect noted ("takes oxycodone ... drowsy")
        if _CURRENT_USE.search(sentence_text[: name[0] - sent_start]):
            return "current", intolerance
        return "not_tolerated", intolerance
    failure = _FAILED.search(clause)
    if failure:
        return "failed", failure.group(0)
    before = _marked_before(text, sent_start, name[0], others)
    after = text[name[1]:sent_end]
    if (_NEGATED_BEFORE.search(before) and not _ADHERENCE.match(after)) or _NEGATED_AFTER.match(after):
        return "absent", ""
    if _OFF_BEFORE.search(before) or _WAS_ON.search(before):
        return "past", ""
    if _EMERGENCY_AFTER.match(after) or _EMERGENCY_BEFORE.search(before):
        return "past", ""
    if _PLANNED.search(clause[:start]) or (_PROPOSED.search(clause[:start]) and not _TAKEN_AFTER.match(after)):
        return "planned", ""
    if any(_about_the_drug(found, end) for found in _PAST.finditer(clause)):
        return "past", ""
    return "current", ""


# Round 38 (the lead's probe: "DH: ... naproxen 500mg bd (stomach upset), co-codamol ..." offered the NSAID on): a
# note in brackets or after a dash, right after the drug and its dose, that names a side effect ("(stomach upset)",
# "- made him drowsy", "(GI upset)") is the drug's own; not what it is for ("(for reflux)", "- for BP"). The dose
# words allowed between (expert estimate of how drug histories are written).
_DOSE_ONLY = re.compile(
    r"^(?:\s|\d|[./%x-]|(?:mg|g|mcg|micrograms?|ml|units?|bd|bid|tds|tid|qds|qid|od|om|on|nocte|mane|prn|"
    r"daily|twice|once|a|day|tabs?|tablets?|caps?|capsules?|patch|hourly|weekly|sr|mr|xl|cr|er|slow|release)\b)*$",
    re.I,
)
_BRACKETED = re.compile(r"^\s*(?:\(|[-–—]\s)\s*([^()\n;]{1,60}?)\s*(?:\)|(?=[;,.\n])|$)")


def _bracketed_effect(
    sentence: str, first: int, clause: str, end: int, lay: re.Pattern[str] | None
) -> str | None:
    """The side effect named in brackets or after a dash just after the drug and its dose, if any."""
    if not _DOSE_ONLY.match(clause[end:]):
        return None
    note = _BRACKETED.match(sentence[first + len(clause):])
    if note is None:
        return None
    piece = " " + note.group(1)
    return _lay_effect(piece, 0, 0, lay) or _intolerance(piece, 0, 0)


def _about_the_drug(found: re.Match[str], end: int) -> bool:
    """"Prior" or "previous" after the drug describe the next noun: "on apixaban with a prior GI bleed"."""
    if found.start() < end or not re.fullmatch(r"prior|previous", found.group(0), re.I):
        return True
    return not re.match(r"\s+(?!to\b)[a-z]", found.string[found.end():], re.I)


def _marked_before(text: str, sent_start: int, name_start: int, others: Sequence[tuple[int, int]]) -> str:
    """The sentence before the drug with the other drugs marked and a trailing list of them dropped."""
    pieces, position = [], sent_start
    for other_start, other_end in sorted(others):
        if other_end > name_start:
            break
        pieces += [text[position:other_start], DRUG_MARK]
        position = other_end
    pieces.append(text[position:name_start])
    before = "".join(pieces)
    return before[: _LIST_TAIL.search(before).start()] + " "  # type: ignore[union-attr]


# a side effect denied just before its words (round 31): "no", "not", "never", "without", at most two words before
_NEGATED_EFFECT = re.compile(r"\b(?:no|not|never|without|nor|denies|denied)\s+(?:[\w'-]+\s+){0,2}$", re.I)


def _lay_effect(clause: str, start: int, end: int, lay: re.Pattern[str] | None) -> str | None:
    """A side effect in the patient's words that belongs to the drug: after it ("ibuprofen upsets my stomach"),
    or before it with a link ("drunk-feeling on pregabalin"); not what it treats ("omeprazole for reflux")."""
    if lay is None:
        return None
    for found in lay.finditer(clause):
        if _NEGATED_EFFECT.search(clause[: found.start()]):  # "with no wheezing", "never made me wheezy"
            continue
        if found.start() >= end and _tied_after(clause, clause[end: found.start()], found.group(0)):
            return found.group(0)
        if found.end() <= start and _tied_before(clause[found.end(): start]):
            return found.group(0)
    return None


def _intolerance(clause: str, start: int, end: int) -> str | None:
    """The words saying the drug was not tolerated, if they belong to it."""
    for found in _INTOLERANCE.finditer(clause):
        if _NEGATED_EFFECT.search(clause[: found.start()]):  # "did not upset my stomach"
            continue
        if found.start() >= end:
            if _treated(clause, clause[end: found.start()]):
                continue
        elif _AFTER_ONLY.match(found.group(0)):
            continue
        return found.group(0)
    for found in _SYMPTOM.finditer(clause):
        if _NEGATED_EFFECT.search(clause[: found.start()]):
            continue
        if found.start() >= end and _tied_after(clause, clause[end: found.start()], found.group(0)):
            return found.group(0)
        if found.end() <= start and _tied_before(clause[found.end(): start]):
            return found.group(0)
    return None


def _treated(clause: str, gap: str) -> bool:
    """The words after the drug say what it is for ("linezolid for an infected ulcer"), not what it did.

    "Stopped naproxen for heartburn" gives the reason it stopped: that is the drug's doing.
    """
    return bool(_INDICATION.search(gap)) and not _STOPPING.search(clause)


def _tied_after(clause: str, gap: str, symptom: str) -> bool:
    if _treated(clause, gap) or _HISTORY.search(gap):
        return False
    if _STRONG_SYMPTOM.match(symptom):  # an ulcer or a bleed: only when the drug caused it ("NSAID ulcer")
        return bool(_CAUSAL.search(gap)) or _COMPOUND_GAP.fullmatch(gap) is not None
    return True


def _tied_before(gap: str) -> bool:
    return bool(_LINK_BEFORE.search(gap)) and not _INDICATION.search(gap)
