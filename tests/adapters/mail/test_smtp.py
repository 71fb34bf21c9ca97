"""``SmtpMailer`` against a real SMTP server on 127.0.0.1 (issue 11 points 1 and 3).

The server is aiosmtpd, started by each test: plain, with STARTTLS and a login, or with
implicit TLS, with a throwaway certificate made with ``cryptography``. What it receives
is parsed with the standard library's ``email`` package.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import pathlib
import socket
import ssl

import pytest

from formlavoro_adapters import SettableClock
from formlavoro_adapters.mail import SmtpMailer, SmtpSettings
from formlavoro_core.errors import ConfigurationError, DeliveryError
from formlavoro_core.locale import Language
from formlavoro_core.messaging.outbox import EmailKind, OutgoingEmail
from tests.adapters.mail.servers import (
    PASSWORD,
    USER,
    TlsFiles,
    free_port,
    smtp_server,
    throwaway_tls,
)

SENDER = "Regione Liguria — Formazione e Lavoro <lavoro@regione.example>"
AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
TOKEN = "SEGRETO-tok3n-di-disiscrizione"


def _email(**changes: object) -> OutgoingEmail:
    values: dict[str, object] = {
        "to": "niccolo.rua@example.it",
        "recipient_name": "Niccolò Ruà",
        "subject": "FormazioneLavoro: il tuo CV è scaduto — già",
        "body": (
            "Buongiorno Niccolò,\n\nil tuo CV è scaduto il 2026-05-31.\nOfferte: <Cuoco & aiuto> \n"
        ),
        "kind": EmailKind.CV_EXPIRED,
        "link": "https://lavoro.regione.example/cv",
        "language": Language.ITALIAN,
        "reference": "0b6f2c1e-5d4a-4f8e-9a3b-2c1d0e9f8a7b",
    }
    values.update(changes)
    return OutgoingEmail(**values)  # type: ignore[arg-type]


def _mailer(url: str, **options: object) -> SmtpMailer:
    return SmtpMailer(url, sender=SENDER, clock=SettableClock(AT), **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return throwaway_tls(tmp_path_factory.mktemp("tls"))


def test_point_3_the_message_has_both_parts_and_every_header_encoded() -> None:
    """Point 3: text and HTML parts; From, To, Subject, Reply-To, Date, Message-ID right.

    Non-ASCII display names and subjects travel as RFC 2047 encoded words: the raw
    headers are ASCII, the parsed ones read back exactly.
    """
    with smtp_server() as server:
        mailer = SmtpMailer(
            server.url,
            sender=SENDER,
            reply_to="Sportello Lavoro <sportello@regione.example>",
            clock=SettableClock(AT),
        )
        mailer.send(_email())
        mailer.close()
    (received,) = server.inbox.received
    assert (received.tls, received.authenticated) == (False, False)
    assert received.mail_from == "lavoro@regione.example"
    assert received.rcpt_tos == ("niccolo.rua@example.it",)
    head = received.content.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert b"=?utf-8?" in head
    message = received.message
    assert message["Subject"] == "FormazioneLavoro: il tuo CV è scaduto — già"
    (sender,) = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        "Regione Liguria — Formazione e Lavoro",
        "lavoro@regione.example",
    )
    (recipient,) = message["To"].addresses
    assert (recipient.display_name, recipient.addr_spec) == (
        "Niccolò Ruà",
        "niccolo.rua@example.it",
    )
    assert message["Reply-To"].addresses[0].addr_spec == "sportello@regione.example"
    assert email.utils.parsedate_to_datetime(message["Date"]) == AT
    assert message["Message-ID"] == "<0b6f2c1e-5d4a-4f8e-9a3b-2c1d0e9f8a7b@regione.example>"
    assert message["Content-Language"] == "it"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"] is None
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",))
    page = message.get_body(preferencelist=("html",))
    assert text is not None
    assert page is not None
    plain = text.get_content()
    assert "il tuo CV è scaduto il 2026-05-31" in plain
    assert plain.rstrip().endswith("https://lavoro.regione.example/cv")
    html = page.get_content()
    assert '<html lang="it">' in html
    assert "Offerte: &lt;Cuoco &amp; aiuto&gt;" in html  # text is never markup
    assert '<a href="https://lavoro.regione.example/cv">' in html


def test_point_3_alerts_carry_one_click_unsubscription() -> None:
    """Point 3 / OF-7: ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC 8058)."""
    unsubscribe = f"https://lavoro.regione.example/alerts/unsubscribe?token={TOKEN}"
    with smtp_server() as server, _mailer(server.url) as mailer:
        mailer.send(_email(kind=EmailKind.OFFER_ALERT, unsubscribe_url=unsubscribe, link=None))
    message = server.inbox.received[0].message
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_point_1_one_session_carries_several_emails() -> None:
    """Point 1: the connection stays open between emails (checked with NOOP)."""
    with smtp_server() as server:
        mailer = _mailer(server.url)
        for number in range(3):
            mailer.send(_email(reference=f"ref-{number}"))
        mailer.close()
    assert len(server.inbox.received) == 3
    assert server.inbox.sessions == 1


def test_point_1_starttls_and_login(tls: TlsFiles) -> None:
    """Point 1: ``smtp://user:pass@host:port?starttls=1&cafile=…`` upgrades, then logs in."""
    with smtp_server(security="starttls", tls=tls, login=True) as server:
        url = (
            f"smtp://{USER}:{PASSWORD.replace(' ', '%20')}@127.0.0.1:{server.port}"
            f"?starttls=1&cafile={tls.certificate}"
        )
        with _mailer(url) as mailer:
            mailer.send(_email())
    (received,) = server.inbox.received
    assert (received.tls, received.authenticated) == (True, True)


def test_point_1_implicit_tls(tls: TlsFiles) -> None:
    """Point 1: ``smtps://`` speaks TLS from the first byte."""
    with smtp_server(security="tls", tls=tls, login=True) as server:
        settings = SmtpSettings(
            host="127.0.0.1",
            port=server.port,
            security="tls",
            username=USER,
            password=PASSWORD,
        )
        with SmtpMailer(
            settings, sender=SENDER, clock=SettableClock(AT), ssl_context=tls.client_context()
        ) as mailer:
            mailer.send(_email())
    (received,) = server.inbox.received
    assert (received.tls, received.authenticated) == (True, True)


def test_point_1_an_untrusted_certificate_is_a_temporary_failure(tls: TlsFiles) -> None:
    """Point 1: the system's authorities do not trust the test certificate: nothing sent."""
    with smtp_server(security="starttls", tls=tls) as server:
        mailer = _mailer(f"smtp://127.0.0.1:{server.port}?starttls=1")
        with pytest.raises(DeliveryError) as raised:
            mailer.send(_email())
    assert (raised.value.permanent, raised.value.unreachable) == (False, True)
    assert "SSLCertVerificationError" in str(raised.value)
    assert server.inbox.received == []


def test_point_1_a_refused_login_is_temporary_and_stops_the_pass(tls: TlsFiles) -> None:
    """Point 1: a wrong password concerns every email (the settings): retried, not dead."""
    with smtp_server(security="starttls", tls=tls, login=True) as server:
        url = f"smtp://{USER}:sbagliata@127.0.0.1:{server.port}?starttls=1"
        mailer = SmtpMailer(
            url, sender=SENDER, clock=SettableClock(AT), ssl_context=tls.client_context()
        )
        with pytest.raises(DeliveryError) as raised:
            mailer.send(_email())
    assert (raised.value.permanent, raised.value.unreachable) == (False, True)
    assert str(raised.value) == "SMTP 535 5.7.8 at AUTH: refused for now"
    assert "sbagliata" not in str(raised.value)


def test_point_1_550_is_permanent_and_names_no_address(caplog: pytest.LogCaptureFixture) -> None:
    """Point 1 / SEC-5: a 5xx reply to RCPT TO is final; the error keeps codes only."""
    with smtp_server() as server:
        server.inbox.refused_for_good.add("niccolo.rua@example.it")
        with (
            _mailer(server.url) as mailer,
            caplog.at_level(logging.INFO, logger="formlavoro.adapters.mail"),
        ):
            with pytest.raises(DeliveryError) as raised:
                mailer.send(_email())
            mailer.send(
                _email(
                    to="altra@example.it",
                    reference="ref-2",
                    kind=EmailKind.OFFER_ALERT,
                    unsubscribe_url=f"https://lavoro.regione.example/u?token={TOKEN}",
                )
            )
    assert (raised.value.permanent, raised.value.unreachable) == (True, False)
    assert str(raised.value) == "SMTP 550 5.1.1 at RCPT TO: refused for good"
    assert len(server.inbox.received) == 1  # the session went on with the next email
    logged = caplog.text
    assert "0b6f2c1e-5d4a-4f8e-9a3b-2c1d0e9f8a7b" in logged
    for personal in ("niccolo", "Niccolò", "altra@", "scaduto", "lavoro.regione.example", TOKEN):
        assert personal not in logged


def test_point_1_451_is_temporary() -> None:
    """Point 1: a 4xx reply is tried again later; the server is still there."""
    with smtp_server() as server:
        server.inbox.refused_for_now.add("niccolo.rua@example.it")
        with _mailer(server.url) as mailer, pytest.raises(DeliveryError) as raised:
            mailer.send(_email())
    assert (raised.value.permanent, raised.value.unreachable) == (False, False)
    assert str(raised.value) == "SMTP 451 4.3.0 at RCPT TO: refused for now"


def test_point_1_a_connection_refused_is_temporary() -> None:
    """Point 1: nobody listens: temporary, and the server is unreachable."""
    mailer = _mailer(f"smtp://127.0.0.1:{free_port()}?timeout=5")
    with pytest.raises(DeliveryError) as raised:
        mailer.send(_email())
    assert (raised.value.permanent, raised.value.unreachable) == (False, True)
    assert "ConnectionRefusedError" in str(raised.value)


def test_point_1_a_server_that_never_answers_times_out() -> None:
    """Point 1: a listener that never greets: the timeout ends the wait, temporary."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        mailer = _mailer(f"smtp://127.0.0.1:{port}?timeout=0.3")
        with pytest.raises(DeliveryError) as raised:
            mailer.send(_email())
    assert (raised.value.permanent, raised.value.unreachable) == (False, True)
    assert "TimeoutError" in str(raised.value)


def test_point_1_an_address_no_server_would_take_is_permanent() -> None:
    """Point 1: an address that cannot be written fails for good, before connecting."""
    mailer = _mailer(f"smtp://127.0.0.1:{free_port()}")
    with pytest.raises(DeliveryError) as raised:
        mailer.send(_email(to="not an address"))
    assert raised.value.permanent


def test_point_1_the_url_is_read_strictly_and_its_password_never_shown() -> None:
    """Point 1: ``FORMLAVORO_SMTP_URL``: schemes, port, options; errors name the setting."""
    plain = SmtpSettings.parse("smtp://mail.example.it")
    assert (plain.port, plain.security, plain.username) == (25, "plain", None)
    secure = SmtpSettings.parse("smtps://u%40x:p%3Ass@mail.example.it:2465?timeout=5")
    assert (secure.port, secure.security, secure.username, secure.password, secure.timeout) == (
        2465,
        "tls",
        "u@x",
        "p:ss",
        5.0,
    )
    for wrong in (
        "http://mail.example.it",
        "smtp://",
        "smtp://mail.example.it:porta",
        "smtp://mail.example.it?starttls=forse",
        "smtp://mail.example.it?verbose=1",
        "smtps://mail.example.it?starttls=1",
        "smtp://u:segreto@mail.example.it?timeout=-1",
    ):
        with pytest.raises(ConfigurationError) as raised:
            SmtpSettings.parse(wrong)
        assert str(raised.value).startswith("smtp_url (FORMLAVORO_SMTP_URL)")
        assert "segreto" not in str(raised.value)
    assert "segreto" not in repr(SmtpSettings.parse("smtp://u:segreto@mail.example.it"))
    with pytest.raises(ConfigurationError, match="mail_from"):
        SmtpMailer("smtp://mail.example.it", sender="nessuno")


def test_point_1_default_tls_checks_the_system_authorities(tmp_path: pathlib.Path) -> None:
    """Point 1: without ``cafile`` the system's authorities are trusted, names checked."""
    mailer = _mailer("smtps://mail.example.it")
    context = mailer._tls()
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname
