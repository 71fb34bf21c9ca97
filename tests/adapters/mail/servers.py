"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd), and a throwaway TLS key.

:func:`smtp_server` starts one in a thread of the test process, on a free port, plain,
with STARTTLS or with implicit TLS, asking for a login or not; :class:`Inbox` keeps what
it received and can refuse addresses (``550`` for good, ``451`` for now) the way real
servers do, repeating the address in its answer.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import pathlib
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any, Literal

import attrs
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

__all__ = [
    "PASSWORD",
    "USER",
    "Inbox",
    "Received",
    "Server",
    "TlsFiles",
    "free_port",
    "smtp_server",
    "throwaway_tls",
]

USER = "portale"
PASSWORD = "una password per il server di prova"


@attrs.frozen
class Received:
    """One message as the server took it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes
    session: int
    authenticated: bool
    tls: bool

    @property
    def message(self) -> EmailMessage:
        """The message, parsed by the standard library."""
        parsed = email.message_from_bytes(self.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


class Inbox:
    """The server's handler: keeps every message, refuses the addresses it is told to."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.refused_for_good: set[str] = set()
        self.refused_for_now: set[str] = set()
        self.sessions = 0
        self._lock = threading.Lock()

    async def handle_EHLO(  # noqa: N802 - aiosmtpd's hook names
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        session.host_name = hostname
        with self._lock:
            self.sessions += 1
        return responses

    async def handle_RCPT(  # noqa: N802
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address in self.refused_for_good:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if address in self.refused_for_now:
            return f"451 4.3.0 <{address}>: Temporary lookup failure, try again"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        content = envelope.original_content or b""
        with self._lock:
            self.received.append(
                Received(
                    mail_from=envelope.mail_from or "",
                    rcpt_tos=tuple(envelope.rcpt_tos),
                    content=content,
                    session=self.sessions,
                    authenticated=bool(session.authenticated),
                    tls=server.transport is not None
                    and server.transport.get_extra_info("ssl_object") is not None,
                )
            )
        return "250 OK: queued"

    def messages(self) -> list[EmailMessage]:
        """Every message received, parsed, in order."""
        with self._lock:
            return [received.message for received in self.received]


def _authenticate(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    good = isinstance(auth_data, LoginPassword) and (
        auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=good, handled=False)


@attrs.frozen
class TlsFiles:
    """A self-signed certificate for 127.0.0.1 and its key, in PEM files."""

    certificate: pathlib.Path
    key: pathlib.Path

    def server_context(self) -> ssl.SSLContext:
        """What the test server presents."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certificate, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts this certificate only (host names checked)."""
        return ssl.create_default_context(cafile=str(self.certificate))


def throwaway_tls(folder: pathlib.Path) -> TlsFiles:
    """A new key and a certificate for ``127.0.0.1`` valid for a day, made with cryptography."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "formlavoro test SMTP")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    files = TlsFiles(certificate=folder / "smtp-cert.pem", key=folder / "smtp-key.pem")
    files.certificate.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


def free_port() -> int:
    """A TCP port nobody listens on at the moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@attrs.frozen
class Server:
    """A running test server."""

    inbox: Inbox
    port: int

    @property
    def url(self) -> str:
        """``smtp://127.0.0.1:<port>``, for the plain server."""
        return f"smtp://127.0.0.1:{self.port}"


@contextmanager
def smtp_server(
    *,
    security: Literal["plain", "starttls", "tls"] = "plain",
    tls: TlsFiles | None = None,
    login: bool = False,
    port: int | None = None,
    inbox: Inbox | None = None,
) -> Iterator[Server]:
    """An SMTP server on 127.0.0.1 for the block (``port``: a given one, else a free one)."""
    handler = inbox or Inbox()
    chosen = port or free_port()
    options: dict[str, Any] = {}
    if security != "plain":
        assert tls is not None, "TLS needs a certificate"
    if security == "starttls":
        assert tls is not None
        options.update(tls_context=tls.server_context(), require_starttls=True)
    if login:
        options.update(authenticator=_authenticate, auth_required=True)
        if security == "tls":  # aiosmtpd knows STARTTLS only; this session is TLS already
            options.update(auth_required=False, auth_require_tls=False)
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=chosen,
        ssl_context=tls.server_context() if security == "tls" and tls is not None else None,
        **options,
    )
    controller.start()
    try:
        yield Server(inbox=handler, port=chosen)
    finally:
        controller.stop()
