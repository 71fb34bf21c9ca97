"""The email outbox: written with the change, delivered later, never twice (MS-4)."""

from __future__ import annotations

import datetime as dt

from formlavoro_core.jobs import CLAIM_LEASE
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from tests.core.identity.test_password_reset import EMAIL, _registered
from tests.support import ok


def test_ms_4_an_email_claimed_by_one_dispatcher_is_not_sent_by_another() -> None:
    """MS-4: a message taken by a dispatcher waits for the lease before another takes it."""
    w = _registered()
    ok(
        w.portal.identity.request_password_reset(
            ANONYMOUS, email=EMAIL, username="anna.rossi", source="192.0.2.1"
        )
    )
    with w.storage() as uow:
        (message,) = uow.outbox.pending(limit=10, now=w.clock.now())
        uow.outbox.update(message.claimed(w.clock.now() + CLAIM_LEASE))
        uow.commit()
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed, w.mailer.sent) == (0, 0, [])
    w.clock.advance(CLAIM_LEASE)
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, len(w.mailer.sent)) == (1, 1)
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 0


def test_ms_4_a_delivered_email_is_never_sent_again() -> None:
    """MS-4: delivering twice sends each email once."""
    w = _registered()
    ok(
        w.portal.identity.request_password_reset(
            ANONYMOUS, email=EMAIL, username="anna.rossi", source="192.0.2.1"
        )
    )
    ok(w.portal.mail.deliver_pending(SYSTEM))
    w.clock.advance(dt.timedelta(hours=1))
    ok(w.portal.mail.deliver_pending(SYSTEM))
    assert len(w.mailer.sent) == 1
