"""The jobs this version knows (what each does, how often, how many tries) and their context from the
environment; services/jobs.py runs them, adapters/job_queue.py delivers them."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from painpath.services.access import SYSTEM
from painpath.services.jobs import JobContext, JobSpec


def _waitlist_sweep(ctx: JobContext) -> dict[str, Any]:
    from painpath.adapters.db.waitlist_store import Waitlist

    with ctx.sessions() as session:
        offers = Waitlist(session, SYSTEM).sweep()
    return {"offers": len(offers)}


def _send_reminders(ctx: JobContext) -> dict[str, Any]:
    from painpath.adapters.db.reminders_store import Reminders

    with ctx.sessions() as session:
        sent = Reminders(session, SYSTEM).send_due(ctx.email, ctx.sms)
    return {"sent": len(sent)}


def _bulk_export(ctx: JobContext) -> dict[str, Any]:
    from painpath.adapters.bulk_export import run_pending

    return run_pending(ctx.sessions)


REGISTRY: dict[str, JobSpec] = {
    spec.name: spec for spec in (
        JobSpec("waitlist_sweep", _waitlist_sweep, "expire stale waitlist offers and offer freed slots",
                every_minutes=5),
        JobSpec("send_reminders", _send_reminders, "send the appointment and questionnaire reminders that are due",
                every_minutes=15),
        JobSpec("bulk_export", _bulk_export, "write the FHIR bulk data exports that were asked for", max_attempts=3),
    )
}


def context_from_env(sessions: sessionmaker[Session]) -> JobContext:
    """Reminder senders from the same variables as `painpath clinic send-reminders` (SMS only logs)."""
    from painpath.adapters.notify import LoggingSmsOutbox, SmtpEmail

    email = SmtpEmail(os.environ.get("PAINPATH_SMTP_HOST", "127.0.0.1"), int(os.environ.get("PAINPATH_SMTP_PORT",
                      "25")), os.environ.get("PAINPATH_SMTP_FROM", "clinic@localhost"),
                      starttls=os.environ.get("PAINPATH_SMTP_STARTTLS", "").lower() in {"1", "true", "yes"})
    return JobContext(sessions=sessions, email=email, sms=LoggingSmsOutbox())
