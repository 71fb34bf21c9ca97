"""Offer use cases: publishers draft, publish and close; everyone searches (OF-1 ... OF-7)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from returns.result import Failure, Result

from formlavoro_core.applications.notices import close_open_applications
from formlavoro_core.checked import CheckedOnce
from formlavoro_core.errors import DomainError, Forbidden, InvalidInput, NotFound
from formlavoro_core.ids import ApplicationId, OfferId
from formlavoro_core.offers.failures import (
    ExpiryPassed,
    NoJobPosting,
    NotADraft,
    OfferNotOpen,
)
from formlavoro_core.offers.job_posting import posting_of
from formlavoro_core.offers.model import (
    Offer,
    OfferDraft,
    OfferStatus,
    Publisher,
    PublisherKind,
)
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.offers.saved_search_service import SavedSearchUseCases
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.principals import (
    CitizenPrincipal,
    CompanyPrincipal,
    CpiPrincipal,
    Principal,
)
from formlavoro_core.reference.code_types import ProvinceCode
from formlavoro_core.runtime import Dependencies, searching
from formlavoro_core.texts import _

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["OfferCard", "OfferService", "publisher_of"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class OfferCard:
    """OF-2: the whole offer, and what the viewer can do with it (AP-5: applied or not).

    ``can_apply`` is true for a citizen with a published CV who has not applied to this
    open offer yet (and, for an event offer, joined the event and it has preselection).
    """

    offer: Offer
    status: OfferStatus
    applied: bool
    application: ApplicationId | None
    can_apply: bool


def publisher_of(
    uow: UnitOfWork, actor: Principal, action: str = "publish offers"
) -> Publisher | DomainError:
    """The publisher the acting company or employment centre stands for (OF-5)."""
    if isinstance(actor, CompanyPrincipal):
        company = uow.companies.get(actor.company_id)
        if company is None:
            return NotFound(entity="company", key=actor.company_id)
        return Publisher(kind=PublisherKind.COMPANY, id=company.id, name=company.name)
    if isinstance(actor, CpiPrincipal):
        centre = uow.employment_centres.get(actor.cpi_id)
        if centre is None:
            return NotFound(entity="employment_centre", key=actor.cpi_id)
        return Publisher(kind=PublisherKind.CPI, id=centre.id, name=centre.name)
    return Forbidden(action=action)


class OfferService(SavedSearchUseCases):
    """``portal.offers``: job offers and saved searches."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps
        self._queries: CheckedOnce[OfferQuery] = CheckedOnce(deps.codec.check)

    # -- publishers ----------------------------------------------------------------------

    def _event_problem(
        self, uow: UnitOfWork, publisher: Publisher, draft: OfferDraft
    ) -> DomainError | None:
        """EV-4: only the CPI organising an event puts offers in it."""
        if draft.event is None:
            return None
        event = uow.events.get(draft.event)
        if event is None or (publisher.kind, publisher.id) != (PublisherKind.CPI, event.organiser):
            return NotFound(entity="event", key=draft.event)
        if event.is_over(self._deps.clock.now()):
            return InvalidInput.at("event", _("the event is over"))
        return None

    def _built(
        self, uow: UnitOfWork, publisher: Publisher, draft: OfferDraft, **kept: object
    ) -> Offer | DomainError:
        problem = self._event_problem(uow, publisher, draft)
        if problem is not None:
            return problem
        place = self._deps.reference.municipality(draft.workplace)
        if place is None:  # the codec checked it; the reference data changed since
            return InvalidInput.at("workplace", _("unknown municipality code"))
        fields = attrs.asdict(draft, recurse=False)
        fields.pop("expires_on")
        return Offer(
            **fields,
            id=kept.get("id") or OfferId(self._deps.ids.new_id()),  # type: ignore[arg-type]
            publisher=publisher,
            province=ProvinceCode(place.province),
            created_at=kept.get("created_at") or self._deps.clock.now(),  # type: ignore[arg-type]
            expires_on=draft.expires_on,
            expires_at=self._deps.config.end_of(draft.expires_on),
            version=kept.get("version", 0),  # type: ignore[arg-type]
        )

    def create(self, actor: Principal, draft: OfferDraft) -> Result[Offer, DomainError]:
        """OF-5: a company or CPI writes a draft offer."""
        if not isinstance(actor, CompanyPrincipal | CpiPrincipal):
            return Failure(Forbidden(action="publish offers"))
        checked = self._deps.codec.check(draft)
        if isinstance(checked, InvalidInput):
            return Failure(checked)

        def work(uow: UnitOfWork) -> Offer | DomainError:
            publisher = publisher_of(uow, actor)
            if isinstance(publisher, DomainError):
                return publisher
            offer = self._built(uow, publisher, checked)
            return offer if isinstance(offer, DomainError) else uow.offers.add(offer)

        return self._deps.run(work)

    def _own(self, uow: UnitOfWork, actor: Principal, offer_id: OfferId) -> Offer | DomainError:
        publisher = publisher_of(uow, actor)
        if isinstance(publisher, DomainError):
            return publisher
        offer = uow.offers.get(offer_id)
        if offer is None or (offer.publisher.kind, offer.publisher.id) != (
            publisher.kind,
            publisher.id,
        ):
            return NotFound(entity="offer", key=offer_id)
        return offer

    def update(
        self, actor: Principal, offer_id: OfferId, draft: OfferDraft
    ) -> Result[Offer, DomainError]:
        """Rewrite a draft; published offers do not change under the applicants' feet."""
        if not isinstance(actor, CompanyPrincipal | CpiPrincipal):
            return Failure(Forbidden(action="publish offers"))
        checked = self._deps.codec.check(draft)
        if isinstance(checked, InvalidInput):
            return Failure(checked)

        def work(uow: UnitOfWork) -> Offer | DomainError:
            offer = self._own(uow, actor, offer_id)
            if isinstance(offer, DomainError):
                return offer
            if offer.status is not OfferStatus.DRAFT:
                return NotADraft(status=offer.status)
            rebuilt = self._built(
                uow,
                offer.publisher,
                checked,
                id=offer.id,
                created_at=offer.created_at,
                version=offer.version,
            )
            return rebuilt if isinstance(rebuilt, DomainError) else uow.offers.update(rebuilt)

        return self._deps.run(work)

    def publish(self, actor: Principal, offer_id: OfferId) -> Result[Offer, DomainError]:
        """OF-5: a draft becomes active, listed until its expiry date or until closed.

        In the same transaction the offer takes the next publication number, by which
        saved searches tell the offers they have not looked at yet (OF-7).
        """
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Offer | DomainError:
            offer = self._own(uow, actor, offer_id)
            if isinstance(offer, DomainError):
                return offer
            if offer.status is not OfferStatus.DRAFT:
                return NotADraft(status=offer.status)
            if now >= offer.expires_at:
                return ExpiryPassed(expires_at=offer.expires_at)
            published = uow.offers.update(
                attrs.evolve(offer, status=OfferStatus.ACTIVE, published_at=now)
            )
            uow.offers.record_publication(published.id)
            return published

        return self._deps.run(work)

    def close(self, actor: Principal, offer_id: OfferId) -> Result[Offer, DomainError]:
        """OF-5: the publisher closes an active offer; it accepts no more applications.

        AP-12: the applications still open are closed as ``offer_closed`` and each
        citizen is told, in the same transaction.
        """
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Offer | DomainError:
            offer = self._own(uow, actor, offer_id)
            if isinstance(offer, DomainError):
                return offer
            if not offer.is_open(now):
                return OfferNotOpen(status=offer.status_at(now))
            closed = uow.offers.update(
                attrs.evolve(offer, status=OfferStatus.CLOSED, closed_at=now)
            )
            today = self._deps.config.local_date(now)
            close_open_applications(self._deps, uow, closed, ended_on=today)
            return closed

        return self._deps.run(work)

    def mine(
        self, actor: Principal, page: PageRequest | None = None
    ) -> Result[Page[Offer], DomainError]:
        """The acting publisher's offers, whatever their status, newest first."""
        request = page or PageRequest()

        def work(uow: UnitOfWork) -> Page[Offer] | DomainError:
            publisher = publisher_of(uow, actor)
            if isinstance(publisher, DomainError):
                return publisher
            return searching(lambda: uow.offers.by_publisher(publisher.kind, publisher.id, request))

        return self._deps.run(work)

    # -- everyone -------------------------------------------------------------------------

    def search(
        self, actor: Principal, query: OfferQuery, page: PageRequest | None = None
    ) -> Result[Page[Offer], DomainError]:
        """OF-1, OF-3, OF-4: active standard offers matching the filters, newest first.

        Every filter is optional; an empty query lists every active offer. Expired offers
        are never listed (OF-6).
        """
        checked = self._queries(query)  # the next pages of a search send it again
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        request = page or PageRequest()
        now = self._deps.clock.now()
        return self._deps.run(
            lambda uow: searching(lambda: uow.offers.search(checked, request, now=now))
        )

    def card(self, actor: Principal, offer_id: OfferId) -> Result[OfferCard, DomainError]:
        """OF-2: the whole offer; a citizen sees whether they applied (AP-5) or may apply.

        Drafts are seen by their publisher only; closed and expired offers by their
        publisher and by the citizens who applied to them.
        """
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> OfferCard | DomainError:
            offer = uow.offers.get(offer_id)
            if offer is None:
                return NotFound(entity="offer", key=offer_id)
            own = publisher_of(uow, actor)
            is_publisher = isinstance(own, Publisher) and (own.kind, own.id) == (
                offer.publisher.kind,
                offer.publisher.id,
            )
            application = None
            if isinstance(actor, CitizenPrincipal):
                application = uow.applications.find(offer.id, actor.account_id)
            visible = is_publisher or offer.is_open(now) or application is not None
            if not visible or (offer.status is OfferStatus.DRAFT and not is_publisher):
                return NotFound(entity="offer", key=offer_id)
            cv = uow.cvs.by_owner(actor.account_id) if isinstance(actor, CitizenPrincipal) else None
            can_apply = (
                isinstance(actor, CitizenPrincipal)
                and application is None
                and offer.is_open(now)
                and offer.preselection
                and cv is not None
                and cv.is_published(now)
                and (
                    offer.event is None
                    or uow.memberships.get(offer.event, actor.account_id) is not None
                )
            )
            return OfferCard(
                offer=offer,
                status=offer.status_at(now),
                applied=application is not None,
                application=application.id if application else None,
                can_apply=can_apply,
            )

        return self._deps.run(work)

    def job_posting(
        self, actor: Principal, offer_id: OfferId
    ) -> Result[dict[str, Any], DomainError]:
        """INT-2: the active offer as schema.org ``JobPosting`` JSON-LD data, for anyone.

        A JSON-ready ``dict`` (see :mod:`formlavoro_core.offers.job_posting`); serialising
        it is the caller's job. A closed or expired offer has none
        (``offer.job_posting.not_active``); a draft is not found except by its publisher.
        """
        deps = self._deps
        now = deps.clock.now()

        def work(uow: UnitOfWork) -> dict[str, Any] | DomainError:
            offer = uow.offers.get(offer_id)
            if offer is None:
                return NotFound(entity="offer", key=offer_id)
            if offer.status is OfferStatus.DRAFT:
                own = publisher_of(uow, actor)
                if not isinstance(own, Publisher) or (own.kind, own.id) != (
                    offer.publisher.kind,
                    offer.publisher.id,
                ):
                    return NotFound(entity="offer", key=offer_id)
            if not offer.is_open(now):
                return NoJobPosting(status=offer.status_at(now))
            return posting_of(uow, deps, offer)

        return deps.run(work)
