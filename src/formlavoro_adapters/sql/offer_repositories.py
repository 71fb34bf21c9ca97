"""SQL repository of offers: their projected columns, publication numbers and searches."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import func, insert, select, text

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
from formlavoro_adapters.sql.search import condition_mask, indexed_words, offer_where
from formlavoro_adapters.sql.tables import OFFER_PUBLICATIONS, OFFERS
from formlavoro_core.deadlines import Deadline
from formlavoro_core.ids import EventId, OfferId
from formlavoro_core.matching.bounds import Bounded
from formlavoro_core.matching.offer_bounds import OfferBound
from formlavoro_core.matching.profiles import OfferCell, OfferProfile
from formlavoro_core.offers.model import Offer, OfferStatus, PublisherKind
from formlavoro_core.offers.query import OfferQuery, sort_key
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.text import words

__all__ = ["SqlOffers", "offer_columns"]


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

    def get_many(self, offer_ids: Sequence[OfferId]) -> dict[OfferId, Offer]:
        return {offer.id: offer for offer in self._get_many(offer_ids)}

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
