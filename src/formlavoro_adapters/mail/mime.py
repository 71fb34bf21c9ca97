"""The MIME message of an outgoing email: headers, a plain-text part and an HTML part.

Every mailer that writes real messages builds them here, so an ``.eml`` file of the
folder mailer is byte for byte what the SMTP mailer sends:

- ``From``, ``To`` (with the citizen's name), ``Reply-To``, ``Subject``, encoded as RFC
  2047 words when they hold non-ASCII characters (the standard library's ``SMTP``
  policy does it); line breaks in a subject become spaces;
- ``Date``, and a ``Message-ID`` made from the email's ``reference``: an email sent
  twice (a dispatcher that died before marking it sent) keeps the same one;
- ``Content-Language`` (the reader's language) and ``Auto-Submitted: auto-generated``
  (RFC 3834: automatic replies must not answer it);
- on alerts, ``List-Unsubscribe`` and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``
  (RFC 8058: the mail client's unsubscribe button works with one POST);
- ``multipart/alternative`` with the text and its HTML rendering (:mod:`.html_part`).
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import hashlib
import re
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage

from formlavoro_adapters.mail.html_part import to_html
from formlavoro_core.errors import ConfigurationError, DeliveryError
from formlavoro_core.messaging.outbox import OutgoingEmail

__all__ = ["POLICY", "address", "compose", "message_id"]

POLICY = email.policy.SMTP
"""``\\r\\n`` line ends, RFC 2047 encoded headers, lines folded at 78 characters."""

_ATOM = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_SPACES = re.compile(r"\s+")


def address(value: str, setting: str) -> Address:
    """An address of the portal (``Name <addr@domain>`` or ``addr@domain``) from a setting.

    >>> str(address("Regione Liguria <lavoro@regione.example>", "mail_from"))
    'Regione Liguria <lavoro@regione.example>'
    """
    name, addr = email.utils.parseaddr(value)
    try:
        parsed = Address(display_name=name, addr_spec=addr)
    except (HeaderParseError, ValueError, IndexError) as exc:
        raise ConfigurationError(f"{setting}: {value!r} is not an email address") from exc
    if "@" not in parsed.addr_spec or not parsed.domain:
        raise ConfigurationError(f"{setting}: {value!r} is not an email address")
    return parsed


def message_id(reference: str | None, domain: str) -> str:
    """The ``Message-ID`` of an email: the same for the same reference, random without one.

    >>> message_id("7c0e2f6a-3f4b-4f1e-9d7a-1b2c3d4e5f60", "regione.example")
    '<7c0e2f6a-3f4b-4f1e-9d7a-1b2c3d4e5f60@regione.example>'
    """
    if reference is None:
        return email.utils.make_msgid(domain=domain)
    local = reference if _ATOM.match(reference) else hashlib.sha256(reference.encode()).hexdigest()
    return f"<{local}@{domain}>"


def _recipient(outgoing: OutgoingEmail) -> Address:
    try:
        recipient = Address(display_name=outgoing.recipient_name or "", addr_spec=outgoing.to)
    except (HeaderParseError, ValueError, IndexError) as exc:
        raise DeliveryError("the recipient's address is not valid", permanent=True) from exc
    if not recipient.username or not recipient.domain:
        raise DeliveryError("the recipient's address is not valid", permanent=True)
    return recipient


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def compose(
    outgoing: OutgoingEmail,
    *,
    sender: Address,
    reply_to: Address | None = None,
    date: dt.datetime,
) -> EmailMessage:
    """The message for ``outgoing``, ready to send or to save.

    An address that cannot be written is a permanent
    :class:`~formlavoro_core.errors.DeliveryError`: no server would take it.
    """
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = _recipient(outgoing)
    if reply_to is not None:
        message["Reply-To"] = reply_to
    subject = _one_line(outgoing.subject)
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(date.astimezone(dt.UTC))
    message["Message-ID"] = message_id(outgoing.reference, sender.domain)
    message["Auto-Submitted"] = "auto-generated"
    language = outgoing.language.value if outgoing.language is not None else None
    if outgoing.unsubscribe_url is not None:
        message["List-Unsubscribe"] = f"<{_one_line(outgoing.unsubscribe_url)}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    text = outgoing.body
    link = outgoing.link
    if link is not None and link not in text:
        text = f"{text.rstrip()}\n\n{link}\n"
    message.set_content(text, charset="utf-8")
    message.add_alternative(
        to_html(outgoing.body, title=subject, language=language or "it", link=link),
        subtype="html",
        charset="utf-8",
    )
    if language is not None:  # after the parts: setting content drops Content-* headers
        message["Content-Language"] = language
    return message
