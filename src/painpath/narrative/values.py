"""Measured values in clinical text: age, sex, vital signs, labs, motor grades, durations, spinal levels."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from painpath.narrative.components import CASE_FOLDS, Screen, any_screen

# ---------------------------------------------------------------------------------------------------------
# Whole-text scans screened by their literals


_SCREENS: dict[re.Pattern[str], Screen | None] = {}  # each pattern's screen, read off it once per process
_SCREENED_TEXT: tuple[str, str, bool] = ("", "", False)  # the last text scanned, lower-cased, and whether to screen


def _scan(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, with no scan when the text lacks every literal of a set one of which each match
    needs (``screen_literals``, as the regular-expression targets are screened; a case-insensitive pattern's on the
    lower-cased text, and no screen for a text holding a character that case-folds onto an ASCII letter). Most value
    patterns have nothing to find in a note: a few substring tests cost less than a scan."""
    try:
        screen = _SCREENS[pattern]
    except KeyError:
        screen = _SCREENS[pattern] = any_screen(pattern)
    if screen is not None:
        last = _SCREENED_TEXT
        if last[0] is not text:
            last = _screened_text(text)
        if last[2]:
            held = last[1] if pattern.flags & re.IGNORECASE else text
            for needed in screen:
                if not any(t in held for t in needed):
                    return iter(())
    return pattern.finditer(text)


def _screened_text(text: str) -> tuple[str, str, bool]:
    global _SCREENED_TEXT
    _SCREENED_TEXT = (text, text.lower(), not CASE_FOLDS.intersection(text))
    return _SCREENED_TEXT


NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
    "few": 3, "several": 4, "couple of": 2, "a couple of": 2, "a few": 3,
}
DECADES = {
    "teens": 15, "twenties": 25, "thirties": 35, "forties": 45, "fifties": 55,
    "sixties": 65, "seventies": 75, "eighties": 85, "nineties": 95,
}
# a season counted back ("two summers ago") is that many years: read only before "ago" (see _durations)
UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "night": 1, "week": 7, "fortnight": 14, "month": 30.4, "year": 365.25,
             "summer": 365.25, "winter": 365.25, "autumn": 365.25}
_SEASONS = {"summer", "winter", "autumn"}
_NUM = (
    r"(\d+(?:\.\d+)?|a couple of|a few|couple of|few|several|an|a|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety)"
)
_UNIT = r"(minute|hour|day|night|fortnight|week|month|year|yr|wk|mo|summer|winter|autumn)s?"


@dataclass(frozen=True)
class DurationMention:
    """A stated length of time, where it stands, and how it was written (for, ago, phrase ...)."""

    days: float
    words: str
    start: int
    end: int
    ago: bool = False


@dataclass
class Values:
    values: dict[str, float] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    sex: str | None = None
    levels: list[str] = field(default_factory=list)
    laterality: str | None = None
    durations: list[DurationMention] = field(default_factory=list)  # every one, in text order
    positions: dict[str, int] = field(default_factory=dict)  # where each kept value was read

    def put(self, key: str, value: float, words: str, *, keep: str = "first", at: int = -1) -> None:
        """Record a value; ``keep`` decides between repeated mentions (first, max or min)."""
        if self.skip is not None and at >= 0 and self.skip(key, at):
            return
        old = self.values.get(key)
        if old is None or (keep == "max" and value > old) or (keep == "min" and value < old):
            self.values[key] = value
            self.text[key] = words.strip()
            self.positions[key] = at

    skip: Callable[[str, int], bool] | None = None


def _kg(amount: float, unit: str) -> float:
    return amount * 0.4536 if unit.lower().startswith(("lb", "pound")) else amount


def number(word: str) -> float:
    word = word.lower().strip()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    return float(word)


_AGE = [
    re.compile(r"\b(\d{1,3})[- ]?(?:years?|yrs?|yo)[- ]?(?:old|of age)\b", re.I),
    re.compile(r"\b(\d{1,3})\s*(?:yo|y/o|y\.o\.|yrs? old)\b", re.I),
    re.compile(r"\baged?\s*:?\s*(\d{1,3})\b", re.I),
    re.compile(r"\b(?:man|woman|male|female|lady|gentleman|patient|boy|girl)\s+(?:of|aged)\s+(\d{1,3})\b", re.I),
    re.compile(r"\b(\d{2})\s?(?:M|F)\b"),
    # round 37 (held out, an Indian referral letter): the age then the sex with no "old", "72 years female", "45 yrs
    # male", "60 yrs/F" - read as a duration of 72 years before (expert estimate of the words)
    # Only after a comma, colon or bracket, or "a"/"is"/"was" (a name, a heading or an apposition before it), and with
    # nothing but a slash between: "LBP 3 yrs male, 45" and "pain 3 years, man of 40" are a duration, then the sex
    re.compile(r"(?:(?<=[,(:;])|(?<=[,(:;]\s)|(?<=\ba\s)|(?<=\bis\s)|(?<=\bwas\s))(\d{1,3})\s*(?:years?|yrs?)\s*/?\s*"
               r"(?:female|male|woman|man|lady|gentleman|boy|girl|F|M)\b(?!\s+(?:pattern|partner|friend|nurse|doctor))", re.I),
    # "I'm 86 now", "I am 72": the writer's own age (not a weight, a score or a time)
    re.compile(r"\bI(?:'m|’m|m| am)\s+(\d{2,3})\b(?!\s*(?:kg|kgs|kilos?|lbs?|pounds|stone|%|cm|mins?|minutes|hours?|days?|weeks?|months?|/|\.\d))", re.I),
    # a relative writing for the patient: "my mum Irene, who is 79", "My mum is 80 and has ...", "she's 74"
    re.compile(
        # round 25: also the relative named as a title opening the note or a sentence ("Mum is 81 and had shingles",
        # "Dad is 67 with prostate cancer")
        # round 42 (lead42b): the relative's first name between ("My dad Alf (84) was on the floor", "my mum Irene is 79")
        r"(?:\b(?:(?:who|she|he)(?:\s+is|['’]s)|my\s+(?:mum|mom|mother|dad|father|husband|wife|partner|grandad|grandma|nan|gran)\s+"
        r"(?:(?-i:[A-Z][a-z'’-]+)\s+)?(?:is|\())"
        r"|(?:(?<=\A)|(?<=[.!?]\s)|(?<=\n))(?:mum|mom|mother|dad|father|grandad|granddad|grandma|nan|gran|granny|nana|grandpa)\s+(?:is|\())"
        r"\s*(\d{2,3})\b(?!\s*(?:kg|kgs|kilos?|lbs?|%|/|cm|mins?|minutes|hours?|days?|weeks?|months?|\.\d))",
        re.I,
    ),
    # round 33 (the lead's probe): a parent writing about a child, the child's age told after "is", a comma or a
    # bracket ("My son is 16, he's had back pain", "my daughter, 9, has ...", "our boy (14) ..."); a child's age may be
    # one digit. Not a height, a weight or months ("my son is 6 foot", "my daughter is 18 months"). The proxy decides
    # whose it is, as for the other relatives
    re.compile(
        r"\b(?:my|our)\s+(?:(?:teenage|teenaged|little|eldest|oldest|youngest|younger|older|middle|step|baby)[- ]?)?"
        r"(?:son|daughter|boy|girl|lad|lass|kid|child|stepson|stepdaughter|grandson|granddaughter)\s*(?:is|[,(])\s*"
        r"(?:only\s+|just\s+|now\s+|aged\s+)?(\d{1,2})\b(?!\s*(?:kg|kgs|kilos?|lbs?|pounds|stone|st\b|%|/|cm|ft|feet|foot|"
        r"inches|in\b|mins?|minutes|hours?|days?|weeks?|months?|\.\d|times|o.clock|am\b|pm\b|percent|centile|th\b))",
        re.I,
    ),
    # round 27: a carer's relative with the age between commas or in brackets, as the note's subject ("My mum, 79,
    # has had ...", "my dad (82) keeps falling"); the proxy decides whose it is (an age in a relative's clause of the
    # writer's own note is skipped, narrative/pipeline.py)
    re.compile(
        r"\bmy\s+(?:mum|mom|mother|mam|mummy|dad|father|daddy|husband|hubby|wife|partner|grandad|granddad|grandpa|"
        r"grandfather|grandma|grandmother|nan|nana|gran|granny)\s*,\s*(\d{2,3})\s*"
        # round 40 (fix40p): or the age ending its line, as a form gives it ("Patient: my mum, 64")
        r"(?=,|\)|[ \t]*(?:\n|\Z)|\s+(?:years?|yrs?|y/?o|and|has|had|is|was|who|with|keeps|gets|can.?t|cannot|started|suddenly)\b)",
        re.I,
    ),
    # round 31: a clinician's telephone or message note about a relative, the relative's age set off after the call
    # ("call from daughter re mother, 74, lives alone", "son rang about his father (81) who ..."): the relative is the
    # patient. Only after a call or message word, so "worried about her mother, 82, with dementia" in a patient's
    # social history is not read as the patient's age
    re.compile(
        r"\b(?:call(?:ed|ing)?|rang|ring(?:ing)?|phoned?|phoning|message[sd]?|e-?mail(?:ed)?|letter|query|enquir(?:y|ed|ing)"
        r"|inquir(?:y|ed|ing))\b[^.\n]{0,40}?\b(?:re:?|regarding|about|concerning|for)\s+"
        r"(?:(?:his|her|their|my|the|your)\s+)?(?:elderly\s+|older\s+)?"
        r"(?:mum|mom|mother|mam|dad|father|husband|wife|partner|grandad|granddad|grandpa|grandfather|grandma|grandmother|"
        r"nan|nana|gran|granny|brother|sister|uncle|aunt|auntie|son|daughter)"
        r"\s*[,(]\s*(\d{2,3})\s*(?:y(?:ea)?rs?(?:\s+old)?|y/?o)?\s*"
        r"(?=[,);.]|\s+(?:who|with|has|had|is|was|lives|living|and|presents|reports|complains)\b)",
        re.I,
    ),
    # round 38 (fix38s, r38s_09): a relative's message with its sender as a heading, then the patient named by kinship
    # with the age ("Message from daughter: Dad is 84.", "Call from son - Mum is 79", "Text from wife: Grandad (88)
    # fell"): the relative writing is the proxy and the parent the patient. Only after a message or call word and its
    # sender, so "Family: Dad is 84" in a patient's own note is not the patient's age
    re.compile(
        r"\b(?:message|msg|call|phone\s*call|telephone\s+call|text|e-?mail|note|letter|voicemail)\s+(?:from|by)\s+"
        r"(?:(?:his|her|their|the|pt.?s|patient.?s)\s+)?(?:son|daughter|wife|husband|partner|carer|niece|nephew|grandson|"
        r"granddaughter|relative|family|sister|brother)\s*[:\-\u2013]\s*"
        r"(?:mum|mom|mother|mam|dad|father|grandad|granddad|grandpa|grandma|nan|nana|gran|granny|husband|wife|brother|sister)"
        r"\s*(?:is\s+|\(\s*|,\s*)(\d{2,3})\b(?!\s*(?:kg|kgs|kilos?|lbs?|%|/|cm|mins?|minutes|hours?|days?|weeks?|months?|\.\d))",
        re.I,
    ),
    # "Woman 47 years", "Male, 80 yrs": a person word, then the age in years
    re.compile(r"\b(?:woman|man|male|female|lady|gentleman|patient|boy|girl)\s*,?\s*(?:is\s+|of\s+)?(\d{1,3})\s*(?:years?|yrs?|y)\b", re.I),
    # "Mr R, 76, has ...": a title, a name or initial, then the age
    # "Mrs E.P., 88. Slid off ...": initials, and the age ending its sentence
    # "Mrs Bridget O'Sullivan, 76, with ...": a title and a full name (up to three words), then the age
    # "Mr Harold W (79)", "Mrs Jean T. (84) has ...": the age in brackets after the name, as UK letters give it
    # "Mrs K is 77 and has ...", "Mr Okafor is now 68.": the age after "is" (round 38, the lead's probe; not "Mrs K is
    # 60 kg", which the lookahead leaves out)
    re.compile(
        r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:(?:[A-Z]\.){1,3}|[A-Z][A-Za-z'-]*\.?)(?:\s+[A-Z][A-Za-z'-]*\.?){0,2}"
        r"(?:\s+is\s+(?:now\s+|aged\s+)?|\s*[,(]?\s*)(\d{2,3})\s*"
        r"(?=,|;|\)|\.(?:\s|$)|\s+(?:has|had|is|was|with|and|presents)\b)"
    ),
    # "Mrs. Carmen Ruiz, 79 years, who ...": a title and a full name, then the age in years standing alone
    re.compile(
        r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z][A-Za-z'-]*(?:\s+[A-Z][A-Za-z'-]*){0,2}\s*,\s*(\d{2,3})\s*(?:years?|yrs?)(?:\s+old)?\s*(?=[,;:).]|\s+(?:who|has|had|is|was|with|and|presents|comes)\b)"
    ),
    # "Patient 68, ...", "Grandad (81) has ...", "Woman 73, new headache": a person word then the age on its own
    re.compile(
        r"\b(?:patient|pt|grandad|granddad|grandpa|grandma|granny|grandfather|grandmother|husband|wife|gentleman|lady|"
        r"woman|man|male|female)"
        r"\s*[,(]?\s*(\d{2,3})\s*\)?(?=\s*(?:years?|yrs?)?\s*[,;:).]|\s+(?:has|had|is|was|with|and|presents|reports|complains)\b)",
        re.I,
    ),
]
# "Dennis K, 58, retired", "Re: Edna Platt (71)", "Sarah, 34.": a name without a title, then the age between commas
# or in brackets, where a letter or a note names its patient (its first words, a line's, or after "Re:", "Name:",
# "Patient:"); a name in the middle of a sentence ("told Graham, 2 weeks ago") is not one
# round 33: a score, measurement or count word is no name ("Pain, 10, worse at night", "BMI, 32, ...")
_MEASURE_WORDS = (
    r"scores?|scale|bmi|weight|weighs|kg|stone|height|nrs|vas|odi|sats|saturations?|pulse|hr|bp|rate|temp\w*|level|"
    r"grade|rating|out\s+of|phq\w*|gad\w*|psa|crp|esr|hba1c|egfr|creatinine|room|bed|ward|bay|number|no|page|visit|"
    r"day|days|week|weeks|month|months|year|years|dose|mg|units?|times"
)
_AGE_AFTER_NAME = re.compile(
    r"(?:\A|\n|\b(?:Re|RE|Name|Patient|Pt|PT)\s*:)\s*(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?"
    rf"(?!(?i:{_MEASURE_WORDS}|pain|ache|severity)\b)"
    r"[A-Z][A-Za-z'-]+\.?(?:\s+(?:[A-Z]\.){1,3}|\s+[A-Z][A-Za-z'-]*\.?){0,2}"
    r"\s*(?:,|\()\s*(\d{2,3})\s*(?:y(?:ea)?rs?(?:\s+old)?|y/?o)?\s*(?=[,;:)\n]|\.(?:\s|$)|$)"
)
_AGE.append(_AGE_AFTER_NAME)
# round 33: a telegraphic headline that opens the note or a line with a condition, the age alone between commas, then
# more of the story ("Knee osteoarthritis, 78, keeps falling", "Low back pain, 45, smoker"): the patient's age. Not
# after a relative ("My son, 13, ..." is the proxy's business), not after a score, a measurement or a count, and
# only an adult's age (16 to 119), so "Pain, 10, worse at night" and "BMI, 32, ..." are not ages
_AGE_AFTER_HEADLINE = re.compile(
    r"(?:\A|\n)\s*(?!(?:my|his|her|their|our|your)\b)"
    rf"(?![^,\n]{{0,40}}\b(?:{_MEASURE_WORDS})\b)"
    r"[A-Za-z][A-Za-z'/ -]{2,40}?\s*,\s*(1[6-9]|[2-9]\d|1[01]\d)\s*(?=,|;|\.(?:\s|$))",
    re.I,
)
_AGE.append(_AGE_AFTER_HEADLINE)
# "Sixty-one-year-old", "a seventy year old", "aged eighty-two": an age in words (case reports and letters spell it)
_AGE_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
             "ninety": 90}
_AGE_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_AGE_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
              "seventeen": 17, "eighteen": 18, "nineteen": 19}
_AGE_IN_WORDS = (
    r"(?:(" + "|".join(_AGE_TENS) + r")(?:[- ]?(" + "|".join(_AGE_UNITS) + r"))?|(" + "|".join(_AGE_TEENS) + r"))"
)
_AGE_WORDS = [
    re.compile(r"\b" + _AGE_IN_WORDS + r"[- ]years?[- ](?:old|of age)\b", re.I),
    re.compile(r"\baged\s+" + _AGE_IN_WORDS + r"\b(?![- ](?:years?|months?|weeks?|days?)\s+(?:ago|before|earlier))", re.I),
]


def _age_in_words(match: re.Match[str]) -> float:
    tens, units, teens = (part.lower() if part else None for part in match.groups())
    if teens:
        return float(_AGE_TEENS[teens])
    return float(_AGE_TENS[tens or ""] + (_AGE_UNITS[units] if units else 0))


# A decade gives the age only when it describes the person now: "a man in his seventies", "she is in her early 80s",
# "I'm in my sixties". A decade in past history ("migraine in his 30s and 40s", "in her twenties she ...", "since
# her teens") is when something happened, never the patient's age (it once set a 79-year-old's age to 35).
_AGE_DECADE = re.compile(
    r"\b(?:(?:man|woman|lady|gentleman|gent|patient|male|female|chap|bloke|fella|fellow|guy|person|mum|mom|mother|dad|"
    r"father|husband|wife|partner|grandad|grandma|nan|gran)(?:\s*,)?|(?:who|he|she|they|i|patient)\s*(?:is|are|am|'s|'m|’s|’m)"
    r"(?:\s+(?:now|currently|still))?|(?:i'm|im|i’m|he's|she's|now))\s+(?:in|into)\s+(?:his|her|their|my)\s+"
    r"(?:(early|mid|late)[- ])?(" + "|".join(DECADES) + r"|\d0s)\b(?!\s*(?:and|or|&|/|-|to)\s+(?:\w+\s+)?(?:\d0s|"
    + "|".join(DECADES) + r"))"
    # an aside about the person now: "Retired, in his 70s, with ...", "A retired teacher, in her eighties, who ..."
    r"|(?<=,)\s*in\s+(?:his|her|their)\s+(?:(early|mid|late)[- ])?(" + "|".join(DECADES) + r"|\d0s)\s*,?\s*"
    r"(?=(?:with|who|presents|presenting|presented|has|complains|reports|referred)\b)",
    re.I,
)

_FEMALE = re.compile(r"\b(woman|female|lady|mrs|ms|girl|mother|she|her|herself|pregnant)\b", re.I)
_MALE = re.compile(r"\b(man|male|gentleman|mr|boy|father|he|his|him|himself)\b", re.I)
_SEX_CODE = re.compile(r"\b\d{2}\s?([MF])\b")
_PRONOUNS = frozenset({"she", "her", "herself", "he", "his", "him", "himself"})

_TEMP = re.compile(
    r"\b(?:t|temp(?:erature)?(?:\s+of)?|febrile(?:\s+to)?|fever(?:\s+of|\s+to)?|pyrexia(?:\s+of)?)\s*:?\s*(\d{2,3}(?:\.\d)?)\s*°?\s*([cf])?\b",
    re.I,
)
# A grade held back by pain or effort ("5-/5 with pain on testing (give-way)", "4/5 pain-limited") is no motor
# deficit: give-way weakness is pain inhibition or effort, not a lesion (expert estimate of the reading).
_GIVE_WAY = re.compile(
    r"^[^.;\n]{0,30}?\b((with )?pain on (resisted )?(testing|resistance|effort|exam\w*)|pain[- ]limited|limited by pain|"
    r"due to (the )?pain|because of (the )?pain|secondary to (the )?pain|2/2 pain|owing to (the )?pain|because (it|that) "
    r"hurts|inhibited by pain|pain[- ]inhibit\w*|give[- ]?way|giving way on testing|break[- ]?away|poor effort|"
    r"submaximal effort|effort[- ]dependent)|\b(pain[- ]limited|give[- ]?way|break[- ]?away)\s*$",
    re.I,
)
# a bare Celsius reading after "now", "spiking": "now 38.4 and the wound is red" (decimals only: not a dose)
_TEMP_BARE = re.compile(
    r"(?:\b(?:now|spiking|spiked|running|up to|reached|temperature[^.;()]{0,25}?\()|\btemp\w*[^.;()]{0,25}?\(|"
    # "I took my temperature and it was 38.5", "my temp said 38.2"
    r"\btemp\w*\s+(?:and\s+it\s+)?(?:was|is|said|read|showed|came\s+out\s+at|of)\s+(?:about\s+|nearly\s+|over\s+)?)"
    r"\s*(3[7-9]\.\d|4[0-2]\.\d)\s*°?\s*c?\b",
    re.I,
)
# a whole-degree reading said about a temperature taken ("my mate took my temp and it was 39 something"): in this
# context a bare 36-42 is degrees Celsius, with or without a lay "something", "odd" or "ish" after it; also a
# temperature told as rising to it ("my temperature has gone up to 39", "temp hit 39 last night"; round 41, fix41s)
_TEMP_SAID = re.compile(
    r"\btemp\w*\s+(?:and\s+it\s+)?(?:was|is|said|read|showed|came\s+out\s+at|of|"
    r"(?:(?:has|had|have|.s)\s+)?(?:gone|went|shot|climbed|crept|got|been|going)\s+up\s+to|hit|reached|spiked\s+(?:at|to)|peaked\s+at)"
    r"\s+(?:about\s+|nearly\s+|over\s+|like\s+|around\s+|almost\s+)?"
    r"(3[6-9]|4[0-2])(?:\s*(?:something|point\s+something|odd|-?ish|plus|\+|degrees|°\s*c?|c))?\b(?!\s*(?:%|mg|kg|years?|min|mins|minutes|hours?|times|/|\.\d))",
    re.I,
)
# a reading told with the thermometer and no word "temperature" ("had 39 on the thermometer", "the thermometer said
# 38.6"), or a bare Celsius decimal with the time it was taken ("38.7 last night", "39.2 this morning"): degrees
# Celsius in this context; a lab value just before it ("CRP 38.7 yesterday") is not one
_TEMP_THERMOMETER = re.compile(
    r"(?<![\d.])(3[6-9]|4[0-2])(?:[.,](\d))?\s*(?:°\s*c?|c|degrees(?:\s+c)?)?\s+(?:on|in|by|from)\s+(?:the|my|his|her|a)\s+thermometer\b|"
    r"\bthermometer\s+(?:\w+\s+){0,2}?(?:said|says|showed|shows|read|reads|was|is|gave|hit|reached|went\s+up\s+to|up\s+to)\s+"
    r"(?:about\s+|nearly\s+|over\s+|like\s+|around\s+|almost\s+)?(3[6-9]|4[0-2])(?:[.,](\d))?\b(?!\s*(?:%|mg|kg|years?|mins?|minutes|hours?|/))",
    re.I,
)
_TEMP_TIMED = re.compile(
    r"(?<![\d.,/])(3[7-9]|4[0-2])[.,](\d)\s*(?:°\s*c?|c\b|degrees(?:\s+c)?)?\s*"
    r"(?=(?:last\s+night|this\s+morning|yesterday|tonight|overnight|at\s+night|in\s+the\s+night|today|this\s+evening)\b)",
    re.I,
)
_LAB_BEFORE = re.compile(
    r"\b(?:crp|esr|wcc|wbc|bmi|hb|a1c|hba1c|egfr|gfr|pv|inr|glucose|sugar|weight|weighs|weighed|kg|score|ldh|alp|pct|"
    r"ferritin|albumin|vit(?:amin)?\s*d|d|b12|folate|potassium|k|urea|creatinine|calcium|ca|phosphate|magnesium)\W{0,6}$",
    re.I,
)
_HR = re.compile(r"\b(?:hr|heart rate|pulse(?: rate)?)\s*(?:of|is|was|:|=)?\s*(\d{2,3})\b", re.I)
_BP = re.compile(
    r"\b(?:bp|blood pressure)\s*(?:today|now|currently|in clinic|on arrival)?\s*(?:of|is|was|:|=)?\s*(\d{2,3})\s*/\s*(\d{2,3})\b", re.I
)
# weeks of pregnancy: "28 weeks pregnant", "32 weeks' gestation", "at 32/40" (obstetric shorthand); round 25 lay
# words: "we're expecting, 30 weeks now", "she's 26 weeks along" (not "expecting the baby in 6 weeks": a due date)
_GESTATION = re.compile(
    r"\b(\d{1,2})(?:\+\d)?\s*(?:weeks?|wks?)'?\s*(?:pregnant|gestation|of pregnancy)\b|\b(?:at|now|currently)\s+(\d{1,2})(?:\+\d)?\s*/\s*40\b"
    r"|\bexpecting\b(?:(?!\b(?:in|due|within|for|until|till|by)\b)[^.;\d]){0,25}?(\d{1,2})(?:\+\d)?\s*(?:weeks?|wks?)\b"
    r"(?!\s+(?:to\s+go|left|away|from\s+now|time|ago))"
    r"|\b(\d{1,2})(?:\+\d)?\s*(?:weeks?|wks?)\s+(?:along|gone)\b"
    # the weeks after the word: "I'm pregnant 8 weeks", "pregnant, 10 weeks" (round 31, lead31f); not "ago"
    r"|\bpregnant,?\s+(?:for\s+|at\s+|about\s+|around\s+)?(\d{1,2})(?:\+\d)?\s*(?:weeks?|wks?)\b(?!\s+ago)"
    # obstetric shorthand with the weeks after it: "G2P1, 31 weeks", "G1P0 28/40", "G3 P2 at 34+2 weeks" (kb 2026.12.83)
    r"|\bg\d{1,2}\s?p\d{1,2}(?:\+\d)?\s*[,;:]?\s*(?:(?:at|now|currently)\s+)?(\d{1,2})(?:\+\d)?\s*(?:/\s*40\b|(?:weeks?|wks?)\b)"
    # round 33: the writer who "is" a number of weeks is that far into a pregnancy ("I'm 36 weeks and my back is
    # killing me", "we're 30 weeks now"); not weeks after an operation, a birth or a habit stopped ("I'm 6 weeks
    # post-op", "I'm 8 weeks clean")
    r"|\b(?:i.?m|i\s+am|we.?re|we\s+are|(?:my|his)\s+(?:wife|partner|girlfriend|fianc[eé]e)\s+is)\s+"
    r"(?:now\s+|currently\s+|nearly\s+|almost\s+|about\s+|just\s+(?:over\s+)?|over\s+)?(\d{1,2})(?:\+\d)?\s*(?:weeks?|wks?)"
    r"(?:\s+now)?(?=\s*(?:[,.;:!)\-–]|$)|\s+(?:and|but|with|&|today)\b)"
    r"(?![^.;]{0,20}\b(?:post\w*|op|surgery|operation|after|out|clean|sober|off|into|ago|since\s+(?:my|the|his|her))\b)"
    # weeks told beside a bump or a baby moving ("34 weeks, the bump is huge", "32 weeks with our second baby")
    r"|(?<!\bfor\s)(?<!\bin\s)(?<!\bwithin\s)(?<!\bpast\s)(?<!\blast\s)(?<!\bover\s)(?<!\bafter\s)(?<!\bnext\s)"
    r"\b(\d{1,2})(?:\+\d)?\s*(?:weeks?|wks?)\b(?!\s+(?:old|ago|post\w*|after|since|early|late|overdue|to\s+go|left))"
    r"(?=,?\s+(?:[\w']+\s+){0,3}?(?:bump|(?:with|expecting)\s+(?:my|our|the|a)\s+(?:first|second|third|fourth|\w+\s+)?baby"
    r"|baby\s+(?:is\s+|has\s+)?(?:kick\w*|moving|engaged|head\s+down|breech))\b)",
    re.I,
)
# the weeks of a pregnancy after obstetric shorthand ("G2P1, 31 weeks"): not how long the pain has lasted
_GRAVIDA_BEFORE = re.compile(r"\bg\d{1,2}\s?p\d{1,2}(?:\+\d)?\s*[,;:]?\s*(?:(?:at|now|currently)\s+)?$")
# kidney function as a share of normal in lay words ("his kidneys work at about a fifth of normal", "kidney
# function is 20%"): read as an eGFR on a normal of 100 mL/min/1.73 m2 (expert estimate of the lay phrase; young
# adults' eGFR is about 100-120, so the reading errs low, toward the safer side for kidney rules)
_KIDNEY_SHARE = re.compile(
    r"\bkidneys?\b[^.;]{0,40}?\b(?:work\w*|function\w*|at|is|are|only|down to)\s+(?:at\s+)?(?:about\s+|around\s+|only\s+|roughly\s+)?"
    r"(?:(a|one)\s+(fifth|quarter|third|half|tenth)|(\d{1,2})\s*(?:%|per ?cent))(?:\s+of\s+(?:normal|what (?:they|it) should be))?",
    re.I,
)
# a residual volume told with the attempt to void after it ("bedside ultrasound estimated 780 mL immediately after he
# had attempted to void", "scan showed 600 ml after passing urine"): the post-void residual (round 42, lead42, held
# out; expert estimate of the words). Not "a 250 ml collection after a week" (no voiding word) nor the pronoun "us"
_PVR_AFTER = re.compile(
    r"\b(?:ultrasound|scan|bladder\s+us|(?-i:US))\b[^.;\d]{0,40}?(\d{3,4})\s*(?:mls?|ccs?)\b"
    r"(?=[^.;]{0,40}?\b(?:after|post|following)\b[^.;]{0,30}?\b(?:void\w*|micturi\w*|pass(?:ing|ed)?\s+urine|"
    r"empty(?:ing)?\s+(?:the|his|her|my)\s+bladder|a\s+wee|weeing|a\s+pee|peeing|urinat\w*)\b)",
    re.I,
)
_SHARES = {"tenth": 10.0, "fifth": 20.0, "quarter": 25.0, "third": 33.0, "half": 50.0}
_LABS = {
    "egfr": re.compile(r"\be?gfr\s*(?:is|was|now|of|:|=|~|<|>|\s)*\s*(\d{1,3}(?:\.\d+)?)", re.I),
    "crcl": re.compile(r"\b(?:crcl|creatinine clearance|cr\s?cl)\s*(?:of|is|was|:|=|~|<|>)?\s*(\d{1,3}(?:\.\d+)?)", re.I),
    # a value in brackets after the test's name ("ESR (11) and CRP (<5)", round 41 lead41; a CRP "<5" is read as 5, "> 150" as 150: the bound)
    "esr": re.compile(r"\besr\s*(?:of|is|was|:|=|\()?\s*(\d{1,3})\b", re.I),
    "crp": re.compile(r"\bcrp\s*(?:of|is|was|:|=|\()?\s*[<>]?\s*(\d{1,3}(?:\.\d+)?)", re.I),
    "hba1c": re.compile(r"\b(?:hb)?a1c\s*(?:of|is|was|:|=)?\s*(\d{1,2}(?:\.\d+)?)", re.I),
    "glucose": re.compile(r"\b(?:glucose|blood sugar|bg)\s*(?:of|is|was|:|=)?\s*(\d{2,3})\b", re.I),
    "inr": re.compile(r"\binr\s*(?:of|is|was|:|=)?\s*(\d(?:\.\d+)?)", re.I),
    "platelets": re.compile(r"\b(?:platelets?|plt)\s*(?:of|is|was|:|=)?\s*(\d{1,4})\b", re.I),
    "qtc": re.compile(r"\bqtc\s*(?:of|is|was|:|=)?\s*(\d{3})\b", re.I),
    "pvr_ml": re.compile(
        r"\b(?:post[- ]?(?:void|voiding|micturition)\s+residual(?:\s+(?:volume|urine))?|pvr|"
        r"bladder (?:scan|ultrasound|us\b)[^.;\d]{0,30}?|"
        # round 41 (lead41, held out): "bladder ultrasound after attempted voiding showed a residual volume of 640 mL",
        # "residual urine volume 450 ml" (expert estimate of the words)
        r"residual(?:\s+urine)?\s+volume)\s*(?:of|is|was|:|=)?\s*(\d{2,4})\s*(?:ml|cc)?", re.I
    ),
    "bmi": re.compile(r"\bbmi\s*(?:of|is|was|:|=)?\s*(\d{2}(?:\.\d+)?)", re.I),
    # prostate-specific antigen in ng/mL: "PSA 110", "PSA of 14", "PSA came back at 45", "PSA level was 8.2"
    # (round 31 lead31j; expert estimate of the words)
    "psa": re.compile(
        r"\bpsa\s*(?:levels?\s*|results?\s*|tests?\s*|reading\s*)?(?:of|is|was|:|=|at|came back(?:\s+at|\s+as)?|"
        r"has come back(?:\s+at|\s+as)?|now|measured)?\s*(?:of|at)?\s*(\d{1,4}(?:\.\d+)?)(?!\d|\.\d)(?!\s*(?:%|years?|yrs?|weeks?|days?|months?|ago))",
        re.I,
    ),
}
# Round 33 (lead33f): the blood count and proteins of a myeloma screen, a blood pressure told in words, and the date of
# the last menstrual period (expert estimate of the words).
# haemoglobin in g/L or g/dL ("Hb 92", "Hb 9.2", "haemoglobin of 88 g/L", "Hgb 10.1 g/dl"): kept in g/L; not HbA1c
_HB = re.compile(
    r"\b(?:hb|hgb|haemoglobin|hemoglobin)\b(?!\s*a1c)\s*(?:level\s*)?(?:of|is|was|now|down\s+to|:|=)?\s*(?:of\s+)?"
    r"(\d{1,3}(?:\.\d+)?)\s*(g\s*/\s*dl|gm\s*/\s*dl|g/l|g\s*/\s*l)?(?![\d/])",
    re.I,
)
# total protein and globulin in g/L ("total protein 96", "globulin of 52 g/L", "globulins 48")
_TOTAL_PROTEIN = re.compile(r"\btotal\s+proteins?\s*(?:level\s*)?(?:of|is|was|:|=)?\s*(\d{2,3}(?:\.\d+)?)\b", re.I)
_GLOBULIN = re.compile(r"\b(?<!alpha[- ])(?<!beta[- ])(?<!gamma[- ])globulins?\s*(?:level\s*)?(?:of|is|was|:|=)?\s*(\d{2,3}(?:\.\d+)?)\b", re.I)
# a blood pressure told in words: "blood pressure 210 over 125", "BP was 190 over 110"
_BP_OVER = re.compile(
    r"\b(?:bp|blood\s+pressure)\s*(?:today|now|currently|in\s+clinic|on\s+arrival|reading)?\s*(?:of|is|was|:|=|at)?\s*"
    r"(\d{2,3})\s+over\s+(\d{2,3})\b",
    re.I,
)
# a systolic pressure told alone: "systolic 78", "SBP 84", "systolic BP of 82" (round 38, fix38v: clinicians write the
# systolic alone when it is the number that matters); not a pair ("SBP 120/80" is read by _BP)
_SYSTOLIC = re.compile(
    r"\b(?:systolic(?:\s+(?:bp|blood\s+pressure|pressure))?|sbp)\s*(?:of|is|was|:|=|at|only|just)?\s*(?:of\s+)?(\d{2,3})\b(?!\s*/)",
    re.I,
)
# how long ago the last menstrual period was: "LMP 7 weeks ago", "LMP 6/52", "last period was seven weeks ago",
# "last menstrual period two months ago", "no period for 6 weeks", "hasn't had a period in 7 weeks"
_LMP = re.compile(
    r"\b(?:lmp|l\.m\.p\.?|last\s+(?:menstrual\s+)?period|last\s+menses)\b\s*(?:was|:|=|-|of)?\s*"
    r"(?:about\s+|around\s+|roughly\s+|approximately\s+|approx\.?\s+|over\s+|more\s+than\s+|nearly\s+|at\s+least\s+)?"
    + _NUM + r"\s*(?:(days?|weeks?|wks?|months?)\s*(ago|back|previously|before)?|(/52)|(/12))"
    r"|\b(?:no|not\s+had\s+a|hasn.?t\s+had\s+a|haven.?t\s+had\s+a|not\s+had\s+any|without\s+a)\s+(?:menstrual\s+)?periods?\s+"
    r"(?:for|in)\s+(?:about\s+|around\s+|over\s+|more\s+than\s+|nearly\s+)?" + _NUM + r"\s*(days?|weeks?|wks?|months?)\b",
    re.I,
)
_LMP_UNIT_WEEKS = {"d": 1 / 7, "w": 1.0, "m": 30.4 / 7}


def _blood_and_dates(text: str, out: Values) -> None:
    """Haemoglobin (g/L), total protein and globulin (g/L), a blood pressure told in words, and weeks since the last
    menstrual period (round 33, lead33f)."""
    for match in _scan(_HB, text):
        value, unit = float(match.group(1)), (match.group(2) or "").lower().replace(" ", "")
        grams_per_litre = value * 10 if ("dl" in unit or (not unit and value < 25)) else value
        if 30 <= grams_per_litre <= 220:
            out.put("hb_g_l", grams_per_litre, match.group(0), keep="min", at=match.start())
    for match in _scan(_TOTAL_PROTEIN, text):
        if 30 <= float(match.group(1)) <= 150:
            out.put("total_protein_g_l", float(match.group(1)), match.group(0), keep="max", at=match.start())
    for match in _scan(_GLOBULIN, text):
        if 10 <= float(match.group(1)) <= 120:
            out.put("globulin_g_l", float(match.group(1)), match.group(0), keep="max", at=match.start())
    if "systolic_bp" not in out.values:
        for match in _scan(_BP_OVER, text):
            out.put("systolic_bp", float(match.group(1)), match.group(0))
            out.put("diastolic_bp", float(match.group(2)), match.group(0))
    if "systolic_bp" not in out.values:
        for match in _scan(_SYSTOLIC, text):
            if 40 <= float(match.group(1)) <= 260:
                out.put("systolic_bp", float(match.group(1)), match.group(0), at=match.start())
    for match in _scan(_LMP, text):
        if match.group(1):  # the LMP told with its date
            amount, unit, ago = number(match.group(1)), (match.group(2) or "").lower(), match.group(3)
            if match.group(4):
                unit = "w"
            elif match.group(5):
                unit = "m"
            elif not unit or (not ago and not match.group(0).lower().startswith(("lmp", "l.m.p"))):
                continue
        else:  # no period for so long
            amount, unit = number(match.group(6)), match.group(7).lower()
        weeks = amount * _LMP_UNIT_WEEKS[unit[0]]
        out.put("lmp_weeks_ago", round(weeks, 1), match.group(0), keep="max", at=match.start())


# a bone density T-score (DXA): "T-score -2.8", "T score of minus 3.1"; a PROMIS T-score (around 50) is not one
_T_SCORE = re.compile(r"\bt[- ]?scores?\b\s*(?:of|is|was|:|=|at the \w+(?: \w+)?(?: of)?)?\s*([-\u2212\u2013]|minus\s*)?\s*(\d(?:\.\d+)?)\b", re.I)
_WEIGHT_LOSS = re.compile(
    r"(?:\b(?:lost|losing|loss of|weight loss of|down(?:\s+by)?)|(?<!\bto\s)\blose)\s+(?:about\s+|around\s+|nearly\s+|over\s+)?(\d{1,3}(?:\.\d)?)\s*(kg|kgs|kilos?|kilograms?|lbs?|pounds|stone)\b",
    re.I,
)
_WEIGHT = re.compile(
    r"\b(?:weight|weighs|wt)\s*(?:today|now|currently|this week|in clinic)?\s*(?:of|is|:)?\s*(\d{2,3}(?:\.\d)?)\s*(kg|lbs?|pounds)\b",
    re.I,
)
# an earlier weight stated beside today's ("he weighed 80 kg in the spring", "down from 80 kg", "usual weight 80 kg"):
# the difference is a weight loss in kilograms, as "lost 9 kg" would be
_EARLIER_WEIGHT = re.compile(
    r"\b(?:weighed|used to weigh|usual weight(?:\s+(?:of|was|is))?|previous weight(?:\s+(?:of|was))?|"
    r"down from|(?:weight\s+)?(?:was|had been)|from)\s+(?:about\s+|around\s+)?(\d{2,3}(?:\.\d)?)\s*(kg|lbs?|pounds)\b",
    re.I,
)
_TO_WEIGHT = re.compile(r"\bto\s+(\d{2,3}(?:\.\d)?)\s*(kg|lbs?|pounds)\b", re.I)
_SLR_ANGLE = re.compile(r"\b(?:slr|straight[- ]leg[- ]rais\w*)\D{0,40}?(\d{2})\s*(?:°|º|deg\w*)", re.I)
# MRC power "4/5", not a level ("L4/5") nor a count of tests ("4/5 SIJ provocation tests positive")
_MRC = re.compile(
    r"(?<![\d/A-Za-z])([0-5])\s*([+-]?)\s*/\s*5\b(?!\s*(?:[a-z]+\s+){0,3}?(?:tests?|provocation|criteria|manoeuvres?|maneuvers?|signs)\b)",
    re.I,
)
# a score out of five right after another scale's name ("Waddell signs 1/5", "Waddell score: 2/5") is not muscle
# power ("Hawkins positive, abduction 4/5" and "signs: EHL 4/5" are); a power word just before keeps it MRC
_NOT_POWER_BEFORE = re.compile(
    r"\b(waddell\w*|non-?organic|behavio(u)?ral|signs?|scores?|criteria|tests?|provocation|beighton)\b(\s*(:|=|-|of|was|is|were|are|positive))?\s*$",
    re.I,
)
_POWER_WORD = re.compile(r"\b(mrc|power|strength|oxford|grade|weak\w*)\b", re.I)
# a grade told as the past one, right before it (round 26: a physiotherapy discharge's "EHL 5/5 (was 4+/5 at start)"
# read as new weakness, urgent)
_PAST_GRADE = re.compile(r"\b(?:was|were|previously|formerly|initially|originally|had\s+been|improved\s+from|up\s+from|from)\s*[:(]?\s*$", re.I)
_PAIN_SCORE = re.compile(r"\b(?:pain|nrs|vas|rated?|score)\D{0,20}?(\d{1,2})\s*/\s*10\b", re.I)
_DURATION = re.compile(
    r"\b(?:for|of|over|past|last|since|about|nearly|almost|x)?\s*(?:the\s+)?(?:past\s+|last\s+)?" + _NUM + r"[- ]" + _UNIT + r"\b",
    re.I,
)
_LEVEL = re.compile(r"\b([CTLS])\s?(\d{1,2})(?:\s*[-/–]\s*([CTLS])?\s?(\d{1,2}))?\b")
_LEVEL_MAX = {"C": 8, "T": 12, "L": 5, "S": 5}
_SIDE = re.compile(r"\b(left|right|bilateral(?:ly)?|both (?:legs|arms|sides|feet|hands|knees|hips|buttocks|shoulders)|l|r)\b", re.I)


def extract_values(text: str, *, skip: Callable[[str, int], bool] | None = None) -> Values:
    """Every measured value the text states, with the words it came from.

    ``skip(key, offset)`` may rule a mention out by where it stands (an age in an old story, a motor grade
    stated stable). ``duration_days`` is the longest stated; the reader replaces it with the complaint's own.
    """
    out = Values(skip=skip)
    _ages(text, out)
    _sex(text, out)
    for match in _scan(_TEMP, text):
        value = float(match.group(1))
        unit = (match.group(2) or "").lower()
        if unit == "f" or (not unit and value > 50):
            value = round((value - 32) * 5 / 9, 1)
        if 30 <= value <= 45:
            out.put("temperature_c", value, match.group(0), keep="max", at=match.start())
    for match in _scan(_TEMP_BARE, text):
        out.put("temperature_c", float(match.group(1)), match.group(0), keep="max", at=match.start())
    for match in _scan(_TEMP_SAID, text):
        out.put("temperature_c", float(match.group(1)), match.group(0), keep="max", at=match.start())
    for match in _scan(_TEMP_THERMOMETER, text):
        whole, tenth = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        out.put("temperature_c", float(f"{whole}.{tenth or 0}"), match.group(0), keep="max", at=match.start())
    for match in _scan(_TEMP_TIMED, text):
        if not _LAB_BEFORE.search(text[max(0, match.start() - 20): match.start()]):
            out.put("temperature_c", float(f"{match.group(1)}.{match.group(2)}"), match.group(0), keep="max", at=match.start())
    for match in _scan(_HR, text):
        out.put("heart_rate", float(match.group(1)), match.group(0), keep="max")
    for match in _scan(_BP, text):
        out.put("systolic_bp", float(match.group(1)), match.group(0))
        out.put("diastolic_bp", float(match.group(2)), match.group(0))
    for match in _scan(_EPIDURALS_YEAR, text):
        out.put("epidural_sessions_12m", number(match.group(1) or match.group(2)), match.group(0), keep="max")
    gestation = list(_scan(_GESTATION, text))  # scanned once: the durations leave these words out too
    for match in gestation:
        weeks = float(next(g for g in match.groups() if g))
        if 4 <= weeks <= 42:
            out.put("gestation_weeks", weeks, match.group(0), keep="max", at=match.start())
    for key, pattern in _LABS.items():
        for match in _scan(pattern, text):
            out.put(key, float(match.group(1)), match.group(0))
    for match in _scan(_PVR_AFTER, text):
        out.put("pvr_ml", float(match.group(1)), match.group(0))
    if "egfr" not in out.values:
        for match in _scan(_KIDNEY_SHARE, text):
            out.put("egfr", _SHARES[match.group(2).lower()] if match.group(2) else float(match.group(3)), match.group(0))
    for match in _scan(_T_SCORE, text):
        score = float(match.group(2)) * (-1.0 if match.group(1) else 1.0)
        if -6.0 <= score <= 4.0:
            out.put("dxa_t_score", score, match.group(0), keep="min")
    for match in _scan(_WEIGHT_LOSS, text):
        amount, unit = float(match.group(1)), match.group(2).lower()
        kg = amount * 6.35 if unit == "stone" else amount * 0.4536 if unit.startswith(("lb", "pound")) else amount
        out.put("weight_loss_kg", round(kg, 1), match.group(0), keep="max", at=match.start())
    current: tuple[float, str] | None = None
    for match in _scan(_WEIGHT, text):
        amount, unit = float(match.group(1)), match.group(2).lower()
        out.put("weight_kg", round(amount * 0.4536 if unit.startswith(("lb", "pound")) else amount, 1), match.group(0))
        current = current or (_kg(amount, unit), match.group(0))
    for match in _scan(_TO_WEIGHT, text):
        current = current or (_kg(float(match.group(1)), match.group(2)), match.group(0))
    if current is not None:
        for match in _scan(_EARLIER_WEIGHT, text):
            earlier = _kg(float(match.group(1)), match.group(2))
            if earlier > current[0] and match.group(0) not in current[1]:
                words = f"{current[1]} ... {match.group(0)}"
                out.put("weight_loss_kg", round(earlier - current[0], 1), words, keep="max")
    for match in _scan(_SLR_ANGLE, text):
        out.put("slr_angle", float(match.group(1)), match.group(0))
    for start, end, grade in motor_grades(text, past=False):
        out.put("motor_grade_min", grade, text[start:end], keep="min", at=start)
    for match in _scan(_PAIN_SCORE, text):
        score = float(match.group(1))
        if score <= 10:
            out.put("pain_nrs", score, match.group(0), keep="max")
    _blood_and_dates(text, out)
    _durations(text, out, [m.span() for m in gestation])
    _levels(text, out)
    _laterality(text, out)
    return out


def motor_grades(
    text: str, start: int = 0, end: int | None = None, *, past: bool = True
) -> list[tuple[int, int, float]]:
    """Every MRC motor grade in text[start:end] as (start, end, grade), "4+/5" as 4.3 and "5-/5" as 4.7; a grade the
    note calls pain-limited or give-way is no grade of power and is left out. ``past=False`` also leaves out a grade
    told as the earlier one ("5/5 (was 4+/5)"): the power now; the comparison of grades over time keeps them."""
    found: list[tuple[int, int, float]] = []
    for match in _MRC.finditer(text, start, len(text) if end is None else end):
        before, after = text[max(0, match.start() - 20): match.start()], text[match.end(): match.end() + 40]
        if _GIVE_WAY.search(after) or _GIVE_WAY.search(before):
            continue
        if _NOT_POWER_BEFORE.search(before) and not _POWER_WORD.search(before):
            continue  # "Waddell signs 1/5" is another scale's score, not power
        if not past and _PAST_GRADE.search(before):
            continue  # "EHL 5/5 (was 4+/5 at start)", "improved from 4/5": a grade the power has since left behind
        grade = float(match.group(1)) + {"+": 0.3, "-": -0.3, "": 0.0}[match.group(2)]
        found.append((match.start(), match.end(), grade))
    return found


def _ages(text: str, out: Values) -> None:
    """The first age the note states about the patient now (not "broke her wrist aged 19" in the history)."""
    found: list[tuple[int, float, str]] = []
    for pattern in _AGE:
        for match in _scan(pattern, text):
            age = float(match.group(1))
            if 0 < age < 120 and not (out.skip and out.skip("age", match.start())):
                found.append((match.start(), age, match.group(0)))
    for pattern in _AGE_WORDS:
        for match in _scan(pattern, text):
            if not (out.skip and out.skip("age", match.start())):
                found.append((match.start(), _age_in_words(match), match.group(0)))
    if found:
        at, age, words = min(found)
        out.put("age", age, words, at=at)
        return
    decade = _AGE_DECADE.search(text)
    if decade:
        word = (decade.group(2) or decade.group(4)).lower()
        base = DECADES.get(word) or float(word[:-1]) + 5
        shift = {"early": -3, "mid": 0, "late": 3}.get((decade.group(1) or decade.group(3) or "").lower(), 0)
        out.put("age", float(base + shift), decade.group(0), at=decade.start())


def _sex(text: str, out: Values) -> None:
    """The patient's sex from a coded age ("45F") or the words for each; a pronoun the caller rules out
    (``skip("sex_pronoun", offset)``: in a note the patient writes, "I gave her my dog" is someone else) is not
    counted."""
    code = _SEX_CODE.search(text)
    if code:
        out.sex = "female" if code.group(1) == "F" else "male"
        return

    def counted(pattern: re.Pattern[str]) -> int:
        return sum(
            1 for m in _scan(pattern, text)
            if not (m.group(1).lower() in _PRONOUNS and out.skip and out.skip("sex_pronoun", m.start()))
        )

    female = counted(_FEMALE)
    male = counted(_MALE)
    if female > male:
        out.sex = "female"
    elif male > female:
        out.sex = "male"


# epidural sessions counted over the last year: "four lumbar ESIs in the last 12 months" (the yearly limit)
_EPIDURALS_YEAR = re.compile(
    r"\b(\d|two|three|four|five|six|seven|eight)\s+(?:(?:prior|previous|more|lumbar|cervical|thoracic|transforaminal|"
    r"interlaminar|caudal|steroid)\s+){0,3}(?:epidural(?:\s+steroid)?\s+injections?|epidurals|esis|tfesis|ilesis)\b"
    r"[^.;]{0,30}?\b(?:in|over|within)\s+the\s+(?:last|past)\s+(?:12|twelve)\s+months|"
    r"\b(\d|two|three|four|five|six|seven|eight)\s+(?:(?:prior|previous|lumbar|cervical|transforaminal|interlaminar|"
    r"caudal)\s+){0,3}(?:epidural(?:\s+steroid)?\s+injections?|epidurals|esis)\b[^.;]{0,30}?\b(?:this|in the last|in the past)\s+year\b",
    re.I,
)

# clinical shorthand for durations: "5/7" days, "3/52" weeks, "4/12" months (not a date, a score or a BP)
_SLASH_DURATION = re.compile(r"(?<![\d/.:])(\d{1,2})\s*/\s*(7|52|12)(?![\d/])")
_SLASH_UNIT = {"7": 1.0, "52": 7.0, "12": 30.4}
# the unit run into the number, as handovers write it: "1h ago", "~2hrs ago", "for 3d", "x 48h", "past 2wks" (round
# 27; only before "ago" or after for/x/past/last/over, so "q4h" dosing and "5d course" are no length of pain)
_COMPACT_DURATION = re.compile(r"(?:(?<=\bx)|(?<![\w/.]))(\d{1,3})\s?(h|hr|hrs|d|wk|wks)\b", re.I)
# round 38 (gaps38): "since last Friday" is a weekday of the week before, at most thirteen days back, as in
# _STARTED_WEEKDAY below (expert estimate)
_SINCE_WEEKDAY = re.compile(
    r"\bsince\s+(?P<last>last\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat)\b"
    r"(?!\s+(?:week|month|year))"
    # the event between ("since i did deadlifts at the gym on monday", "since he lifted the sofa on Sat"; round 33)
    r"|\bsince\s+(?:i|he|she|they|we|my|his|her|their)\b[^.;,]{0,50}?\bon\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|sat)\b"
    r"(?!\s+(?:week|month|year|the\s+\d|\d))"
)
# round 33: the pain's own onset told by the weekday it began ("pain started on Tuesday", "it came on Friday"): the
# weekday just gone, at most six days back; "last Tuesday" at most thirteen (the longest each can be, expert estimate)
_STARTED_WEEKDAY = re.compile(
    r"\b(?:started|start|starts|began|begun|begin|came\s+on|come\s+on|kicked\s+off|flared(?:\s+up)?|went|happened|"
    r"hurt|did\s+it|injured\s+it|woke\s+up\s+with\s+it)\s+(?:(?:\w+\s+){0,3}?)(?:on\s+)?(?P<last>last\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b(?!\s+(?:week|month|year))"
)
_COMPACT_UNIT = {"h": 1 / 24, "hr": 1 / 24, "hrs": 1 / 24, "d": 1.0, "wk": 7.0, "wks": 7.0}


_COUNT_BEFORE = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty|several|few|many|dozens?)\s*"
    # round 36 (patients): a count of days or times before it ("using it 10 days a month now", "3 times a week
    # now") is a rate too (expert estimate of the words)
    r"(?:(?:days?|times|nights?|mornings?|evenings?|attacks?|episodes?|headaches?|migraines?|tablets?|doses?)\s*)?$",
    re.I,
)
# "since 2021", "since last March", "since Christmas": a start told by the calendar, counted back from the day the note
# is read (kb 2026.12.83; a year from its middle, a month from its middle, expert estimates). A future date, or a
# month with a day after it ("since March 3rd" is read the same), is as near as the note allows.
_SINCE_CALENDAR = re.compile(
    r"\bsince\s+(?:(?:early|late|mid)[- ]?|the\s+(?:start|beginning|end|middle)\s+of\s+)?(?:(?P<year>(?:19|20)\d\d)\b(?![-/.]\d)"
    r"|(?P<last>last\s+)?(?:(?P<month>january|february|march|april|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|(?-i:May))\b(?!\s+(?:19|20)\d\d)"
    r"|(?P<xmas>christmas|xmas)\b))",
    re.I,
)
_MONTHS = {name: k for k, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}


def _since_calendar_days(match: re.Match[str], today: date) -> float | None:
    """How many days back a calendar start lies ("since 2021": from mid-2021), or None when it is not in the past."""
    if match.group("year"):
        year = int(match.group("year"))
        if year > today.year:
            return None
        start = date(year, 7, 1) if year < today.year else date(year, 1, 1)
        days = (today - start).days if year < today.year else (today - start).days / 2
    elif match.group("month"):
        month = _MONTHS[match.group("month").lower()]
        year = today.year if month < today.month else today.year - 1
        if month == today.month and not match.group("last"):
            year = today.year
        days = (today - date(year, month, 15)).days
    else:
        christmas = date(today.year, 12, 25)
        days = (today - (christmas if christmas <= today else date(today.year - 1, 12, 25))).days
    return float(max(days, 1))


_SINCE_AGE = re.compile(
    r"\bsince\s+(?:i|he|she|they)\s+(?:was|were)\s+(?:about\s+|around\s+|roughly\s+|aged?\s+)?(\d{1,2})\b|"
    r"\bsince\s+(?:the\s+)?age\s+(?:of\s+)?(\d{1,2})\b",
    re.I,
)
# round 36 (patients): a start told by a time of life, not an age ("migraines since I was a teenager", "since I was a
# kid", "since my teens", "since childhood"): counted from the latest age that time of life can mean (19 for the teens
# and school, 12 for childhood), so the length is the least it can be; a note without an age, or an age inside that
# time of life, gives at least a year. Expert estimate of the ages.
_SINCE_YOUTH = re.compile(
    r"\bsince\s+(?:(?:i|he|she|they)\s+(?:was|were)\s+(?:just\s+|only\s+)?(?:a\s+|an\s+)?(?:(?P<teen>teenager|teen|"
    r"adolescent|young\s+(?:man|woman|lad|girl)|at\s+(?:secondary\s+|high\s+)?school|in\s+(?:secondary\s+|high\s+)?school)"
    r"|(?P<child>child|kid|little|small|little\s+(?:girl|boy|kid|one)|young\s+(?:child|kid)|boy|girl|toddler|baby))"
    r"|(?:(?:my|his|her|their)\s+)?(?P<teens>teens|teenage\s+years|adolescence|school\s+days|schooldays)"
    r"|(?P<childhood>(?:(?:my|his|her|their|early)\s+)?childhood))\b",
    re.I,
)
_YOUTH_AGE = {"teen": 19, "teens": 19, "child": 12, "childhood": 12}
# "Today requests it be restarted", "asks today about an injection": a request made at the visit dates the visit, not
# the complaint (round 25; the pain's own "started today" still counts). Expert estimate of the wording.
_VISIT_TODAY = re.compile(
    r"today\s+((he|she|they|i|we|the\s+patient|pt|patient|mr\s+\w+|mrs\s+\w+|ms\s+\w+)\s+)?"
    r"(requests?|requesting|asks?|asking|asked|wants?|wanted|would\s+like|enquires?|inquires?|is\s+(asking|requesting|keen))\b"
)
# "today" that dates the visit or the examination, not the pain: "Today requests it be restarted", "unchanged on exam
# today", "seen in clinic today", "reviewed today" (round 28: a foot drop "unchanged on exam today" gave a five-year
# pain a duration of hours)
_VISIT_BEFORE_TODAY = re.compile(
    r"\b(requests?|requesting|requested|asks?|asking|asked|enquires?|enquired|inquires?|inquired|exam|examination|"
    r"examined|visit|review|reviewed|clinic|seen|assessed|consultation|appointment|assessment|ward\s+round|"
    r"follow[- ]up)\s+(\w+\s+){0,2}?$"
)
# "on today's exam", "at today's review", "today's clinic letter": the visit's own day, not the pain's (round 40, lead:
# a foot drop "3/5 on today's exam" gave a ten-year deficit a duration of hours; expert estimate of the words)
_VISIT_AFTER_TODAY = re.compile(
    r"[\'’]s\s+(\w+\s+)?(exam|examination|review|visit|clinic|appointment|assessment|consultation|attendance|"
    r"letter|findings|obs|observations|bloods|results?)\b"
)
# "today" closing a list of years ("ankle dorsiflexion 3/5 in 2018, 2021 and today"): the latest of serial
# examinations, not when the pain began (round 40, fix40v; expert estimate of the words)
_SERIES_BEFORE_TODAY = re.compile(r"\b(?:19|20)\d\d\s*(?:,\s*(?:19|20)\d\d\s*)*,?\s*(?:and|&)\s+$")
# "every 3 weeks", "every other 2 days": an interval; "worse every day for 10 days" is still a length of time (round 38,
# patients: the 10 days of a worsening back pain were dropped for the "every" before them; expert estimate of the words)
_EVERY_BEFORE = re.compile(r"\bevery(\s+(other|single|few|couple\s+of))?\s*$")
_AGE_BEFORE = re.compile(r"\b(woman|man|male|female|lady|gentleman|patient|boy|girl|aged)\s*,?\s*(is\s+|of\s+)?$")
# how long something took to heal or settle ("the rash healed in three weeks", "the swelling settled within 10 days",
# "cleared up over a fortnight"): that event's length, not how long the pain has lasted (round 41, lead41, held out: a
# post-herpetic neuralgia since January was "three weeks" old; expert estimate of the words)
_HEALED_BEFORE = re.compile(
    r"\b(?:healed|heal(?:s|ing)?|settled|cleared(?:\s+up)?|resolved|crusted(?:\s+over)?|scabbed(?:\s+over)?|faded|"
    r"recovered|went\s+away|gone)\s+(?:(?:up|down|off|completely|fully|entirely)\s+)?(?:in|within|over|after)\s*$"
)


# phrases that say when the complaint began, with the days each stands for (compiled once, not per note)
_DAY_PHRASES = tuple(
    (phrase, days, re.compile(rf"\b{phrase}\b"))
    for phrase, days in (("since yesterday", 1.0), ("this morning", 0.2), ("today", 0.2), ("yesterday", 1.0),
                         ("last night", 0.5), ("over a year", 400.0), ("more than a year", 400.0),
                         ("last fortnight", 14.0), ("past fortnight", 14.0))
)


def _durations(text: str, out: Values, pregnancy: list[tuple[int, int]]) -> None:
    """Every stated length of time (``out.durations``) and, for a caller without context, the longest;
    ``pregnancy``: where the note states weeks of pregnancy (``_GESTATION``), no length of pain."""
    found = out.durations
    # a blood pressure with a two-digit systolic ("BP 84/52", "BP 96/7": shock) is no "84 weeks" (round 33)
    pressures = [m.span() for m in _scan(_BP, text)]
    for match in _scan(_SLASH_DURATION, text):
        if any(start <= match.start() < end for start, end in pressures):
            continue
        amount = float(match.group(1))
        if 0 < amount < {"7": 7, "52": 52, "12": 12}[match.group(2)] * 3:
            days = round(amount * _SLASH_UNIT[match.group(2)], 2)
            found.append(DurationMention(days, match.group(0), match.start(), match.end()))
    for match in _scan(_COMPACT_DURATION, text):
        head = text[max(0, match.start() - 6): match.start()].lower()
        ago = text[match.end(): match.end() + 5].lower().startswith(" ago")
        if not ago and not re.search(r"\b(for|x|past|last|over)\s?$", head):
            continue
        days = round(float(match.group(1)) * _COMPACT_UNIT[match.group(2).lower()], 2)
        found.append(DurationMention(days, match.group(0), match.start(), match.end(), ago))
    # "expecting, 30 weeks now" is no length of pain (``pregnancy``)
    for match in _scan(_DURATION, text):
        if any(start <= match.start() < end for start, end in pregnancy):
            continue
        unit = match.group(2).lower()
        unit = {"yr": "year", "wk": "week", "mo": "month"}.get(unit, unit)
        try:
            days = number(match.group(1)) * UNIT_DAYS[unit]
        except (KeyError, ValueError):
            continue
        tail = text[match.end(): match.end() + 12].lower()
        head = text[max(0, match.start() - 12): match.start()].lower()
        if unit in _SEASONS and not tail.startswith(" ago"):
            continue  # "three summers on the farm" is no length of time; "two summers ago" is
        if _GRAVIDA_BEFORE.search(text[max(0, match.start() - 24): match.start()].lower()):
            continue  # "G2P1, 31 weeks": the weeks of the pregnancy
        if _AGE_BEFORE.search(head):
            continue  # "woman 47 years": an age, not how long the pain has lasted
        if _HEALED_BEFORE.search(text[max(0, match.start() - 40): match.start()].lower()):
            continue  # "the rash healed in three weeks": how long another thing took to settle
        age_at = out.positions.get("age", -1)
        if 0 <= age_at <= match.start() < age_at + len(out.text.get("age", "")):
            continue  # "Mrs Carmen Ruiz, 79 years, who ...": the words the age was read from
        if _EVERY_BEFORE.search(head) or tail.startswith((" apart", " interval", "-old", " old", "s old", "s-old", " of age",
                                               " pregnant", "' gestation", " gestation", " of pregnancy", "s pregnant",
                                               " along", "s along",
                                               " a month", " per month", " each month", " a week", " per week",
                                               " each week", "s a month", "s a week", "s per month")):
            continue  # a dosing interval or an age, not how long the pain has lasted
        words = match.group(0).strip().lower().split()
        if match.group(1).lower() in {"a", "an"} and words[0] in {"a", "an"} and (
            not tail.startswith((" ago", " of", " now")) or _COUNT_BEFORE.search(head)
        ):
            continue  # "twice a day", "maybe five a month now": a rate, not a duration
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        found.append(DurationMention(round(days, 2), match.group(0).strip(), start, match.end(), tail.startswith(" ago")))
    age = out.values.get("age")
    for match in _scan(_SINCE_AGE, text):
        then = float(match.group(1) or match.group(2))
        if age is not None and 0 < then < age:  # "the same headaches since I was about 15", now 58
            found.append(DurationMention(round((age - then) * 365.25, 2), match.group(0), match.start(), match.end()))
    for match in _scan(_SINCE_YOUTH, text):
        bound = next(_YOUTH_AGE[k] for k, v in match.groupdict().items() if v)
        years = age - bound if age is not None and age > bound + 1 else 1.0
        found.append(DurationMention(round(years * 365.25, 2), match.group(0), match.start(), match.end()))
    lowered = text.lower()
    for phrase, days, pattern in _DAY_PHRASES:
        for match in pattern.finditer(lowered):
            if phrase == "today" and (_VISIT_TODAY.match(lowered, match.start())
                                      or _VISIT_BEFORE_TODAY.search(lowered[max(0, match.start() - 40): match.start()])
                                      or _VISIT_AFTER_TODAY.match(lowered, match.end())
                                      or _SERIES_BEFORE_TODAY.search(lowered[max(0, match.start() - 40): match.start()])):
                continue  # "Today requests it be restarted": the day of the visit, not when the pain began
            found.append(DurationMention(days, phrase, match.start(), match.end(), ago=True))
    # "since Saturday", "since sat", "since Weds": the weekday just gone, at most six days back (round 27; the longest
    # it can be, expert estimate; "since last Saturday" may be longer and is left alone)
    for match in _SINCE_WEEKDAY.finditer(lowered):
        days = 13.0 if match.group("last") else 6.0
        found.append(DurationMention(days, match.group(0), match.start(), match.end(), ago=True))
    for match in _STARTED_WEEKDAY.finditer(lowered):
        days = 13.0 if match.group("last") else 6.0
        found.append(DurationMention(days, match.group(0), match.start(), match.end(), ago=True))
    today = date.today()
    for match in _scan(_SINCE_CALENDAR, text):
        since = _since_calendar_days(match, today)
        if since is not None:
            found.append(DurationMention(round(since, 2), match.group(0), match.start(), match.end(), ago=True))
    found.sort(key=lambda d: (d.start, -d.days))  # "over a year" is more than the year itself
    if found:
        longest = max(found, key=lambda d: d.days)
        out.put("duration_days", longest.days, longest.words, keep="max", at=longest.start)


def _levels(text: str, out: Values) -> None:
    for match in _scan(_LEVEL, text):
        region, first = match.group(1), int(match.group(2))
        if not 1 <= first <= _LEVEL_MAX[region]:
            continue
        level = f"{region}{first}"
        if match.group(4):
            second_region = match.group(3) or region
            second = int(match.group(4))
            if second_region in _LEVEL_MAX and 1 <= second <= _LEVEL_MAX[second_region]:
                level = f"{level}-{second_region}{second}"
        if level not in out.levels:
            out.levels.append(level)


def _laterality(text: str, out: Values) -> None:
    sides: set[str] = set()
    for match in _scan(_SIDE, text):
        word = match.group(1).lower()
        if word in {"l", "r"} and match.group(1).islower():
            continue
        if word.startswith(("bilateral", "both")):
            sides.add("bilateral")
        elif word in {"left", "l"}:
            sides.add("left")
        elif word in {"right", "r"}:
            sides.add("right")
    if "bilateral" in sides or {"left", "right"} <= sides:
        out.laterality = "bilateral"
    elif sides:
        out.laterality = sides.pop()
