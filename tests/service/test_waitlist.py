"""The waitlist (issue 15): a freed slot goes to the most urgent waiting patient first; the offer expires and moves
on; concurrent cancellations never offer one slot twice, nor two slots to one patient; the sweep is idempotent.
On SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from painpath.adapters.db.schedule_repo import SqlAlchemySchedule
from painpath.adapters.db.tables_providers import SlotOffer, WaitlistEntry
from painpath.adapters.db.waitlist_store import Waitlist, accept_offer
from painpath.cli import app as cli
from painpath.services.access import SYSTEM
from painpath.services.scheduling import Scheduler

URGENT = "Sciatica for 3 weeks, and over the last two days his right foot has started to drag."


def at(days: int, clock: str) -> str:
    return f"{(date.today() + timedelta(days=days)).isoformat()}T{clock}:00Z"


def new_patient(clinic: Any, n: int) -> int:
    r = clinic.call("front_desk", "POST", "/api/patients", json={
        "mrn": f"W-{n:04d}", "family_name": f"Waiting{n}", "given_name": "Pat", "birth_date": "1970-01-01"})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def book(clinic: Any, patient: int, when: str) -> dict[str, Any]:
    r = clinic.call("front_desk", "POST", f"/api/patients/{patient}/appointments",
                    json={"starts_at": when, "kind": "follow_up", "clinician_id": clinic.user_ids["clin"]})
    assert r.status_code == 201, r.text
    return dict(r.json())


def join(clinic: Any, patient: int, **extra: Any) -> dict[str, Any]:
    r = clinic.call("front_desk", "POST", f"/api/patients/{patient}/waitlist", json=extra)
    assert r.status_code == 201, r.text
    return dict(r.json())


def cancel(clinic: Any, appointment: dict[str, Any]) -> Any:
    return clinic.call("front_desk", "PATCH", f"/api/appointments/{appointment['id']}",
                       json={"version": appointment["version"], "status": "cancelled", "reason": "patient called"})


def offers(clinic: Any, status: str = "open") -> list[SlotOffer]:
    with clinic.session() as session:
        return list(session.scalars(select(SlotOffer).where(SlotOffer.status == status).order_by(SlotOffer.id)))


def test_a_freed_slot_goes_to_the_most_urgent_waiting_patient_first(clinic: Any) -> None:
    routine = new_patient(clinic, 1)
    join(clinic, routine)  # waiting longer, but routine
    r = clinic.call("front_desk", "POST", "/api/referrals", json={
        "patient_id": clinic.patient_a, "received_on": date.today().isoformat(), "letter": URGENT})
    assert r.json()["triage_level"] == "urgent"
    urgent = join(clinic, clinic.patient_a)
    assert urgent["triage_level"] == "urgent"
    waiting = clinic.call("front_desk", "GET", "/api/waitlist").json()
    assert [w["patient_id"] for w in waiting] == [clinic.patient_a, routine]  # most urgent first
    visit = book(clinic, clinic.patient_b, at(1, "10:00"))
    assert offers(clinic) == []
    assert cancel(clinic, visit).status_code == 200  # the offer is made right after the cancel commits
    [offer] = offers(clinic)
    assert offer.starts_at == datetime.fromisoformat(at(1, "10:00").replace("Z", "+00:00"))
    with clinic.session() as session:
        assert session.get(WaitlistEntry, offer.entry_id).patient_id == clinic.patient_a
    statuses = {w["patient_id"]: w["status"] for w in clinic.call("front_desk", "GET", "/api/waitlist").json()}
    assert statuses == {clinic.patient_a: "offered", routine: "waiting"}


def test_an_unanswered_offer_expires_and_goes_to_the_next_patient(clinic: Any) -> None:
    first, second = new_patient(clinic, 2), new_patient(clinic, 3)
    join(clinic, first)
    join(clinic, second)
    cancel(clinic, book(clinic, clinic.patient_b, at(2, "11:00")))
    [offer] = offers(clinic)
    with clinic.session() as session:
        assert session.get(WaitlistEntry, offer.entry_id).patient_id == first
        later = Waitlist(session, SYSTEM).sweep(now=offer.expires_at + timedelta(minutes=1))
    assert len(later) == 1 and [o.status for o in offers(clinic, "expired")] == ["expired"]
    with clinic.session() as session:
        assert session.get(WaitlistEntry, later[0].entry_id).patient_id == second
        assert session.get(WaitlistEntry, offer.entry_id).status == "waiting"  # and may get another slot


def test_concurrent_cancellations_never_offer_a_slot_twice(clinic: Any) -> None:
    waiting = [new_patient(clinic, 10 + n) for n in range(3)]
    for patient in waiting:
        join(clinic, patient)
    visits = [book(clinic, clinic.patient_b if n % 2 else clinic.patient_a, at(3, f"{9 + n:02d}:00")) for n in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda v: cancel(clinic, v), visits))
    assert [r.status_code for r in results] == [200] * 6

    def sweep(_: int) -> int:
        with clinic.session() as session:
            return len(Waitlist(session, SYSTEM).sweep())

    with ThreadPoolExecutor(max_workers=4) as pool:  # and four sweeps at once on top
        assert sum(pool.map(sweep, range(4))) == 0  # the cancellations' own sweeps offered everything
    open_offers = offers(clinic)
    assert len(open_offers) == 3  # three waiting patients, six free slots: one offer each
    assert len({(o.clinician_id, o.starts_at) for o in open_offers}) == 3
    assert sorted(o.entry_id for o in open_offers) == sorted({o.entry_id for o in open_offers})
    # each offer is one of the freed slots (which ones depends on the order the cancellations committed in)
    assert {o.starts_at.hour for o in open_offers} <= set(range(9, 15))
    again = CliRunner().invoke(cli, ["clinic", "waitlist-sweep"], env={"PAINPATH_DATABASE_URL": clinic.url})
    assert again.exit_code == 0 and "0 new offer(s)" in again.output
    assert [o.id for o in offers(clinic)] == [o.id for o in open_offers]


def test_accepting_an_offer_moves_the_later_appointment_through_the_scheduling_rules(clinic: Any) -> None:
    later = book(clinic, clinic.patient_a, at(6, "15:00"))
    join(clinic, clinic.patient_a, appointment_id=later["id"])
    cancel(clinic, book(clinic, clinic.patient_b, at(2, "09:00")))
    [offer] = offers(clinic)
    with clinic.session() as session:
        moved = accept_offer(Waitlist(session, SYSTEM), Scheduler(SqlAlchemySchedule(session, SYSTEM)), offer.id)
        assert moved.id == later["id"] and moved.starts_at == offer.starts_at.astimezone(UTC)
    assert offers(clinic, "accepted")[0].id == offer.id
    statuses = clinic.call("front_desk", "GET", "/api/waitlist").json()
    assert statuses == []  # booked: no longer waiting
