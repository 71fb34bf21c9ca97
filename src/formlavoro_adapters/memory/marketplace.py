"""In-memory repositories of the marketplace.

Organisations, offers, saved searches, applications, events, messages, unlock requests.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from formlavoro_adapters.memory.deadlines import passed
from formlavoro_adapters.memory.offer_index import OfferIndex
from formlavoro_adapters.memory.personal_data import Holder
from formlavoro_adapters.memory.tables import Repository, Schema, Session, joined_key
from formlavoro_core.matching.bounds import Bounded
from formlavoro_core.matching.offer_bounds import OfferBound, by_offer_bound
from formlavoro_core.matching.profiles import OfferProfile, offer_in_cell
from formlavoro_core.messaging.model import Direction
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.offers.query import (
    offer_filter,
    paginate_newest_first,
    search_offers,
    sort_key,
)
from formlavoro_core.privacy.anonymise import anonymised_application, anonymised_membership

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.applications.model import Application
    from formlavoro_core.deadlines import Deadline
    from formlavoro_core.events.model import Event, Membership
    from formlavoro_core.ids import (
        AccountId,
        ApplicationId,
        CompanyId,
        CpiId,
        CvId,
        EventId,
        MessageId,
        OfferId,
        SavedSearchId,
        TrainingEntityId,
        UnlockRequestId,
    )
    from formlavoro_core.matching.profiles import OfferCell
    from formlavoro_core.messaging.model import CounterpartKind, Message
    from formlavoro_core.offers.alerts import AlertLedger, SavedSearch
    from formlavoro_core.offers.model import Offer, PublisherKind
    from formlavoro_core.offers.query import OfferQuery
    from formlavoro_core.organisations.model import Company, EmploymentCentre, TrainingEntity
    from formlavoro_core.paging import Page, PageRequest
    from formlavoro_core.privacy.subject import DataSubject
    from formlavoro_core.talent.model import UnlockRequest

__all__ = [
    "SCHEMAS",
    "InMemoryAlertLedgers",
    "InMemoryApplications",
    "InMemoryCompanies",
    "InMemoryEmploymentCentres",
    "InMemoryEvents",
    "InMemoryMemberships",
    "InMemoryMessages",
    "InMemoryOffers",
    "InMemorySavedSearches",
    "InMemoryTrainingEntities",
    "InMemoryUnlockRequests",
]

COMPANIES = Schema("company", lambda c: c.id, {})
EMPLOYMENT_CENTRES = Schema("employment_centre", lambda c: c.id, {})
TRAINING_ENTITIES = Schema("training_entity", lambda e: e.id, {})
OFFERS = Schema("offer", lambda o: o.id, {})
OFFER_PUBLICATIONS = Schema(
    "offer_publication", lambda p: p.offer, {"number": lambda p: str(p.number)}
)
SAVED_SEARCHES = Schema(
    "saved_search", lambda s: s.id, {"unsubscribe_token": lambda s: s.unsubscribe_token}
)
ALERT_LEDGERS = Schema("alert_ledger", lambda ledger: ledger.citizen, {})
APPLICATIONS = Schema(
    "application", lambda a: a.id, {"offer_citizen": lambda a: joined_key(a.offer, a.citizen)}
)
EVENTS = Schema("event", lambda e: e.id, {})
MEMBERSHIPS = Schema("membership", lambda m: joined_key(m.event, m.citizen), {})
MESSAGES = Schema("message", lambda m: m.id, {})
UNLOCK_REQUESTS = Schema(
    "unlock_request", lambda r: r.id, {"company_cv": lambda r: joined_key(r.company, r.cv)}
)
SCHEMAS = (
    COMPANIES,
    EMPLOYMENT_CENTRES,
    TRAINING_ENTITIES,
    OFFERS,
    OFFER_PUBLICATIONS,
    SAVED_SEARCHES,
    ALERT_LEDGERS,
    APPLICATIONS,
    EVENTS,
    MEMBERSHIPS,
    MESSAGES,
    UNLOCK_REQUESTS,
)


class InMemoryCompanies(Repository["Company"]):
    def get(self, company_id: CompanyId) -> Company | None:
        return self._get(company_id)


class InMemoryEmploymentCentres(Repository["EmploymentCentre"]):
    def get(self, cpi_id: CpiId) -> EmploymentCentre | None:
        return self._get(cpi_id)


class InMemoryTrainingEntities(Repository["TrainingEntity"]):
    def get(self, entity_id: TrainingEntityId) -> TrainingEntity | None:
        return self._get(entity_id)


@attrs.frozen(kw_only=True)
class _Publication:
    """An offer's publication number (OF-7): unique, so two takers cannot both commit."""

    offer: str
    number: int
    version: int = 0


def _by_number(entries: Iterable[_Publication]) -> list[_Publication]:
    return sorted(entries, key=lambda entry: entry.number)


class _PublicationLog(Repository[_Publication]):
    def entries(self) -> list[_Publication]:
        """Every publication by number (the committed ones sorted once between commits)."""
        if self._has_staged():
            return _by_number(self._all())
        self._uow.require_active()
        return self._uow.store.derived(self._schema.name, _by_number)

    def last(self) -> int:
        entries = self.entries()
        return entries[-1].number if entries else 0


class InMemoryOffers(Repository["Offer"]):
    def __init__(self, uow: Session, schema: Schema) -> None:
        super().__init__(uow, schema)
        self._log = _PublicationLog(uow, OFFER_PUBLICATIONS)

    def get(self, offer_id: OfferId) -> Offer | None:
        return self._get(offer_id)

    def get_many(self, offer_ids: Sequence[OfferId]) -> dict[OfferId, Offer]:
        return {offer.id: offer for key in offer_ids if (offer := self._get(key)) is not None}

    def match_profiles(self, cell: OfferCell, *, now: dt.datetime) -> Sequence[OfferProfile]:
        self._uow.require_active()
        if self._has_staged():
            return [OfferProfile.of(o) for o in self._all() if offer_in_cell(o, cell, now=now)]
        index = self._uow.store.derived(self._schema.name, OfferIndex)
        return [OfferProfile.of(offer) for offer in index.in_cell(cell, now=now)]

    def ranked_profiles(
        self, cell: OfferCell, bound: OfferBound, *, now: dt.datetime
    ) -> Sequence[Bounded[OfferProfile]]:
        return by_offer_bound(self.match_profiles(cell, now=now), bound)

    def record_publication(self, offer_id: OfferId) -> int:
        number = self._log.last() + 1
        self._log.add(_Publication(offer=offer_id, number=number))
        return number

    def expiring(self, *, after: Deadline, before: dt.datetime, limit: int) -> Sequence[Offer]:
        return passed(
            self._all(),
            lambda o: o.expires_at if o.status is OfferStatus.ACTIVE else None,
            lambda o: o.id,
            after=after,
            before=before,
            limit=limit,
        )

    def last_publication_number(self) -> int:
        return self._log.last()

    def published_between(
        self, query: OfferQuery, *, after: int, up_to: int, now: dt.datetime, limit: int
    ) -> Sequence[tuple[int, Offer]]:
        keep = offer_filter(query, now=now)
        found: list[tuple[int, Offer]] = []
        entries = self._log.entries()
        first = bisect.bisect_right(entries, after, key=lambda entry: entry.number)
        for entry in itertools.islice(entries, first, None):
            if entry.number > up_to:
                break
            offer = self._get(entry.offer)
            if offer is not None and keep(offer):
                found.append((entry.number, offer))
                if len(found) == limit:
                    break
        return found

    def search(
        self,
        query: OfferQuery,
        page: PageRequest,
        *,
        now: dt.datetime,
        events: tuple[EventId, ...] | None = None,
        published_after: dt.datetime | None = None,
    ) -> Page[Offer]:
        self._uow.require_active()
        if self._has_staged():  # the reference answer, over what this unit of work sees
            return search_offers(
                self._all(), query, page, now=now, events=events, published_after=published_after
            )
        # Committed offers only: their index (kept between commits) answers.
        index = self._uow.store.derived(self._schema.name, OfferIndex)
        selected = index.selected(query, now=now, events=events, published_after=published_after)
        return index.page(selected, page)

    def by_publisher(
        self, kind: PublisherKind, publisher_id: str, page: PageRequest
    ) -> Page[Offer]:
        self._uow.require_active()
        if not self._has_staged():
            index = self._uow.store.derived(self._schema.name, OfferIndex)
            return index.page(index.published_by(kind, publisher_id), page)
        found = [
            offer
            for offer in self._all()
            if offer.publisher.kind is kind and offer.publisher.id == publisher_id
        ]
        found.sort(key=sort_key, reverse=True)
        return paginate_newest_first(found, page, key=sort_key)


class InMemorySavedSearches(Holder["SavedSearch"]):
    def belongs(self, row: SavedSearch, subject: DataSubject) -> bool:
        return row.citizen == subject.account_id

    def get(self, search_id: SavedSearchId) -> SavedSearch | None:
        return self._get(search_id)

    def for_citizen(self, citizen: AccountId) -> Sequence[SavedSearch]:
        found = [search for search in self._all() if search.citizen == citizen]
        return sorted(found, key=lambda search: (search.created_at, search.id))

    def due(self, now: dt.datetime) -> Sequence[SavedSearch]:
        found = [search for search in self._all() if search.is_due(now)]
        return sorted(found, key=lambda search: (search.created_at, search.id))

    def by_unsubscribe_token(self, token: str) -> SavedSearch | None:
        return self._unique("unsubscribe_token", token)


class InMemoryAlertLedgers(Holder["AlertLedger"]):
    def belongs(self, row: AlertLedger, subject: DataSubject) -> bool:
        return row.citizen == subject.account_id

    def get(self, citizen: AccountId) -> AlertLedger | None:
        return self._get(citizen)


class InMemoryApplications(Holder["Application"]):
    def belongs(self, row: Application, subject: DataSubject) -> bool:
        return row.citizen == subject.account_id

    def keep(self, row: Application, subject: DataSubject) -> Application:
        return anonymised_application(row, subject)

    def get(self, application_id: ApplicationId) -> Application | None:
        return self._get(application_id)

    def find(self, offer: OfferId, citizen: AccountId) -> Application | None:
        return self._unique("offer_citizen", joined_key(offer, citizen))

    def for_citizen(self, citizen: AccountId) -> Sequence[Application]:
        found = [a for a in self._all() if a.citizen == citizen]
        return sorted(found, key=lambda a: (a.submitted_at, a.id), reverse=True)

    def for_offer(self, offer: OfferId) -> Sequence[Application]:
        found = [a for a in self._all() if a.offer == offer]
        return sorted(found, key=lambda a: (a.submitted_at, a.id))


class InMemoryEvents(Repository["Event"]):
    def get(self, event_id: EventId) -> Event | None:
        return self._get(event_id)

    def not_over(self, now: dt.datetime) -> Sequence[Event]:
        found = [event for event in self._all() if not event.is_over(now)]
        return sorted(found, key=lambda event: (event.starts_at, event.id))

    def registration_closing(
        self, *, after: Deadline, before: dt.datetime, limit: int
    ) -> Sequence[Event]:
        return passed(
            self._all(),
            lambda e: e.registration_closes_at if e.registration_open else None,
            lambda e: e.id,
            after=after,
            before=before,
            limit=limit,
        )

    def by_organiser(self, organiser: CpiId) -> Sequence[Event]:
        found = [event for event in self._all() if event.organiser == organiser]
        return sorted(found, key=lambda event: (event.starts_at, event.id))


class InMemoryMemberships(Holder["Membership"]):
    def belongs(self, row: Membership, subject: DataSubject) -> bool:
        return row.citizen == subject.account_id

    def keep(self, row: Membership, subject: DataSubject) -> Membership:
        return anonymised_membership(row, subject)

    def get(self, event: EventId, citizen: AccountId) -> Membership | None:
        return self._get(joined_key(event, citizen))

    def for_citizen(self, citizen: AccountId) -> Sequence[Membership]:
        found = [m for m in self._all() if m.citizen == citizen]
        return sorted(found, key=lambda m: (m.joined_at, m.event))

    def for_event(self, event: EventId) -> Sequence[Membership]:
        found = [m for m in self._all() if m.event == event]
        return sorted(found, key=lambda m: (m.joined_at, m.citizen))


def _message_key(message: Message) -> tuple[dt.datetime, str]:
    return (message.sent_at, message.id)


class InMemoryMessages(Holder["Message"]):
    def belongs(self, row: Message, subject: DataSubject) -> bool:
        return row.citizen == subject.account_id

    def get(self, message_id: MessageId) -> Message | None:
        return self._get(message_id)

    def _to(self, citizen: AccountId) -> list[Message]:
        return [
            m for m in self._all() if m.citizen == citizen and m.direction is Direction.TO_CITIZEN
        ]

    def inbox(self, citizen: AccountId, page: PageRequest) -> Page[Message]:
        found = sorted(self._to(citizen), key=_message_key, reverse=True)
        return paginate_newest_first(found, page, key=_message_key)

    def unread_count(self, citizen: AccountId) -> int:
        return sum(1 for m in self._to(citizen) if m.is_unread)

    def thread(self, thread: MessageId) -> Sequence[Message]:
        return sorted((m for m in self._all() if m.thread == thread), key=_message_key)

    def from_citizens(
        self, kind: CounterpartKind, counterpart_id: str, page: PageRequest
    ) -> Page[Message]:
        found = [
            m
            for m in self._all()
            if m.direction is Direction.FROM_CITIZEN
            and m.counterpart.kind is kind
            and m.counterpart.id == counterpart_id
        ]
        found.sort(key=_message_key, reverse=True)
        return paginate_newest_first(found, page, key=_message_key)


class InMemoryUnlockRequests(Holder["UnlockRequest"]):
    def belongs(self, row: UnlockRequest, subject: DataSubject) -> bool:
        return row.citizen == subject.account_id

    def get(self, request_id: UnlockRequestId) -> UnlockRequest | None:
        return self._get(request_id)

    def find(self, company: CompanyId, cv: CvId) -> UnlockRequest | None:
        return self._unique("company_cv", joined_key(company, cv))

    def for_cv(self, cv: CvId) -> Sequence[UnlockRequest]:
        found = [r for r in self._all() if r.cv == cv]
        return sorted(found, key=lambda r: (r.history[0].at, r.id))

    def for_company(self, company: CompanyId) -> Sequence[UnlockRequest]:
        found = [r for r in self._all() if r.company == company]
        return sorted(found, key=lambda r: (r.history[0].at, r.id))
