"""Reading gaps found by probing merged main (kb 2026.12.36). A note that letters its own list ("(a) ... (b) ...",
"A) ... B) ...") keeps every symptom in it: only an exam question's answer options that name a procedure are
choices rather than history. And "pain in the thoracic/lumbar/cervical spine" names the spinal region, so a cancer
history with weight loss and night pain there reaches the malignancy rule. Our own wordings."""

from __future__ import annotations

import pytest

from tests.conftest import flags


@pytest.mark.parametrize(
    ("text", "flag", "level"),
    [
        ("Back pain for 5 days with sciatica in both legs. On questioning: (a) he cannot pass urine since this "
         "morning, (b) numb around the back passage, (c) no fever.", "cauda_equina_syndrome", "emergency"),
        ("Red flags today: (1) new urinary retention (2) saddle anaesthesia. Low back pain and bilateral sciatica.",
         "cauda_equina_syndrome", "emergency"),
        ("Problems: A) weight loss of 8 kg in 2 months, B) night pain in the thoracic spine, C) past breast cancer.",
         "spinal_malignancy", "urgent"),
        ("Past breast cancer. Pain in the lumbar spine for 3 weeks, worse at night, and she has lost 6 kg without "
         "trying.", "spinal_malignancy", "urgent"),
    ],
)
def test_symptoms_in_a_lettered_list_and_spinal_levels_are_read(assess, text: str, flag: str, level: str) -> None:
    result = assess(text)
    assert flag in flags(result)
    assert result["triage"]["level"] in ({"emergency"} if level == "emergency" else {"urgent", "emergency"})


def test_an_answer_option_naming_a_procedure_is_still_no_history(assess) -> None:
    result = assess(
        "A 45-year-old man has had neck pain for 4 months, no fever, normal neurology. Which is the best next "
        "step? (A) MRI (B) physiotherapy (C) amitriptyline (D) reassurance (E) cervical epidural steroid injection"
    )
    assert "spinal_infection" not in flags(result)


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Pain in the thoracic spine for three weeks.", "mid_back_pain"),
        ("Aching along my lower spine since the move.", "low_back_pain"),
        ("Tenderness over the cervical spine after a fall.", "neck_pain"),
    ],
)
def test_pain_in_a_named_spinal_level_is_that_region(assess, text: str, site: str) -> None:
    present = {f["id"] for f in assess(text)["findings"] if f["status"] == "present"}
    assert {site, "spinal_pain"} <= present


def test_imaging_of_the_spine_is_not_spinal_pain(assess) -> None:
    present = {f["id"] for f in assess("MRI of the lumbar spine showed a bulge; knee pain only.")["findings"]
               if f["status"] == "present"}
    assert "spinal_pain" not in present and "low_back_pain" not in present


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("New knee 10 weeks ago. The wound is healed nicely, not red, no fever. Still sore at night.", {"routine", "soon"}),
        ("Knee replaced 3 weeks ago; the wound is red and weeping since Sunday.", {"urgent", "emergency"}),
        ("Back op 2 weeks ago, the scar is hot and leaking.", {"urgent", "emergency"}),
    ],
)
def test_a_wound_denied_red_is_no_wound_infection(assess, text: str, level: set[str]) -> None:
    assert assess(text)["triage"]["level"] in level
