"""The messages the mailers write (point 3), the folder mailer and the mail settings.

The folder mailer writes what the SMTP mailer sends; its ``.eml`` files are parsed
back with the standard library.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import pathlib
from email.message import EmailMessage

import pytest

from formlavoro_adapters import SettableClock, Settings, bootstrap
from formlavoro_adapters.bootstrap import mailer_for
from formlavoro_adapters.mail import FolderMailer, RecordingMailer, SmtpMailer
from formlavoro_adapters.mail.html_part import to_html
from formlavoro_adapters.mail.mime import message_id
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.locale import Language
from formlavoro_core.messaging.outbox import EmailKind, OutgoingEmail
from formlavoro_core.reference import StaticReferenceData

AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _email(**changes: object) -> OutgoingEmail:
    values: dict[str, object] = {
        "to": "anna.rossi@example.it",
        "recipient_name": "Anna",
        "subject": "FormazioneLavoro : votre CV a expiré",
        "body": "Bonjour Anna,\n\nvotre CV a expiré.\n",
        "kind": EmailKind.CV_EXPIRED,
        "language": Language.FRENCH,
        "reference": "ref-1",
    }
    values.update(changes)
    return OutgoingEmail(**values)  # type: ignore[arg-type]


def _read(path: pathlib.Path) -> EmailMessage:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_point_1_the_folder_mailer_writes_eml_files_that_parse(tmp_path: pathlib.Path) -> None:
    """Point 1: each email an ``.eml`` file, with both parts and the headers."""
    mailer = FolderMailer(
        tmp_path / "mail", sender="Portale <portale@example.it>", clock=SettableClock(AT)
    )
    mailer.send(_email())
    mailer.send(_email(reference="ref-2", subject="Deuxième"))
    first, second = mailer.files
    assert first.name == "20260302T093000000000-cv_expired-ref-1.eml"
    message = _read(first)
    assert message["Subject"] == "FormazioneLavoro : votre CV a expiré"
    assert message["Message-ID"] == "<ref-1@example.it>"
    assert message["Content-Language"] == "fr"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert _read(second)["Subject"] == "Deuxième"


def test_point_2_an_email_written_again_keeps_its_file(tmp_path: pathlib.Path) -> None:
    """Point 2: the same reference (an email sent again) replaces its own file."""
    clock = SettableClock(AT)
    mailer = FolderMailer(tmp_path, clock=clock)
    mailer.send(_email())
    clock.advance(dt.timedelta(minutes=6))
    mailer.send(_email())
    (only,) = mailer.files
    assert _read(only)["Date"] == "Mon, 02 Mar 2026 09:36:00 +0000"


def test_point_3_the_message_id_is_stable_and_well_formed() -> None:
    """Point 3: the same reference gives the same ``Message-ID``; odd ones are hashed."""
    assert message_id("abc-1", "example.it") == message_id("abc-1", "example.it")
    odd = message_id("a b<c>@d", "example.it")
    assert odd.startswith("<")
    assert odd.endswith("@example.it>")
    assert " " not in odd
    assert odd.count("@") == 1
    assert message_id(None, "example.it") != message_id(None, "example.it")


def test_point_3_the_html_part_escapes_everything_and_links_addresses() -> None:
    """Point 3: offer titles from companies cannot become markup; lists and links show."""
    page = to_html(
        "Nuove offerte:\n\n- <script>alert(1)</script> (Alfa & Figli)\n"
        "- Cuoco: https://lavoro.example/offers/1?a=1&b=2.\n\njavascript:alert(2)",
        title="<b>Avviso</b>",
        language="it",
        link="https://lavoro.example/alerts",
    )
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (Alfa &amp; Figli)" in page
    assert "<title>&lt;b&gt;Avviso&lt;/b&gt;</title>" in page
    assert "<ul><li>&lt;script&gt;" in page
    assert '<a href="https://lavoro.example/offers/1?a=1&amp;b=2">' in page
    assert 'href="javascript' not in page
    assert page.count('<a href="https://lavoro.example/alerts">') == 1


def test_point_3_a_subject_cannot_inject_headers(tmp_path: pathlib.Path) -> None:
    """Point 3: line breaks in a subject (a company's name in it) become spaces."""
    mailer = FolderMailer(tmp_path, clock=SettableClock(AT))
    mailer.send(_email(subject="Nuovo messaggio da Alfa\r\nBcc: tutti@example.it"))
    message = _read(mailer.files[0])
    assert message["Subject"] == "Nuovo messaggio da Alfa Bcc: tutti@example.it"
    assert message["Bcc"] is None


def test_point_1_bootstrap_chooses_the_mailer_from_the_settings(tmp_path: pathlib.Path) -> None:
    """Point 1: ``FORMLAVORO_MAIL``, ``…_SMTP_URL``, ``…_MAIL_FROM``, ``…_MAIL_REPLY_TO``."""
    clock = SettableClock(AT)
    env = {
        "FORMLAVORO_STORAGE": "memory",
        "FORMLAVORO_MAIL": "smtp",
        "FORMLAVORO_SMTP_URL": "smtp://portale:segreto@smtp.example.it:587?starttls=1",
        "FORMLAVORO_MAIL_FROM": "Regione Liguria <lavoro@regione.example>",
        "FORMLAVORO_MAIL_REPLY_TO": "sportello@regione.example",
        "FORMLAVORO_BASE_URL": "https://lavoro.regione.example/",
    }
    settings = Settings.from_env(env)
    assert "segreto" not in repr(settings)
    smtp = mailer_for(settings, clock)
    assert isinstance(smtp, SmtpMailer)
    assert (smtp.settings.host, smtp.settings.port, smtp.settings.security) == (
        "smtp.example.it",
        587,
        "starttls",
    )
    portal = bootstrap(settings, reference=StaticReferenceData())
    assert portal.config.base_url == "https://lavoro.regione.example"
    assert portal.config.reset_url == "https://lavoro.regione.example/reset-password?token={token}"
    folder = mailer_for(Settings(mail=f"folder:{tmp_path}"), clock)
    assert isinstance(folder, FolderMailer)
    assert folder.folder == tmp_path
    assert isinstance(mailer_for(Settings(), clock), RecordingMailer)


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"mail": "smtp"}, "smtp_url (FORMLAVORO_SMTP_URL)"),
        ({"mail": "smtp", "smtp_url": "smtp://h"}, "mail_from (FORMLAVORO_MAIL_FROM)"),
        ({"mail": "smtp", "smtp_url": "ftp://h", "mail_from": "a@b.it"}, "smtp_url"),
        ({"mail": "folder:"}, "mail (FORMLAVORO_MAIL)"),
        ({"mail": "pigeon"}, "mail (FORMLAVORO_MAIL)"),
        ({"mail": "recording", "base_url": "lavoro.example"}, "base_url (FORMLAVORO_BASE_URL)"),
        ({"mail": "folder:x", "mail_from": "nobody"}, "mail_from"),
    ],
)
def test_point_1_wrong_mail_settings_name_the_setting(changes: dict[str, str], named: str) -> None:
    """Point 1: a wrong setting is a ``ConfigurationError`` naming it, before any I/O."""
    settings = Settings.from_env(
        {"FORMLAVORO_STORAGE": "memory"}
        | {f"FORMLAVORO_{name.upper()}": value for name, value in changes.items()}
    )
    with pytest.raises(ConfigurationError) as raised:
        bootstrap(settings, reference=StaticReferenceData())
    assert str(raised.value).startswith(named)
