"""Application use cases of the offer's publisher: list and review (AP-6, AP-7, AP-10).

:class:`ApplicationReviewUseCases` is a base of
:class:`~formlavoro_core.applications.services.ApplicationService`. Only the company or
CPI that publishes an application's offer reads or reviews it; the citizen hears of
interest, selection and non-selection as a message and an email (MS-4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from returns.result import Failure, Result

from formlavoro_core.applications.failures import StatusCannotChange
from formlavoro_core.applications.model import Application, ApplicationStatus, RejectionReason
from formlavoro_core.errors import DomainError, Forbidden, InvalidInput, NotFound
from formlavoro_core.ids import ApplicationId, OfferId
from formlavoro_core.messaging.model import Counterpart, CounterpartKind, MessageKind
from formlavoro_core.messaging.notifications import notify
from formlavoro_core.offers.model import Publisher, PublisherKind
from formlavoro_core.offers.services import publisher_of
from formlavoro_core.principals import CompanyPrincipal, CpiPrincipal, Principal
from formlavoro_core.privacy.recording import record_application_read
from formlavoro_core.runtime import Dependencies
from formlavoro_core.texts import Text, _

if TYPE_CHECKING:
    from formlavoro_core.identity.model import Account
    from formlavoro_core.ports import UnitOfWork

__all__ = ["ApplicationReviewUseCases"]

_NOTIFIED = frozenset(
    {ApplicationStatus.INTERESTED, ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED}
)


def _notice(application: Application) -> tuple[Text, Text]:
    """The subject and body of the message telling a citizen about a review (AP-7)."""
    offer, company = application.offer_title, application.publisher.name
    reason = application.reason
    if application.status is ApplicationStatus.INTERESTED:
        return (
            _("{offer}: interest in your application", offer=offer),
            _(
                '{company} is interested in your application to "{offer}". They may contact '
                "you soon; you can answer this message to ask for more information.",
                company=company,
                offer=offer,
            ),
        )
    if application.status is ApplicationStatus.SELECTED:
        return (
            _("{offer}: you were selected", offer=offer),
            _(
                '{company} selected you for "{offer}". Congratulations!',
                company=company,
                offer=offer,
            ),
        )
    subject = _("{offer}: outcome of your application", offer=offer)
    if reason is None:
        return subject, _(
            '{company} did not select you for "{offer}".', company=company, offer=offer
        )
    return subject, _(
        '{company} did not select you for "{offer}". Reason: {reason}.',
        company=company,
        offer=offer,
        reason=reason.label,
    )


def _is_publisher(publisher: Publisher | DomainError, application: Application) -> bool:
    return isinstance(publisher, Publisher) and (publisher.kind, publisher.id) == (
        application.publisher.kind,
        application.publisher.id,
    )


class ApplicationReviewUseCases:
    """The publisher's side of ``portal.applications``."""

    if TYPE_CHECKING:  # given by ApplicationService
        _deps: Dependencies

    def for_offer(
        self, actor: Principal, offer_id: OfferId
    ) -> Result[tuple[Application, ...], DomainError]:
        """AP-6: the applications to one of the publisher's offers, with personal data."""
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> tuple[Application, ...] | DomainError:
            publisher = publisher_of(uow, actor, "read the applications to offers")
            if isinstance(publisher, DomainError):
                return publisher
            offer = uow.offers.get(offer_id)
            if offer is None or (offer.publisher.kind, offer.publisher.id) != (
                publisher.kind,
                publisher.id,
            ):
                return NotFound(entity="offer", key=offer_id)
            found = tuple(uow.applications.for_offer(offer.id))
            for application in found:
                record_application_read(uow, actor, application, "applications.for_offer", now)
            return found

        return self._deps.run(work)

    def review(
        self,
        actor: Principal,
        application_id: ApplicationId,
        status: ApplicationStatus,
        *,
        reason: RejectionReason | None = None,
    ) -> Result[Application, DomainError]:
        """AP-7, AP-10: the publisher moves an application forward.

        Interest, selection and non-selection reach the citizen as a message and an
        email (MS-4); "not selected" may carry a reason from the closed list. Only a
        company or CPI may review (``access.forbidden`` for anyone else); one that does
        not publish the application's offer gets ``application.not_found``.
        """
        if not isinstance(actor, CompanyPrincipal | CpiPrincipal):
            return Failure(Forbidden(action="review applications"))
        deps = self._deps
        now = deps.clock.now()

        def work(uow: UnitOfWork) -> Application | DomainError:
            application = uow.applications.get(application_id)
            if application is None or not _is_publisher(publisher_of(uow, actor), application):
                return NotFound(entity="application", key=application_id)
            if reason is not None and status is not ApplicationStatus.NOT_SELECTED:
                return InvalidInput.at("reason", _("only with not_selected"))
            if not application.status.may_become(status):
                return StatusCannotChange(current=application.status, requested=status)
            changed = uow.applications.update(application.moved_to(status, now, reason))
            account = uow.accounts.get(application.citizen)
            if account is not None and status in _NOTIFIED:
                self._tell(uow, account, changed)
            return changed

        return deps.run(work)

    def _tell(self, uow: UnitOfWork, account: Account, application: Application) -> None:
        subject, body = _notice(application)
        publisher = application.publisher
        kind = (
            CounterpartKind.COMPANY
            if publisher.kind is PublisherKind.COMPANY
            else CounterpartKind.CPI
        )
        notify(
            self._deps,
            uow,
            account=account,
            counterpart=Counterpart(kind=kind, id=publisher.id, name=publisher.name),
            kind=(
                MessageKind.APPLICATION_INTEREST
                if application.status is ApplicationStatus.INTERESTED
                else MessageKind.APPLICATION_STATUS
            ),
            subject=subject,
            body=body,
            offer=application.offer,
            application=application.id,
        )
