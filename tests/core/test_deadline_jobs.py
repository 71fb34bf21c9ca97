"""The jobs that act when a deadline passes (issue 11 point 4): CV-11, AP-12, EV-1.

``portal.jobs.run_due`` walks each kind of deadline from a mark it moves in the same
transaction as what it does: running it twice at the same instant, or again later,
sends nothing twice.
"""

from __future__ import annotations

import datetime as dt

import attrs

from formlavoro_core.applications.model import ApplicationStatus
from formlavoro_core.config import PortalConfig
from formlavoro_core.deadlines import FIRST_LOOKBACK, SETTLE
from formlavoro_core.errors import InvalidInput
from formlavoro_core.events.model import Event, EventDetails, EventMode
from formlavoro_core.jobs import DueJobsReport
from formlavoro_core.locale import Language
from formlavoro_core.messaging.model import CounterpartKind, MessageKind
from formlavoro_core.messaging.outbox import EmailKind, OutgoingEmail
from formlavoro_core.principals import SYSTEM, CitizenPrincipal
from formlavoro_core.reference.code_types import MunicipalityCode
from tests.support import ANNA, MARIO, ROME, World, failure, ok, world

DAY = dt.timedelta(days=1)
LATER = SETTLE + dt.timedelta(seconds=1)
"""A job handles a deadline once more than ``SETTLE`` has passed since it."""


def _run(w: World) -> DueJobsReport:
    return ok(w.portal.jobs.run_due(SYSTEM))


def _sent(w: World, kind: EmailKind) -> list[OutgoingEmail]:
    ok(w.portal.mail.deliver_pending(SYSTEM))
    return [email for email in w.mailer.sent if email.kind is kind]


# -- CV-11: the CV expired --------------------------------------------------------------------


def test_cv_11_the_citizen_is_told_once_when_the_cv_expires() -> None:
    """CV-11: at expiry the citizen gets a message and an email, once, with a link."""
    w = world()
    citizen, cv = w.citizen_with_published_cv()
    assert cv.publication is not None
    w.clock.set(cv.publication.expires_at - dt.timedelta(seconds=1))
    assert _run(w).cvs_expired == 0
    w.clock.set(cv.publication.expires_at + LATER)
    assert _run(w).cvs_expired == 1
    assert _run(w).cvs_expired == 0  # at the same instant: nothing twice
    w.clock.advance(3 * DAY)
    assert _run(w).cvs_expired == 0
    (email,) = _sent(w, EmailKind.CV_EXPIRED)
    assert email.subject == "FormazioneLavoro: il tuo CV è scaduto"
    assert f"codice {cv.id}" in email.body
    assert "il 31 maggio 2026" in email.body  # the last day it was published
    assert email.link == "https://formazionelavoro.example/cv"
    inbox = ok(w.portal.messages.inbox(citizen)).items
    told = [m for m in inbox if m.kind is MessageKind.CV_EXPIRY and "scaduto" in m.subject]
    assert [m.counterpart.kind for m in told] == [CounterpartKind.SYSTEM]


def test_cv_11_a_republished_cv_is_told_again_at_its_new_expiry() -> None:
    """CV-11: each publication's expiry is told, once each."""
    w = world()
    citizen, cv = w.citizen_with_published_cv()
    assert cv.publication is not None
    w.clock.set(cv.publication.expires_at + LATER)
    assert _run(w).cvs_expired == 1
    again = ok(w.portal.cv.publish(citizen, cv.id))
    assert again.publication is not None
    w.clock.set(again.publication.expires_at + LATER)
    report = _run(w)
    assert (report.cvs_expired, report.cv_reminders) == (1, 0)
    assert len(_sent(w, EmailKind.CV_EXPIRED)) == 2


def test_cv_11_the_first_run_looks_back_one_day_only() -> None:
    """CV-11: a portal that starts running the jobs does not tell old expiries."""
    w = world()
    _, cv = w.citizen_with_published_cv()
    assert cv.publication is not None
    w.clock.set(cv.publication.expires_at + FIRST_LOOKBACK + SETTLE + dt.timedelta(seconds=1))
    assert _run(w).cvs_expired == 0


def test_cv_11_the_expiry_email_is_in_the_citizens_language() -> None:
    """CV-11 / point 3: a French-speaking citizen is told in French."""
    w = world(PortalConfig(timezone=ROME, default_language=Language.FRENCH))
    _, cv = w.citizen_with_published_cv()
    assert cv.publication is not None
    w.clock.set(cv.publication.expires_at + LATER)
    _run(w)
    (email,) = _sent(w, EmailKind.CV_EXPIRED)
    assert (email.subject, email.language) == (
        "FormazioneLavoro : votre CV a expiré",
        Language.FRENCH,
    )


# -- AP-12: applications closed with their offer -----------------------------------------------


def _applicants(w: World) -> tuple[CitizenPrincipal, CitizenPrincipal]:
    anna, _ = w.citizen_with_published_cv(ANNA)
    mario, _ = w.citizen_with_published_cv(MARIO)
    return anna, mario


def test_ap_12_an_application_is_acknowledged_by_message_and_email() -> None:
    """AP-12: applying queues an acknowledgement, in the same transaction."""
    w = world()
    company = w.company("Trattoria da Pina")
    offer = w.offer(company, title="Cuoco/a di linea")
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    (message,) = ok(w.portal.messages.inbox(citizen)).items
    assert (message.kind, message.application, message.counterpart.kind) == (
        MessageKind.APPLICATION_STATUS,
        application.id,
        CounterpartKind.SYSTEM,
    )
    (email,) = _sent(w, EmailKind.APPLICATION_RECEIVED)
    assert email.subject == 'FormazioneLavoro: candidatura inviata per "Cuoco/a di linea"'
    assert "Trattoria da Pina" in email.body
    assert email.link == f"https://formazionelavoro.example/applications/{application.id}"


def test_ap_12_open_applications_close_when_the_offer_expires_and_each_citizen_is_told() -> None:
    """AP-12: at expiry, open applications become ``offer_closed``; decided ones stay."""
    w = world()
    company = w.company("Trattoria")
    offer = w.offer(company)
    anna, mario = _applicants(w)
    open_one = ok(w.portal.applications.apply(anna, offer.id))
    decided = ok(w.portal.applications.apply(mario, offer.id))
    ok(w.portal.applications.review(company, decided.id, ApplicationStatus.SELECTED))
    w.clock.set(offer.expires_at + LATER)
    assert _run(w).applications_closed == 1
    assert _run(w).applications_closed == 0  # the same instant: nothing twice
    w.clock.advance(DAY)
    assert _run(w).applications_closed == 0
    (summary,) = ok(w.portal.applications.mine(anna))
    assert summary.status is ApplicationStatus.OFFER_CLOSED
    assert summary.application.history[-1].at == offer.expires_at + LATER
    (mine,) = ok(w.portal.applications.mine(mario))
    assert mine.status is ApplicationStatus.SELECTED
    (email,) = _sent(w, EmailKind.APPLICATION_CLOSED)
    assert email.to == "anna.rossi@example.it"
    assert "il 30 giugno 2026" in email.body  # the offer's last day
    assert open_one.id in (email.link or "")


def test_ap_12_closing_an_offer_closes_its_open_applications_at_once() -> None:
    """AP-12: the publisher's close tells every applicant still waiting, in its transaction."""
    w = world()
    company = w.company()
    offer = w.offer(company)
    anna, mario = _applicants(w)
    ok(w.portal.applications.apply(anna, offer.id))
    viewed = ok(w.portal.applications.apply(mario, offer.id))
    ok(w.portal.applications.get(company, viewed.id))  # viewed: still open
    ok(w.portal.offers.close(company, offer.id))
    statuses = {s.status for c in (anna, mario) for s in ok(w.portal.applications.mine(c))}
    assert statuses == {ApplicationStatus.OFFER_CLOSED}
    assert len(_sent(w, EmailKind.APPLICATION_CLOSED)) == 2
    w.clock.set(offer.expires_at + LATER)  # a closed offer does not expire again
    assert _run(w).applications_closed == 0


def test_ap_12_a_review_cannot_set_offer_closed() -> None:
    """AP-12: ``offer_closed`` is the library's; a publisher cannot choose it."""
    w = world()
    company = w.company()
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    refused = failure(
        w.portal.applications.review(company, application.id, ApplicationStatus.OFFER_CLOSED)
    )
    assert refused.code == "application.status_cannot_change"
    assert ApplicationStatus.OFFER_CLOSED.is_final


# -- EV-1: registration closes by itself ---------------------------------------------------------


def _event(w: World, closes_in: dt.timedelta) -> tuple[Event, EventDetails]:
    cpi = w.cpi()
    starts = w.clock.now() + 10 * DAY
    details = EventDetails(
        name="Giornata del lavoro",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=8),
        mode=EventMode.IN_PERSON,
        place=MunicipalityCode("D969"),
        registration_closes_at=w.clock.now() + closes_in,
    )
    return ok(w.portal.events.create(cpi, details)), details


def test_ev_1_registration_closes_by_itself_at_its_closing_time() -> None:
    """EV-1 (decided): after the closing time nobody joins; the job records it, once."""
    w = world()
    event, details = _event(w, 2 * DAY)
    citizen = w.login()
    late = w.login(MARIO)
    (listing,) = ok(w.portal.events.listing(citizen))
    assert listing.registration_open
    ok(w.portal.events.join(citizen, event.id))
    assert details.registration_closes_at is not None
    w.clock.set(details.registration_closes_at)
    # Closed at its time, before any job ran.
    closed = failure(w.portal.events.join(late, event.id))
    assert closed.code == "event.registration_closed"
    (listing,) = ok(w.portal.events.listing(late))
    assert not listing.registration_open
    w.clock.advance(LATER)
    assert _run(w).registrations_closed == 1
    assert _run(w).registrations_closed == 0
    (listing,) = ok(w.portal.events.listing(late))
    assert not listing.event.registration_open  # stored so for every reader


def test_ev_1_the_closing_time_is_in_the_future_and_before_the_end() -> None:
    """EV-1: a closing time already passed, or after the event, is refused."""
    w = world()
    cpi = w.cpi()
    starts = w.clock.now() + 10 * DAY
    details = EventDetails(
        name="Giornata",
        starts_at=starts,
        ends_at=starts + DAY,
        mode=EventMode.ONLINE,
        registration_closes_at=w.clock.now(),
    )
    refused = failure(w.portal.events.create(cpi, details))
    assert isinstance(refused, InvalidInput)
    assert [p.path for p in refused.problems] == ["registration_closes_at"]
    after_end = attrs.evolve(details, registration_closes_at=starts + 2 * DAY)
    refused = failure(w.portal.events.create(cpi, after_end))
    assert isinstance(refused, InvalidInput)
    assert [p.path for p in refused.problems] == ["registration_closes_at"]


def test_ev_1_reopening_after_the_closing_time_drops_it() -> None:
    """EV-1: the organiser who opens registration again decides; the old time no longer applies."""
    w = world()
    cpi = w.cpi()
    starts = w.clock.now() + 10 * DAY
    details = EventDetails(
        name="Giornata",
        starts_at=starts,
        ends_at=starts + DAY,
        mode=EventMode.ONLINE,
        registration_closes_at=w.clock.now() + DAY,
    )
    event = ok(w.portal.events.create(cpi, details))
    w.clock.advance(2 * DAY)
    _run(w)
    reopened = ok(w.portal.events.set_registration(cpi, event.id, is_open=True))
    assert (reopened.registration_open, reopened.registration_closes_at) == (True, None)
    ok(w.portal.events.join(w.login(), event.id))
    assert _run(w).registrations_closed == 0


# -- all of them --------------------------------------------------------------------------------


def test_point_4_every_job_is_idempotent_at_the_same_instant() -> None:
    """Point 4: a second run at the same instant does nothing and sends nothing."""
    w = world()
    company = w.company()
    citizen, cv = w.citizen_with_published_cv()
    assert cv.publication is not None  # it expires on 2026-05-31 at 08:00 UTC
    offer = w.offer(company, expires_on=dt.date(2026, 5, 30))  # expires at 22:00 UTC
    ok(w.portal.applications.apply(citizen, offer.id))
    w.clock.set(dt.datetime(2026, 5, 31, tzinfo=dt.UTC))
    _event(w, dt.timedelta(hours=6))
    w.clock.set(cv.publication.expires_at + LATER)
    first = _run(w)
    assert (first.cvs_expired, first.applications_closed, first.registrations_closed) == (1, 1, 1)
    with w.storage() as uow:
        queued = len(uow.outbox.pending(limit=1000, now=w.clock.now()))
    assert _run(w) == DueJobsReport(cv_reminders=0)
    with w.storage() as uow:
        assert len(uow.outbox.pending(limit=1000, now=w.clock.now())) == queued
