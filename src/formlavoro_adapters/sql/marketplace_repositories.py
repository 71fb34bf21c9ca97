"""SQL repositories of the marketplace: organisations, offers, applications, events, ..."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select, text

from formlavoro_adapters.sql.base import SqlRepository
from formlavoro_adapters.sql.deadlines import passed
from formlavoro_adapters.sql.driver_errors import translated
from formlavoro_adapters.sql.matching import (
    decode_offer_profile,
    select_offer_profiles,
    write_offer_profile,
)
from formlavoro_adapters.sql.matching_offer_bounds import ranked_offer_profiles
from formlavoro_adapters.sql.offer_search import search_offers
from formlavoro_adapters.sql.paging import page_of
from formlavoro_adapters.sql.personal_data import SqlHolder
from formlavoro_adapters.sql.search import (
    condition_mask,
    course_where,
    indexed_words,
    offer_where,
)
from formlavoro_adapters.sql.tables import (
    ALERT_LEDGERS,
    APPLICATIONS,
    COMPANIES,
    COURSES,
    EMPLOYMENT_CENTRES,
    EVENTS,
    MEMBERSHIPS,
    MESSAGES,
    OFFER_PUBLICATIONS,
    OFFERS,
    SAVED_SEARCHES,
    TRAINING_ENTITIES,
    UNLOCK_REQUESTS,
)
from formlavoro_core.applications.model import Application
from formlavoro_core.courses.model import Course
from formlavoro_core.courses.query import CourseQuery, course_sort_key
from formlavoro_core.deadlines import Deadline
from formlavoro_core.events.model import Event, Membership
from formlavoro_core.ids import (
    AccountId,
    ApplicationId,
    CompanyId,
    CourseId,
    CpiId,
    CvId,
    EventId,
    MessageId,
    OfferId,
    SavedSearchId,
    TrainingEntityId,
    UnlockRequestId,
)
from formlavoro_core.matching.bounds import Bounded
from formlavoro_core.matching.offer_bounds import OfferBound
from formlavoro_core.matching.profiles import OfferCell, OfferProfile
from formlavoro_core.messaging.model import CounterpartKind, Direction, Message
from formlavoro_core.offers.alerts import AlertLedger, SavedSearch
from formlavoro_core.offers.model import Offer, OfferStatus, PublisherKind
from formlavoro_core.offers.query import OfferQuery, sort_key
from formlavoro_core.organisations.model import Company, EmploymentCentre, TrainingEntity
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.privacy.anonymise import anonymised_application, anonymised_membership
from formlavoro_core.privacy.subject import DataSubject
from formlavoro_core.reference import fold_text
from formlavoro_core.talent.model import UnlockRequest
from formlavoro_core.text import words

__all__ = [
    "SqlAlertLedgers",
    "SqlApplications",
    "SqlCompanies",
    "SqlCourses",
    "SqlEmploymentCentres",
    "SqlEvents",
    "SqlMemberships",
    "SqlMessages",
    "SqlOffers",
    "SqlSavedSearches",
    "SqlTrainingEntities",
    "SqlUnlockRequests",
]


class SqlCompanies(SqlRepository[Company]):
    table = COMPANIES
    entity = "company"
    cls = Company

    def get(self, company_id: CompanyId) -> Company | None:
        return self._get(company_id)


class SqlEmploymentCentres(SqlRepository[EmploymentCentre]):
    table = EMPLOYMENT_CENTRES
    entity = "employment_centre"
    cls = EmploymentCentre

    def get(self, cpi_id: CpiId) -> EmploymentCentre | None:
        return self._get(cpi_id)


class SqlTrainingEntities(SqlRepository[TrainingEntity]):
    table = TRAINING_ENTITIES
    entity = "training_entity"
    cls = TrainingEntity

    def get(self, entity_id: TrainingEntityId) -> TrainingEntity | None:
        return self._get(entity_id)


@functools.lru_cache(maxsize=8_192)
def _short_words(text: str) -> tuple[str, ...]:
    """The words of a title or a publisher's name, folded once per distinct text."""
    return words(text)


def _offer_words(offer: Offer) -> tuple[str, ...]:
    """The distinct words of ``offer_document``, sorted.

    Titles and publishers' names, which repeat from offer to offer, are folded once
    each (not through ``offer_document``'s cache: most offers are written once).
    """
    found = set(words(offer.description))
    found.update(_short_words(offer.title))
    found.update(_short_words(offer.publisher.name))
    return tuple(sorted(found))


@functools.lru_cache(maxsize=4_096)
def _profession_levels(code: str) -> dict[str, str | None]:
    """The ``prof_1`` … ``prof_5`` columns of a profession code, worked out once per code."""
    parts = code.split(".")
    return {
        f"prof_{level}": ".".join(parts[:level]) if level <= len(parts) else None
        for level in range(1, 6)
    }


def offer_columns(offer: Offer) -> dict[str, Any]:
    """The projected columns of an offer (also used by bulk loading)."""
    education = offer.education_level
    return {
        "publisher_kind": offer.publisher.kind.value,
        "publisher_id": offer.publisher.id,
        "status": offer.status.value,
        "event_id": offer.event,
        "preselection": offer.preselection,
        "profession": offer.profession,
        **_profession_levels(offer.profession),
        "workplace": offer.workplace,
        "province": offer.province,
        "contract_type": offer.contract_type.value,
        "conditions": condition_mask(offer.working_conditions),
        "education_level": education.value if education else None,
        "education_rank": education.rank if education else None,
        "requires_experience": offer.requires_experience,
        "income_support": offer.income_support,
        "motorbike_required": offer.motorbike_required,
        "protected_category_art1": offer.protected_category_art1,
        "protected_category_art18": offer.protected_category_art18,
        "willing_to_travel": offer.willing_to_travel,
        "car_required": offer.car_required,
        "eures": offer.eures,
        "sort_time": offer.published_at or offer.created_at,  # ``Offer.sort_time``
        "expires_at": offer.expires_at,
        "words": indexed_words(_offer_words(offer)),
    }


_PUBLICATION_LOCK = text("SELECT pg_advisory_xact_lock(1868981861)")  # "offe" in hex
_LAST_NUMBER = select(func.coalesce(func.max(OFFER_PUBLICATIONS.c.number), 0))
_NUMBER_OFFER = insert(OFFER_PUBLICATIONS)


class SqlOffers(SqlRepository[Offer]):
    table = OFFERS
    entity = "offer"
    cls = Offer

    def columns(self, aggregate: Offer) -> Mapping[str, Any]:
        return offer_columns(aggregate)

    def after_write(self, aggregate: Offer) -> None:
        with translated(self.entity, aggregate.id):
            write_offer_profile(self._session.connection().execute, aggregate)

    def get(self, offer_id: OfferId) -> Offer | None:
        return self._get(offer_id)

    def match_profiles(self, cell: OfferCell, *, now: dt.datetime) -> Sequence[OfferProfile]:
        rows = self._execute(select_offer_profiles(cell, now=now)).all()
        return [decode_offer_profile(row.profile) for row in rows]

    def ranked_profiles(
        self, cell: OfferCell, bound: OfferBound, *, now: dt.datetime
    ) -> Iterator[Bounded[OfferProfile]]:
        session = self._session
        return ranked_offer_profiles(
            lambda sql, parameters: session.read(sql, parameters, "offer"),
            session.engine.dialect,
            cell,
            bound,
            now=now,
        )

    def search(
        self,
        query: OfferQuery,
        page: PageRequest,
        *,
        now: dt.datetime,
        events: tuple[EventId, ...] | None = None,
        published_after: dt.datetime | None = None,
    ) -> Page[Offer]:
        return search_offers(
            self._session,
            query,
            page,
            now=now,
            events=events,
            published_after=published_after,
        )

    def record_publication(self, offer_id: OfferId) -> int:
        if self._session.dialect == "postgresql":
            # Publishers take their numbers in turn, each waiting for the one before
            # to commit, instead of colliding on the key and running again.
            self._execute(_PUBLICATION_LOCK, offer_id, write=True)
        number = self.last_publication_number() + 1
        self._execute(_NUMBER_OFFER, offer_id, {"number": number, "offer_id": offer_id})
        return number

    def expiring(self, *, after: Deadline, before: dt.datetime, limit: int) -> Sequence[Offer]:
        c = OFFERS.c
        return self._many(
            select(c.doc)
            .where(
                passed(c.expires_at, c.id, after=after, before=before),
                c.status == OfferStatus.ACTIVE.value,
            )
            .order_by(c.expires_at, c.id)
            .limit(limit)
        )

    def last_publication_number(self) -> int:
        return int(self._execute(_LAST_NUMBER).scalar_one())

    def published_between(
        self, query: OfferQuery, *, after: int, up_to: int, now: dt.datetime, limit: int
    ) -> Sequence[tuple[int, Offer]]:
        p = OFFER_PUBLICATIONS.c
        where = offer_where(
            query, now=now, events=None, published_after=None, dialect=self._session.dialect
        )
        statement = (
            select(OFFERS.c.doc, p.number)
            .select_from(OFFER_PUBLICATIONS.join(OFFERS, OFFERS.c.id == p.offer_id))
            .where(p.number > after, p.number <= up_to, *where)
            .order_by(p.number)
            .limit(limit)
        )
        rows = self._execute(statement).all()
        return list(zip((row.number for row in rows), self._load_rows(rows), strict=True))

    def by_publisher(
        self, kind: PublisherKind, publisher_id: str, page: PageRequest
    ) -> Page[Offer]:
        c = OFFERS.c
        return self._page([c.publisher_kind == kind.value, c.publisher_id == publisher_id], page)

    def _page(self, where: Sequence[Any], page: PageRequest) -> Page[Offer]:
        return page_of(
            lambda statement: self._execute(statement).all(),
            OFFERS,
            where,
            page,
            load=self._load_rows,
            key=sort_key,
        )


class SqlSavedSearches(SqlHolder[SavedSearch]):
    table = SAVED_SEARCHES

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return SAVED_SEARCHES.c.citizen == subject.account_id

    entity = "saved_search"
    cls = SavedSearch

    def columns(self, aggregate: SavedSearch) -> Mapping[str, Any]:
        last = aggregate.last_sent_at or aggregate.created_at
        return {
            "citizen": aggregate.citizen,
            "created_at": aggregate.created_at,
            "due_at": last + aggregate.frequency.interval if aggregate.active else None,
            "unsubscribe_token": aggregate.unsubscribe_token,
        }

    def get(self, search_id: SavedSearchId) -> SavedSearch | None:
        return self._get(search_id)

    def for_citizen(self, citizen: AccountId) -> Sequence[SavedSearch]:
        c = SAVED_SEARCHES.c
        return self._many(select(c.doc).where(c.citizen == citizen).order_by(c.created_at, c.id))

    def due(self, now: dt.datetime) -> Sequence[SavedSearch]:
        c = SAVED_SEARCHES.c
        return self._many(select(c.doc).where(c.due_at <= now).order_by(c.created_at, c.id))

    def by_unsubscribe_token(self, token: str) -> SavedSearch | None:
        return self._one_by(unsubscribe_token=token)


class SqlAlertLedgers(SqlHolder[AlertLedger]):
    table = ALERT_LEDGERS

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return ALERT_LEDGERS.c.citizen == subject.account_id

    entity = "alert_ledger"
    cls = AlertLedger
    key_name = "citizen"

    def get(self, citizen: AccountId) -> AlertLedger | None:
        return self._get(citizen)


class SqlApplications(SqlHolder[Application]):
    table = APPLICATIONS

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return APPLICATIONS.c.citizen == subject.account_id

    def keep(self, row: Application, subject: DataSubject) -> Application:
        return anonymised_application(row, subject)

    entity = "application"
    cls = Application

    def columns(self, aggregate: Application) -> Mapping[str, Any]:
        return {
            "offer_id": aggregate.offer,
            "citizen": aggregate.citizen,
            "submitted_at": aggregate.submitted_at,
        }

    def get(self, application_id: ApplicationId) -> Application | None:
        return self._get(application_id)

    def find(self, offer: OfferId, citizen: AccountId) -> Application | None:
        return self._one_by(offer_id=offer, citizen=citizen)

    def for_citizen(self, citizen: AccountId) -> Sequence[Application]:
        c = APPLICATIONS.c
        return self._many(
            select(c.doc).where(c.citizen == citizen).order_by(c.submitted_at.desc(), c.id.desc())
        )

    def for_offer(self, offer: OfferId) -> Sequence[Application]:
        c = APPLICATIONS.c
        return self._many(select(c.doc).where(c.offer_id == offer).order_by(c.submitted_at, c.id))


class SqlEvents(SqlRepository[Event]):
    table = EVENTS
    entity = "event"
    cls = Event

    def columns(self, aggregate: Event) -> Mapping[str, Any]:
        return {
            "organiser": aggregate.organiser,
            "starts_at": aggregate.starts_at,
            "ends_at": aggregate.ends_at,
            # EV-1: set only while registration is open, so closed ones leave the index.
            "registration_closes_at": (
                aggregate.registration_closes_at if aggregate.registration_open else None
            ),
        }

    def get(self, event_id: EventId) -> Event | None:
        return self._get(event_id)

    def not_over(self, now: dt.datetime) -> Sequence[Event]:
        c = EVENTS.c
        return self._many(select(c.doc).where(c.ends_at > now).order_by(c.starts_at, c.id))

    def by_organiser(self, organiser: CpiId) -> Sequence[Event]:
        c = EVENTS.c
        return self._many(select(c.doc).where(c.organiser == organiser).order_by(c.starts_at, c.id))

    def registration_closing(
        self, *, after: Deadline, before: dt.datetime, limit: int
    ) -> Sequence[Event]:
        c = EVENTS.c
        closes = c.registration_closes_at
        return self._many(
            select(c.doc)
            .where(passed(closes, c.id, after=after, before=before))
            .order_by(closes, c.id)
            .limit(limit)
        )


class SqlMemberships(SqlHolder[Membership]):
    table = MEMBERSHIPS

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return MEMBERSHIPS.c.citizen == subject.account_id

    def keep(self, row: Membership, subject: DataSubject) -> Membership:
        return anonymised_membership(row, subject)

    entity = "membership"
    cls = Membership
    key_columns = ("event_id", "citizen")

    def key_of(self, aggregate: Membership) -> Mapping[str, Any]:
        return {"event_id": aggregate.event, "citizen": aggregate.citizen}

    def columns(self, aggregate: Membership) -> Mapping[str, Any]:
        return {"joined_at": aggregate.joined_at}

    def get(self, event: EventId, citizen: AccountId) -> Membership | None:
        return self._get(event, citizen)

    def for_citizen(self, citizen: AccountId) -> Sequence[Membership]:
        c = MEMBERSHIPS.c
        return self._many(
            select(c.doc).where(c.citizen == citizen).order_by(c.joined_at, c.event_id)
        )

    def for_event(self, event: EventId) -> Sequence[Membership]:
        c = MEMBERSHIPS.c
        return self._many(select(c.doc).where(c.event_id == event).order_by(c.joined_at, c.citizen))


def _message_key(message: Message) -> tuple[dt.datetime, str]:
    return (message.sent_at, message.id)


class SqlMessages(SqlHolder[Message]):
    table = MESSAGES

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return MESSAGES.c.citizen == subject.account_id

    entity = "message"
    cls = Message

    def columns(self, aggregate: Message) -> Mapping[str, Any]:
        return {
            "thread": aggregate.thread,
            "citizen": aggregate.citizen,
            "direction": aggregate.direction.value,
            "counterpart_kind": aggregate.counterpart.kind.value,
            "counterpart_id": aggregate.counterpart.id,
            "sent_at": aggregate.sent_at,
            "unread": aggregate.is_unread,
        }

    def get(self, message_id: MessageId) -> Message | None:
        return self._get(message_id)

    def _page(self, where: Sequence[Any], page: PageRequest) -> Page[Message]:
        return page_of(
            lambda statement: self._execute(statement).all(),
            MESSAGES,
            where,
            page,
            load=self._load_rows,
            key=_message_key,
            sort="sent_at",
        )

    def inbox(self, citizen: AccountId, page: PageRequest) -> Page[Message]:
        c = MESSAGES.c
        return self._page([c.citizen == citizen, c.direction == Direction.TO_CITIZEN.value], page)

    def unread_count(self, citizen: AccountId) -> int:
        c = MESSAGES.c
        statement = select(func.count()).where(
            c.citizen == citizen,
            c.direction == Direction.TO_CITIZEN.value,
            c.unread.is_(True),
        )
        count: int = self._execute(statement).scalar_one()
        return count

    def thread(self, thread: MessageId) -> Sequence[Message]:
        c = MESSAGES.c
        return self._many(select(c.doc).where(c.thread == thread).order_by(c.sent_at, c.id))

    def from_citizens(
        self, kind: CounterpartKind, counterpart_id: str, page: PageRequest
    ) -> Page[Message]:
        c = MESSAGES.c
        return self._page(
            [
                c.counterpart_kind == kind.value,
                c.counterpart_id == counterpart_id,
                c.direction == Direction.FROM_CITIZEN.value,
            ],
            page,
        )


class SqlUnlockRequests(SqlHolder[UnlockRequest]):
    table = UNLOCK_REQUESTS

    def subject_where(self, subject: DataSubject) -> ColumnElement[bool] | None:
        return None if subject.cv_id is None else UNLOCK_REQUESTS.c.cv == subject.cv_id

    entity = "unlock_request"
    cls = UnlockRequest

    def columns(self, aggregate: UnlockRequest) -> Mapping[str, Any]:
        return {
            "company": aggregate.company,
            "cv": aggregate.cv,
            "requested_at": aggregate.history[0].at,
        }

    def get(self, request_id: UnlockRequestId) -> UnlockRequest | None:
        return self._get(request_id)

    def find(self, company: CompanyId, cv: CvId) -> UnlockRequest | None:
        return self._one_by(company=company, cv=cv)

    def for_cv(self, cv: CvId) -> Sequence[UnlockRequest]:
        c = UNLOCK_REQUESTS.c
        return self._many(select(c.doc).where(c.cv == cv).order_by(c.requested_at, c.id))

    def for_company(self, company: CompanyId) -> Sequence[UnlockRequest]:
        c = UNLOCK_REQUESTS.c
        return self._many(select(c.doc).where(c.company == company).order_by(c.requested_at, c.id))


class SqlCourses(SqlRepository[Course]):
    table = COURSES
    entity = "course"
    cls = Course

    def columns(self, aggregate: Course) -> Mapping[str, Any]:
        level = aggregate.max_education_level
        return {
            "entity": aggregate.entity,
            "with_internship": aggregate.with_internship,
            "paid": aggregate.is_paid,
            "sector": aggregate.sector.value,
            "course_type": aggregate.course_type.value,
            "certificate": aggregate.certificate.value,
            "max_education_rank": level.rank if level else None,
            "title_folded": fold_text(aggregate.title),
            "entity_folded": fold_text(aggregate.entity_name),
            "place": aggregate.place,
            "province": aggregate.province,
            "enrolment_closes_at": aggregate.enrolment_closes_at,
            "withdrawn": aggregate.is_withdrawn,
            "sort_time": course_sort_key(aggregate)[0],
        }

    def get(self, course_id: CourseId) -> Course | None:
        return self._get(course_id)

    def search(self, query: CourseQuery, page: PageRequest, *, now: dt.datetime) -> Page[Course]:
        return self._page(course_where(query, now=now), page)

    def by_entity(self, entity_id: TrainingEntityId, page: PageRequest) -> Page[Course]:
        return self._page([COURSES.c.entity == entity_id], page)

    def _page(self, where: Sequence[Any], page: PageRequest) -> Page[Course]:
        return page_of(
            lambda statement: self._execute(statement).all(),
            COURSES,
            where,
            page,
            load=self._load_rows,
            key=course_sort_key,
        )
