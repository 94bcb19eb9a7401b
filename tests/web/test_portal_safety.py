# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12, the patient's side of safety: after a PHQ-9 item 9 answer a crisis card stays on the portal home until
a clinician acknowledges the alert; the clinic's phone number (clinic settings) and a message route are on every
portal page; a message goes on the clinicians' worklist and the chart's banner."""

from __future__ import annotations

from typing import Any

from painpath.adapters.db.tables import ClinicalAlert
from painpath.adapters.instrument_files import load_default_outcomes
from painpath.adapters.knowledge_files import load_default
from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.service.records import make_records
from tests.web.desk_portal_helpers import browser, field_error, post
from tests.web.test_clinic_pages import Browser

PHONE = "+1 555 010 0142"


def set_phone(clinic: Clinic, value: str) -> Any:
    return clinic.call("admin", "PUT", "/api/settings/clinic_phone", json={"value": value})


def test_a_clinic_phone_must_be_a_number_a_patient_can_dial(clinic: Clinic) -> None:
    bad = set_phone(clinic, "call us")
    assert bad.status_code == 422 and "phone number" in bad.text
    short = set_phone(clinic, "12-34")
    assert short.status_code == 422
    good = set_phone(clinic, f" {PHONE} ")
    assert good.status_code == 200 and good.json()["value"] == PHONE


def test_every_portal_page_shows_the_clinic_phone_and_the_message_route(clinic: Clinic) -> None:
    assert set_phone(clinic, PHONE).status_code == 200
    patient = browser(clinic, "pat.a")
    for path in ("/portal", "/portal/history", "/portal/questionnaires", "/portal/questionnaires/phq9",
                 "/portal/appointments", "/portal/messages"):
        page = patient.get(path)
        assert page.status_code == 200, path
        strip = page.text.split('class="contact-strip"')[1].split("</aside>")[0]
        assert PHONE in strip and 'href="tel:+15550100142"' in strip, path
        assert 'href="/portal/messages"' in strip, path
    clinician = Browser(clinic, "clin")
    assert 'class="contact-strip"' not in clinician.get("/clinic/today").text  # the strip is the patients'


def test_a_message_reaches_the_worklist_and_the_chart_banner(clinic: Clinic) -> None:
    patient = browser(clinic, "pat.a")
    empty = post(patient, "/portal/messages", {"message": "   "})
    assert empty.status_code == 422 and "write what you would like" in field_error(empty.text, "message")
    long = post(patient, "/portal/messages", {"message": "x" * 2001})
    assert long.status_code == 422 and "2000 characters" in field_error(long.text, "message")
    sent = post(patient, "/portal/messages", {"message": "The new tablets make me dizzy in the mornings."})
    assert sent.status_code == 303 and sent.headers["location"].startswith("/portal")
    with clinic.session() as session:
        rows = session.query(ClinicalAlert).filter_by(patient_id=clinic.patient_a, source="message").all()
        assert [r.detail for r in rows] == ["The new tablets make me dizzy in the mornings."]
        assert rows[0].level == "soon" and rows[0].acknowledged_at is None
    doctor = Browser(clinic, "clin")
    worklist = doctor.get("/clinic/worklist").text
    assert "Message from the patient: The new tablets make me dizzy" in worklist
    chart = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    assert "The new tablets make me dizzy" in chart.split('id="open-alerts"')[1].split("</section>")[0]
    staff = Browser(clinic, "clin").post("/portal/messages", {"message": "hello"})
    assert staff.status_code == 403  # the portal's message route is the patient's own


def test_the_crisis_card_stays_on_the_portal_home_until_a_clinician_acknowledges_the_alert(clinic: Clinic) -> None:
    assert set_phone(clinic, PHONE).status_code == 200
    patient = browser(clinic, "pat.a")
    assert 'id="crisis-card"' not in patient.get("/portal").text
    answers = {f"q{i}": "0" for i in range(1, 9)} | {"q9": "2"}  # more than half the days
    sent = post(patient, "/portal/questionnaires/phq9", answers)
    assert sent.status_code == 303, sent.text[:500]
    suicide = load_default().extra["patient_messages"]["suicide_risk"]["text"]
    for _ in range(2):  # not shown once: every visit to the home page until acknowledged
        home = patient.get("/portal").text
        card = home.split('id="crisis-card"')[1].split("</section>")[0]
        assert suicide.split(".")[0] in card and PHONE in card
    other = browser(clinic, "pat.b")
    assert 'id="crisis-card"' not in other.get("/portal").text
    with clinic.session() as session:
        alert = session.query(ClinicalAlert).filter_by(patient_id=clinic.patient_a, source="questionnaire").one()
        alert_id = alert.id
    doctor = Browser(clinic, "clin")
    done = doctor.post(f"/clinic/alerts/{alert_id}/acknowledge", {"action_note": "phoned, safety plan agreed"})
    assert done.status_code == 303
    assert 'id="crisis-card"' not in patient.get("/portal").text


PHQ9_PUBLISHED = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or "
    "restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
GAD7_PUBLISHED = (
    "Over the last 2 weeks, how often have you been bothered by the following problems?",
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
)


def test_phq9_and_gad7_forms_use_the_published_wording_and_lists_give_names(clinic: Clinic) -> None:
    from html import unescape

    patient = browser(clinic, "pat.a")
    for path, wording, name in (("/portal/questionnaires/phq9", PHQ9_PUBLISHED, "Patient Health Questionnaire"),
                                ("/portal/questionnaires/gad7", GAD7_PUBLISHED, "Generalized Anxiety Disorder")):
        page = unescape(patient.get(path).text)
        assert f"<h1>{name}" in page, path
        for text in wording:
            assert text in page, (path, text)
        assert "Several days" in page and "More than half the days" in page
    make_records(clinic, clinic.patient_a)  # a block recorded: post-procedure check-ins fall due
    due = clinic.call("patient", "GET", f"/api/patients/{clinic.patient_a}/questionnaires/due").json()["items"]
    names = load_default_outcomes().instruments
    listing = unescape(patient.get("/portal/questionnaires").text).split('id="anytime-heading"')[0]
    assert due
    for item in due:  # each by its name, not its abbreviation
        assert f'">{names[item["instrument"]].display_name}</a></h3>' in listing, item["instrument"]


def test_the_patients_plan_is_in_plain_words_with_what_to_expect(clinic: Clinic) -> None:
    """Every option the care team accepts reads plainly on the portal: no clinician notation from the plan."""
    from html import unescape

    from tests.web.test_clinic_pages import assess_note

    doctor = Browser(clinic, "clin")
    note = ("45M with 6 weeks of left leg pain below the knee, L5 dermatome, worse sitting, positive straight leg "
            "raise, weakness of great toe extension MRC 4/5. Ibuprofen 400 mg tds helped a little.")
    assessment = assess_note(doctor, clinic.patient_a, note)
    with clinic.session() as session:
        from painpath.adapters.db.tables import Assessment

        stored = session.get(Assessment, assessment)
        assert stored is not None
        options = [o for s in stored.output["plan"]["stages"] for o in s["options"]]
    assert len(options) >= 3
    for option in options:
        decided = clinic.call("clinician", "POST", f"/api/assessments/{assessment}/decisions",
                              json={"option_id": option["id"], "decision": "accepted"})
        assert decided.status_code == 201, decided.text
    page = unescape(browser(clinic, "pat.a").get("/portal").text)
    plan = page.split('id="plan-h"')[1].split("</section>")[0]
    assert plan.count('class="card"') == len(options)
    assert plan.count("What to expect:") == len(options)
    for option in options:  # the clinician's detail, rationale and cautions stay on the clinician's side
        for text in (option.get("detail"), option.get("rationale"), *(option.get("cautions") or [])):
            if text and len(text) > 12:
                assert text not in plan, text
    for jargon in ("MRC", "<=", ">=", "MME", " mg", "NSAID", "indicated", "diagnostic"):
        assert jargon not in plan, jargon


def test_kb_check_refuses_clinician_notation_in_the_patient_plan() -> None:
    import copy
    import dataclasses

    from painpath.adapters.knowledge_files import iter_problems

    kb = load_default()
    assert [p for p in iter_problems(kb, None) if "patient_plan" in p] == []
    raw = copy.deepcopy(kb.extra["patient_plan"])
    raw["options"]["imaging"]["what"] = "MRI if MRC <= 3"
    raw["options"]["not_an_option"] = {"what": "x", "expect": "y"}
    broken = dataclasses.replace(kb, extra={**kb.extra, "patient_plan": raw})
    problems = [p for p in iter_problems(broken, None) if "patient_plan" in p]
    assert any("imaging.what" in p and "'MRC'" in p for p in problems)
    assert any("not_an_option" in p for p in problems)
