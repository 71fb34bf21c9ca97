"""Event use cases: CPIs organise recruitment days, citizens join them (EV-1 ... EV-7, INT-3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.documents import CalendarEntry, TicketDocument
from formlavoro_core.errors import (
    ConfigurationError,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
)
from formlavoro_core.events.failures import (
    AlreadyCheckedIn,
    AlreadyJoined,
    EventOver,
    InvalidTicket,
    NoTicketOnline,
    NotJoined,
    RegistrationClosed,
)
from formlavoro_core.events.model import Event, EventDetails, Membership
from formlavoro_core.ids import AccountId, EventId, OfferId
from formlavoro_core.offers.failures import NotADraft
from formlavoro_core.offers.model import Offer, OfferStatus, PublisherKind
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.principals import CitizenPrincipal, CpiPrincipal, Principal
from formlavoro_core.runtime import Dependencies, require_citizen, searching
from formlavoro_core.texts import _

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["EventListing", "EventService", "Ticket"]


@attrs.frozen(kw_only=True)
class EventListing:
    """EV-2: an event with the citizen's membership status.

    ``registration_open`` says whether the citizen can join now (EV-1: open, and its
    closing time, if any, not come).
    """

    event: Event
    joined: bool
    registration_open: bool = False


@attrs.frozen(kw_only=True)
class Ticket:
    """EV-3: what the citizen shows at the door; ``code`` cannot be forged."""

    event: EventId
    code: str
    document: TicketDocument


def _place(deps: Dependencies, event: Event) -> str:
    municipality = deps.reference.municipality(event.place) if event.place else None
    where = f"{municipality.name} ({municipality.province})" if municipality else ""
    return ", ".join(part for part in (event.address, where) if part) or "online"


class EventService:
    """``portal.events``: recruitment days, memberships, tickets and check-in."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    # -- employment centres ---------------------------------------------------------------

    def create(self, actor: Principal, details: EventDetails) -> Result[Event, DomainError]:
        """EV-1: a CPI creates a recruitment day, open for registration."""
        if not isinstance(actor, CpiPrincipal):
            return Failure(Forbidden(action="organise events"))
        checked = self._deps.codec.check(details)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        deps = self._deps
        if checked.starts_at <= deps.clock.now():
            return Failure(InvalidInput.at("starts_at", _("in the future")))
        closes = checked.registration_closes_at
        if closes is not None and closes <= deps.clock.now():
            return Failure(InvalidInput.at("registration_closes_at", _("in the future")))

        def work(uow: UnitOfWork) -> Event | DomainError:
            centre = uow.employment_centres.get(actor.cpi_id)
            if centre is None:
                return NotFound(entity="employment_centre", key=actor.cpi_id)
            return uow.events.add(
                Event(
                    **attrs.asdict(checked, recurse=False),
                    id=EventId(deps.ids.new_id()),
                    organiser=centre.id,
                    organiser_name=centre.name,
                    registration_open=True,
                    created_at=deps.clock.now(),
                )
            )

        return deps.run(work)

    def _organised(
        self, uow: UnitOfWork, actor: Principal, event_id: EventId
    ) -> Event | DomainError:
        if not isinstance(actor, CpiPrincipal):
            return Forbidden(action="manage events")
        event = uow.events.get(event_id)
        if event is None or event.organiser != actor.cpi_id:
            return NotFound(entity="event", key=event_id)
        return event

    def set_registration(
        self, actor: Principal, event_id: EventId, *, is_open: bool
    ) -> Result[Event, DomainError]:
        """EV-1: the organiser opens or closes registration.

        Opening it again after its closing time passed drops that closing time: the
        organiser's decision wins.
        """
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Event | DomainError:
            event = self._organised(uow, actor, event_id)
            if isinstance(event, DomainError):
                return event
            closes = event.registration_closes_at
            if is_open and closes is not None and closes <= now:
                closes = None
            return uow.events.update(
                attrs.evolve(event, registration_open=is_open, registration_closes_at=closes)
            )

        return self._deps.run(work)

    def attach_offer(
        self, actor: Principal, event_id: EventId, offer_id: OfferId, *, preselection: bool
    ) -> Result[Offer, DomainError]:
        """EV-4, EV-6: the organiser makes one of its draft offers an offer of the event.

        Without ``preselection`` nobody applies: the selection happens on site.
        """
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Offer | DomainError:
            event = self._organised(uow, actor, event_id)
            if isinstance(event, DomainError):
                return event
            if event.is_over(now):
                return EventOver()
            offer = uow.offers.get(offer_id)
            if offer is None or (offer.publisher.kind, offer.publisher.id) != (
                PublisherKind.CPI,
                event.organiser,
            ):
                return NotFound(entity="offer", key=offer_id)
            if offer.status is not OfferStatus.DRAFT:
                return NotADraft(status=offer.status)
            return uow.offers.update(attrs.evolve(offer, event=event.id, preselection=preselection))

        return self._deps.run(work)

    def participants(
        self, actor: Principal, event_id: EventId
    ) -> Result[tuple[Membership, ...], DomainError]:
        """Who joined the organiser's event, and who checked in."""

        def work(uow: UnitOfWork) -> tuple[Membership, ...] | DomainError:
            event = self._organised(uow, actor, event_id)
            if isinstance(event, DomainError):
                return event
            return tuple(uow.memberships.for_event(event.id))

        return self._deps.run(work)

    def check_in(self, actor: Principal, code: str) -> Result[Membership, DomainError]:
        """EV-3: at the door, the organiser checks a ticket's code; each lets in once."""
        if not isinstance(actor, CpiPrincipal):
            return Failure(Forbidden(action="check tickets"))
        payload = self._deps.tickets.verify(code.strip())
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Membership | DomainError:
            if payload is None:
                return InvalidTicket()
            event_id, _, citizen = payload.partition(".")
            event = uow.events.get(EventId(event_id))
            membership = uow.memberships.get(EventId(event_id), AccountId(citizen))
            if event is None or membership is None or event.organiser != actor.cpi_id:
                return InvalidTicket()
            if membership.checked_in_at is not None:
                return AlreadyCheckedIn(checked_in_at=membership.checked_in_at)
            if event.is_over(now):
                return EventOver()
            return uow.memberships.update(attrs.evolve(membership, checked_in_at=now))

        return self._deps.run(work)

    # -- citizens -------------------------------------------------------------------------

    def listing(self, actor: Principal) -> Result[tuple[EventListing, ...], DomainError]:
        """EV-1, EV-2: the events not over yet, by start, with the citizen's membership."""
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> tuple[EventListing, ...]:
            joined: set[EventId] = set()
            if isinstance(actor, CitizenPrincipal):
                joined = {m.event for m in uow.memberships.for_citizen(actor.account_id)}
            return tuple(
                EventListing(
                    event=event,
                    joined=event.id in joined,
                    registration_open=event.accepts_registrations(now),
                )
                for event in uow.events.not_over(now)
            )

        return self._deps.run(work)

    def join(self, actor: Principal, event_id: EventId) -> Result[Membership, DomainError]:
        """EV-2: join an event while its registration is open."""
        citizen = require_citizen(actor, "join events")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Membership | DomainError:
            event = uow.events.get(event_id)
            if event is None:
                return NotFound(entity="event", key=event_id)
            existing = uow.memberships.get(event.id, citizen.account_id)
            if existing is not None:
                return AlreadyJoined(joined_at=existing.joined_at)
            if event.is_over(now):
                return EventOver()
            if not event.accepts_registrations(now):
                return RegistrationClosed()
            return uow.memberships.add(
                Membership(event=event.id, citizen=citizen.account_id, joined_at=now)
            )

        return self._deps.run(work)

    def ticket(self, actor: Principal, event_id: EventId) -> Result[Ticket, DomainError]:
        """EV-3: the ticket of a citizen who joined an event in person."""
        citizen = require_citizen(actor, "get tickets")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        deps = self._deps

        def work(uow: UnitOfWork) -> Ticket | DomainError:
            event = uow.events.get(event_id)
            if event is None:
                return NotFound(entity="event", key=event_id)
            membership = uow.memberships.get(event.id, citizen.account_id)
            if membership is None:
                return NotJoined()
            if not event.in_person:
                return NoTicketOnline()
            account = uow.accounts.get(citizen.account_id)
            if account is None:
                return NotFound(entity="account", key=citizen.account_id)
            code = deps.tickets.sign(f"{event.id}.{citizen.account_id}")
            document = TicketDocument(
                event_name=event.name,
                starts_at=event.starts_at,
                ends_at=event.ends_at,
                place=_place(deps, event),
                organiser=event.organiser_name,
                holder_name=account.full_name,
                code=code,
                issued_at=membership.joined_at,
                timezone=deps.config.timezone,
            )
            return Ticket(event=event.id, code=code, document=document)

        return deps.run(work)

    def ticket_file(self, actor: Principal, event_id: EventId) -> Result[bytes, DomainError]:
        """EV-3: the ticket as a printable file (a PDF with a QR code by default)."""
        renderer = self._deps.ticket_renderer
        if renderer is None:
            raise ConfigurationError(
                "no ticket renderer: install formlavoro[documents] or pass one"
            )
        return self.ticket(actor, event_id).map(lambda ticket: renderer.render(ticket.document))

    def offers(
        self, actor: Principal, page: PageRequest | None = None
    ) -> Result[Page[Offer], DomainError]:
        """EV-4: the open offers of the events the citizen joined, newest first."""
        citizen = require_citizen(actor, "read event offers")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        request = page or PageRequest()
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Page[Offer] | DomainError:
            events = tuple(m.event for m in uow.memberships.for_citizen(citizen.account_id))
            return searching(
                lambda: uow.offers.search(OfferQuery(), request, now=now, events=events)
            )

        return self._deps.run(work)

    def calendar_file(self, actor: Principal, event_id: EventId) -> Result[bytes, DomainError]:
        """INT-3: the event as an iCalendar file, for anyone."""
        calendar = self._deps.calendar
        if calendar is None:
            raise ConfigurationError("no calendar exporter: install formlavoro[documents]")
        deps = self._deps

        def work(uow: UnitOfWork) -> CalendarEntry | DomainError:
            event = uow.events.get(event_id)
            if event is None:
                return NotFound(entity="event", key=event_id)
            centre = uow.employment_centres.get(event.organiser)
            return CalendarEntry(
                uid=f"event-{event.id}@formlavoro",
                name=event.name,
                description=event.description,
                starts_at=event.starts_at,
                ends_at=event.ends_at,
                location=_place(deps, event) if event.in_person else event.online_url,
                online=not event.in_person,
                organiser_name=event.organiser_name,
                organiser_email=centre.contacts.email if centre else None,
                created_at=event.created_at,
            )

        return deps.run(work).map(calendar.export)
