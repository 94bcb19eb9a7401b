"""Sending reminders: e-mail over SMTP (the standard library's smtplib) and an SMS adapter interface whose
embedded default only logs and keeps an outbox (no SMS provider is wired in: LoggingSmsOutbox says so by name)."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

log = logging.getLogger("painpath.notify")


class EmailSender(Protocol):
    def send(self, to: str, subject: str, body: str) -> None: ...


class SmsSender(Protocol):
    def send(self, to: str, text: str) -> None: ...


@dataclass
class SmtpEmail:
    """E-mail through an SMTP server (STARTTLS and login when configured)."""

    host: str
    port: int
    sender: str
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 20.0

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


@dataclass
class LoggingSmsOutbox:
    """The embedded SMS adapter: it sends nothing, it logs each text and keeps it in ``outbox``. Replace it with
    a provider's adapter (same ``send``) to reach phones."""

    outbox: list[tuple[str, str]] = field(default_factory=list)

    def send(self, to: str, text: str) -> None:
        self.outbox.append((to, text))
        log.info("SMS outbox (not sent, no SMS provider configured) to %s: %s", to, text)
