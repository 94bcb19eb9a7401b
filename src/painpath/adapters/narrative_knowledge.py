"""Strict checks of the reader's knowledge (narrative.yaml): roles, courses, word rules and the unread safety net.

The reader applies these sections as data; a typo in a role, a finding id or a regular expression must fail at
load time, not silently read nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from painpath.adapters.knowledge_files import KnowledgeError
from painpath.domain.model import FindingDef, FindingKind

ROLES = frozenset({"complaint", "history", "medication", "family", "social", "exam", "test", "plan"})
COURSES = frozenset({"new", "worsening", "stable", "treated", "resolved"})


def check_narrative(docs: Mapping[str, tuple[str, Any]], findings: Mapping[str, FindingDef]) -> None:
    """Validate the reader's sections when the knowledge base defines them."""
    if "narrative" in docs:
        _narrative(*docs["narrative"], findings)
    if "clause_roles" in docs:
        _roles(*docs["clause_roles"], findings)
    if "course" in docs:
        _course(*docs["course"], findings)
    if "unread" in docs:
        _unread(*docs["unread"], findings)
    if "one_hand" in docs:
        _one_hand(*docs["one_hand"], findings)
    if "spelling" in docs:
        file, content = docs["spelling"]
        _keys(content, f"{file}: spelling", {"respell", "never_respell", "contractions", "possessive"})
        contractions = content.get("contractions", {})
        if not isinstance(contractions, dict) or not all(
            isinstance(v, list) and all(isinstance(w, str) and w.strip() for w in v)
            for k, v in contractions.items()
            if k != "dialect_my"
        ):
            raise KnowledgeError(f"{file}: spelling.contractions: give lists of words (and dialect_my: true/false)")
        possessive = content.get("possessive", {})
        if not isinstance(possessive, dict):
            raise KnowledgeError(f"{file}: spelling.possessive: give words and the body parts they come before")
        _keys(possessive, f"{file}: spelling.possessive", {"words", "before"})
        for key in ("words", "before"):
            listed = possessive.get(key, [])
            if not isinstance(listed, list) or not all(isinstance(w, str) and w.strip() for w in listed):
                raise KnowledgeError(f"{file}: spelling.possessive.{key}: give a list of words")
        if any(len(w) != 2 for w in possessive.get("words", [])):
            raise KnowledgeError(f"{file}: spelling.possessive.words: two letters each (respelt as 'my' in place)")
        respell = content.get("respell", {})
        if not isinstance(respell, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in respell.items()
        ):
            raise KnowledgeError(f"{file}: spelling.respell: give a mapping of a spelling to the word it stands for")
        keep = content.get("never_respell", [])
        if not isinstance(keep, list) or not all(isinstance(w, str) and w.strip() for w in keep):
            raise KnowledgeError(f"{file}: spelling.never_respell: give a list of words")
    if "pain_pattern" in docs:
        file, content = docs["pain_pattern"]
        _keys(content, f"{file}: pain_pattern", {"joins", "within"})
        _regex(content.get("joins"), f"{file}: pain_pattern.joins")
    if "site_attach" in docs:
        file, content = docs["site_attach"]
        if not isinstance(content, list):
            raise KnowledgeError(f"{file}: site_attach: give a list of rules")
        for index, rule in enumerate(content):
            where = f"{file}: site_attach[{index}]"
            _keys(rule, where, {"finding", "bare", "regions", "without_site"}, required={"finding", "bare", "regions"})
            if rule.get("without_site", "drop") not in {"drop", "keep"}:
                raise KnowledgeError(f"{where}.without_site: say drop or keep")
            _finding(rule["finding"], where, findings)
            _regex(rule["bare"], f"{where}.bare")
            regions = rule["regions"]
            known = {f.region for f in findings.values() if f.region is not None}
            if not isinstance(regions, list) or not regions or not set(regions) <= known:
                raise KnowledgeError(f"{where}.regions: give a list of regions the findings use ({sorted(known)})")
    if "side_spread" in docs:
        file, content = docs["side_spread"]
        where = f"{file}: side_spread"
        keys = {"finding", "named", "other", "earlier", "denied", "symptom"}
        _keys(content, where, keys, required={"finding", "earlier"})
        _finding(content["finding"], where, findings)
        for key in ("named", "other", "denied", "symptom"):
            _regex(content.get(key), f"{where}.{key}")
        for side in ("left", "right"):
            _regex(str(content["earlier"]).format(side=side), f"{where}.earlier")


CONTEXT_RULE_KEYS = frozenset({
    "literal", "category", "pattern", "direction", "max_scope", "terminated_by", "allowed_types", "excluded_types",
    "max_targets",
})
DIRECTIONS = frozenset({"FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"})


def _narrative(file: str, content: Mapping[str, Any], findings: Mapping[str, FindingDef]) -> None:
    for index, rule in enumerate(content.get("context_rules", [])):
        _context_rule(rule, f"{file}: narrative.context_rules[{index}]", findings)
    for index, rule in enumerate(content.get("near", [])):
        where = f"{file}: narrative.near[{index}]"
        _keys(
            rule, where, {"finding", "signs", "parts", "within", "not_after", "not_then"},
            required={"finding", "signs", "parts"},
        )
        _finding(rule["finding"], where, findings)
        _regex(rule.get("not_then"), f"{where}: not_then")
        words = rule.get("not_after", [])
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise KnowledgeError(f"{where}: not_after: give a list of words")
    for word, forms in content.get("word_forms", {}).items():
        if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
            raise KnowledgeError(f"{file}: narrative.word_forms.{word}: give a list of words")
    _regex(content.get("proxy"), f"{file}: narrative.proxy")
    _regex(content.get("clinician_voice"), f"{file}: narrative.clinician_voice")
    _regex(content.get("own_note_other_subject"), f"{file}: narrative.own_note_other_subject")
    for finding in content.get("own_note_other_subject_kept", []):
        _finding(finding, f"{file}: narrative.own_note_other_subject_kept", findings)
    for index, rule in enumerate(content.get("explained_in_sentence", [])):
        where = f"{file}: narrative.explained_in_sentence[{index}]"
        _keys(rule, where, {"findings", "when", "unless", "inside"}, required={"findings", "when"})
        if not isinstance(rule.get("inside", False), bool):
            raise KnowledgeError(f"{where}.inside: say true or false")
        for finding in rule["findings"]:
            _finding(finding, where, findings)
        _regex(rule["when"], f"{where}.when")
        _regex(rule.get("unless"), f"{where}.unless")
    reported = content.get("reported", {})
    keys = (
        "cue", "until", "affirmed", "affirmed_next", "denied", "choices", "question",
        "dialogue_asker", "dialogue_denied", "dialogue_kept",
    )
    _keys(reported, f"{file}: narrative.reported", set(keys))
    for key in keys:
        _regex(reported.get(key), f"{file}: narrative.reported.{key}")


def _context_rule(rule: Any, where: str, findings: Mapping[str, FindingDef]) -> None:
    """A ConText rule (medSpaCy's ConTextRule fields): the finding ids it is limited to must exist, and a rule is
    either limited to some findings or excludes some, not both (medSpaCy refuses both)."""
    _keys(rule, where, CONTEXT_RULE_KEYS, required={"literal", "category"})
    direction = str(rule.get("direction", "FORWARD")).upper()
    if direction not in DIRECTIONS:
        raise KnowledgeError(f"{where}: direction {rule['direction']!r} is not one of {sorted(DIRECTIONS)}")
    if rule.get("allowed_types") is not None and rule.get("excluded_types") is not None:
        raise KnowledgeError(f"{where}: give allowed_types or excluded_types, not both")
    for key in ("allowed_types", "excluded_types"):
        types = rule.get(key)
        if types is None:
            continue
        if isinstance(types, str):
            types = [types]
        if not isinstance(types, list) or not types:
            raise KnowledgeError(f"{where}: {key} must list finding ids")
        for fid in types:
            _finding(fid, f"{where}.{key}", findings)
    targets = rule.get("max_targets")
    if targets is not None and (not isinstance(targets, int) or isinstance(targets, bool) or targets < 1):
        raise KnowledgeError(f"{where}: max_targets must be a whole number of at least 1")


def _roles(file: str, content: Mapping[str, Any], findings: Mapping[str, FindingDef]) -> None:
    where = f"{file}: clause_roles"
    allowed = {"sections", "cues", "piece_roles", "complaint_again", "effects", "site_cues", "complaint_only"}
    allowed |= {"sites_not_in", "new_statement", "age_apposition", "empty_section", "complaint_after_history"}
    allowed |= {"visit_type", "sites_not_inside", "prose_resumes", "exam_normal", "part_words", "relative_clause"}
    allowed |= {"before_operation"}
    _keys(content, where, allowed)
    relative = content.get("relative_clause", {})
    _keys(relative, f"{where}.relative_clause", {"kin", "state", "reach"})
    for key in ("kin", "state"):
        _regex(relative.get(key), f"{where}.relative_clause.{key}")
    kin = relative.get("kin")
    if kin is not None and "kin" not in re.compile(kin).groupindex:
        raise KnowledgeError(f"{where}.relative_clause.kin: needs the group 'kin' (the relative's word)")
    prose = content.get("prose_resumes", {})
    _keys(prose, f"{where}.prose_resumes", {"roles", "at"})
    _regex(prose.get("at"), f"{where}.prose_resumes.at")
    for role in prose.get("roles", []):
        _role(role, f"{where}.prose_resumes")
    visit = content.get("visit_type", {})
    _keys(visit, f"{where}.visit_type", {"header", "complaint"})
    for key in ("header", "complaint"):
        _regex(visit.get(key), f"{where}.visit_type.{key}")
    before = content.get("before_operation", {})
    _keys(before, f"{where}.before_operation", {"header", "done", "to_come"})
    for key in ("header", "done", "to_come"):
        _regex(before.get(key), f"{where}.before_operation.{key}")
    patterns = ("complaint_again", "site_cues", "new_statement", "age_apposition", "empty_section", "exam_normal")
    for key in (*patterns, "complaint_after_history"):
        if content.get(key) is not None:
            _regex(content[key], f"{where}.{key}")
    aged = content.get("age_apposition")
    if aged is not None and not {"first", "second"} <= set(re.compile(aged).groupindex):
        raise KnowledgeError(f"{where}.age_apposition: needs the groups 'first' and 'second' (the two commas)")
    for role in content.get("sections", {}):
        _role(role, f"{where}.sections")
    for index, cue in enumerate(content.get("cues", [])):
        _keys(cue, f"{where}.cues[{index}]", {"role", "patterns"}, required={"role", "patterns"})
        _role(cue["role"], f"{where}.cues[{index}]")
        for pattern in cue["patterns"]:
            _regex(pattern, f"{where}.cues[{index}]")
    for role in content.get("piece_roles", []):
        _role(role, f"{where}.piece_roles")
    kinds = {k.value for k in FindingKind} | {"all"}
    for role, effect in content.get("effects", {}).items():
        _role(role, f"{where}.effects")
        effects = {"historical", "drop_kinds", "course", "sites_need_cue", "complaint_only"}
        _keys(effect, f"{where}.effects.{role}", effects)
        dropped = effect.get("drop_kinds", [])
        for kind in [dropped] if isinstance(dropped, str) else dropped:
            if kind not in kinds:
                raise KnowledgeError(f"{where}.effects.{role}: drop_kinds {kind!r} is not one of {sorted(kinds)}")
        if effect.get("course") is not None and effect["course"] not in COURSES:
            raise KnowledgeError(f"{where}.effects.{role}: course {effect['course']!r} is not one of {sorted(COURSES)}")
    for key in ("complaint_again", "site_cues"):
        _regex(content.get(key), f"{where}.{key}")
    for key in ("complaint_only", "sites_not_in", "sites_not_inside", "part_words"):
        for fid in content.get(key, []):
            _finding(fid, f"{where}.{key}", findings)


def _course(file: str, content: Mapping[str, Any], findings: Mapping[str, FindingDef]) -> None:
    where = f"{file}: course"
    allowed = COURSES | {"stable_before", "stable_after", "resolved_after", "reach", "worsening_means"}
    allowed |= {"worsening_within"}
    allowed |= {"side_effect_links", "recent", "recent_reach", "new_means", "new_within", "new_means_unless"}
    allowed |= {"never_settled", "exam_comparison", "past_values", "resolved_episode", "past_ideation"}
    allowed |= {"settled_again", "new_over_stable", "ended_later"}
    _keys(content, where, allowed)
    ended = content.get("ended_later", {})
    _keys(ended, f"{where}.ended_later", {"findings", "past", "unless"})
    for fid in ended.get("findings", []):
        _finding(fid, f"{where}.ended_later.findings", findings)
    for key in ("past", "unless"):
        _regex(ended.get(key), f"{where}.ended_later.{key}")
    fresh = content.get("new_over_stable", {})
    _keys(fresh, f"{where}.new_over_stable", {"findings", "before", "after"})
    for fid in fresh.get("findings", []):
        _finding(fid, f"{where}.new_over_stable.findings", findings)
    for key in ("before", "after"):
        _regex(fresh.get(key), f"{where}.new_over_stable.{key}")
    again = content.get("settled_again", {})
    _keys(again, f"{where}.settled_again", {"findings", "unless", "summary", "summary_span"})
    for fid in again.get("findings", []):
        _finding(fid, f"{where}.settled_again.findings", findings)
    _regex(again.get("unless"), f"{where}.settled_again.unless")
    _regex(again.get("summary"), f"{where}.settled_again.summary")
    _regex(again.get("summary_span"), f"{where}.settled_again.summary_span")
    past = content.get("past_ideation", {})
    past_keys = {"findings", "means", "dated", "denied_now", "unless", "returned", "not_between", "dated_after"}
    past_keys |= {"within"}
    _keys(past, f"{where}.past_ideation", past_keys)
    for fid in [*past.get("findings", []), *([past["means"]] if past.get("means") else [])]:
        _finding(fid, f"{where}.past_ideation", findings)
    for key in ("dated", "denied_now", "unless", "returned", "not_between"):
        _regex(past.get(key), f"{where}.past_ideation.{key}")
    if past and (not isinstance(past.get("within", 200), int) or int(past.get("within", 200)) < 1):
        raise KnowledgeError(f"{where}.past_ideation.within: give a whole number of characters")
    episode = content.get("resolved_episode", {})
    _keys(episode, f"{where}.resolved_episode",
          {"findings", "ended", "within", "length", "next_sentence", "next_unless"})
    for fid in episode.get("findings", []):
        _finding(fid, f"{where}.resolved_episode.findings", findings)
    _regex(episode.get("ended"), f"{where}.resolved_episode.ended")
    _regex(episode.get("length"), f"{where}.resolved_episode.length")
    _regex(episode.get("next_sentence"), f"{where}.resolved_episode.next_sentence")
    _regex(episode.get("next_unless"), f"{where}.resolved_episode.next_unless")
    within = episode.get("within", 100)
    if not isinstance(within, int) or isinstance(within, bool) or within < 1:
        raise KnowledgeError(f"{where}.resolved_episode.within: give a whole number of characters")
    past_values = content.get("past_values", {})
    _keys(past_values, f"{where}.past_values", {"values", "past", "now"})
    if not all(isinstance(v, str) for v in past_values.get("values", [])):
        raise KnowledgeError(f"{where}.past_values.values: give the names of measured values")
    for key in ("past", "now"):
        _regex(past_values.get(key), f"{where}.past_values.{key}")
    for fid in content.get("never_settled", []):
        _finding(fid, f"{where}.never_settled", findings)
    comparison = content.get("exam_comparison", {})
    _keys(
        comparison, f"{where}.exam_comparison",
        {"grade_finding", "reflex_finding", "earlier", "now", "earlier_weak", "now_weak", "generic_labels", "within"},
    )
    for key in ("grade_finding", "reflex_finding"):
        if comparison.get(key) is not None:
            _finding(comparison[key], f"{where}.exam_comparison.{key}", findings)
    for key in ("earlier", "now", "earlier_weak", "now_weak"):
        _regex(comparison.get(key), f"{where}.exam_comparison.{key}")
    for key in COURSES | {"stable_before", "stable_after", "resolved_after", "recent", "new_means_unless"}:
        _regex(content.get(key), f"{where}.{key}")
    links = content.get("side_effect_links", {})
    link_keys = {"before", "after", "never", "stated_cause_only", "hedged", "hedge_never"}
    link_keys |= {"unsettled", "unsettled_with", "tried"}
    _keys(links, f"{where}.side_effect_links", link_keys)
    tried = links.get("tried", {})
    _keys(tried, f"{where}.side_effect_links.tried", {"findings", "before", "between"})
    for fid in tried.get("findings", []):
        _finding(fid, f"{where}.side_effect_links.tried.findings", findings)
    for key in ("before", "between"):
        _regex(tried.get(key), f"{where}.side_effect_links.tried.{key}")
    for key in ("before", "after", "hedged"):
        _regex(links.get(key), f"{where}.side_effect_links.{key}")
    for key in ("never", "stated_cause_only", "hedge_never", "unsettled", "unsettled_with"):
        for fid in links.get(key, []):
            _finding(fid, f"{where}.side_effect_links.{key}", findings)
    for course in content.get("reach", {}):
        if course not in COURSES:
            raise KnowledgeError(f"{where}.reach: {course!r} is not one of {sorted(COURSES)}")
    for key in ("worsening_means", "new_means"):
        for symptom, sign in content.get(key, {}).items():
            _finding(symptom, f"{where}.{key}", findings)
            _finding(sign, f"{where}.{key}", findings)
    for key in ("recent_reach", "new_within", "worsening_within"):
        if key in content and (not isinstance(content[key], int) or isinstance(content[key], bool) or content[key] < 0):
            raise KnowledgeError(f"{where}.{key}: give a whole number of characters")


def _one_hand(file: str, content: Mapping[str, Any], findings: Mapping[str, FindingDef]) -> None:
    where = f"{file}: one_hand"
    _keys(content, where, {"means", "one", "both"}, required={"means", "one"})
    for finding, one_sided in content["means"].items():
        _finding(finding, f"{where}.means", findings)
        _finding(one_sided, f"{where}.means", findings)
    for key in ("one", "both"):
        _regex(content.get(key), f"{where}.{key}")


def _unread(file: str, content: Mapping[str, Any], findings: Mapping[str, FindingDef]) -> None:
    where = f"{file}: unread"
    _keys(content, where, {"finding", "words", "settled_near", "not_when", "roles"}, required={"finding", "words"})
    _finding(content["finding"], where, findings)
    for key in ("words", "settled_near", "not_when"):
        _regex(content.get(key), f"{where}.{key}")
    for role in content.get("roles", []):
        _role(role, f"{where}.roles")


def _keys(entry: Any, where: str, allowed: set[str] | frozenset[str], *, required: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    if not isinstance(entry, Mapping):
        raise KnowledgeError(f"{where}: expected a mapping, got {entry!r}")
    unknown = set(entry) - set(allowed)
    if unknown:
        raise KnowledgeError(f"{where}: unknown keys {sorted(unknown)}")
    missing = set(required) - set(entry)
    if missing:
        raise KnowledgeError(f"{where}: missing {sorted(missing)}")


def _role(role: str, where: str) -> None:
    if role not in ROLES:
        raise KnowledgeError(f"{where}: role {role!r} is not one of {sorted(ROLES)}")


def _finding(fid: str, where: str, findings: Mapping[str, FindingDef]) -> None:
    if fid not in findings:
        raise KnowledgeError(f"{where}: unknown finding {fid!r}")


def _regex(pattern: Any, where: str) -> None:
    if pattern is None:
        return
    try:
        re.compile(pattern)
    except (re.error, TypeError) as err:
        raise KnowledgeError(f"{where}: not a valid regular expression: {err}") from err
