"""instruments.yaml validates, cites every number, gives LOINC codes only where confirmed, and the loader
rejects the mistakes a clinician editing it could make."""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from painpath.adapters.instrument_files import iter_outcome_problems, load_outcomes, loinc_valid
from painpath.adapters.knowledge_files import KnowledgeError, knowledge_dir, load_default

VOCABULARY = Path(__file__).resolve().parents[3] / "shared" / "contract" / "vocabulary.yaml"


@pytest.fixture(scope="module")
def kb():
    return load_default()


def with_instrument(kb, instrument_id, change):
    """A knowledge base whose raw instrument entry was edited by ``change``."""
    raw = copy.deepcopy(kb.extra["instruments"])
    change(raw[instrument_id])
    return dataclasses.replace(kb, extra={**kb.extra, "instruments": raw})


def with_settings(kb, change):
    raw = copy.deepcopy(kb.extra["outcome_settings"])
    change(raw)
    return dataclasses.replace(kb, extra={**kb.extra, "outcome_settings": raw})


def test_every_instrument_the_issue_names_is_shipped(kb):
    catalog = load_outcomes(kb)
    assert set(catalog.instruments) == {
        "nrs",
        "peg",
        "odi",
        "ndi",
        "phq9",
        "gad7",
        "start_back",
        "dn4",
        "ort",
        "sleep_hours",
        "night_wakings",
    }
    assert catalog.kb_version == kb.version


def test_kb_check_hook_reports_no_problem(kb):
    vocabulary = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8")) if VOCABULARY.exists() else None
    assert list(iter_outcome_problems(kb, vocabulary)) == []


def test_loinc_codes_are_given_only_where_they_were_confirmed(kb):
    catalog = load_outcomes(kb)
    codes = {iid: i.loinc for iid, i in catalog.instruments.items() if i.loinc}
    assert codes == {"nrs": "72514-3", "peg": "91147-9", "phq9": "44261-6", "gad7": "70274-6"}


@pytest.mark.parametrize("code", ["72514-3", "44261-6", "70274-6", "91147-9", "91148-7"])
def test_confirmed_loinc_codes_pass_the_check_digit(code):
    assert loinc_valid(code)


@pytest.mark.parametrize("code", ["72514-4", "44216-6", "70274", "LA6568-5", "7251-43"])
def test_mistyped_loinc_codes_fail_the_check_digit(code):
    assert not loinc_valid(code)


def test_every_mcid_and_band_cites_a_known_source(kb):
    catalog = load_outcomes(kb)
    for instrument in catalog.instruments.values():
        cited = [instrument.source] + [band.source for band in instrument.bands]
        if instrument.mcid:
            cited.append(instrument.mcid.source)
        assert all(source_id in kb.sources for source_id in cited), instrument.id


def test_unverified_outcome_sources_say_so_in_their_citation():
    raw = yaml.safe_load((knowledge_dir() / "sources_outcomes.yaml").read_text(encoding="utf-8"))["sources"]
    unverified = [key for key, entry in raw.items() if entry.get("verification") == "U"]
    assert "serlin1995" in unverified and "clinical_reference_plateau" in unverified
    assert [key for key in unverified if "UNVERIFIED" not in raw[key]["citation"]] == []


def test_mcids_match_the_clinical_reference(kb):
    catalog = load_outcomes(kb)
    mcid = {iid: (i.mcid.absolute, i.mcid.relative) for iid, i in catalog.instruments.items() if i.mcid}
    assert mcid["nrs"] == (2.0, 0.30)
    assert mcid["odi"] == (10.0, 0.30)
    assert mcid["peg"] == (None, 0.30)
    assert catalog.plateau.window_checkins == 3 and catalog.plateau.min_span_days == 28


def test_phq9_item_9_points_at_the_vocabulary_suicide_risk_flag(kb):
    (trigger,) = load_outcomes(kb)["phq9"].red_flag_triggers
    assert (trigger.item, trigger.at_least, trigger.flag.id) == ("q9", 1.0, "suicide_risk")


@pytest.mark.parametrize(
    ("instrument", "change", "message"),
    [
        ("nrs", lambda e: e.update(colour="red"), "unknown keys"),
        ("nrs", lambda e: e.update(source="farrar2010"), "unknown source"),
        ("nrs", lambda e: e["mcid"].update(relative=30), "fraction"),
        ("nrs", lambda e: e.update(loinc="72514-4"), "check digit"),
        ("nrs", lambda e: e.pop("loinc_source"), "every number and rule needs a source"),
        ("nrs", lambda e: e["bands"].reverse(), "first band"),
        ("nrs", lambda e: e["bands"][2].update(min=11), "outside the score range"),
        ("nrs", lambda e: e["bands"][1].update(above=1), "exactly one of min"),
        ("nrs", lambda e: e.update(plateau_acceptable_bands=["tolerable"]), "unknown bands"),
        ("phq9", lambda e: e["missing"].update(max_missing=9), "max_missing"),
        ("phq9", lambda e: e["red_flags"][0].update(rule="suicide_rule"), "has no rule"),
        ("phq9", lambda e: e["red_flags"][0].update(item="q10"), "unknown item"),
        ("phq9", lambda e: e["items"][0].update(options="frequencies"), "unknown option set"),
        ("gad7", lambda e: e["missing"].update(max_missing=1), "drop max_missing"),
        ("odi", lambda e: e.update(method="median"), "not one of"),
        ("ort", lambda e: e["items"][0]["points_by_sex"].pop("male"), "points_by_sex"),
        ("start_back", lambda e: e["bands"][2].update(subscale="fear"), "unknown subscale"),
        ("peg", lambda e: e.pop("missing_source"), "every number and rule needs a source"),
        # published wording only with the source that allows reproducing it (licensed instruments keep labels)
        ("phq9", lambda e: e.pop("wording_source"), "wording_source: every number and rule needs a source"),
        ("odi", lambda e: e["items"][0].update(text="Pain intensity today"), "wording_source"),
        ("gad7", lambda e: e.update(stem=""), "stem"),
    ],
)
def test_the_loader_rejects_a_broken_instrument(kb, instrument, change, message):
    with pytest.raises(KnowledgeError, match=message):
        load_outcomes(with_instrument(kb, instrument, change))


def test_the_loader_rejects_a_message_with_an_unknown_placeholder(kb):
    broken = with_settings(kb, lambda s: s["messages"].update(plateau="{instrument} stalled at {score}"))
    with pytest.raises(KnowledgeError, match="unknown placeholders"):
        load_outcomes(broken)
    assert any("unknown placeholders" in p for p in iter_outcome_problems(broken))


def test_phq9_and_gad7_carry_the_published_stem_and_every_item_text(kb):
    catalog = load_outcomes(kb)
    for iid, stem in (("phq9", "Over the last 2 weeks, how often have you been bothered by any of the following "
                               "problems?"),
                      ("gad7", "Over the last 2 weeks, how often have you been bothered by the following problems?")):
        definition = catalog.instruments[iid]
        assert definition.stem == stem
        assert all(item.text for item in definition.items), iid
    assert catalog.instruments["phq9"].items[8].question == (
        "Thoughts that you would be better off dead or of hurting yourself in some way")
    assert catalog.instruments["odi"].stem is None and not any(i.text for i in catalog.instruments["odi"].items)


def test_the_outcome_domain_imports_only_the_standard_library():
    code = (
        "import sys; import painpath.domain.instruments, painpath.domain.outcomes, painpath.domain.goals, "
        "painpath.domain.outcome_report; "
        "third = ('yaml', 'spacy', 'medspacy', 'typer', 'sqlalchemy', 'pydantic'); "
        "bad = [m for m in third if m in sys.modules]; "
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
