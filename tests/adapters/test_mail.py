"""``RecordingMailer``: keeps what it is given, in order, or fails like a server that is down."""

from __future__ import annotations

import pytest

from formlavoro_adapters import RecordingMailer
from formlavoro_core.errors import DeliveryError, FormlavoroError
from formlavoro_core.messaging.outbox import EmailKind, OutgoingEmail


def email(number: int, kind: EmailKind = EmailKind.CV_EXPIRY_REMINDER) -> OutgoingEmail:
    return OutgoingEmail(
        to=f"citizen{number}@example.it",
        subject=f"Message {number}",
        body=f"Body {number}",
        kind=kind,
    )


def test_a_new_mailer_is_available_and_has_sent_nothing() -> None:
    mailer = RecordingMailer()
    assert mailer.available
    assert mailer.sent == []


def test_emails_are_recorded_in_the_order_they_were_sent() -> None:
    mailer = RecordingMailer()
    for number in (3, 1, 2):
        mailer.send(email(number))
    assert mailer.sent == [email(3), email(1), email(2)]


def test_the_same_email_sent_twice_is_recorded_twice() -> None:
    mailer = RecordingMailer()
    mailer.send(email(1, EmailKind.PASSWORD_RESET))
    mailer.send(email(1, EmailKind.PASSWORD_RESET))
    assert mailer.sent == [email(1, EmailKind.PASSWORD_RESET)] * 2


def test_an_unavailable_mailer_raises_a_delivery_error_and_records_nothing() -> None:
    mailer = RecordingMailer()
    mailer.send(email(1))
    mailer.available = False
    with pytest.raises(DeliveryError) as raised:
        mailer.send(email(2))
    assert isinstance(raised.value, FormlavoroError)
    assert mailer.sent == [email(1)]


def test_a_mailer_available_again_delivers_again() -> None:
    mailer = RecordingMailer()
    mailer.available = False
    with pytest.raises(DeliveryError):
        mailer.send(email(1))
    mailer.available = True
    mailer.send(email(1))
    assert mailer.sent == [email(1)]
