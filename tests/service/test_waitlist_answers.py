"""Answering a waitlist offer (issue 15): the patient (or the desk for them) accepts before it expires and the time
is booked through the one scheduling service; declining keeps their place and passes the time to the next most
urgent waiting patient; an expired or answered offer is refused with what to do. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from painpath.adapters.db.tables_providers import SlotOffer, WaitlistEntry
from tests.service.test_waitlist import at, book, cancel, join, new_patient, offers


def offer_for(clinic: Any, patient: int, when: str) -> int:
    """The patient waits; a visit at ``when`` is cancelled; the sweep offers them that time."""
    join(clinic, patient)
    cancel(clinic, book(clinic, clinic.patient_b, when))
    [offer] = [o for o in offers(clinic) if o.starts_at == datetime.fromisoformat(when.replace("Z", "+00:00"))]
    return offer.id


def test_the_patient_accepts_an_offer_and_it_is_booked_once(clinic: Any) -> None:
    offer_id = offer_for(clinic, clinic.patient_a, at(2, "10:00"))
    mine = clinic.call("patient", "GET", "/api/offers").json()
    assert [(o["id"], o["patient_id"]) for o in mine] == [(offer_id, clinic.patient_a)]
    assert clinic.call("patient_b", "GET", "/api/offers").json() == []  # another patient sees none of it
    assert clinic.call("patient_b", "POST", f"/api/offers/{offer_id}/accept").status_code == 404
    taken = clinic.call("patient", "POST", f"/api/offers/{offer_id}/accept")
    assert taken.status_code == 200, taken.text
    assert taken.json()["patient_id"] == clinic.patient_a and taken.json()["status"] == "booked"
    assert taken.json()["starts_at"].startswith(at(2, "10:00")[:16])
    again = clinic.call("front_desk", "POST", f"/api/offers/{offer_id}/accept")
    assert again.status_code == 422 and again.json()["detail"] == (
        "offer_id: this offer was already accepted; nothing more to do")
    assert clinic.call("front_desk", "GET", "/api/waitlist").json() == []  # booked: no longer waiting


def test_declining_passes_the_time_to_the_next_most_urgent_patient(clinic: Any) -> None:
    second = new_patient(clinic, 41)
    offer_id = offer_for(clinic, clinic.patient_a, at(3, "11:00"))
    join(clinic, second)  # waits behind patient A
    declined = clinic.call("front_desk", "POST", f"/api/offers/{offer_id}/decline")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    [passed_on] = offers(clinic)
    assert passed_on.starts_at == datetime.fromisoformat(at(3, "11:00").replace("Z", "+00:00"))
    with clinic.session() as session:
        assert session.get(WaitlistEntry, passed_on.entry_id).patient_id == second
        mine = session.scalars(select(WaitlistEntry).where(WaitlistEntry.patient_id == clinic.patient_a)).one()
        assert mine.status == "waiting"  # the decliner keeps their place for another time
    assert clinic.call("patient", "POST", f"/api/offers/{offer_id}/accept").status_code == 422


def test_an_expired_offer_cannot_be_accepted_and_says_so(clinic: Any) -> None:
    offer_id = offer_for(clinic, clinic.patient_a, at(4, "09:30"))
    with clinic.session() as session:
        session.execute(update(SlotOffer).where(SlotOffer.id == offer_id)
                        .values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
        session.commit()
    late = clinic.call("patient", "POST", f"/api/offers/{offer_id}/accept")
    assert late.status_code == 422
    assert late.json()["detail"].startswith("offer_id: this offer expired on ")
    assert "you are still on the waitlist for the next free time, or call the clinic" in late.json()["detail"]
    assert clinic.call("patient", "POST", f"/api/offers/{offer_id}/decline").status_code == 422
    assert clinic.call("patient", "GET", "/api/offers").json() == []
    with clinic.session() as session:
        booked = session.scalars(select(SlotOffer).where(SlotOffer.status == "accepted")).all()
    assert booked == []


def test_the_patient_answers_on_the_portal_and_the_desk_on_its_waitlist_page(clinic: Any) -> None:
    from tests.web.desk_portal_helpers import browser, post

    second = new_patient(clinic, 42)
    offer_id = offer_for(clinic, clinic.patient_a, at(5, "10:00"))
    join(clinic, second)
    portal = browser(clinic, "pat.a")
    page = portal.get("/portal/appointments")
    assert "An earlier time for you" in page.text and f"/portal/offers/{offer_id}/accept" in page.text
    assert "Accept this time" in page.text and "This offer stands until" in page.text
    declined = post(portal, f"/portal/offers/{offer_id}/decline", {}, page="/portal/appointments")
    assert declined.status_code == 303
    assert "you stay on the waitlist" in portal.get(declined.headers["location"]).text
    desk = browser(clinic, "desk")
    listing = desk.get("/desk/waitlist")
    assert listing.status_code == 200 and "Waiting42" in listing.text and "Open offers" in listing.text
    [passed_on] = offers(clinic)
    accepted = post(desk, f"/desk/offers/{passed_on.id}/accept", {}, page="/desk/waitlist")
    assert accepted.status_code == 303 and accepted.headers["location"].startswith("/desk/appointments/")
    assert "Offer accepted: booked" in desk.get(accepted.headers["location"]).text
    # answering an offer again, or one that expired, says why on the page it came from
    again = post(portal, f"/portal/offers/{offer_id}/accept", {}, page="/portal/appointments")
    assert "Not booked: this offer was already declined" in portal.get(again.headers["location"]).text
    assert browser(clinic, "pat.b").post(f"/portal/offers/{offer_id}/accept", data={}).status_code == 403
    assert browser(clinic, "admin").get("/desk/waitlist").status_code == 403
