"""The knowledge base's words for each finding, widened to the forms people write without losing precision.

Each term also matches: its last word in the plural ("swollen ankle" -> "swollen ankles"); other forms of a word from
the knowledge base's table ("dystonia" -> "dystonic", "swelling" -> "swollen"); and, for a phrase of several words,
the same phrase with a coordinated word after its first ("mid and low back pain" is mid back pain too, "back and
leg pain" is back pain too). Sign-and-body-part pairs written in either order within a few words ("the foot is
swollen and shiny", "swelling of the left ankle") come from the knowledge base's ``near`` rules as regular
expressions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from medspacy.target_matcher import TargetRule
from spacy.language import Language

from painpath.narrative.components import ABSENT_MARK, FROM_REGEX

COORDINATORS = ["and", "or", "&", "/", "+"]
# a denial between two sites opens a new item of a list ("no radiation below the knee and no night pain"): the
# coordinated site ("knee ... pain") must not swallow it, or the site's span holds the second "no" and ConText prunes
# it as part of a target (round 27: night pain read present)
DENIALS = ["no", "not", "nor", "without", "never", "denies", "denied", "nil", "neither"]


def target_rules(
    nlp: Language,
    lexicon: Mapping[str, Any],
    word_forms: Mapping[str, list[str]],
    coordinated: Iterable[str] = (),
) -> list[TargetRule]:
    """Phrase targets for medSpaCy's matcher, with plural and word-form variants, and coordinated variants for the
    findings named in ``coordinated`` (body sites: a token pattern per term costs matcher time on every note)."""
    rules: list[TargetRule] = []
    coordinate = set(coordinated)
    for fid, entry in lexicon.items():
        seen: set[str] = set()
        for term in entry.terms:
            for variant in _variants(term, word_forms):
                if variant not in seen:
                    seen.add(variant)
                    rules.append(TargetRule(variant, fid))
            words = [t.lower_ for t in nlp.tokenizer(term)] if fid in coordinate else []
            if len(words) >= 2 and all(w.isalpha() for w in words):
                pattern = [
                    {"LOWER": words[0]},
                    {"LOWER": {"IN": COORDINATORS}},
                    {"IS_ALPHA": True, "LOWER": {"NOT_IN": DENIALS}},
                    {"IS_ALPHA": True, "LOWER": {"NOT_IN": DENIALS}, "OP": "?"},  # "back and left leg pain"
                    *({"LOWER": w} for w in words[1:]),
                ]
                # like a regular-expression span, it may hold other findings ("flank and buttock pain")
                rules.append(TargetRule(f"{term} (coordinated)", fid, pattern=pattern, attributes={FROM_REGEX: True}))
        for term in entry.absent_terms:
            for variant in _variants(term, word_forms, plural=False):
                if variant not in seen:
                    seen.add(variant)
                    rules.append(TargetRule(variant, fid, attributes={ABSENT_MARK: fid}))
    return rules


def _variants(term: str, word_forms: Mapping[str, list[str]], *, plural: bool = True) -> Iterable[str]:
    lowered = term.lower()
    out = [lowered]
    words = lowered.split()
    for index, word in enumerate(words):
        for form in word_forms.get(word, []):
            out.append(" ".join([*words[:index], form, *words[index + 1:]]))
    if plural and words and words[-1].isalpha() and len(words[-1]) > 2 and not words[-1].endswith("s"):
        last = words[-1]
        out.append(" ".join([*words[:-1], last + ("es" if last.endswith(("x", "ch", "sh")) else "s")]))
    return out


def near_patterns(rules: Iterable[Mapping[str, Any]]) -> list[tuple[str, list[str]]]:
    """(finding, regular expressions) for sign-and-part pairs written in either order within a few words."""
    out: list[tuple[str, list[str]]] = []
    for rule in rules:
        signs = "|".join(re.escape(s) for s in rule["signs"])
        parts = "|".join(re.escape(p) for p in rule["parts"])
        # a denial between them parts the two ("a cold last week, no leg swelling": the cold is no cold leg, and the
        # "no" must stay free to deny the swelling; round 31, lead31f)
        gap = rf"(?:[^\w.;!?]+(?!(?:no|not|nor|never|without)\b)\w+){{0,{int(rule.get('within', 4))}}}?[^\w.;!?]+"
        # a sign right after one of the rule's ``not_after`` words is another thing ("pulsatile mass" is an aneurysm)
        unless = "".join(rf"(?<!\b{re.escape(w)}\s)" for w in rule.get("not_after", []))
        # what the pair must not be followed by in its clause (``not_then``, a regular expression): a swelling that
        # "has spread" is an inflammation, not a lump (round 33)
        then = rf"(?![^.;!?]{{0,40}}?(?:{rule['not_then']}))" if rule.get("not_then") else ""
        out.append((
            rule["finding"],
            [
                rf"(?i){unless}\b(?:{signs})\b{gap}(?:{parts})\b{then}",
                rf"(?i)\b(?:{parts})\b{gap}{unless}(?:{signs})\b{then}",
            ],
        ))
    return out
