"""Row bounds: the most one CV can score for an offer, from a few stored facts (MA-1).

Scoring a CV needs its whole profile; a storage adapter cannot score in its query
language, but it can add up a handful of stored facts. A :class:`CvBound` says which,
for one offer and one cell of the search (a CP2021 level shared exactly): the points
of the profession and of the place, the most the experience can give from the CV's
days of experience, the education, languages, licences and preferences the CV holds.
What no stored fact tells (the sector's ATECO section) counts in full.

:func:`cv_bound` is the definition: a storage adapter computes the same sum, returns
the candidates of a cell highest bound first, and ranking stops reading a cell when the
N-th best score so far beats the next bound. A bound is never below the score
(:func:`~formlavoro_core.matching.scoring.score` rounds each part to cents of a point:
ranking allows for it).

The facts (:class:`CvFacts`) are what a storage keeps beside the profile: the
municipality, province and availability to travel, the highest completed education's
rank, the days of ended experiences (``closed_days``), how many are still going on
and since when (as a day number, :meth:`datetime.date.toordinal`), and *facets*: one
token per licence, qualification, contract type, working condition and language at
its level, plus markers for "states contract types / working conditions / sectors".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Generic, TypeVar

import attrs

from formlavoro_core.matching.policy import Criterion, MatchingPolicy, PlaceLevel
from formlavoro_core.matching.profiles import CvProfile, OfferProfile
from formlavoro_core.reference import LanguageLevel
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode

__all__ = [
    "DAYS_PER_MONTH",
    "Bounded",
    "CvBound",
    "CvFacts",
    "by_bound",
    "cv_bound",
    "cv_bound_for",
    "cv_facts",
    "language_token",
    "token",
]

P = TypeVar("P")

DAYS_PER_MONTH = 28
"""No whole month is shorter: days / 28 is never fewer than the whole months."""

CONTRACTS = "con"
CONDITIONS = "wc"
SECTORS = "sec"


def token(kind: str, value: str) -> str:
    """A facet: ``kind:value``."""
    return f"{kind}:{value}"


def language_token(code: str, level: LanguageLevel) -> str:
    """The facet of a language at a level."""
    return f"lang:{code}:{level.value}"


@attrs.frozen(kw_only=True)
class Bounded(Generic[P]):
    """A candidate as a storage returns it: its bound, its key, and how to read it."""

    bound: float
    key: Hashable
    load: Callable[[], P]


@attrs.frozen(kw_only=True)
class CvFacts:
    """The stored facts of a CV that bound its score (see the module)."""

    municipality: MunicipalityCode | None
    province: ProvinceCode | None
    travel: bool
    education: int | None
    closed_days: int
    open_count: int
    open_since: int | None
    facets: frozenset[str]


def cv_facts(profile: CvProfile) -> CvFacts:
    """The facts a storage keeps for ``profile``."""
    closed = sum(max(0, (span.end - span.start).days) for span in profile.experiences if span.end)
    ongoing = [span.start for span in profile.experiences if span.end is None]
    facets = {
        *(token("lic", item.value) for item in profile.licences),
        *(token("qua", item.value) for item in profile.qualifications),
        *(token(CONTRACTS, item.value) for item in profile.contract_types),
        *(token(CONDITIONS, item.value) for item in profile.working_conditions),
        *(language_token(code, level) for code, level in profile.languages),
    }
    for marker, stated in (
        (CONTRACTS, profile.contract_types),
        (CONDITIONS, profile.working_conditions),
        (SECTORS, profile.sectors),
    ):
        if stated:
            facets.add(marker)
    return CvFacts(
        municipality=profile.municipality,
        province=profile.province,
        travel=bool(profile.available_to_travel),
        education=profile.education.rank if profile.education else None,
        closed_days=closed,
        open_count=len(ongoing),
        open_since=min(ongoing).toordinal() if ongoing else None,
        facets=frozenset(facets),
    )


@attrs.frozen(kw_only=True)
class CvBound:
    """How a storage adds up a CV's bound for one offer and one exact CP2021 level.

    Attributes:
        base: the points every CV of the cell gets at most whatever its facts: the
            profession's for the level, and what the offer leaves unknown.
        workplace, province, region: the offer's municipality, province and its
            region's provinces.
        place: the place's points for each :class:`PlaceLevel`.
        experience: the experience's weight, 0 when the level is below the CP2021
            category (no experience of such a CV is in the offer's category).
        full_days: the days of experience that certainly give the whole weight.
        today: the day number of the match.
        education_rank: the rank the offer requires (``None``: in ``base``).
        education: the points of meeting it.
        languages: for each required language, the facets that meet it.
        language_points: the points of each.
        licences: one facet per required licence or qualification.
        licence_points: the points of each.
        contract: the offer's contract type facet.
        conditions: the offer's working condition facets (empty: in ``base``).
        half_conditions: half the conditions' weight (a contract half, a conditions half).
        sector: the sector's weight when the offer has a sector (else in ``base``).
    """

    base: float
    workplace: MunicipalityCode
    province: ProvinceCode
    region: tuple[ProvinceCode, ...]
    place: Mapping[PlaceLevel, float]
    experience: float
    full_days: int
    today: int
    education_rank: int | None
    education: float
    languages: tuple[tuple[str, ...], ...]
    language_points: float
    licences: tuple[str, ...]
    licence_points: float
    contract: str
    conditions: tuple[str, ...]
    half_conditions: float
    sector: float

    def most(self, places: Iterable[PlaceLevel]) -> float:
        """The bound of a CV that has everything and lives at one of ``places``."""
        return (
            self.base
            + max(self.place[level] for level in places)
            + self.experience
            + (self.education if self.education_rank is not None else 0.0)
            + self.language_points * len(self.languages)
            + self.licence_points * len(self.licences)
            + 2 * self.half_conditions
            + self.sector
        )


def cv_bound_for(
    offer: OfferProfile,
    *,
    levels: int,
    region: tuple[ProvinceCode, ...],
    today: dt.date,
    policy: MatchingPolicy,
    experience_levels: int,
) -> CvBound:
    """The bound of the CVs sharing exactly ``levels`` CP2021 levels with ``offer``.

    ``experience_levels`` is the level from which experiences count (the category).
    """
    weight = policy.weight
    base = weight(Criterion.PROFESSION) * policy.profession_fraction(levels)
    if offer.education_level is None:
        base += weight(Criterion.EDUCATION)
    if not offer.languages:
        base += weight(Criterion.LANGUAGES)
    required = [*(token("lic", i.value) for i in offer.licences)]
    required += [token("qua", i.value) for i in offer.qualifications]
    if not required:
        base += weight(Criterion.LICENCES)
    half = weight(Criterion.CONDITIONS) / 2
    if not offer.working_conditions:
        base += half / 2
    sector = float(weight(Criterion.SECTOR))
    if offer.sector is None:
        base += sector / 2
        sector = 0.0
    accepted = tuple(
        tuple(
            language_token(item.language, level)
            for level in LanguageLevel
            if level.is_at_least(item.level)
        )
        for item in offer.languages
    )
    return CvBound(
        base=base,
        workplace=offer.workplace,
        province=offer.province,
        region=region,
        place={
            level: weight(Criterion.PLACE) * fraction
            for level, fraction in policy.place_fractions.items()
        },
        experience=float(weight(Criterion.EXPERIENCE)) if levels >= experience_levels else 0.0,
        full_days=DAYS_PER_MONTH * policy.experience_full_months,
        today=today.toordinal(),
        education_rank=offer.education_level.rank if offer.education_level else None,
        education=float(weight(Criterion.EDUCATION)),
        languages=accepted,
        language_points=weight(Criterion.LANGUAGES) / len(accepted) if accepted else 0.0,
        licences=tuple(required),
        licence_points=weight(Criterion.LICENCES) / len(required) if required else 0.0,
        contract=token(CONTRACTS, offer.contract_type.value),
        conditions=tuple(token(CONDITIONS, i.value) for i in offer.working_conditions),
        half_conditions=half,
        sector=sector,
    )


def _place(facts: CvFacts, bound: CvBound) -> PlaceLevel:
    if facts.municipality is None and facts.province is None:
        return PlaceLevel.UNKNOWN
    if facts.municipality == bound.workplace:
        return PlaceLevel.MUNICIPALITY
    if facts.province == bound.province:
        return PlaceLevel.PROVINCE
    if facts.province is not None and facts.province in bound.region:
        return PlaceLevel.REGION
    return PlaceLevel.TRAVEL if facts.travel else PlaceLevel.ELSEWHERE


def cv_bound(facts: CvFacts, bound: CvBound) -> float:
    """The most a CV with ``facts`` can score (the definition storages follow)."""
    total = bound.base + bound.place[_place(facts, bound)]
    if bound.experience:
        days = facts.closed_days
        if facts.open_since is not None:
            days += facts.open_count * max(0, bound.today - facts.open_since)
        total += bound.experience * min(days / bound.full_days, 1.0)
    rank = bound.education_rank
    if rank is not None and facts.education is not None and facts.education >= rank:
        total += bound.education
    has = facts.facets
    total += bound.language_points * sum(
        1 for accepted in bound.languages if any(item in has for item in accepted)
    )
    total += bound.licence_points * sum(1 for item in bound.licences if item in has)
    if bound.contract in has:
        total += bound.half_conditions
    elif CONTRACTS not in has:
        total += bound.half_conditions / 2
    if bound.conditions:
        if CONDITIONS not in has:
            total += bound.half_conditions / 2
        elif all(item in has for item in bound.conditions):
            total += bound.half_conditions
    if bound.sector:
        total += bound.sector if SECTORS in has else bound.sector / 2
    return total


def by_bound(profiles: Iterable[CvProfile], bound: CvBound) -> list[Bounded[CvProfile]]:
    """``profiles`` with their bounds, highest first (then by id): what storages return."""
    found = [
        Bounded(bound=cv_bound(cv_facts(profile), bound), key=profile.id, load=_loaded(profile))
        for profile in profiles
    ]
    found.sort(key=lambda row: (-row.bound, str(row.key)))
    return found


def _loaded(profile: CvProfile) -> Callable[[], CvProfile]:
    return lambda: profile
