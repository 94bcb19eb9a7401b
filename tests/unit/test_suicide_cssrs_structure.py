"""Suicide risk read on the structure of the Columbia Suicide Severity Rating Scale (Posner 2011, sources_reasoning.yaml
posner2011_cssrs), not a phrase list (issue 10, kb 2026.12.21): each level is built from its parts - a wish word and not
waking / not being here / being dead (C-SSRS 1), a plan or intent word and taking the whole supply (4, 5), a hoarding
word and the tablets, whatever drug of medications.yaml is named (preparatory behaviour), a method thought of, an act
said to be meant (attempt). Our own wordings in several voices (patients, relatives, nurses, letters, second-language
English); every new cue has controls that must not fire: a time or purpose ("not wake up at 5am for work"), the pain
rather than life ("I wish the pain would end"), ordinary use ("take them all with food"), a trip or a dosette box,
explicit denials."""

from __future__ import annotations

import pytest

from tests.conftest import flags

POSITIVE = [
    "Low back pain for 2 years. She says she has been saving up her pills and plans to take them all on Friday.",
    "Chronic neck pain. Honestly I'd rather not wake up tomorrow.",
    "Dear Dr Patel, thank you for seeing Mrs Okafor, 58, with fibromyalgia. Her daughter tells us she has been stockpiling her pregabalin.",
    "My dad has been hording his oxy in a sock drawer. Back pain 10 years.",
    "Current medication: tramadol 50 mg qds, amitriptyline 25 mg nocte. Nurse note: patient admits keeping some of her amitriptyline back each night.",
    "He has a stash of co-codamol in the garage, his wife found it. Chronic knee pain.",
    "Knee OA. She has built up a supply of zopiclone and diazepam tablets over the months.",
    "Sciatica 1 year. I am not taking my tablets, I save them instead of taking them.",
    "Shoulder pain. I'm gonna take the lot tonight, I've had enough.",
    "Fibromyalgia. Patient states she intends to take all of her morphine tablets this weekend.",
    "Back pain. He told the GP he is planning to take an overdose after the funeral.",
    "Neck pain for years. Mum (82) says she is going to take everything she has got.",
    "PMH: depression. Drug history: duloxetine 60 mg. He has decided to end his life next week.",
    "Chronic pelvic pain. Sometimes I wish I could just go to sleep and never wake up again.",
    "Widespread pain. She says she'd prefer not to wake up in the morning.",
    "Low back pain. Honestly I hope I don't wake up.",
    "Back pain 6 years. I would rather be dead than live like this.",
    "Leg pain for a year. Mr Brown's wife says he keeps saying he wishes he could disappear for good.",
    "CRPS of the right hand. I want it all to be over.",
    "Back pain. I am so tired, better I am dead.",
    "Neck pain. I want to be die, doctor, the pain is every day.",
    "Headache and neck pain. Some days I pray not to wake up.",
    "Knee pain. She wishes she could stop existing.",
    "Abdominal wall pain. Last month she took all her tablets on purpose and was in ICU.",
    "Back pain. He tried to hang himself in March.",
    "Hip pain. She has thought about jumping off the bridge near her house.",
    "Chronic pain. Pt reports thinking about overdosing on his morphine.",
    "Mr Ahmed's son reports he has been putting aside his tapentadol. Low back pain.",
    "Low back pain. I don't want wake up anymore.",
    "Dear doctor, I am writing about my father. My father has been hoarding his morphine patches and says he won't need them much longer.",
    "Pt is 64yo, low back pain. He say me he is keep back the tablets, not take them, for to take all together.",
    "Chronic pain clinic letter. Impression: fibromyalgia. Medication: sertraline, pregabalin. She told me she would rather not be here any more.",
    "Back pain. Me wife says I keep saying I'd rather not wake up. I do mean it.",
    "Leg pain. I just want to go to sleep forever.",
    "Neck pain. I could just take all my tablets and be done.",
    "Back pain. She wants to take the whole box tonight.",
    # a quantity of time's supply between the hoarding word and the drug (kb 2026.12.29)
    "Fibro flaring. I've kept back a month of my tramadol and pregabalin in a box, just in case I decide I've had enough.",
    "Neck pain. He has put aside two weeks' worth of his amitriptyline, his wife says.",
]

CONTROLS = [
    "Chronic neck pain. I'd rather not wake up at 5am for work.",
    # unrefreshing sleep (an ACR fibromyalgia symptom) in the words patients use: no wish to be dead
    "Aching all over for years and I never wake up refreshed however long I sleep.",
    "Widespread pain, foggy all day; she never wakes up feeling rested.",
    "Back pain. Saving up for a holiday to Spain.",
    "Back pain. I kept back a week of my tramadol for the holiday in Spain.",
    "Knee pain. I have put aside a month of my pregabalin in case of a flare.",
    "Back pain. She keeps her pills in a dosette box.",
    "Back pain. I wish the pain would end.",
    "Back pain. He plans to take them all with food.",
    "Back pain. Denies wish to be dead, no plans.",
    "Back pain. She is collecting her tablets from the pharmacy tomorrow.",
    "Low back pain. He stores his tablets in a locked box as advised.",
    "Neck pain. She has put aside a month's tablets for the trip to Australia.",
    "Shoulder pain. I plan to take all my tablets to the pharmacy review.",
    "Knee pain. She is going to take all her tablets in the morning from now on.",
    "Hip pain. I would rather not be here at the clinic for so long.",
    "Back pain. I wish I didn't wake up so often in the night.",
    "Back pain. I wish I didn't wake up stiff every morning.",
    "Back pain. She wants the physio to be over so she can go home.",
    "Back pain. He took two tablets on purpose before the long walk.",
    "Back pain. Took an overdose of paracetamol by accident last year, no intent.",
    "Back pain. She's dying to get back to the gym when the pain settles.",
    "Neck pain. She keeps some paracetamol back in the drawer for her headaches.",
    "Back pain. He keeps his tablets in the kitchen cupboard away from the children.",
    "Back pain. No thoughts of wanting to be dead, no plan, not stockpiling.",
    "Back pain. He is worried about overdosing by accident on the co-codamol.",
    "Back pain. I'd love to disappear to Spain for a month.",
    "Back pain. She hopes to wake up without pain one day.",
    "Back pain. Denies suicidal ideation. Not saving up tablets. No intent to take an overdose.",
    "Knee pain. Her mother hoarded pills and died of an overdose in 1998.",
    "Back pain. I will take them all back to the chemist for disposal.",
    "Leg pain. Going to take the lot of the antibiotics as prescribed.",
    "Back pain. I could take all my tablets with breakfast instead of spreading them.",
    "Back pain. He is saving up his annual leave for a trip.",
    "Back pain. I don't want to wake up at 4am with this pain again.",
    "Back pain. She would rather not be at the hospital for the injection.",
    "Back pain. I hope it all ends well with the surgery.",
    "Back pain. He decided to take all of his tablets to the pharmacy to be checked.",
]


@pytest.mark.parametrize("text", POSITIVE)
def test_cssrs_levels_in_any_voice_raise_suicide_risk_at_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    # every C-SSRS level (wish to be dead included, red_flags.yaml suicide_risk) is an emergency with the same-day action
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize("text", CONTROLS)
def test_ordinary_words_beside_the_cssrs_cues_raise_no_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert result["triage"]["level"] != "emergency"


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Back pain. She says she has been saving up her pills.", "suicide_preparatory"),
        ("Back pain. He plans to take them all on Friday.", "suicide_intent"),
        ("Neck pain. I'd rather not wake up tomorrow.", "wish_to_be_dead"),
        ("Back pain. She has thought about jumping off the bridge.", "suicide_method"),
        ("Back pain. He tried to hang himself in March.", "recent_suicide_attempt"),
    ],
)
def test_each_cue_is_read_as_its_own_cssrs_level(statuses, text: str, finding: str) -> None:
    from painpath.domain.model import Status

    assert statuses(text).get(finding) is Status.PRESENT


@pytest.mark.parametrize(
    "header",
    [
        "Current medication: tramadol 50 mg qds, sertraline 50 mg od.\n",
        "PMH: depression 2019, hypertension.\nDH: co-codamol 30/500 2 qds, amitriptyline 10 mg nocte.\n",
        "Medications:\n- oxycodone MR 10 mg bd\n- pregabalin 75 mg bd\n\nHistory:\n",
    ],
)
@pytest.mark.parametrize(
    "cue",
    [
        "She says she has been saving up her pills and plans to take them all on Friday.",
        "Honestly I'd rather not wake up tomorrow.",
        "He has been stockpiling his oxycodone.",
    ],
)
def test_the_flag_survives_medication_and_history_headers(assess, header: str, cue: str) -> None:
    result = assess(header + "Low back pain for 2 years. " + cue)
    assert "suicide_risk" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_any_medication_of_the_knowledge_base_names_the_stash(kb, assess) -> None:
    # the drug slot of the stash regexes is the knowledge base's own list: every oral drug name is read
    names = [
        m["id"]
        for m in kb.extra["medications"]
        if m.get("class") in {"opioid", "gabapentinoid", "tca", "benzodiazepine"}
    ]
    assert len(names) >= 5
    for name in names:
        text = f"Chronic back pain. His wife says he has been hoarding his {name.replace('_', ' ')}."
        assert "suicide_risk" in flags(assess(text)), name
