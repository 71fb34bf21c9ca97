"""The folder mailer: each email becomes an ``.eml`` file (demos, dry runs, previews).

The files are the messages the SMTP mailer would send (same headers, same parts); any
mail client opens them. An email written twice with the same reference (a dispatcher
that died before marking it sent) overwrites its own file.
"""

from __future__ import annotations

import datetime as dt
import logging
import pathlib
import threading
from typing import TYPE_CHECKING

from formlavoro_adapters.clock import SystemClock
from formlavoro_adapters.mail.mime import address, compose
from formlavoro_core.errors import DeliveryError

if TYPE_CHECKING:
    from formlavoro_core.messaging.outbox import OutgoingEmail
    from formlavoro_core.ports import Clock

__all__ = ["FolderMailer"]

_log = logging.getLogger("formlavoro.adapters.mail")


class FolderMailer:
    """Writes each email as ``<folder>/<time>-<kind>-<reference>.eml``.

    Args:
        folder: where the files go (made when missing).
        sender: the ``From`` address, ``Name <addr@domain>`` or ``addr@domain``.
        reply_to: the ``Reply-To`` address, if any.
        clock: the source of the ``Date`` header and of the file names.
    """

    def __init__(
        self,
        folder: str | pathlib.Path,
        *,
        sender: str = "FormazioneLavoro <noreply@formazionelavoro.example>",
        reply_to: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.folder = pathlib.Path(folder)
        self._sender = address(sender, "mail_from")
        self._reply_to = address(reply_to, "mail_reply_to") if reply_to else None
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()

    @property
    def files(self) -> list[pathlib.Path]:
        """The ``.eml`` files written so far, oldest first."""
        return sorted(self.folder.glob("*.eml"))

    def send(self, email: OutgoingEmail) -> None:
        """Write ``email``; a folder that cannot be written raises ``DeliveryError``."""
        now = self._clock.now()
        message = compose(email, sender=self._sender, reply_to=self._reply_to, date=now)
        stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        reference = (message["Message-ID"] or "").strip("<>").split("@")[0][:36]
        with self._lock:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                same = sorted(self.folder.glob(f"*-{reference}.eml")) if reference else []
                path = (
                    same[0] if same else self.folder / f"{stamp}-{email.kind.value}-{reference}.eml"
                )
                path.write_bytes(message.as_bytes())
            except OSError as exc:
                raise DeliveryError(
                    f"cannot write in the mail folder: {type(exc).__name__}", unreachable=True
                ) from exc
        _log.info("wrote email %s (%s) as %s", reference, email.kind.value, path.name)
