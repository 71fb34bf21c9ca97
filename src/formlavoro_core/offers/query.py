"""The offer search as a data specification, and pages of newest-first results.

:class:`OfferQuery` holds the filters of the offer list (OF-3), the dashboard's
professional figure and location (HM-3) and the free text (OF-4). The functions below
*define* what a search returns; the in-memory storage adapter calls them and the SQL
adapters must answer exactly the same:

* :func:`offer_filter` / :func:`offer_matches`: which offers a query selects;
* :func:`sort_key`: the order, newest first (OF-1);
* :func:`paginate_newest_first` (from :mod:`formlavoro_core.newest_first`, still
  exported here): keyset cursors, offsets and capped totals, for any list sorted that
  way (offers, courses, CVs);
* :func:`search_offers`: the three together.

>>> query = OfferQuery(car_required=True).with_location("ge")
>>> query.province, query.is_empty, list(query.problems())
('GE', False, [])
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Final

import attrs

from formlavoro_core.errors import Problem
from formlavoro_core.ids import EventId
from formlavoro_core.newest_first import BadCursor, paginate_newest_first
from formlavoro_core.offers.model import Offer
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.reference import (
    ContractType,
    EducationLevel,
    WorkingCondition,
    profession_code_is_well_formed,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    optional_municipality,
    optional_profession,
    optional_province,
)
from formlavoro_core.text import MAX_QUERY_CHARS, MAX_QUERY_WORDS, Document, query_words
from formlavoro_core.texts import _

__all__ = [
    "BadCursor",
    "OfferQuery",
    "offer_document",
    "offer_filter",
    "offer_matches",
    "paginate_newest_first",
    "search_offers",
    "sort_key",
]


_PROVINCE: Final = re.compile(r"[A-Z]{2}")
_MUNICIPALITY: Final = re.compile(r"[A-Z]\d{3}")

# The yes/no filters of OF-3: each keeps only the offers whose field of the same name
# is true, and is no filter when false.
_FLAGS: Final = (
    "requires_experience",  # OF-3.1
    "income_support",  # OF-3.2
    "motorbike_required",  # OF-3.3
    "protected_category_art1",  # OF-3.4
    "willing_to_travel",  # OF-3.5
    "protected_category_art18",  # OF-3.6
    "car_required",  # OF-3.7
    "eures",  # OF-3.13
)


@attrs.frozen(kw_only=True)
class OfferQuery:
    """The filters of an offer search, each optional, combined with AND (OF-3, OF-4, HM-3).

    The default query filters nothing: clearing every filter gives the unfiltered list.

    Attributes:
        requires_experience: OF-3.1, only offers asking for previous work experience.
        income_support: OF-3.2, only offers for income-support beneficiaries.
        motorbike_required: OF-3.3, only offers that need a motorbike.
        protected_category_art1: OF-3.4, only offers for L. 68/99 art. 1 categories.
        willing_to_travel: OF-3.5, only offers looking for people willing to travel.
        protected_category_art18: OF-3.6, only offers for L. 68/99 art. 18 categories.
        car_required: OF-3.7, only offers that need a car.
        contract_types: OF-3.8, offers with any of these contract types.
        working_conditions: OF-3.9, offers stating at least one of these conditions.
        education_level: OF-3.10, the citizen's highest level: offers asking at most
            that level (by :attr:`EducationLevel.rank`) or asking none.
        no_education_required: OF-3.11, only offers asking no specific level (no level,
            or :attr:`EducationLevel.NONE`, which asks nothing either).
        action: OF-3.12, no longer used: accepted from old links and forms, ignored.
        eures: OF-3.13, only EURES offers.
        profession: HM-3, offers whose CP2021 code is this one or below it.
        municipality: HM-3, offers whose workplace is this municipality.
        province: HM-3, offers whose workplace is in this province.
        text: OF-4, words that must all start some word of the offer's title,
            description or publisher name (:mod:`formlavoro_core.text`).
    """

    requires_experience: bool = False
    income_support: bool = False
    motorbike_required: bool = False
    protected_category_art1: bool = False
    willing_to_travel: bool = False
    protected_category_art18: bool = False
    car_required: bool = False
    contract_types: tuple[ContractType, ...] = ()
    working_conditions: tuple[WorkingCondition, ...] = ()
    education_level: EducationLevel | None = None
    no_education_required: bool = False
    action: str | None = None
    eures: bool = False
    profession: ProfessionCode | None = attrs.field(default=None, converter=optional_profession)
    municipality: MunicipalityCode | None = attrs.field(
        default=None, converter=optional_municipality
    )
    province: ProvinceCode | None = attrs.field(default=None, converter=optional_province)
    text: str | None = None

    @property
    def words(self) -> tuple[str, ...]:
        """The distinct words of :attr:`text`; none means no text filter."""
        return query_words(self.text or "")

    @property
    def is_empty(self) -> bool:
        """Whether the query filters nothing (``action`` and word-less text count as none).

        >>> OfferQuery(action="42", text=" -- ").is_empty
        True
        """
        return attrs.evolve(self, action=None, text=None) == _NO_FILTER and not self.words

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the query, with relative paths.

        >>> for problem in OfferQuery(municipality="D969", province="GE").problems():
        ...     print(problem)
        province: give a municipality or a province, not both
        """
        if self.text is not None:
            if len(self.text) > MAX_QUERY_CHARS:
                yield Problem(
                    path="text",
                    message=_("at most {maximum} characters", maximum=MAX_QUERY_CHARS),
                )
            elif len(self.words) > MAX_QUERY_WORDS:
                yield Problem(
                    path="text",
                    message=_("at most {max_query_words} words", max_query_words=MAX_QUERY_WORDS),
                )
        for path, chosen in (
            ("contract_types", self.contract_types),
            ("working_conditions", self.working_conditions),
        ):
            if len(set(chosen)) != len(chosen):
                yield Problem(path=path, message=_("contains duplicates"))
        if self.profession is not None and not profession_code_is_well_formed(self.profession):
            yield Problem(path="profession", message=_("not a CP2021 code"))
        if self.municipality is not None and not _MUNICIPALITY.fullmatch(self.municipality):
            yield Problem(path="municipality", message=_("not a cadastral (Belfiore) code"))
        if self.province is not None and not _PROVINCE.fullmatch(self.province):
            yield Problem(path="province", message=_("not a province abbreviation"))
        if self.municipality is not None and self.province is not None:
            yield Problem(path="province", message=_("give a municipality or a province, not both"))

    def with_location(self, value: str) -> OfferQuery | None:
        """This query at the location typed in one field (HM-3), or ``None`` if unreadable.

        Two letters are a province abbreviation, a letter and three digits a
        municipality's cadastral code; case and surrounding blanks do not matter. The
        new location replaces the old one, and a blank value clears it. Whether the
        place exists is for the reference data to say.

        >>> located = OfferQuery(province="GE").with_location(" d969 ")
        >>> located.municipality, located.province
        ('D969', None)
        >>> OfferQuery(province="GE").with_location("") == OfferQuery()
        True
        >>> OfferQuery().with_location("Genova") is None
        True
        """
        code = value.strip().upper()
        if not code:
            return attrs.evolve(self, municipality=None, province=None)
        if _PROVINCE.fullmatch(code):
            return attrs.evolve(self, municipality=None, province=ProvinceCode(code))
        if _MUNICIPALITY.fullmatch(code):
            return attrs.evolve(self, municipality=MunicipalityCode(code), province=None)
        return None


_NO_FILTER: Final = OfferQuery()


DOCUMENTS_KEPT = 65_536
"""Offers whose words stay folded for the searches that scan offers (memory storage)."""


@functools.lru_cache(maxsize=DOCUMENTS_KEPT)
def _document(title: str, description: str, publisher: str) -> Document:
    return Document.of(title, description, publisher)


def offer_document(offer: Offer) -> Document:
    """The words free text searches in an offer: title, description, publisher name (OF-4)."""
    return _document(offer.title, offer.description, offer.publisher.name)


def _asks_no_education(offer: Offer) -> bool:
    return offer.education_level is None or offer.education_level is EducationLevel.NONE


def offer_filter(
    query: OfferQuery,
    *,
    now: dt.datetime,
    events: tuple[EventId, ...] | None = None,
    published_after: dt.datetime | None = None,
) -> Callable[[Offer], bool]:
    """The predicate selecting the offers a search returns, prepared once for many offers.

    Args:
        query: the filters, combined with AND (OF-3, OF-4, HM-3); ``action`` is ignored.
        now: only offers open at this instant are kept: active and not expired (OF-6).
        events: ``None`` keeps only standard offers (OF-1); a tuple keeps only the
            offers of these events (EV-4), none at all when it is empty.
        published_after: when given, only offers published strictly later (OF-7 alerts).

    Returns:
        A function telling whether an offer belongs to the results.
    """
    checks: list[Callable[[Offer], bool]] = [lambda offer: offer.is_open(now)]
    if events is None:
        checks.append(lambda offer: offer.event is None)
    else:
        joined = frozenset(events)
        checks.append(lambda offer: offer.event in joined)
    if published_after is not None:
        since = published_after
        checks.append(lambda offer: offer.sort_time > since)
    checks.extend(operator.attrgetter(flag) for flag in _FLAGS if getattr(query, flag))
    if query.contract_types:
        contracts = frozenset(query.contract_types)
        checks.append(lambda offer: offer.contract_type in contracts)
    if query.working_conditions:
        conditions = frozenset(query.working_conditions)
        checks.append(lambda offer: not conditions.isdisjoint(offer.working_conditions))
    if query.education_level is not None:
        highest = query.education_level.rank
        checks.append(
            lambda offer: offer.education_level is None or offer.education_level.rank <= highest
        )
    if query.no_education_required:
        checks.append(_asks_no_education)
    if query.profession is not None:
        code, below = query.profession, f"{query.profession}."
        checks.append(lambda offer: offer.profession == code or offer.profession.startswith(below))
    if query.municipality is not None:
        municipality = query.municipality
        checks.append(lambda offer: offer.workplace == municipality)
    if query.province is not None:
        province = query.province
        checks.append(lambda offer: offer.province == province)
    wanted = query.words
    if wanted:  # last: the only check that reads the whole text
        checks.append(lambda offer: offer_document(offer).matches(wanted))
    return lambda offer: all(check(offer) for check in checks)


def offer_matches(
    offer: Offer,
    query: OfferQuery,
    *,
    now: dt.datetime,
    events: tuple[EventId, ...] | None = None,
    published_after: dt.datetime | None = None,
) -> bool:
    """Whether a search selects ``offer``; see :func:`offer_filter` for the arguments."""
    return offer_filter(query, now=now, events=events, published_after=published_after)(offer)


def sort_key(offer: Offer) -> tuple[dt.datetime, str]:
    """The key of the result order, used with ``reverse=True``: newest first, then by id.

    Both parts descend, so ``sorted(offers, key=sort_key, reverse=True)`` is the order
    of every list (OF-1) and the key :func:`paginate_newest_first` puts in cursors.
    """
    return (offer.sort_time, offer.id)


def search_offers(
    offers: Iterable[Offer],
    query: OfferQuery,
    page: PageRequest,
    *,
    now: dt.datetime,
    events: tuple[EventId, ...] | None = None,
    published_after: dt.datetime | None = None,
) -> Page[Offer]:
    """The page of a search over ``offers``: the reference answer of every storage.

    Filters with :func:`offer_filter`, sorts newest first, then pages with
    :func:`paginate_newest_first` (which may raise :class:`BadCursor`).
    """
    keep = offer_filter(query, now=now, events=events, published_after=published_after)
    found = sorted(filter(keep, offers), key=sort_key, reverse=True)
    return paginate_newest_first(found, page, key=sort_key)
