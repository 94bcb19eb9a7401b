"""Acetaminophen is counted across products, combination opioid tablets included (plan_safety.yaml)."""

from __future__ import annotations

from painpath.domain.engine import acetaminophen_mg_per_day
from painpath.domain.model import MedicationMention


def med(name: str, text: str, **kw: object) -> MedicationMention:
    return MedicationMention(name=name, text=text, **kw)  # type: ignore[arg-type]


def test_plain_and_combination_products_add_up() -> None:
    meds = [
        med("oxycodone", "Percocet 10/325 every 4 hours", dose=10, unit="mg", per_day=6, daily_dose=60,
            acetaminophen_mg=325),
        med("acetaminophen", "Tylenol 1 g three times a day", dose=1, unit="g", per_day=3, daily_dose=3),
    ]
    total, words = acetaminophen_mg_per_day(meds)  # type: ignore[misc]
    assert total == 325 * 6 + 3000
    assert words == "Percocet 10/325 every 4 hours + Tylenol 1 g three times a day = 4950 mg/day"


def test_past_products_and_unstated_amounts_add_nothing() -> None:
    meds = [
        med("hydrocodone", "Norco 5/325", dose=5, unit="mg", acetaminophen_mg=325),  # no frequency given
        med("acetaminophen", "Tylenol 500 mg twice a day", dose=500, unit="mg", per_day=2, daily_dose=1000,
            status="past"),
    ]
    assert acetaminophen_mg_per_day(meds) is None
    assert acetaminophen_mg_per_day([]) is None


def test_the_note_reader_keeps_the_acetaminophen_content_of_a_combination(assessor: object) -> None:
    result = assessor.assess_text("Low back pain. Takes Norco 7.5/325 four times a day.")  # type: ignore[attr-defined]
    norco = next(m for m in result.story.medications if m.name == "hydrocodone")
    assert (norco.dose, norco.acetaminophen_mg, norco.per_day) == (7.5, 325.0, 4.0)


def test_tablet_counts_and_tylenol_3_add_their_acetaminophen(assessor: object) -> None:
    result = assessor.assess_text(  # type: ignore[attr-defined]
        "Chronic low back pain, takes Percocet 10/325 two tabs every 4 hours plus Extra Strength Tylenol 500 mg "
        "two tablets twice a day. Also Tylenol #3 one tablet at night."
    )
    total, _ = acetaminophen_mg_per_day(result.story.medications)  # type: ignore[misc]
    assert total == 650 * 6 + 1000 * 2 + 300
