"""The plan as a person reads it, from a note through the whole service."""

from __future__ import annotations

from painpath.adapters.text_report import render


def test_report_shows_stages_cautions_and_what_was_excluded_and_why(assess) -> None:
    text = render(
        assess(
            "68-year-old retiree with knee osteoarthritis who can no longer walk the golf course. "
            "NSAIDs upset his stomach."
        )
    )
    assert "STAGED PLAN for knee osteoarthritis" in text
    assert "Stage 1:" in text and "SNRI (duloxetine) [snri, medication]" in text
    assert "NOT OFFERED, AND WHY" in text
    assert "x oral_nsaid: not tolerated before: the note says 'NSAIDs' (upset his stomach)" in text
    assert "expect: likely:" in text


def test_report_shows_opioid_load_naloxone_and_procedure_results(assess) -> None:
    result = assess(
        "Woman with lung cancer and a metastasis in the rib, severe rib pain at night, on morphine 30 mg every "
        "4 hours. Lumbar sympathetic block #1: 60% relief for 2 days."
    )
    text = render(result)
    assert "OPIOIDS: 180 MME/day" in text
    assert "naloxone [naloxone, medication]" in text
    assert "PROCEDURE RESPONSES ON RECORD" in text
    assert result["plan"]["mme"]["mme_per_day"] == 180


def test_a_note_with_recorded_blocks_moves_the_facet_pathway_to_ablation(assess) -> None:
    result = assess(
        "62-year-old woman with 9 months of aching low back pain, both sides, worse leaning backwards and twisting, "
        "better sitting, no pain below the knee. MBB #1: 85% relief for 6 hours. MBB #2: 90% relief for 7 hours."
    )
    options = {o["id"]: o for stage in result["plan"]["stages"] for o in stage["options"]}
    assert options["radiofrequency_ablation"]["status"] == "eligible"
    assert "medial_branch_block" not in options
