"""The citizen's home and the "latest offers" dashboard (HM-1 ... HM-4)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.courses.model import Course, TrainingSector
from formlavoro_core.courses.query import CourseQuery, course_sort_key
from formlavoro_core.cv.completion import completion_of
from formlavoro_core.errors import DomainError, InvalidInput, NotFound, Problem
from formlavoro_core.events.model import Event
from formlavoro_core.home.interests import Interests, section_of, training_sectors_of_profession
from formlavoro_core.ids import EventId
from formlavoro_core.matching.profiles import CvProfile, OfferCell
from formlavoro_core.matching.scoring import Score
from formlavoro_core.matching.services import rank_offers
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.principals import Principal
from formlavoro_core.reference import shared_profession_levels
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
    optional_municipality,
    optional_profession,
    optional_province,
)
from formlavoro_core.runtime import Dependencies, require_citizen
from formlavoro_core.texts import _

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.ports import UnitOfWork

__all__ = ["Dashboard", "DashboardFilter", "Home", "HomeEntry", "HomeService"]

DASHBOARD_SIZE = 10
_CANDIDATES = PageRequest(size=DASHBOARD_SIZE)
_EVENT_OFFERS = PageRequest(size=100)


class HomeEntry(enum.Enum):
    """HM-1: the four entries of the main menu."""

    LATEST_OFFERS = "latest_offers"
    CV = "cv"
    MESSAGES = "messages"
    APPLICATIONS = "applications"


@attrs.frozen(kw_only=True)
class Home:
    """HM-1, HM-4: what the citizen's home shows."""

    full_name: str
    username: str
    cv_completion: int | None
    unread_messages: int
    onboarding_pending: bool
    entries: tuple[HomeEntry, ...] = tuple(HomeEntry)


@attrs.frozen(kw_only=True)
class DashboardFilter:
    """HM-3: narrow the dashboard by professional figure and/or place."""

    profession: ProfessionCode | None = attrs.field(default=None, converter=optional_profession)
    municipality: MunicipalityCode | None = attrs.field(
        default=None, converter=optional_municipality
    )
    province: ProvinceCode | None = attrs.field(default=None, converter=optional_province)

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the filter."""
        if self.municipality is not None and self.province is not None:
            yield Problem(path="province", message=_("give a municipality or a province, not both"))


@attrs.frozen(kw_only=True)
class Dashboard:
    """HM-2: offers, courses and events of interest, the most relevant first."""

    offers: tuple[Offer, ...]
    courses: tuple[Course, ...]
    events: tuple[Event, ...]
    scores: tuple[Score, ...] = ()
    """The explained score of each offer, in order, when the citizen has a CV (MA-2)."""


def _relevance(offer: Offer, interests: tuple[ProfessionCode, ...]) -> int:
    return max((shared_profession_levels(offer.profession, code) for code in interests), default=0)


def _by_value(sector: TrainingSector) -> str:
    return sector.value


def _newest_first(courses: Iterable[Course]) -> list[Course]:
    unique = {course.id: course for course in courses}
    return sorted(unique.values(), key=course_sort_key, reverse=True)


class HomeService:
    """``portal.home``: the citizen's home page and dashboard."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def summary(self, actor: Principal) -> Result[Home, DomainError]:
        """HM-1, HM-4: name, username, CV completion, the menu, the unread count."""
        citizen = require_citizen(actor, "see the home page")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        weights = self._deps.config.completion_weights

        def work(uow: UnitOfWork) -> Home | DomainError:
            account = uow.accounts.get(citizen.account_id)
            if account is None:
                return NotFound(entity="account", key=citizen.account_id)
            cv = uow.cvs.by_owner(account.id)
            return Home(
                full_name=account.full_name,
                username=account.display_username,
                cv_completion=completion_of(cv.content(), weights).percent if cv else None,
                unread_messages=uow.messages.unread_count(account.id),
                onboarding_pending=not account.onboarding.is_completed,
            )

        return self._deps.run(work)

    def latest(
        self, actor: Principal, narrow: DashboardFilter | None = None
    ) -> Result[Dashboard, DomainError]:
        """HM-2, HM-3, ON-6: offers, courses and events of interest to the citizen.

        Interests are the sectors and professions answered in the onboarding and those
        of the CV's preferences (:mod:`formlavoro_core.home.interests`). Offers
        rank by how close their profession is to an interest in the CP2021
        classification, then newest first. Courses of the training sectors the
        interests lead to come first, newest first, then the other newest courses;
        events holding an offer of interest come first, by start, then the others.
        Without interests, the newest offers and courses and the next events. The
        filter narrows everything to a professional figure (which then replaces the
        interests) and/or a place, in the searches themselves.
        """
        citizen = require_citizen(actor, "see the dashboard")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        checked = self._deps.codec.check(narrow or DashboardFilter())
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Dashboard | DomainError:
            account = uow.accounts.get(citizen.account_id)
            if account is None:
                return NotFound(entity="account", key=citizen.account_id)
            cv = uow.cvs.by_owner(account.id)
            preferences = cv.preferences if cv else None
            interests = Interests.of(account, preferences, self._deps.reference)
            scores: tuple[Score, ...] = ()
            if cv is None:
                offers = self._offers(uow, checked, interests.professions, now)
            else:
                profile = attrs.evolve(CvProfile.of(cv), professions=interests.professions)
                offers, scores = self._matched(uow, checked, profile, now)
            return Dashboard(
                offers=offers,
                courses=self._courses(uow, checked, interests, now),
                events=self._events(uow, checked, interests, now),
                scores=scores,
            )

        return self._deps.run(work)

    def _matched(
        self, uow: UnitOfWork, narrow: DashboardFilter, profile: CvProfile, now: dt.datetime
    ) -> tuple[tuple[Offer, ...], tuple[Score, ...]]:
        """HM-2, CV-9, MA-1: the offers matching ranks first for the citizen's CV.

        The onboarding's professions count with the CV's desired ones; a professional
        figure in the filter replaces them and keeps only the offers under it; a place
        keeps only the offers there.
        """
        provinces: tuple[ProvinceCode, ...] | None = None
        if narrow.province is not None:
            provinces = (narrow.province,)
        elif narrow.municipality is not None:
            place = self._deps.reference.municipality(narrow.municipality)
            provinces = (ProvinceCode(place.province),) if place else ()
        professions: tuple[ProfessionCode, ...] = ()
        if narrow.profession is not None:
            professions = (narrow.profession,)
            profile = attrs.evolve(profile, professions=professions)
        workplace = narrow.municipality
        ranked = rank_offers(
            self._deps,
            uow,
            profile,
            now=now,
            limit=DASHBOARD_SIZE,
            cell=OfferCell(professions=professions, provinces=provinces),
            where=lambda offer: workplace is None or offer.workplace == workplace,
        )
        return tuple(offer for offer, _ in ranked), tuple(score for _, score in ranked)

    def _offers(
        self,
        uow: UnitOfWork,
        narrow: DashboardFilter,
        interests: tuple[ProfessionCode, ...],
        now: dt.datetime,
    ) -> tuple[Offer, ...]:
        """HM-2, HM-3: offers by closeness to an interest, then newest first.

        An offer sharing ``r`` levels with an interest lies under that interest's
        ``r``-level code, and every newer offer there ranks at least as high: so the
        first ``DASHBOARD_SIZE`` of the ranking are among the newest ``DASHBOARD_SIZE``
        under each level of each interest (and anywhere, for the rest). The place is a
        filter of every search.
        """
        anywhere = OfferQuery(municipality=narrow.municipality, province=narrow.province)
        if narrow.profession is not None:
            interests = (narrow.profession,)
            roots = {narrow.profession}
        else:
            roots = {
                ProfessionCode(".".join(code.split(".")[:levels]))
                for code in interests
                for levels in range(1, code.count(".") + 2)
            }
        queries = [attrs.evolve(anywhere, profession=root) for root in sorted(roots)]
        if narrow.profession is None:
            queries.append(anywhere)
        found: dict[str, Offer] = {}
        for query in queries:
            for offer in uow.offers.search(query, _CANDIDATES, now=now).items:
                found[offer.id] = offer
        ranked = sorted(
            found.values(),
            key=lambda offer: (_relevance(offer, interests), offer.sort_time, offer.id),
            reverse=True,
        )
        return tuple(ranked[:DASHBOARD_SIZE])

    def _in_place(self, municipality: MunicipalityCode | None, narrow: DashboardFilter) -> bool:
        if narrow.municipality is not None:
            return municipality == narrow.municipality
        if narrow.province is not None:
            place = self._deps.reference.municipality(municipality) if municipality else None
            return place is not None and place.province == narrow.province
        return True

    def _courses(
        self, uow: UnitOfWork, narrow: DashboardFilter, interests: Interests, now: dt.datetime
    ) -> tuple[Course, ...]:
        """HM-2, HM-3: the courses of interest, then (without a figure) the newest others.

        The place is a filter of the searches: a course behind many newer ones
        elsewhere is still found. The newest ``DASHBOARD_SIZE`` of each training sector
        hold the newest of them all.
        """
        where = CourseQuery(place=narrow.municipality, province=narrow.province)
        page = PageRequest(size=DASHBOARD_SIZE)
        if narrow.profession is not None:
            sectors = training_sectors_of_profession(narrow.profession)
        else:
            sectors = interests.training_sectors
        chosen = _newest_first(
            course
            for sector in sorted(sectors, key=lambda sector: sector.value)
            for course in uow.courses.search(
                attrs.evolve(where, sector=sector), page, now=now
            ).items
        )[:DASHBOARD_SIZE]
        if narrow.profession is not None:
            return tuple(chosen)
        more = PageRequest(size=DASHBOARD_SIZE + len(chosen))
        seen = {course.id for course in chosen}
        others = [c for c in uow.courses.search(where, more, now=now).items if c.id not in seen]
        return tuple([*chosen, *others][:DASHBOARD_SIZE])

    def _events(
        self, uow: UnitOfWork, narrow: DashboardFilter, interests: Interests, now: dt.datetime
    ) -> tuple[Event, ...]:
        """HM-2, HM-3: events holding an offer of interest, then (without a figure) others."""
        upcoming = [e for e in uow.events.not_over(now) if e.registration_open]
        if narrow.municipality is not None or narrow.province is not None:
            upcoming = [e for e in upcoming if e.in_person and self._in_place(e.place, narrow)]
        liked = self._events_of_interest(uow, tuple(e.id for e in upcoming), narrow, interests, now)
        chosen = [event for event in upcoming if event.id in liked]
        if narrow.profession is None:
            chosen += [event for event in upcoming if event.id not in liked]
        return tuple(chosen[:DASHBOARD_SIZE])

    def _events_of_interest(
        self,
        uow: UnitOfWork,
        events: tuple[EventId, ...],
        narrow: DashboardFilter,
        interests: Interests,
        now: dt.datetime,
    ) -> set[EventId]:
        """The events among ``events`` holding an open offer of interest."""
        if not events:
            return set()
        if narrow.profession is not None:
            groups: frozenset[ProfessionCode] = frozenset({narrow.profession})
            sections: frozenset[SectorCode] = frozenset()
        else:
            groups, sections = interests.groups, frozenset(interests.sections)
        if not groups and not sections:
            return set()
        liked: set[EventId] = set()
        page = _EVENT_OFFERS
        while True:
            batch = uow.offers.search(OfferQuery(), page, now=now, events=events)
            for offer in batch.items:
                in_group = any(
                    offer.profession == g or offer.profession.startswith(f"{g}.") for g in groups
                )
                if offer.event is not None and (
                    in_group or section_of(self._deps.reference, offer.sector) in sections
                ):
                    liked.add(offer.event)
            if batch.next_after is None:
                return liked
            page = attrs.evolve(_EVENT_OFFERS, after=batch.next_after)
