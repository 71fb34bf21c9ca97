"""The outbox dispatcher: retries with growing delays, dead letters, requeues (MS-4).

Issue 11 point 2. The portal runs on the in-memory storage with the recording mailer,
which can play a server that is down (``available = False``) or that refuses one
address for good or for now (``refuse``).
"""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest

from formlavoro_adapters import (
    InMemoryStorage,
    RecordingMailer,
    ScryptPasswordHasher,
    SequentialIdGenerator,
    bootstrap,
)
from formlavoro_adapters.memory.storage import InMemoryUnitOfWork
from formlavoro_core.config import PortalConfig
from formlavoro_core.errors import ConcurrencyConflictError, DeliveryError, StorageError
from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.messaging.delivery import DEFAULT_RETRY_DELAYS, DeliveryPolicy
from formlavoro_core.messaging.dispatch import SECRET_EXPIRED
from formlavoro_core.messaging.failures import DeadLetterErased
from formlavoro_core.messaging.outbox import (
    REDACTED,
    DeliveryState,
    EmailKind,
    OutboxMessage,
    OutgoingEmail,
)
from formlavoro_core.portal import Portal
from formlavoro_core.ports import Mailer
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from tests.core.identity.test_password_reset import EMAIL, _registered
from tests.support import OPERATOR, ROME, World, failure, ok, reference, world

_numbers = itertools.count()
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


def _queue(w: World, count: int, *, to: str = "anna.rossi@example.it") -> list[OutboxMessageId]:
    """``count`` emails in the outbox, as a use case writes them, a second apart."""
    ids = []
    with w.storage() as uow:
        for number in range(count):
            message = uow.outbox.add(
                OutboxMessage(
                    id=OutboxMessageId(f"mail-{next(_numbers):04d}"),
                    email=OutgoingEmail(
                        to=to,
                        subject=f"Messaggio {number}",
                        body="Buongiorno Anna,\n\nun messaggio.\n",
                        kind=EmailKind.NEW_MESSAGE,
                    ),
                    created_at=w.clock.now() - dt.timedelta(seconds=count - number),
                )
            )
            ids.append(message.id)
        uow.commit()
    return ids


def _stored(w: World, message_id: OutboxMessageId) -> OutboxMessage:
    with w.storage() as uow:
        message = uow.outbox.get(message_id)
    assert message is not None
    return message


def test_point_2_a_temporary_failure_is_tried_again_after_growing_delays() -> None:
    """Point 2 / MS-4: the first retry comes within minutes, the next ones later and later."""
    w = world()
    (message_id,) = _queue(w, 1)
    w.mailer.available = False
    waits = []
    for _ in range(len(DEFAULT_RETRY_DELAYS) + 2):
        report = ok(w.portal.mail.deliver_pending(SYSTEM))
        assert (report.sent, report.failed, report.dead) == (0, 1, 0)
        stored = _stored(w, message_id)
        assert stored.next_attempt_at is not None
        waits.append(stored.next_attempt_at - w.clock.now())
        # Not due before its time: a pass a second earlier takes nothing.
        w.clock.set(stored.next_attempt_at - dt.timedelta(seconds=1))
        assert ok(w.portal.mail.deliver_pending(SYSTEM)).failed == 0
        w.clock.set(stored.next_attempt_at)
    assert waits[0] <= 5 * MINUTE
    assert waits == sorted(waits)
    assert waits[-1] == waits[-2] == DEFAULT_RETRY_DELAYS[-1]
    assert _stored(w, message_id).attempts == len(waits)
    w.mailer.available = True
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 1
    assert [email.reference for email in w.mailer.sent] == [message_id]


def test_point_2_after_five_days_the_outbox_gives_up_and_keeps_a_dead_letter() -> None:
    """Point 2 (RFC 5321 §4.5.4.1): a message refused for five days becomes a dead letter."""
    w = world()
    (message_id,) = _queue(w, 1)
    queued_at = _stored(w, message_id).created_at
    w.mailer.available = False
    passes = 0
    while (stored := _stored(w, message_id)).state is DeliveryState.PENDING:
        assert stored.next_attempt_at is None or stored.next_attempt_at <= queued_at + 5 * DAY
        w.clock.set(stored.next_attempt_at or w.clock.now())
        ok(w.portal.mail.deliver_pending(SYSTEM))
        passes += 1
    assert stored.state is DeliveryState.DEAD
    assert stored.dead_at == queued_at + 5 * DAY  # the last attempt falls on the deadline
    assert stored.last_error == "gave up: the recording mailer is set unavailable"
    assert 20 < passes < 50  # every few hours, not every minute
    (entry,) = ok(w.portal.mail.dead_letters(SYSTEM))
    assert (entry.id, entry.kind, entry.attempts) == (message_id, EmailKind.NEW_MESSAGE, passes)


def test_point_2_a_permanent_refusal_makes_a_dead_letter_at_once() -> None:
    """Point 2: a 5xx reply to the email is final: no retry, a dead letter with the error."""
    w = world()
    (refused,) = _queue(w, 1, to="nobody@example.it")
    w.mailer.refuse("nobody@example.it")
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed, report.dead) == (0, 0, 1)
    stored = _stored(w, refused)
    assert (stored.state, stored.attempts) == (DeliveryState.DEAD, 1)
    assert stored.last_error == "SMTP 550 5.1.1 at RCPT TO (recorded)"
    w.clock.advance(DAY)
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed, report.dead) == (0, 0, 0)
    assert w.mailer.sent == []


def test_point_2_a_refusal_for_now_delays_that_email_only() -> None:
    """Point 2: a 4xx reply to one address delays that email; the others go."""
    w = world()
    (busy,) = _queue(w, 1, to="busy@example.it")
    w.mailer.refuse("busy@example.it", permanent=False)
    w.clock.advance(dt.timedelta(seconds=5))
    _queue(w, 2)  # two more, to another address, queued later
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed, report.dead) == (2, 1, 0)
    stored = _stored(w, busy)
    assert (stored.state, stored.attempts) == (DeliveryState.PENDING, 1)
    assert stored.last_error == "SMTP 450 4.2.1 at RCPT TO (recorded)"


def test_point_2_an_unreachable_server_stops_the_pass_and_counts_one_attempt() -> None:
    """Point 2: when the server cannot be reached, the other emails are not tried in vain."""
    w = world()
    ids = _queue(w, 5)
    w.mailer.available = False
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed, report.more) == (0, 1, False)
    assert [_stored(w, message_id).attempts for message_id in ids] == [1, 0, 0, 0, 0]
    # The others were released at once: the next pass tries them.
    w.mailer.available = True
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 4
    w.clock.advance(MINUTE)
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 1


def test_point_2_a_full_pass_says_more_may_be_due() -> None:
    """Point 5: ``more`` tells a script to call again at once."""
    w = world()
    _queue(w, 3)
    assert ok(w.portal.mail.deliver_pending(SYSTEM, limit=2)).more
    last = ok(w.portal.mail.deliver_pending(SYSTEM, limit=2))
    assert (last.sent, last.more) == (1, False)


class _SlowMailer(RecordingMailer):
    """A mail server that takes two minutes per email (it moves the test's clock)."""

    def __init__(self, w: World) -> None:
        super().__init__()
        self._world = w

    def send(self, email: OutgoingEmail) -> None:
        super().send(email)
        self._world.clock.advance(2 * MINUTE)


def _portal_with(w: World, mailer: Mailer) -> Portal:
    """A second portal (another dispatcher) on the same storage and clock."""
    return bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=w.storage,
        clock=w.clock,
        ids=SequentialIdGenerator("other"),
        passwords=ScryptPasswordHasher(log2_n=4),
        mailer=mailer,
        reference=reference(),
    )


def test_point_2_a_dispatcher_sends_nothing_once_its_lease_runs_out() -> None:
    """Point 2: with less than ``send_margin`` of its claim left, a dispatcher stops.

    So no other dispatcher, taking the messages when the claim ends, sends one that is
    still being sent. The lease is 5 minutes, the margin 1: at 2 minutes an email, two go.
    """
    w = world()
    slow = _SlowMailer(w)
    portal = _portal_with(w, slow)
    ids = _queue(w, 5)
    report = ok(portal.mail.deliver_pending(SYSTEM, limit=10))
    assert (report.sent, report.more) == (2, True)  # stopped early: more is due
    assert [_stored(w, message_id).claimed_until for message_id in ids[2:]] == [None] * 3
    assert ok(portal.mail.deliver_pending(SYSTEM, limit=10)).sent == 2
    last = ok(portal.mail.deliver_pending(SYSTEM, limit=10))
    assert (last.sent, last.more) == (1, False)
    assert [email.reference for email in slow.sent] == ids


def test_point_2_each_attempt_carries_the_same_reference_for_the_message_id() -> None:
    """Point 2: the mailer gets the outbox id as ``reference``, the same at every attempt."""
    w = world()
    (message_id,) = _queue(w, 1)
    w.mailer.refuse("anna.rossi@example.it", permanent=False)
    ok(w.portal.mail.deliver_pending(SYSTEM))
    recorder = RecordingMailer()  # another dispatcher, whose server takes the email
    again = _portal_with(w, recorder)
    w.clock.advance(MINUTE)
    ok(again.mail.deliver_pending(SYSTEM))
    assert [email.reference for email in recorder.sent] == [message_id]


class _FailingCommits(InMemoryStorage):
    """The in-memory storage, whose next commits fail with the errors given, in turn."""

    def __init__(self) -> None:
        super().__init__()
        self.failures: list[Exception] = []

    def __call__(self, *, exclusive: bool = False) -> InMemoryUnitOfWork:
        return _FailingUnitOfWork(self)


class _FailingUnitOfWork(InMemoryUnitOfWork):
    def __init__(self, storage: _FailingCommits) -> None:
        super().__init__(storage.store)
        self._failures = storage.failures

    def commit(self) -> None:
        if self._failures:
            raise self._failures.pop(0)
        super().commit()


def _failing_world() -> tuple[World, _FailingCommits]:
    storage = _FailingCommits()
    w = world()
    portal = bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=storage,
        clock=w.clock,
        ids=SequentialIdGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        mailer=w.mailer,
        reference=reference(),
    )
    return attrs.evolve(w, portal=portal, storage=storage), storage


def test_ms_4_a_rolled_back_use_case_sends_no_message() -> None:
    """Point 2 / MS-4: emails queued by work that does not commit never leave.

    A commit that fails (the database is gone) rolls back the application and its
    acknowledgement (AP-12); a commit refused for a conflict reruns the work, and the
    rerun queues the acknowledgement once.
    """
    w, storage = _failing_world()
    company = w.company()
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    ok(w.portal.mail.deliver_pending(SYSTEM))
    before = len(w.mailer.sent)
    storage.failures.append(StorageError("the database went away"))
    with pytest.raises(StorageError):
        w.portal.applications.apply(citizen, offer.id)
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 0
    assert ok(w.portal.messages.inbox(citizen)).items == ()
    storage.failures.append(ConcurrencyConflictError("application", offer.id))
    application = ok(w.portal.applications.apply(citizen, offer.id))
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 1
    (acknowledged,) = w.mailer.sent[before:]
    assert acknowledged.kind is EmailKind.APPLICATION_RECEIVED
    (message,) = ok(w.portal.messages.inbox(citizen)).items
    assert message.application == application.id


# -- dead letters: listed and requeued by an operator ---------------------------------------


def _dead(w: World, to: str = "nobody@example.it") -> OutboxMessageId:
    (message_id,) = _queue(w, 1, to=to)
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
    report = ok(_portal_with(w, recorder).mail.deliver_pending(SYSTEM))
    assert report.sent == 1
    assert [email.to for email in recorder.sent] == ["nobody@example.it"]
    assert _stored(w, message_id).requeued_at == w.clock.now()


def test_point_2_only_dead_letters_can_be_requeued() -> None:
    """Point 2: a pending or unknown message answers ``dead_letter.not_found``."""
    w = world()
    (pending,) = _queue(w, 1)
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
    assert _stored(w, entry.id).email.body == REDACTED
    assert failure(w.portal.mail.requeue(SYSTEM, entry.id)) == DeadLetterErased(message_id=entry.id)


def test_point_2_the_retry_policy_is_configuration() -> None:
    """Point 2: ``PortalConfig.delivery`` sets the delays and the retry period."""
    policy = DeliveryPolicy(retry_delays=(MINUTE, 10 * MINUTE), give_up_after=DAY)
    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    assert policy.retry_at(start, attempts=0, now=start) == start + MINUTE
    assert policy.retry_at(start, attempts=5, now=start) == start + 10 * MINUTE
    assert policy.retry_at(start, attempts=5, now=start + DAY - MINUTE) == start + DAY
    assert policy.retry_at(start, attempts=5, now=start + DAY) is None
    with pytest.raises(ValueError, match="retry_delays"):
        DeliveryPolicy(retry_delays=())
    with pytest.raises(ValueError, match="give_up_after"):
        DeliveryPolicy(give_up_after=dt.timedelta(0))


def test_point_1_delivery_errors_say_whether_to_try_again() -> None:
    """Point 1: the port's error tells permanent refusals from temporary ones."""
    assert not DeliveryError("x").permanent
    assert DeliveryError("x", permanent=True).permanent
    assert DeliveryError("x", unreachable=True).unreachable


def test_point_2_a_storage_shared_by_two_dispatchers_sends_each_email_once() -> None:
    """Point 2: two dispatchers on one storage: each email goes once."""
    w = world()
    _queue(w, 6)
    other = RecordingMailer()
    second = _portal_with(w, other)
    ok(w.portal.mail.deliver_pending(SYSTEM, limit=3))
    ok(second.mail.deliver_pending(SYSTEM, limit=10))
    subjects = sorted(email.subject for email in (*w.mailer.sent, *other.sent))
    assert subjects == sorted(f"Messaggio {n}" for n in range(6))
    assert isinstance(w.storage, InMemoryStorage)
