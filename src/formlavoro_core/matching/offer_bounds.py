"""Row bounds on the citizen's side: the most one offer can score for a CV (MA-1, MA-4).

The mirror of :mod:`formlavoro_core.matching.bounds`: the CV is fixed, the offers vary,
and a storage adds up what each offer's stored facts (:class:`OfferFacts`) allow. The
sum is exact but for the sector (an offer's ATECO section is not stored): an offer in
a sector counts as fitting a CV that names sectors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

import attrs

from formlavoro_core.matching.bounds import (
    CONDITIONS,
    CONTRACTS,
    SECTORS,
    Bounded,
    language_token,
    token,
)
from formlavoro_core.matching.policy import Criterion, MatchingPolicy, PlaceLevel
from formlavoro_core.matching.profiles import CvProfile, OfferProfile, profession_prefixes
from formlavoro_core.matching.scoring import months_between
from formlavoro_core.reference import LanguageLevel, WorkingCondition
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode

__all__ = [
    "OfferBound",
    "OfferFacts",
    "by_offer_bound",
    "offer_bound",
    "offer_bound_for",
    "offer_facts",
]


@attrs.frozen(kw_only=True)
class OfferFacts:
    """The stored facts of an offer that bound its score for any CV.

    ``facets``: a token per required language at its level, licence, qualification,
    the contract type and each working condition, and markers for "states working
    conditions" and "names a sector".
    """

    workplace: MunicipalityCode
    province: ProvinceCode
    category: str | None
    """The CP2021 category (four levels) of the profession."""
    education: int | None
    languages: int
    requirements: int
    """How many licences and qualifications the offer requires."""
    facets: frozenset[str]


def offer_facts(profile: OfferProfile) -> OfferFacts:
    """The facts a storage keeps for ``profile``."""
    prefixes = profession_prefixes(profile.profession)
    facets = {
        *(language_token(item.language, item.level) for item in profile.languages),
        *(token("lic", item.value) for item in profile.licences),
        *(token("qua", item.value) for item in profile.qualifications),
        token(CONTRACTS, profile.contract_type.value),
        *(token(CONDITIONS, item.value) for item in profile.working_conditions),
    }
    if profile.working_conditions:
        facets.add(CONDITIONS)
    if profile.sector is not None:
        facets.add(SECTORS)
    return OfferFacts(
        workplace=profile.workplace,
        province=profile.province,
        category=prefixes[3] if len(prefixes) >= 4 else None,  # noqa: PLR2004
        education=profile.education_level.rank if profile.education_level else None,
        languages=len(profile.languages),
        requirements=len(profile.licences) + len(profile.qualifications),
        facets=frozenset(facets),
    )


@attrs.frozen(kw_only=True)
class OfferBound:
    """How a storage adds up an offer's bound for one CV and one exact CP2021 level.

    Attributes:
        base: the points every offer of the cell gets at most whatever its facts.
        municipality, province, region: the CV's (``None`` / empty when unknown).
        place: the points of each place level the offer's workplace can be at.
        otherwise: the place's points for an offer in none of them.
        experience: the experience's points by offer category (empty below it).
        education_rank: the CV's education rank (``None``: none completed).
        education: the education's weight.
        languages: for each language the CV lists, the facets of the levels it meets
            (an offer's requirement is met when its facet is among them).
        language_weight: the languages' weight.
        licences: the CV's licence and qualification facets.
        licence_weight: the licences' weight.
        contracts: the CV's contract type facets (empty: in ``base``).
        refused: the working condition facets the CV does not accept (``None``: the
            CV states none, in ``base``).
        half_conditions: half the conditions' weight.
        sector: the sector's weight when the CV names sectors (else in ``base``).
    """

    base: float
    municipality: MunicipalityCode | None
    province: ProvinceCode | None
    region: tuple[ProvinceCode, ...]
    place: Mapping[PlaceLevel, float]
    otherwise: float
    experience: Mapping[str, float]
    education_rank: int | None
    education: float
    languages: tuple[tuple[str, ...], ...]
    language_weight: float
    licences: tuple[str, ...]
    licence_weight: float
    contracts: tuple[str, ...]
    refused: tuple[str, ...] | None
    half_conditions: float
    sector: float

    def most(self, places: Iterable[PlaceLevel]) -> float:
        """The bound of an offer that fits in everything, at one of ``places``."""
        place = max((self.place[level] for level in places if level in self.place), default=0.0)
        return (
            self.base
            + max(place, self.otherwise)
            + max(self.experience.values(), default=0.0)
            + self.education
            + self.language_weight
            + self.licence_weight
            + (self.half_conditions if self.contracts else 0.0)
            + (self.half_conditions if self.refused is not None else 0.0)
            + self.sector
        )


def offer_bound_for(
    cv: CvProfile,
    *,
    levels: int,
    region: tuple[ProvinceCode, ...],
    today: dt.date,
    policy: MatchingPolicy,
    experience_levels: int,
) -> OfferBound:
    """The bound of the offers sharing exactly ``levels`` CP2021 levels with ``cv``."""
    weight = policy.weight
    fractions = policy.place_fractions
    place_weight = weight(Criterion.PLACE)
    place: dict[PlaceLevel, float] = {}
    if cv.municipality is None and cv.province is None:
        otherwise = place_weight * fractions[PlaceLevel.UNKNOWN]
    else:
        far = PlaceLevel.TRAVEL if cv.available_to_travel else PlaceLevel.ELSEWHERE
        otherwise = place_weight * fractions[far]
        if cv.municipality is not None:
            place[PlaceLevel.MUNICIPALITY] = place_weight * fractions[PlaceLevel.MUNICIPALITY]
        if cv.province is not None:
            place[PlaceLevel.PROVINCE] = place_weight * fractions[PlaceLevel.PROVINCE]
            if region:
                place[PlaceLevel.REGION] = place_weight * fractions[PlaceLevel.REGION]
    months: dict[str, int] = {}
    if levels >= experience_levels:
        for span in cv.experiences:
            prefixes = profession_prefixes(span.profession)
            if len(prefixes) >= experience_levels:
                spent = months_between(span.start, min(span.end or today, today))
                category = prefixes[experience_levels - 1]
                months[category] = months.get(category, 0) + spent
    full = policy.experience_full_months
    experience = {
        code: weight(Criterion.EXPERIENCE) * min(spent / full, 1.0)
        for code, spent in months.items()
    }
    half = weight(Criterion.CONDITIONS) / 2
    base = weight(Criterion.PROFESSION) * policy.profession_fraction(levels)
    if not cv.contract_types:
        base += half / 2
    if not cv.working_conditions:
        base += half / 2
    sector = float(weight(Criterion.SECTOR))
    if not cv.sectors:
        base += sector / 2
        sector = 0.0
    accepted = set(cv.contract_types)
    return OfferBound(
        base=base,
        municipality=cv.municipality,
        province=cv.province,
        region=region,
        place=place,
        otherwise=otherwise,
        experience=experience,
        education_rank=cv.education.rank if cv.education else None,
        education=float(weight(Criterion.EDUCATION)),
        languages=tuple(
            tuple(language_token(code, level) for level in LanguageLevel if held.is_at_least(level))
            for code, held in cv.languages
        ),
        language_weight=float(weight(Criterion.LANGUAGES)),
        licences=(
            *(token("lic", item.value) for item in sorted(cv.licences, key=str)),
            *(token("qua", item.value) for item in sorted(cv.qualifications, key=str)),
        ),
        licence_weight=float(weight(Criterion.LICENCES)),
        contracts=tuple(token(CONTRACTS, item.value) for item in sorted(accepted, key=str)),
        refused=tuple(
            token(CONDITIONS, item.value)
            for item in WorkingCondition
            if item not in cv.working_conditions
        )
        if cv.working_conditions
        else None,
        half_conditions=half,
        sector=sector,
    )


def _place(facts: OfferFacts, bound: OfferBound) -> float:
    if bound.municipality is not None and facts.workplace == bound.municipality:
        return bound.place[PlaceLevel.MUNICIPALITY]
    if bound.province is not None and facts.province == bound.province:
        return bound.place[PlaceLevel.PROVINCE]
    if bound.province is not None and facts.province in bound.region:
        return bound.place[PlaceLevel.REGION]
    return bound.otherwise


def offer_bound(facts: OfferFacts, bound: OfferBound) -> float:
    """The most an offer with ``facts`` can score (the definition storages follow)."""
    has = facts.facets
    total = bound.base + _place(facts, bound)
    if facts.category is not None:
        total += bound.experience.get(facts.category, 0.0)
    rank = bound.education_rank
    if facts.education is None or (rank is not None and facts.education <= rank):
        total += bound.education
    if not facts.languages:
        total += bound.language_weight
    else:
        met = sum(1 for levels in bound.languages for item in levels if item in has)
        total += bound.language_weight * min(met / facts.languages, 1.0)
    if not facts.requirements:
        total += bound.licence_weight
    else:
        met = sum(1 for item in bound.licences if item in has)
        total += bound.licence_weight * met / facts.requirements
    if any(item in has for item in bound.contracts):
        total += bound.half_conditions
    if bound.refused is not None:
        if CONDITIONS not in has:
            total += bound.half_conditions / 2
        elif not any(item in has for item in bound.refused):
            total += bound.half_conditions
    if bound.sector:
        total += bound.sector if SECTORS in has else bound.sector / 2
    return total


def by_offer_bound(
    profiles: Iterable[OfferProfile], bound: OfferBound
) -> list[Bounded[OfferProfile]]:
    """``profiles`` with their bounds, highest first (then by id): what storages return."""
    found = [
        Bounded(bound=offer_bound(offer_facts(item), bound), key=item.id, load=_loaded(item))
        for item in profiles
    ]
    found.sort(key=lambda row: (-row.bound, str(row.key)))
    return found


def _loaded(profile: OfferProfile) -> Callable[[], OfferProfile]:
    return lambda: profile
