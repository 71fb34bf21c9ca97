"""The inbox: messages, the exact unread count, replies (MS-1 ... MS-4)."""

from __future__ import annotations

import datetime as dt

from formlavoro_core.applications.model import ApplicationStatus
from formlavoro_core.errors import InvalidInput, Problem
from formlavoro_core.messaging.failures import NoOneToAnswer
from formlavoro_core.messaging.model import Counterpart, CounterpartKind, Direction, Message, Reply
from formlavoro_core.messaging.outbox import EmailKind
from formlavoro_core.principals import ANONYMOUS, SYSTEM, CitizenPrincipal, CompanyPrincipal
from tests.support import MARIO, World, failure, from_publishers, ok, world


def _interested(w: World) -> tuple[CitizenPrincipal, CompanyPrincipal, Message]:
    company = w.company("Trattoria")
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    ok(w.portal.applications.review(company, application.id, ApplicationStatus.INTERESTED))
    (message,) = from_publishers(ok(w.portal.messages.inbox(citizen)).items)
    return citizen, company, message


def test_ms_1_each_citizen_has_an_inbox_of_messages_from_companies_or_the_system() -> None:
    """MS-1: the inbox holds the citizen's messages, newest first, theirs only."""
    w = world()
    _, _, message = _interested(w)
    assert message.counterpart.name == "Trattoria"
    other = w.login(MARIO)
    assert ok(w.portal.messages.inbox(other)).items == ()
    assert failure(w.portal.messages.open(other, message.id)).code == "message.not_found"
    assert failure(w.portal.messages.inbox(ANONYMOUS)).code == "access.forbidden"


def test_ms_2_the_unread_count_is_exact_and_opening_marks_read() -> None:
    """MS-2: opening a message marks it read; the count follows exactly."""
    w = world()
    citizen, company, first = _interested(w)
    # The company's interest, and the portal's acknowledgement of the application (AP-12).
    assert ok(w.portal.messages.unread_count(citizen)) == 2
    w.clock.advance(dt.timedelta(minutes=1))
    opened = ok(w.portal.messages.open(citizen, first.id))
    assert opened.read_at == w.clock.now()
    assert ok(w.portal.messages.unread_count(citizen)) == 1
    assert ok(w.portal.messages.open(citizen, first.id)).read_at == opened.read_at
    assert ok(w.portal.messages.unread_count(citizen)) == 1
    assert failure(w.portal.messages.unread_count(company)).code == "access.forbidden"


def test_ms_3_a_reply_asks_the_company_for_more_and_stays_in_the_thread() -> None:
    """MS-3: the citizen replies; the company reads it and answers in the same thread."""
    w = world()
    citizen, company, message = _interested(w)
    reply = ok(w.portal.messages.reply(citizen, message.id, Reply(body="Qual è l'orario?")))
    assert (reply.direction, reply.thread, reply.subject) == (
        Direction.FROM_CITIZEN,
        message.thread,
        f"Re: {message.subject}",
    )
    (received,) = ok(w.portal.messages.replies_received(company)).items
    assert received.body == "Qual è l'orario?"
    answer = ok(w.portal.messages.answer(company, received.id, Reply(body="Dalle 18 alle 23.")))
    thread = ok(w.portal.messages.thread(citizen, message.id))
    assert [m.body for m in thread][-2:] == ["Qual è l'orario?", "Dalle 18 alle 23."]
    assert answer.thread == message.thread
    assert ok(w.portal.messages.unread_count(citizen)) == 3  # with the AP-12 acknowledgement
    assert failure(
        w.portal.messages.answer(w.company("Altra"), received.id, Reply(body="x"))
    ).code == ("message.not_found")


def test_ms_3_an_empty_reply_is_refused_and_system_messages_cannot_be_answered() -> None:
    """MS-3: replies need words, and someone to read them."""
    w = world()
    citizen, _, message = _interested(w)
    assert failure(w.portal.messages.reply(citizen, message.id, Reply(body="  "))) == InvalidInput(
        problems=(Problem(path="body", message="1 to 5000 characters"),)
    )
    system = Counterpart(kind=CounterpartKind.SYSTEM, id=None, name="FormazioneLavoro")
    assert not system.can_receive_replies
    assert NoOneToAnswer().code == "message.reply.no_recipient"


def test_ms_4_notifications_also_go_out_by_email() -> None:
    """MS-4: every notification writes an email in the same transaction."""
    w = world()
    _interested(w)
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert report.sent == 2  # the acknowledgement of the application (AP-12), the interest
    (email,) = [sent for sent in w.mailer.sent if sent.kind is EmailKind.NEW_MESSAGE]
    assert email.to == "anna.rossi@example.it"
    assert "Trattoria" in email.subject


def test_ms_3_the_systems_own_messages_cannot_be_answered() -> None:
    """MS-1, MS-3: the CV expiry reminder is a system message; replying has no recipient."""
    w = world()
    citizen, cv = w.citizen_with_published_cv()
    assert cv.publication is not None
    w.clock.set(cv.publication.expires_at - dt.timedelta(days=5))
    ok(w.portal.jobs.run_due(SYSTEM))
    (reminder,) = ok(w.portal.messages.inbox(citizen)).items
    assert reminder.counterpart.kind is CounterpartKind.SYSTEM
    assert failure(w.portal.messages.reply(citizen, reminder.id, Reply(body="Grazie"))) == (
        NoOneToAnswer()
    )
