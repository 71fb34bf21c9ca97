"""``portal.matching``: ranked CVs for a company's offer, ranked offers for a citizen.

Company side (MA-1, MA-2, MA-5, CV-12): the published, unexpired CVs for one of the
company's active offers, best first, each as its anonymised view with its explained
score; nothing personal before the citizen unlocks it. Every run is recorded in the
audit log (SEC-3: who, which offer, when, how many results) in the same transaction.

Citizen side (MA-1, MA-2, MA-4, CV-9, HM-2): active offers ranked for the citizen's CV
(published or not: it is their own), each with its explained score, what would raise
it, and courses that teach what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.courses.model import Course
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.anonymised import AnonymisedCv, anonymise
from formlavoro_core.errors import DomainError, Forbidden, InvalidInput, NotFound, Problem
from formlavoro_core.ids import OfferId
from formlavoro_core.matching.advice import Raise, course_query, raises
from formlavoro_core.matching.geography import ReferenceGeography
from formlavoro_core.matching.profiles import CvProfile, OfferCell, OfferProfile
from formlavoro_core.matching.ranking import (
    Ranked,
    Tier,
    cv_tiers,
    offer_tiers,
    rank,
    rank_rows,
    tiers,
)
from formlavoro_core.matching.scoring import (
    Score,
    passes_hard_filters,
    rest_for_cv,
    score,
)
from formlavoro_core.offers.model import Offer, PublisherKind
from formlavoro_core.paging import PageRequest
from formlavoro_core.principals import CompanyPrincipal, Principal
from formlavoro_core.privacy.recording import record_ranking_run
from formlavoro_core.reference.code_types import ProfessionCode
from formlavoro_core.runtime import Dependencies, require_citizen
from formlavoro_core.texts import _

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = [
    "MAX_LIMIT",
    "Candidate",
    "CandidateRanking",
    "MatchingService",
    "Suggestion",
    "rank_offers",
]

MAX_LIMIT = 500
"""The most results one ranking returns; ask again with a larger limit to see more."""

COURSES_PER_GAP = 3


@attrs.frozen(kw_only=True)
class Candidate:
    """A CV ranked for an offer: its anonymised view (CV-12) and its explained score."""

    cv: AnonymisedCv
    score: Score


@attrs.frozen(kw_only=True)
class CandidateRanking:
    """The best CVs for an offer, best first (ties by CV id)."""

    offer: OfferId
    ranked_at: dt.datetime
    candidates: tuple[Candidate, ...]


@attrs.frozen(kw_only=True)
class Suggestion:
    """An offer suggested to a citizen (MA-4): why, what would raise it, which courses."""

    offer: Offer
    score: Score
    raises: tuple[Raise, ...]
    courses: tuple[Course, ...]


def _limit(limit: int) -> InvalidInput | None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        return InvalidInput(
            problems=(Problem(path="limit", message=_("1 to {maximum}", maximum=MAX_LIMIT)),)
        )
    return None


class MatchingService:
    """``portal.matching``: explained rankings in both directions."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def _today(self, now: dt.datetime) -> dt.date:
        return self._deps.config.local_date(now)

    # -- companies -------------------------------------------------------------------------

    def rank_candidates(
        self, actor: Principal, offer_id: OfferId, *, limit: int = 50
    ) -> Result[CandidateRanking, DomainError]:
        """MA-1, MA-2, MA-5: the ``limit`` best published CVs for one of the company's offers.

        Each CV is its anonymised view (CV-12) with its explained score; CVs the
        policy's hard filters reject are left out, exactly those the plain filters
        would leave out. The run is recorded without personal data.
        """
        if not isinstance(actor, CompanyPrincipal):
            return Failure(Forbidden(action="rank CVs"))
        bad = _limit(limit)
        if bad is not None:
            return Failure(bad)
        deps = self._deps
        now = deps.clock.now()
        policy = deps.config.matching

        def work(uow: UnitOfWork) -> CandidateRanking | DomainError:
            offer = uow.offers.get(offer_id)
            if (
                offer is None
                or offer.publisher.kind is not PublisherKind.COMPANY
                or offer.publisher.id != actor.company_id
            ):
                return NotFound(entity="offer", key=offer_id)
            wanted = OfferProfile.of(offer)
            geography = ReferenceGeography(deps.reference)
            today = self._today(now)
            cells = cv_tiers(
                wanted,
                region=geography.region_provinces(offer.province),
                today=today,
                policy=policy,
            )
            best = rank_rows(
                cells,
                lambda tier: tier.most,
                lambda tier: uow.cvs.ranked_profiles(tier.cell, tier.bound, now=now),
                keep=lambda profile: passes_hard_filters(profile, wanted, policy),
                scored=lambda profile: score(
                    profile, wanted, today=today, policy=policy, geography=geography
                ),
                order=lambda ranked: (-ranked.score.total, ranked.profile.id),
                limit=limit,
            )
            stored = uow.cvs.get_many([ranked.profile.id for ranked in best])
            candidates = [
                Candidate(cv=anonymise(stored[ranked.profile.id]), score=ranked.score)
                for ranked in best
                if ranked.profile.id in stored
            ]
            record_ranking_run(
                uow,
                actor,
                offer_id=offer.id,
                candidates=len(candidates),
                at=now,
                use_case="matching.rank_candidates",
            )
            return CandidateRanking(offer=offer.id, ranked_at=now, candidates=tuple(candidates))

        return deps.run(work)

    # -- citizens --------------------------------------------------------------------------

    def suggest_offers(
        self, actor: Principal, *, limit: int = 20
    ) -> Result[tuple[Suggestion, ...], DomainError]:
        """MA-1, MA-4, CV-9: active offers ranked for the citizen's CV, explained.

        Each comes with what would raise its score and up to three listed courses for
        each thing missing. Without a CV there is nothing to match: ``NotFound``.
        """
        citizen = require_citizen(actor, "get offer suggestions")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        bad = _limit(limit)
        if bad is not None:
            return Failure(bad)
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> tuple[Suggestion, ...] | DomainError:
            cv = uow.cvs.by_owner(citizen.account_id)
            if cv is None:
                return NotFound(entity="cv", key=citizen.account_id)
            ranked = rank_offers(self._deps, uow, CvProfile.of(cv), now=now, limit=limit)
            searched: dict[CourseQuery, tuple[Course, ...]] = {}
            return tuple(self._suggestion(uow, item, now, searched) for item in ranked)

        return self._deps.run(work)

    def _suggestion(
        self,
        uow: UnitOfWork,
        item: tuple[Offer, Score],
        now: dt.datetime,
        searched: dict[CourseQuery, tuple[Course, ...]],
    ) -> Suggestion:
        """``searched`` keeps the courses of each search already made for this citizen."""
        offer, explained = item
        gaps = raises(explained)
        courses: dict[str, Course] = {}
        for gap in gaps:
            query = course_query(gap.missing)
            if query is None:
                continue
            if query not in searched:
                page = uow.courses.search(query, PageRequest(size=COURSES_PER_GAP), now=now)
                searched[query] = tuple(page.items)
            for course in searched[query]:
                courses.setdefault(course.id, course)
        return Suggestion(
            offer=offer, score=explained, raises=gaps, courses=tuple(courses.values())
        )


def rank_offers(
    deps: Dependencies,
    uow: UnitOfWork,
    profile: CvProfile,
    *,
    now: dt.datetime,
    limit: int,
    cell: OfferCell | None = None,
    where: Callable[[OfferProfile], bool] | None = None,
) -> list[tuple[Offer, Score]]:
    """The ``limit`` best active offers for ``profile``, best first (then newest, id).

    ``cell`` and ``where`` narrow the candidates: to the cell's professions and
    provinces, and to those ``where`` keeps (the dashboard's filter, HM-3).
    """
    policy = deps.config.matching
    geography = ReferenceGeography(deps.reference)
    today = deps.config.local_date(now)
    region = geography.region_provinces(profile.province)
    best: list[Ranked[OfferProfile]]
    if cell is None and where is None:
        best = rank_rows(
            offer_tiers(profile, region=region, today=today, policy=policy),
            lambda tier: tier.most,
            lambda tier: uow.offers.ranked_profiles(tier.cell, tier.bound, now=now),
            keep=lambda offer: passes_hard_filters(profile, offer, policy),
            scored=lambda offer: score(
                profile, offer, today=today, policy=policy, geography=geography
            ),
            order=_newest_on_ties,
            limit=limit,
        )
    else:
        best = _narrowed(deps, uow, profile, now=now, limit=limit, cell=cell, where=where)
    stored = uow.offers.get_many([ranked.profile.id for ranked in best])
    return [
        (stored[ranked.profile.id], ranked.score) for ranked in best if ranked.profile.id in stored
    ]


def _newest_on_ties(ranked: Ranked[OfferProfile]) -> tuple[object, ...]:
    return (-ranked.score.total, -ranked.profile.sort_time.timestamp(), ranked.profile.id)


def _narrowed(
    deps: Dependencies,
    uow: UnitOfWork,
    profile: CvProfile,
    *,
    now: dt.datetime,
    limit: int,
    cell: OfferCell | None,
    where: Callable[[OfferProfile], bool] | None,
) -> list[Ranked[OfferProfile]]:
    """The best offers among those ``cell`` and ``where`` keep, read by wider cells."""
    policy = deps.config.matching
    geography = ReferenceGeography(deps.reference)
    today = deps.config.local_date(now)
    cells = tiers(
        profile.all_professions,
        province=profile.province,
        region=geography.region_provinces(profile.province),
        policy=policy,
        rest=rest_for_cv(profile, today, policy),
    )

    def fetch(tier: Tier) -> list[OfferProfile]:
        codes = tuple(ProfessionCode(code) for code in tier.codes)
        provinces = tier.provinces
        if cell is not None:
            codes = codes or cell.professions
            if cell.provinces is not None:
                provinces = tuple(p for p in provinces or cell.provinces if p in cell.provinces)
                if not provinces:
                    return []
        found = uow.offers.match_profiles(
            OfferCell(professions=codes, provinces=provinces), now=now
        )
        return [
            offer
            for offer in found
            if (cell is None or _inside(offer, cell)) and (where is None or where(offer))
        ]

    return rank(
        cells,
        fetch,
        identify=lambda offer: offer.id,
        keep=lambda offer: passes_hard_filters(profile, offer, policy),
        scored=lambda offer: score(profile, offer, today=today, policy=policy, geography=geography),
        order=_newest_on_ties,
        limit=limit,
    )


def _inside(offer: OfferProfile, cell: OfferCell) -> bool:
    in_place = cell.provinces is None or offer.province in cell.provinces
    in_profession = not cell.professions or any(
        offer.profession == code or offer.profession.startswith(f"{code}.")
        for code in cell.professions
    )
    return in_place and in_profession
