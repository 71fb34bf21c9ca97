"""The jobs that act when a deadline passes: expiries and registration closing times.

CV expiry (CV-11), offer expiry (AP-12) and registration closing times (EV-1). Each
walks its deadlines with :func:`formlavoro_core.deadlines.pass_deadlines`;
``portal.jobs.run_due`` runs them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import attrs
from returns.result import Result

from formlavoro_core.applications.notices import close_open_applications
from formlavoro_core.deadlines import Deadline, pass_deadlines
from formlavoro_core.messaging import templates
from formlavoro_core.messaging.model import MessageKind
from formlavoro_core.messaging.notifications import tell

if TYPE_CHECKING:
    from formlavoro_core.cv.model import Cv
    from formlavoro_core.errors import DomainError
    from formlavoro_core.events.model import Event
    from formlavoro_core.offers.model import Offer
    from formlavoro_core.ports import UnitOfWork
    from formlavoro_core.runtime import Dependencies

__all__ = ["DEADLINE_JOBS", "close_registrations", "close_with_offers", "tell_expired_cvs"]

_INSTANT = dt.timedelta(microseconds=1)


def tell_expired_cvs(deps: Dependencies) -> Result[int, DomainError]:
    """CV-11: each citizen whose published CV expired gets a message and an email, once."""

    def handle(uow: UnitOfWork, cv: Cv) -> int:
        account = uow.accounts.get(cv.owner)
        if account is None or cv.publication is None:
            return 0
        tell(
            deps,
            uow,
            account=account,
            email=templates.cv_expired(
                to=account.email or "",
                name=account.given_name,
                cv=cv.id,
                # The last day it was active: expiry is the first instant it is not.
                day=deps.config.local_date(cv.publication.expires_at - _INSTANT),
                link=deps.config.page("/cv"),
                language=account.language,
                portal=deps.config.portal_name,
                translator=deps.translator,
            ),
            kind=MessageKind.CV_EXPIRY,
        )
        return 1

    return pass_deadlines(
        deps,
        job="cv_expired",
        due=lambda uow, after, before, limit: uow.cvs.expiring(
            after=after, before=before, limit=limit
        ),
        deadline_of=lambda cv: Deadline(
            at=cv.publication.expires_at if cv.publication else cv.updated_at, id=cv.id
        ),
        handle=handle,
    )


def close_with_offers(deps: Dependencies) -> Result[int, DomainError]:
    """AP-12: an offer that expired closes its applications still open, telling each citizen."""

    def handle(uow: UnitOfWork, offer: Offer) -> int:
        return close_open_applications(deps, uow, offer, ended_on=offer.expires_on)

    return pass_deadlines(
        deps,
        job="offer_expired",
        due=lambda uow, after, before, limit: uow.offers.expiring(
            after=after, before=before, limit=limit
        ),
        deadline_of=lambda offer: Deadline(at=offer.expires_at, id=offer.id),
        handle=handle,
    )


def close_registrations(deps: Dependencies) -> Result[int, DomainError]:
    """EV-1: registration closes by itself at its closing time (stored, for every reader)."""

    def handle(uow: UnitOfWork, event: Event) -> int:
        if not event.registration_open:
            return 0
        uow.events.update(attrs.evolve(event, registration_open=False))
        return 1

    return pass_deadlines(
        deps,
        job="registration_closes",
        due=lambda uow, after, before, limit: uow.events.registration_closing(
            after=after, before=before, limit=limit
        ),
        deadline_of=lambda event: Deadline(
            at=event.registration_closes_at or event.created_at, id=event.id
        ),
        handle=handle,
    )


DEADLINE_JOBS: Mapping[str, Callable[[Dependencies], Result[int, DomainError]]] = {
    "cvs_expired": tell_expired_cvs,
    "applications_closed": close_with_offers,
    "registrations_closed": close_registrations,
}
"""Each deadline job, by the ``DueJobsReport`` field that counts what it did."""
