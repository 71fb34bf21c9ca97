"""The outbox dispatcher: retries with growing delays, and dead letters (MS-4).

Issue 11 point 2. The portal runs on the in-memory storage with the recording mailer,
which can play a server that is down (``available = False``) or that refuses one
address for good or for now (``refuse``). Listing and requeuing dead letters are in
test_dead_letters.py.
"""

from __future__ import annotations

import datetime as dt

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
from formlavoro_core.messaging.delivery import DEFAULT_RETRY_DELAYS, DeliveryPolicy
from formlavoro_core.messaging.outbox import DeliveryState, EmailKind, OutgoingEmail
from formlavoro_core.principals import SYSTEM
from tests.core.messaging.delivery_support import (
    DAY,
    MINUTE,
    portal_with,
    queue_emails,
    stored_message,
)
from tests.support import ROME, World, ok, reference, world


def test_point_2_a_temporary_failure_is_tried_again_after_growing_delays() -> None:
    """Point 2 / MS-4: the first retry comes within minutes, the next ones later and later."""
    w = world()
    (message_id,) = queue_emails(w, 1)
    w.mailer.available = False
    waits = []
    for _ in range(len(DEFAULT_RETRY_DELAYS) + 2):
        report = ok(w.portal.mail.deliver_pending(SYSTEM))
        assert (report.sent, report.failed, report.dead) == (0, 1, 0)
        stored = stored_message(w, message_id)
        assert stored.next_attempt_at is not None
        waits.append(stored.next_attempt_at - w.clock.now())
        # Not due before its time: a pass a second earlier takes nothing.
        w.clock.set(stored.next_attempt_at - dt.timedelta(seconds=1))
        assert ok(w.portal.mail.deliver_pending(SYSTEM)).failed == 0
        w.clock.set(stored.next_attempt_at)
    assert waits[0] <= 5 * MINUTE
    assert waits == sorted(waits)
    assert waits[-1] == waits[-2] == DEFAULT_RETRY_DELAYS[-1]
    assert stored_message(w, message_id).attempts == len(waits)
    w.mailer.available = True
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 1
    assert [email.reference for email in w.mailer.sent] == [message_id]


def test_point_2_after_five_days_the_outbox_gives_up_and_keeps_a_dead_letter() -> None:
    """Point 2 (RFC 5321 §4.5.4.1): a message refused for five days becomes a dead letter."""
    w = world()
    (message_id,) = queue_emails(w, 1)
    queued_at = stored_message(w, message_id).created_at
    w.mailer.available = False
    passes = 0
    while (stored := stored_message(w, message_id)).state is DeliveryState.PENDING:
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
    (refused,) = queue_emails(w, 1, to="nobody@example.it")
    w.mailer.refuse("nobody@example.it")
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed, report.dead) == (0, 0, 1)
    stored = stored_message(w, refused)
    assert (stored.state, stored.attempts) == (DeliveryState.DEAD, 1)
    assert stored.last_error == "SMTP 550 5.1.1 at RCPT TO (recorded)"
    w.clock.advance(DAY)
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed, report.dead) == (0, 0, 0)
    assert w.mailer.sent == []


def test_point_2_a_refusal_for_now_delays_that_email_only() -> None:
    """Point 2: a 4xx reply to one address delays that email; the others go."""
    w = world()
    (busy,) = queue_emails(w, 1, to="busy@example.it")
    w.mailer.refuse("busy@example.it", permanent=False)
    w.clock.advance(dt.timedelta(seconds=5))
    queue_emails(w, 2)  # two more, to another address, queued later
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed, report.dead) == (2, 1, 0)
    stored = stored_message(w, busy)
    assert (stored.state, stored.attempts) == (DeliveryState.PENDING, 1)
    assert stored.last_error == "SMTP 450 4.2.1 at RCPT TO (recorded)"


def test_point_2_an_unreachable_server_stops_the_pass_and_counts_one_attempt() -> None:
    """Point 2: when the server cannot be reached, the other emails are not tried in vain."""
    w = world()
    ids = queue_emails(w, 5)
    w.mailer.available = False
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed, report.more) == (0, 1, False)
    assert [stored_message(w, message_id).attempts for message_id in ids] == [1, 0, 0, 0, 0]
    # The others were released at once: the next pass tries them.
    w.mailer.available = True
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 4
    w.clock.advance(MINUTE)
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 1


def test_point_2_a_full_pass_says_more_may_be_due() -> None:
    """Point 5: ``more`` tells a script to call again at once."""
    w = world()
    queue_emails(w, 3)
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


def test_point_2_a_dispatcher_sends_nothing_once_its_lease_runs_out() -> None:
    """Point 2: with less than ``send_margin`` of its claim left, a dispatcher stops.

    So no other dispatcher, taking the messages when the claim ends, sends one that is
    still being sent. The lease is 5 minutes, the margin 1: at 2 minutes an email, two go.
    """
    w = world()
    slow = _SlowMailer(w)
    portal = portal_with(w, slow)
    ids = queue_emails(w, 5)
    report = ok(portal.mail.deliver_pending(SYSTEM, limit=10))
    assert (report.sent, report.more) == (2, True)  # stopped early: more is due
    assert [stored_message(w, message_id).claimed_until for message_id in ids[2:]] == [None] * 3
    assert ok(portal.mail.deliver_pending(SYSTEM, limit=10)).sent == 2
    last = ok(portal.mail.deliver_pending(SYSTEM, limit=10))
    assert (last.sent, last.more) == (1, False)
    assert [email.reference for email in slow.sent] == ids


def test_point_2_each_attempt_carries_the_same_reference_for_the_message_id() -> None:
    """Point 2: the mailer gets the outbox id as ``reference``, the same at every attempt."""
    w = world()
    (message_id,) = queue_emails(w, 1)
    w.mailer.refuse("anna.rossi@example.it", permanent=False)
    ok(w.portal.mail.deliver_pending(SYSTEM))
    recorder = RecordingMailer()  # another dispatcher, whose server takes the email
    again = portal_with(w, recorder)
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
    queue_emails(w, 6)
    other = RecordingMailer()
    second = portal_with(w, other)
    ok(w.portal.mail.deliver_pending(SYSTEM, limit=3))
    ok(second.mail.deliver_pending(SYSTEM, limit=10))
    subjects = sorted(email.subject for email in (*w.mailer.sent, *other.sent))
    assert subjects == sorted(f"Messaggio {n}" for n in range(6))
    assert isinstance(w.storage, InMemoryStorage)
