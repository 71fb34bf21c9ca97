"""Time-driven rules, run by the portal's scheduler (CV-11, OF-7, AP-12, EV-1).

``portal.mail`` (the outbox dispatcher) lives in :mod:`formlavoro_core.messaging.dispatch`;
its names are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.cv.publication import add_local_days
from formlavoro_core.errors import DomainError
from formlavoro_core.ids import AccountId, MessageId
from formlavoro_core.messaging import templates
from formlavoro_core.messaging.delivery import DeliveryReport
from formlavoro_core.messaging.dispatch import CLAIM_LEASE, MailService
from formlavoro_core.messaging.model import (
    Counterpart,
    CounterpartKind,
    Direction,
    Message,
    MessageKind,
)
from formlavoro_core.offers.alerts import AlertLedger, SavedSearch
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.query import OfferQuery, sort_key
from formlavoro_core.paging import PageRequest
from formlavoro_core.principals import Principal
from formlavoro_core.runtime import Dependencies, require_system
from formlavoro_core.scheduled import DEADLINE_JOBS

if TYPE_CHECKING:
    from formlavoro_core.config import PortalConfig
    from formlavoro_core.messaging.outbox import OutgoingEmail
    from formlavoro_core.ports import UnitOfWork

__all__ = ["CLAIM_LEASE", "DeliveryReport", "DueJobsReport", "JobsService", "MailService"]

ALERT_PAGE = PageRequest(size=100)
ALERT_LINES = 50
"""At most this many offers are listed in one alert email (the newest); all are announced."""


@attrs.frozen(kw_only=True)
class DueJobsReport:
    """What one run of the due jobs did.

    Attributes:
        cv_reminders: CV expiry reminders queued (CV-11).
        offer_alerts: alert emails of saved searches queued (OF-7).
        cvs_expired: citizens told that their CV expired (CV-11).
        applications_closed: applications closed because their offer expired (AP-12).
        registrations_closed: events whose registration closed at its time (EV-1).
    """

    cv_reminders: int
    offer_alerts: int = 0
    cvs_expired: int = 0
    applications_closed: int = 0
    registrations_closed: int = 0


class JobsService:
    """``portal.jobs``: the idempotent time-driven rules a scheduler calls."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def run_due(self, actor: Principal) -> Result[DueJobsReport, DomainError]:
        """Run every time-driven rule that is due; safe to call any time, and at once.

        A CV reminder goes once per publication, from ``cv_reminder_days`` days before
        the expiry until the expiry itself (CV-11). A saved search sends the matching
        offers published since it last looked, told by publication numbers rather than
        clock times, each offer once per citizen (OF-7). Then the deadlines passed since
        the last run (:mod:`formlavoro_core.deadlines`): CVs that expired are told
        (CV-11), offers that expired close their open applications (AP-12), events whose
        registration closing time came close it (EV-1). Each thing is done once: a second
        run, even at the same instant or at the same time as this one, finds it done.
        """
        system = require_system(actor, "run scheduled jobs")
        if isinstance(system, DomainError):
            return Failure(system)
        deps = self._deps
        now = deps.clock.now()
        policy = deps.config.publication
        # One day of margin: calendar days are 23 to 25 hours long; each CV is then
        # checked exactly against its own due date.
        expiring_before = add_local_days(now, policy.reminder_days + 1, policy.timezone)

        def work(uow: UnitOfWork) -> DueJobsReport:
            count = 0
            for cv in uow.cvs.due_for_reminder(expiring_before=expiring_before, now=now):
                publication = cv.publication
                account = uow.accounts.get(cv.owner)
                if (
                    publication is None
                    or account is None
                    or now < policy.reminder_due_from(publication)
                ):
                    continue
                reminder = templates.cv_expiry_reminder(
                    to=account.email or "",
                    name=account.given_name,
                    cv=cv.id,
                    day=deps.config.local_date(publication.expires_at),
                    language=account.language,
                    portal=deps.config.portal_name,
                    translator=deps.translator,
                )
                if account.email is not None:
                    deps.queue_email(uow, reminder, link=deps.config.page("/cv"))
                uow.messages.add(_system_message(deps, account.id, reminder, now))
                uow.cvs.update(
                    attrs.evolve(cv, publication=attrs.evolve(publication, reminder_sent_at=now))
                )
                count += 1
            return DueJobsReport(cv_reminders=count, offer_alerts=self._alerts(uow, now))

        first = deps.run(work)
        if isinstance(first, Failure):
            return first
        counts: dict[str, int] = {}
        for field, job in DEADLINE_JOBS.items():
            outcome = job(deps)
            if isinstance(outcome, Failure):
                return Failure(outcome.failure())
            counts[field] = outcome.value_or(0)
        return first.map(lambda report: attrs.evolve(report, **counts))

    def _alerts(self, uow: UnitOfWork, now: dt.datetime) -> int:
        """OF-7: email the new offers of every due saved search, never one twice."""
        deps = self._deps
        sent = 0
        # Read first: every offer numbered up to here is committed (record_publication),
        # so the searches below miss none of them, whoever publishes meanwhile.
        last = uow.offers.last_publication_number()
        for search in uow.saved_searches.due(now):
            account = uow.accounts.get(search.citizen)
            found = _new_offers(uow, search, now=now, last=last)
            ledger = uow.alert_ledgers.get(search.citizen)
            fresh = (ledger or AlertLedger(citizen=search.citizen)).fresh(found)
            if fresh and account is not None and account.email is not None:
                deps.queue_email(
                    uow,
                    templates.offer_alert(
                        to=account.email,
                        name=account.given_name,
                        search=search.name,
                        offers=_alert_lines(fresh, deps.config),
                        unsubscribe=deps.config.unsubscribe_url.format(
                            token=search.unsubscribe_token
                        ),
                        language=account.language,
                        portal=deps.config.portal_name,
                        translator=deps.translator,
                    ),
                )
                ids = [offer.id for offer in fresh]
                if ledger is None:
                    uow.alert_ledgers.add(AlertLedger(citizen=search.citizen).announcing(ids))
                else:
                    uow.alert_ledgers.update(ledger.announcing(ids))
                sent += 1
            through = max(last, search.alerted_through or 0)
            uow.saved_searches.update(
                attrs.evolve(search, last_sent_at=now, alerted_through=through)
            )
        return sent


def _new_offers(
    uow: UnitOfWork, search: SavedSearch, *, now: dt.datetime, last: int
) -> list[Offer]:
    """The open offers matching ``search`` numbered after its mark, up to ``last``.

    Newest first, as alerts list them. A search saved before offers were numbered also
    gets, once, the offers published after its last alert by time.
    """
    found: list[Offer] = []
    mark = search.alerted_through or 0
    while mark < last:
        batch = uow.offers.published_between(
            search.query, after=mark, up_to=last, now=now, limit=ALERT_PAGE.size
        )
        found.extend(offer for _, offer in batch)
        if len(batch) < ALERT_PAGE.size:
            break
        mark = batch[-1][0]
    if search.alerted_through is None:
        since = search.last_sent_at or search.created_at
        found.extend(_every_offer(uow, search.query, now=now, since=since))
    found.sort(key=sort_key, reverse=True)
    return found


def _every_offer(
    uow: UnitOfWork, query: OfferQuery, *, now: dt.datetime, since: dt.datetime
) -> list[Offer]:
    """Every open offer matching ``query`` published after ``since``, newest first."""
    found: list[Offer] = []
    page = ALERT_PAGE
    while True:
        batch = uow.offers.search(query, page, now=now, published_after=since)
        found.extend(batch.items)
        if batch.next_after is None:
            return found
        page = attrs.evolve(ALERT_PAGE, after=batch.next_after)


def _alert_lines(offers: tuple[Offer, ...], config: PortalConfig) -> tuple[str, ...]:
    """One line per offer with its card's link (the newest :data:`ALERT_LINES`), then more.

    The last line says how many offers were left out, if any.
    """
    lines = tuple(
        f"{offer.title} ({offer.publisher.name}): {config.page(f'/offers/{offer.id}')}"
        for offer in offers[:ALERT_LINES]
    )
    more = len(offers) - ALERT_LINES
    return (*lines, f"... +{more}") if more > 0 else lines


def _system_message(
    deps: Dependencies, citizen: AccountId, email: OutgoingEmail, now: dt.datetime
) -> Message:
    """The inbox copy of an automatic email (MS-1: messages from the system)."""
    message_id = MessageId(deps.ids.new_id())
    return Message(
        id=message_id,
        thread=message_id,
        citizen=citizen,
        counterpart=Counterpart(kind=CounterpartKind.SYSTEM, id=None, name=deps.config.portal_name),
        direction=Direction.TO_CITIZEN,
        kind=MessageKind.CV_EXPIRY,
        subject=email.subject,
        body=email.body,
        sent_at=now,
    )
