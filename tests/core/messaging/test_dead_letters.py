"""Dead letters: listed without personal data and requeued by an operator (MS-4, SEC-1).

Issue 11 point 2. The portal runs on the in-memory storage with the recording mailer,
which refuses an address for good to make a dead letter.
"""

from __future__ import annotations

import pytest

from formlavoro_adapters import RecordingMailer
from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.messaging.dispatch import SECRET_EXPIRED
from formlavoro_core.messaging.failures import DeadLetterErased
from formlavoro_core.messaging.outbox import REDACTED, DeliveryState
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from tests.core.identity.test_password_reset import EMAIL, _registered
from tests.core.messaging.delivery_support import (
    DAY,
    MINUTE,
    portal_with,
    queue_emails,
    stored_message,
)
from tests.support import OPERATOR, World, failure, ok, world


def _dead(w: World, to: str = "nobody@example.it") -> OutboxMessageId:
    (message_id,) = queue_emails(w, 1, to=to)
    w.mailer.refuse(to)
    ok(w.portal.mail.deliver_pending(SYSTEM))
    return message_id


def test_point_2_dead_letters_are_listed_without_address_subject_or_body() -> None:
    """Point 2 / SEC-5: an operator sees kind, dates, attempts and error; no personal data."""
    w = world()
    first = _dead(w, "nobody@example.it")
    w.clock.advance(MINUTE)
    second = _dead(w, "mario.rossi@example.it")
    entries = ok(w.portal.mail.dead_letters(OPERATOR))
    assert [entry.id for entry in entries] == [second, first]  # the most recent first
    assert ok(w.portal.mail.dead_letters(SYSTEM, limit=1)) == entries[:1]
    shown = repr(entries).lower()
    for personal in ("nobody", "mario", "rossi", "messaggio", "buongiorno", "@"):
        assert personal not in shown
    assert failure(w.portal.mail.dead_letters(OPERATOR, limit=0)).code == "input.invalid"


def test_point_2_an_operator_requeues_a_dead_letter_and_it_is_delivered() -> None:
    """Point 2: a requeued dead letter is due at once, for a new retry period."""
    w = world()
    message_id = _dead(w, "nobody@example.it")
    w.clock.advance(3 * DAY)
    entry = ok(w.portal.mail.requeue(OPERATOR, message_id))
    assert (entry.state, entry.dead_at, entry.attempts) == (DeliveryState.PENDING, None, 1)
    assert ok(w.portal.mail.dead_letters(OPERATOR)) == ()
    recorder = RecordingMailer()
    report = ok(portal_with(w, recorder).mail.deliver_pending(SYSTEM))
    assert report.sent == 1
    assert [email.to for email in recorder.sent] == ["nobody@example.it"]
    assert stored_message(w, message_id).requeued_at == w.clock.now()


def test_point_2_only_dead_letters_can_be_requeued() -> None:
    """Point 2: a pending or unknown message answers ``dead_letter.not_found``."""
    w = world()
    (pending,) = queue_emails(w, 1)
    assert failure(w.portal.mail.requeue(SYSTEM, pending)).code == "dead_letter.not_found"
    unknown = OutboxMessageId("unknown")
    assert failure(w.portal.mail.requeue(SYSTEM, unknown)).code == "dead_letter.not_found"


@pytest.mark.parametrize("call", ["dead_letters", "requeue"])
def test_sec_1_dead_letters_are_for_operators_and_the_portal_only(call: str) -> None:
    """SEC-1: citizens and companies may not see or requeue dead letters."""
    w = world()
    message_id = _dead(w)
    citizen = w.login()
    company = w.company()
    for actor in (citizen, company, ANONYMOUS):
        result = (
            w.portal.mail.dead_letters(actor)
            if call == "dead_letters"
            else w.portal.mail.requeue(actor, message_id)
        )
        assert failure(result).code == "access.forbidden"


def test_id_4_a_reset_link_not_delivered_in_time_dies_erased_and_is_not_requeued() -> None:
    """ID-4 / point 2: a reset email still undelivered when its link expires is dropped.

    Its body (the live link) is erased, and requeuing it is refused: the citizen asks
    for a new link.
    """
    w = _registered()
    ok(
        w.portal.identity.request_password_reset(
            ANONYMOUS, email=EMAIL, username="anna.rossi", source="192.0.2.1"
        )
    )
    w.mailer.available = False
    ok(w.portal.mail.deliver_pending(SYSTEM))
    w.clock.advance(w.portal.config.reset_token_lifetime)
    w.mailer.available = True
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.dead) == (0, 1)
    assert w.mailer.sent == []
    (entry,) = ok(w.portal.mail.dead_letters(SYSTEM))
    assert entry.last_error == SECRET_EXPIRED
    assert stored_message(w, entry.id).email.body == REDACTED
    assert failure(w.portal.mail.requeue(SYSTEM, entry.id)) == DeadLetterErased(message_id=entry.id)
