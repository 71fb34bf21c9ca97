"""A dispatcher that stops for good right after the mail server took an email.

``python -m tests.adapters.mail.workers.dispatcher DATABASE PORT MARKER INSTANT``

It opens the SQLite file DATABASE, claims the due emails at INSTANT (ISO 8601) and
hands the first to the SMTP server on 127.0.0.1:PORT. Once the server has taken it, it
writes MARKER and waits, without marking the email sent: the parent kills it there
(SIGKILL), between sending and marking, the moment the outbox must survive.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import sys
import threading

from formlavoro_adapters import SettableClock, bootstrap
from formlavoro_adapters.mail import SmtpMailer
from formlavoro_adapters.sql import sqlite_storage
from formlavoro_core.config import PortalConfig
from formlavoro_core.messaging.outbox import OutgoingEmail
from formlavoro_core.principals import SYSTEM
from formlavoro_core.reference import StaticReferenceData
from tests.support import ROME

SENDER = "Portale <portale@regione.example>"


class StoppingMailer(SmtpMailer):
    """The real SMTP mailer, which hangs once the server has taken one email."""

    def __init__(self, port: int, marker: pathlib.Path, clock: SettableClock) -> None:
        super().__init__(f"smtp://127.0.0.1:{port}", sender=SENDER, clock=clock)
        self._marker = marker

    def send(self, email: OutgoingEmail) -> None:
        super().send(email)
        # Written aside, then renamed: the parent, which kills this process as soon as
        # the marker exists, never reads it empty.
        written = self._marker.with_name(f"{self._marker.name}.partial")
        written.write_text(email.reference or "", encoding="utf-8")
        written.replace(self._marker)
        threading.Event().wait()  # until killed


def main(database: str, port: str, marker: str, instant: str) -> None:
    """Dispatch until the first email is sent, then hang."""
    clock = SettableClock(dt.datetime.fromisoformat(instant))
    portal = bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=sqlite_storage(database, migrate=False),
        clock=clock,
        mailer=StoppingMailer(int(port), pathlib.Path(marker), clock),
        reference=StaticReferenceData(),
    )
    portal.mail.deliver_pending(SYSTEM, limit=10)


if __name__ == "__main__":
    main(*sys.argv[1:5])
