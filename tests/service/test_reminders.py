"""Reminders (issue 15): delivered to a real SMTP server started here (aiosmtpd on loopback), by the patient's
chosen channel, never to a patient who opted out, each exactly once however often the sending runs."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date, timedelta
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from typer.testing import CliRunner

from painpath.adapters.db.reminders_store import Reminders
from painpath.adapters.db.tables_providers import ReminderSent
from painpath.adapters.notify import LoggingSmsOutbox, SmtpEmail
from painpath.cli import app as cli
from painpath.services.access import SYSTEM


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content)
        body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
        self.messages.append((list(envelope.rcpt_tos), message["Subject"], body))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def at(days: int, clock: str) -> str:
    return f"{(date.today() + timedelta(days=days)).isoformat()}T{clock}:00Z"


def book(clinic: Any, patient: int, when: str) -> None:
    r = clinic.call("front_desk", "POST", f"/api/patients/{patient}/appointments",
                    json={"starts_at": when, "kind": "follow_up"})
    assert r.status_code == 201, r.text


def send(clinic: Any, port: int) -> Any:
    return CliRunner().invoke(cli, ["clinic", "send-reminders", "--smtp-port", str(port)],
                              env={"PAINPATH_DATABASE_URL": clinic.url})


def test_appointment_reminders_reach_the_smtp_server_once_and_never_an_opted_out_patient(
    clinic: Any, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    patch = clinic.call("front_desk", "PATCH", f"/api/patients/{clinic.patient_a}",
                        json={"version": 1, "email": "ana@example.org"})
    assert patch.status_code == 200
    book(clinic, clinic.patient_a, at(1, "10:00"))
    book(clinic, clinic.patient_b, at(1, "11:00"))
    book(clinic, clinic.patient_a, at(5, "10:00"))  # beyond the 48-hour lead time: not yet
    opt_out = clinic.call("patient_b", "PUT", f"/api/patients/{clinic.patient_b}/reminders", json={"remind_by": "none"})
    assert opt_out.status_code == 200 and opt_out.json()["remind_by"] == "none"
    other = clinic.call("patient", "PUT", f"/api/patients/{clinic.patient_b}/reminders", json={"remind_by": "email"})
    assert other.status_code == 404  # a patient chooses only for themselves
    first = send(clinic, port)
    assert first.exit_code == 0, first.output
    assert "reminders: 1 sent" in first.output
    [(to, subject, body)] = inbox.messages
    assert to == ["ana@example.org"] and subject == "PainPath clinic: appointment reminder"
    tomorrow = date.today() + timedelta(days=1)
    assert f"{tomorrow:%A %Y-%m-%d} at 10:00 with clin" in body and "Hello Ana" in body
    again = send(clinic, port)
    assert "reminders: 0 sent" in again.output and len(inbox.messages) == 1
    with clinic.session() as session:
        rows = session.scalars(select(ReminderSent)).all()
        assert [(r.kind, r.channel, r.patient_id) for r in rows] == [("appointment", "email", clinic.patient_a)]


def test_sms_goes_to_the_logging_outbox_and_questionnaires_due_are_reminded(clinic: Any,
                                                                            smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    note = "Low back pain for 6 months, worse with extension, no leg pain."
    assert clinic.call("clinician", "POST", "/api/assessments",
                       json={"text": note, "patient_id": clinic.patient_b}).status_code == 201
    assert clinic.call("patient_b", "PUT", f"/api/patients/{clinic.patient_b}/reminders",
                       json={"remind_by": "sms"}).status_code == 200
    book(clinic, clinic.patient_b, at(1, "09:00"))
    outbox = LoggingSmsOutbox()
    with clinic.session() as session:
        sent = Reminders(session, SYSTEM).send_due(SmtpEmail("127.0.0.1", port, "clinic@localhost"), outbox)
    kinds = sorted({(s.kind, s.channel) for s in sent})
    assert kinds == [("appointment", "sms"), ("questionnaire", "sms")]
    assert outbox.outbox[0][0] == "555-0202" and "reminder of your appointment" in outbox.outbox[0][1]
    questionnaires = [s.subject for s in sent if s.kind == "questionnaire"]
    assert any(f"questionnaire:{clinic.patient_b}:phq9:" in s for s in questionnaires)
    assert all("back" not in text.lower() for _, text in outbox.outbox)  # nothing clinical in a text message
    assert inbox.messages == []
    with clinic.session() as session:
        assert Reminders(session, SYSTEM).send_due(SmtpEmail("127.0.0.1", port, "x@localhost"), outbox) == []
