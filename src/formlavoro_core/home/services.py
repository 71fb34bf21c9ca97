"""The citizen's home and the "latest offers" dashboard (HM-1 ... HM-4)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.courses.model import Course
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.completion import completion_of
from formlavoro_core.errors import DomainError, InvalidInput, NotFound, Problem
from formlavoro_core.events.model import Event
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.principals import Principal
from formlavoro_core.reference import profession_code_is_well_formed, shared_profession_levels
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode
from formlavoro_core.runtime import Dependencies, require_citizen

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.identity.model import Account
    from formlavoro_core.ports import UnitOfWork

__all__ = ["Dashboard", "DashboardFilter", "Home", "HomeEntry", "HomeService"]

DASHBOARD_SIZE = 10
_CANDIDATES = PageRequest(size=100)


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

    profession: ProfessionCode | None = None
    municipality: MunicipalityCode | None = None
    province: ProvinceCode | None = None

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the filter."""
        if self.municipality is not None and self.province is not None:
            yield Problem(path="province", message="give a municipality or a province, not both")


@attrs.frozen(kw_only=True)
class Dashboard:
    """HM-2: offers, courses and events of interest, the most relevant first."""

    offers: tuple[Offer, ...]
    courses: tuple[Course, ...]
    events: tuple[Event, ...]


def _interests(
    account: Account, preferred: tuple[ProfessionCode, ...]
) -> tuple[ProfessionCode, ...]:
    answered = account.onboarding.professions
    codes = (*(answered.professions if answered else ()), *preferred)
    return tuple(dict.fromkeys(code for code in codes if profession_code_is_well_formed(code)))


def _relevance(offer: Offer, interests: tuple[ProfessionCode, ...]) -> int:
    return max((shared_profession_levels(offer.profession, code) for code in interests), default=0)


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
        """HM-2, HM-3: offers, courses and events of interest to the citizen.

        Interests are the professions of the onboarding and of the CV's preferences.
        Offers rank by how close their profession is to an interest in the CP2021
        classification, then newest first; with no interest, the newest offers. The
        filter narrows everything to a professional figure and/or a place.
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
            interests = _interests(account, cv.preferences.professions if cv else ())
            return Dashboard(
                offers=self._offers(uow, checked, interests, now),
                courses=self._courses(uow, checked, now),
                events=self._events(uow, checked, now),
            )

        return self._deps.run(work)

    def _offers(
        self,
        uow: UnitOfWork,
        narrow: DashboardFilter,
        interests: tuple[ProfessionCode, ...],
        now: dt.datetime,
    ) -> tuple[Offer, ...]:
        anywhere = OfferQuery(municipality=narrow.municipality, province=narrow.province)
        if narrow.profession is not None:
            interests = (narrow.profession,)
            roots = {narrow.profession}
        else:  # the group (two levels) of each interest, then anything
            roots = {ProfessionCode(code[:3]) if len(code) > 1 else code for code in interests}
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
        self, uow: UnitOfWork, narrow: DashboardFilter, now: dt.datetime
    ) -> tuple[Course, ...]:
        listed = uow.courses.search(CourseQuery(), _CANDIDATES, now=now).items
        return tuple(c for c in listed if self._in_place(c.place, narrow))[:DASHBOARD_SIZE]

    def _events(
        self, uow: UnitOfWork, narrow: DashboardFilter, now: dt.datetime
    ) -> tuple[Event, ...]:
        upcoming = [e for e in uow.events.not_over(now) if e.registration_open]
        if narrow.municipality is not None or narrow.province is not None:
            upcoming = [e for e in upcoming if e.in_person and self._in_place(e.place, narrow)]
        return tuple(upcoming[:DASHBOARD_SIZE])
