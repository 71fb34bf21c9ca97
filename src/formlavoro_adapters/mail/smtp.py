"""The SMTP mailer: the standard library's ``smtplib``, plain, STARTTLS or implicit TLS.

``SmtpMailer(SmtpSettings.parse("smtp://user:pass@smtp.example:587?starttls=1"), ...)``
keeps one connection open between emails (checked with ``NOOP`` before reuse) and
tells the outbox how a failure should be treated:

- a 5xx reply to ``RCPT TO`` or to the message itself (``DATA``): refused for good, the
  email becomes a dead letter at once (``DeliveryError(permanent=True)``);
- a 4xx reply anywhere, a connection refused, a timeout, a TLS failure, a login refused,
  any reply to ``MAIL FROM`` (it concerns the portal's own address, not the email): tried
  again later. Failures to reach or to open the session also say ``unreachable``, so the
  dispatcher stops its pass instead of trying every email against a server that is down.

The error's text names the SMTP stage, the reply code and its enhanced status code
(``SMTP 550 5.1.1 at RCPT TO``): never the server's own words, which often repeat the
address. Log lines name the email by its reference and kind only.
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
import threading
import urllib.parse
from email.headerregistry import Address
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Self

import attrs

from formlavoro_adapters.clock import SystemClock
from formlavoro_adapters.logs import one_line
from formlavoro_adapters.mail.mime import POLICY, address, compose
from formlavoro_core.errors import ConfigurationError, DeliveryError

if TYPE_CHECKING:
    from email.message import EmailMessage

    from formlavoro_core.messaging.outbox import OutgoingEmail
    from formlavoro_core.ports import Clock

__all__ = ["SmtpMailer", "SmtpSettings"]

_log = logging.getLogger("formlavoro.adapters.mail")

Security = Literal["plain", "starttls", "tls"]
_SETTING = "smtp_url (FORMLAVORO_SMTP_URL)"
_SCHEMES = {"smtp": 25, "smtps": 465}
_FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
_ENHANCED = re.compile(rb"^\s*([245]\.\d{1,3}\.\d{1,3})")
_PERMANENT_STAGES = frozenset({"RCPT TO", "DATA"})


@attrs.frozen(kw_only=True)
class SmtpSettings:
    """Where and how to reach the mail server.

    Attributes:
        host: the server's name or address.
        port: its port (25 or 587 for ``smtp``, 465 for ``smtps`` by default).
        security: ``plain``, ``starttls`` (upgrade after connecting) or ``tls``
            (implicit TLS from the first byte, ``smtps://``).
        username: the login, when the server asks for one (with ``password``).
        password: the login's password.
        timeout: seconds to wait for the server at each step.
        cafile: a file of certificate authorities to trust instead of the system's.
    """

    host: str
    port: int
    security: Security = "plain"
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    timeout: float = 30.0
    cafile: str | None = None

    @classmethod
    def parse(cls, url: str) -> SmtpSettings:
        """Read ``smtp://[user:pass@]host[:port][?starttls=1&timeout=30&cafile=…]``.

        ``smtps://`` means implicit TLS. Problems raise ``ConfigurationError`` naming
        the setting, never repeating the password.

        >>> settings = SmtpSettings.parse("smtp://portale:segreto@smtp.example.it:587?starttls=1")
        >>> settings.host, settings.port, settings.security, settings.username
        ('smtp.example.it', 587, 'starttls', 'portale')
        >>> "segreto" in repr(settings)
        False
        >>> SmtpSettings.parse("smtps://smtp.example.it").port
        465
        """
        parts = urllib.parse.urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _SCHEMES or not parts.hostname:
            raise ConfigurationError(
                f"{_SETTING}: write smtp://[user:password@]host[:port][?starttls=1] or smtps://…"
            )
        try:
            port = parts.port or _SCHEMES[scheme]
        except ValueError as exc:
            raise ConfigurationError(f"{_SETTING}: the port is not a number") from exc
        query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        unknown = sorted(set(query) - {"starttls", "timeout", "cafile"})
        if unknown:
            raise ConfigurationError(f"{_SETTING}: unknown option {unknown[0]!r}")
        starttls = _FLAGS.get(query.get("starttls", "0").lower())
        if starttls is None:
            raise ConfigurationError(f"{_SETTING}: starttls is 1 or 0")
        if scheme == "smtps" and starttls:
            raise ConfigurationError(f"{_SETTING}: smtps:// is TLS already; drop starttls")
        try:
            timeout = float(query.get("timeout", "30"))
        except ValueError as exc:
            raise ConfigurationError(f"{_SETTING}: timeout is a number of seconds") from exc
        if not timeout > 0:
            raise ConfigurationError(f"{_SETTING}: timeout is a number of seconds")
        security: Security = "tls" if scheme == "smtps" else "starttls" if starttls else "plain"
        return cls(
            host=parts.hostname,
            port=port,
            security=security,
            username=urllib.parse.unquote(parts.username) if parts.username else None,
            password=urllib.parse.unquote(parts.password) if parts.password else None,
            timeout=timeout,
            cafile=query.get("cafile") or None,
        )


def _code_and_status(code: int, reply: bytes | str) -> str:
    raw = reply.encode(errors="replace") if isinstance(reply, str) else reply
    match = _ENHANCED.match(raw or b"")
    return f"{code} {match.group(1).decode()}" if match else str(code)


def _refusal(stage: str, code: int, reply: bytes | str) -> DeliveryError:
    """The error for an SMTP reply ``code`` at ``stage``: permanent only for the email's own."""
    permanent = code >= 500 and stage in _PERMANENT_STAGES  # noqa: PLR2004 - SMTP classes
    unreachable = stage not in _PERMANENT_STAGES and stage != "MAIL FROM"
    how = "refused for good" if permanent else "refused for now"
    return DeliveryError(
        f"SMTP {_code_and_status(code, reply)} at {stage}: {how}",
        permanent=permanent,
        unreachable=unreachable,
    )


def _unreachable(doing: str, exc: BaseException) -> DeliveryError:
    """The error for a failure to reach or talk to the server: its kind, never its words.

    ``smtplib`` wraps a timeout or a reset connection in ``SMTPServerDisconnected``;
    the wrapped error's kind is named too.
    """
    kinds = [type(exc).__name__]
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, OSError) and type(cause).__name__ not in kinds:
        kinds.append(type(cause).__name__)
    reason = getattr(exc, "reason", None) if isinstance(exc, ssl.SSLError) else None
    detail = " / ".join(kinds) + (f" ({reason})" if isinstance(reason, str) else "")
    return DeliveryError(f"cannot {doing}: {detail}", unreachable=True)


class SmtpMailer:
    """Sends emails through an SMTP server (the ``Mailer`` port).

    Args:
        settings: the server, as :class:`SmtpSettings` or its URL.
        sender: the ``From`` address (``Name <addr@domain>``); its domain names the
            ``Message-ID``s.
        reply_to: the ``Reply-To`` address, if replies go elsewhere.
        clock: the source of the ``Date`` header.
        ssl_context: the TLS settings (by default the system's authorities, or
            ``settings.cafile``, with host names checked).
    """

    def __init__(
        self,
        settings: SmtpSettings | str,
        *,
        sender: str,
        reply_to: str | None = None,
        clock: Clock | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.settings = (
            settings if isinstance(settings, SmtpSettings) else SmtpSettings.parse(settings)
        )
        self._sender: Address = address(sender, "mail_from (FORMLAVORO_MAIL_FROM)")
        self._reply_to = (
            address(reply_to, "mail_reply_to (FORMLAVORO_MAIL_REPLY_TO)") if reply_to else None
        )
        self._clock = clock or SystemClock()
        self._context = ssl_context
        self._smtp: smtplib.SMTP | None = None
        self._lock = threading.Lock()

    def _tls(self) -> ssl.SSLContext:
        if self._context is None:
            self._context = ssl.create_default_context(cafile=self.settings.cafile)
        return self._context

    def _open(self) -> smtplib.SMTP:
        """A new session: connected, secured as set, logged in when a user is set."""
        s = self.settings
        try:
            if s.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=self._tls()
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        except smtplib.SMTPResponseException as exc:
            raise _refusal("CONNECT", exc.smtp_code, exc.smtp_error) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise _unreachable("reach the mail server", exc) from exc
        try:
            smtp.ehlo_or_helo_if_needed()
            if s.security == "starttls":
                smtp.starttls(context=self._tls())
                smtp.ehlo()
            if s.username is not None:
                smtp.login(s.username, s.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            smtp.close()
            raise _refusal("AUTH", exc.smtp_code, exc.smtp_error) from exc
        except smtplib.SMTPResponseException as exc:
            smtp.close()
            raise _refusal("EHLO", exc.smtp_code, exc.smtp_error) from exc
        except (OSError, smtplib.SMTPException) as exc:
            smtp.close()
            raise _unreachable("open a session with the mail server", exc) from exc
        return smtp

    def _session(self) -> smtplib.SMTP:
        """The open session if it still answers, else a new one."""
        if self._smtp is not None:
            try:
                code, _ = self._smtp.noop()
            except (OSError, smtplib.SMTPException):
                code = 0
            if code == 250:  # noqa: PLR2004 - SMTP "OK"
                return self._smtp
            self._drop()
        self._smtp = self._open()
        return self._smtp

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()

    def close(self) -> None:
        """End the open session, if any (``QUIT``)."""
        with self._lock:
            self._drop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _transmit(self, smtp: smtplib.SMTP, message: EmailMessage, to: str) -> None:
        options = [] if to.isascii() else ["SMTPUTF8"]
        policy = POLICY if to.isascii() else POLICY.clone(utf8=True)
        content = message.as_bytes(policy=policy)
        try:
            refused = smtp.sendmail(self._sender.addr_spec, [to], content, mail_options=options)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()), (550, b""))
            raise _refusal("RCPT TO", code, reply) from exc
        except smtplib.SMTPSenderRefused as exc:
            raise _refusal("MAIL FROM", exc.smtp_code, exc.smtp_error) from exc
        except smtplib.SMTPDataError as exc:
            raise _refusal("DATA", exc.smtp_code, exc.smtp_error) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise DeliveryError(
                "SMTP: the address needs SMTPUTF8, which the server does not offer",
                permanent=True,
            ) from exc
        except smtplib.SMTPResponseException as exc:
            raise _refusal("MAIL FROM", exc.smtp_code, exc.smtp_error) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise _unreachable("hand the email to the mail server", exc) from exc
        if refused:  # pragma: no cover - one recipient: refusing it raises above
            raise DeliveryError("SMTP: the recipient was refused", permanent=True)

    def send(self, email: OutgoingEmail) -> None:
        """Send ``email``, or raise ``DeliveryError`` saying whether to try again."""
        message = compose(
            email, sender=self._sender, reply_to=self._reply_to, date=self._clock.now()
        )
        reference = email.reference or "-"
        with self._lock:
            try:
                self._transmit(self._session(), message, email.to)
            except DeliveryError as exc:
                if exc.unreachable:
                    self._drop()
                _log.warning(
                    "email %s (%s) not sent: %s", reference, email.kind.value, one_line(exc)
                )
                raise
        _log.info("sent email %s (%s)", reference, email.kind.value)
