"""Explained scores: how well a CV fits an offer, criterion by criterion (MA-1, MA-2).

:func:`score` is pure: it reads a :class:`~formlavoro_core.matching.profiles.CvProfile`,
an :class:`~formlavoro_core.matching.profiles.OfferProfile`, the day of the match (for
experiences still going on), the portal's :class:`MatchingPolicy` and a
:class:`Geography` (regions of provinces and ATECO sections of sectors, from the
reference data). The result lists every criterion's points, its weight and the facts it
used; the wording for people is made from them by :mod:`formlavoro_core.matching.wording`.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import attrs
from dateutil.relativedelta import relativedelta

from formlavoro_core.matching.policy import Criterion, MatchingPolicy, PlaceLevel
from formlavoro_core.matching.profiles import CvProfile, OfferProfile
from formlavoro_core.reference import LanguageLevel, shared_profession_levels
from formlavoro_core.reference.code_types import ProvinceCode, SectorCode

__all__ = [
    "CATEGORY_LEVELS",
    "Geography",
    "Missing",
    "Part",
    "Score",
    "months_between",
    "passes_hard_filters",
    "place_level",
    "rest_for_cv",
    "rest_for_offer",
    "score",
]

CATEGORY_LEVELS = 4
"""Experiences count when their profession is in the offer's CP2021 category."""

_UNKNOWN = 0.5
"""The fraction of a preference nobody stated (decided): neither a match nor a miss."""


class Geography(Protocol):
    """What scoring needs of the reference data."""

    def region_of(self, province: ProvinceCode) -> str | None:
        """The region of a province, ``None`` when unknown."""
        ...

    def section_of(self, sector: SectorCode) -> SectorCode | None:
        """The ATECO section of a sector at any level, ``None`` when unknown."""
        ...


@attrs.frozen(kw_only=True)
class Missing:
    """A requirement the CV does not meet: what it is and what the CV holds instead.

    ``kind`` is ``"language"`` (``what`` an ISO 639-1 code, ``level`` the one
    required, ``held`` the CV's or ``None``), ``"licence"``, ``"qualification"`` or
    ``"education"`` (``level`` the required education level's value).
    """

    kind: str
    what: str
    level: str | None = None
    held: str | None = None


@attrs.frozen(kw_only=True)
class Part:
    """One criterion's contribution to a score (MA-2).

    Attributes:
        criterion: which criterion.
        points: what it gave, from 0 to ``weight``.
        weight: the most it can give.
        facts: the facts it used, as ``(name, value)`` pairs of plain strings.
        missing: the requirements of the offer the CV does not meet.
    """

    criterion: Criterion
    points: float
    weight: int
    facts: tuple[tuple[str, str], ...] = ()
    missing: tuple[Missing, ...] = ()

    def fact(self, name: str) -> str | None:
        """The value of the fact ``name``, ``None`` when the part has none."""
        return dict(self.facts).get(name)


@attrs.frozen(kw_only=True)
class Score:
    """A total from 0 to 100 and the parts that made it, in criterion order."""

    total: float
    parts: tuple[Part, ...]

    def part(self, criterion: Criterion) -> Part:
        """The part of ``criterion``."""
        return next(part for part in self.parts if part.criterion is criterion)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (``relativedelta``), 0 if ``end`` is before.

    >>> months_between(dt.date(2023, 1, 31), dt.date(2024, 3, 30))
    13
    """
    if end <= start:
        return 0
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


def place_level(cv: CvProfile, offer: OfferProfile, geography: Geography) -> PlaceLevel:
    """How near the CV's residence is to the offer's workplace."""
    if cv.municipality is None and cv.province is None:
        return PlaceLevel.UNKNOWN
    if cv.municipality == offer.workplace:
        return PlaceLevel.MUNICIPALITY
    if cv.province == offer.province:
        return PlaceLevel.PROVINCE
    region = geography.region_of(offer.province)
    if (
        cv.province is not None
        and region is not None
        and geography.region_of(cv.province) == region
    ):
        return PlaceLevel.REGION
    return PlaceLevel.TRAVEL if cv.available_to_travel else PlaceLevel.ELSEWHERE


def _part(
    policy: MatchingPolicy,
    criterion: Criterion,
    fraction: float,
    facts: tuple[tuple[str, str], ...] = (),
    missing: tuple[Missing, ...] = (),
) -> Part:
    weight = policy.weight(criterion)
    return Part(
        criterion=criterion,
        points=round(weight * fraction, 2),
        weight=weight,
        facts=facts,
        missing=missing,
    )


def _profession(cv: CvProfile, offer: OfferProfile, policy: MatchingPolicy) -> Part:
    best, closest = 0, ""
    for code in cv.all_professions:
        shared = shared_profession_levels(code, offer.profession)
        if shared > best or (shared == best and closest and code < closest):
            best, closest = shared, code
    facts: tuple[tuple[str, str], ...] = (
        ("offer", str(offer.profession)),
        ("shared_levels", str(best)),
    )
    if best:
        facts += (("closest", closest),)
    return _part(policy, Criterion.PROFESSION, policy.profession_fraction(best), facts)


def _experience(cv: CvProfile, offer: OfferProfile, today: dt.date, policy: MatchingPolicy) -> Part:
    months = sum(
        months_between(span.start, min(span.end or today, today))
        for span in cv.experiences
        if shared_profession_levels(span.profession, offer.profession) >= CATEGORY_LEVELS
    )
    fraction = min(months / policy.experience_full_months, 1.0)
    return _part(policy, Criterion.EXPERIENCE, fraction, (("months", str(months)),))


def _place(
    cv: CvProfile, offer: OfferProfile, geography: Geography, policy: MatchingPolicy
) -> Part:
    level = place_level(cv, offer, geography)
    facts = (("level", level.value), ("workplace", offer.workplace))
    return _part(policy, Criterion.PLACE, policy.place_fractions[level], facts)


def _education(cv: CvProfile, offer: OfferProfile, policy: MatchingPolicy) -> Part:
    required = offer.education_level
    held = cv.education
    facts: tuple[tuple[str, str], ...] = (("held", held.value if held else ""),)
    if required is None:
        return _part(policy, Criterion.EDUCATION, 1.0, (*facts, ("required", "")))
    facts += (("required", required.value),)
    if held is not None and held.is_at_least(required):
        return _part(policy, Criterion.EDUCATION, 1.0, facts)
    missing = Missing(
        kind="education",
        what=required.value,
        level=required.value,
        held=held.value if held else None,
    )
    return _part(policy, Criterion.EDUCATION, 0.0, facts, (missing,))


def _languages(cv: CvProfile, offer: OfferProfile, policy: MatchingPolicy) -> Part:
    if not offer.languages:
        return _part(policy, Criterion.LANGUAGES, 1.0, (("required", "0"),))
    missing: list[Missing] = []
    for required in offer.languages:
        held: LanguageLevel | None = cv.level_of(required.language)
        if held is None or not held.is_at_least(required.level):
            missing.append(
                Missing(
                    kind="language",
                    what=required.language,
                    level=required.level.value,
                    held=held.value if held else None,
                )
            )
    met = len(offer.languages) - len(missing)
    facts = (("required", str(len(offer.languages))), ("met", str(met)))
    return _part(policy, Criterion.LANGUAGES, met / len(offer.languages), facts, tuple(missing))


def _licences(cv: CvProfile, offer: OfferProfile, policy: MatchingPolicy) -> Part:
    required = len(offer.licences) + len(offer.qualifications)
    if not required:
        return _part(policy, Criterion.LICENCES, 1.0, (("required", "0"),))
    missing = [
        Missing(kind="licence", what=licence.value)
        for licence in sorted(offer.licences - cv.licences, key=lambda item: item.value)
    ] + [
        Missing(kind="qualification", what=item.value)
        for item in sorted(offer.qualifications - cv.qualifications, key=lambda item: item.value)
    ]
    met = required - len(missing)
    facts = (("required", str(required)), ("met", str(met)))
    return _part(policy, Criterion.LICENCES, met / required, facts, tuple(missing))


def _conditions(cv: CvProfile, offer: OfferProfile, policy: MatchingPolicy) -> Part:
    if not cv.contract_types:
        contract = _UNKNOWN
    else:
        contract = 1.0 if offer.contract_type in cv.contract_types else 0.0
    if not cv.working_conditions or not offer.working_conditions:
        conditions = _UNKNOWN
    else:
        conditions = 1.0 if offer.working_conditions <= cv.working_conditions else 0.0
    facts = (
        ("contract_type", offer.contract_type.value),
        ("contract_fits", {1.0: "yes", 0.0: "no"}.get(contract, "unknown")),
        ("conditions_fit", {1.0: "yes", 0.0: "no"}.get(conditions, "unknown")),
    )
    return _part(policy, Criterion.CONDITIONS, (contract + conditions) / 2, facts)


def _sector(
    cv: CvProfile, offer: OfferProfile, geography: Geography, policy: MatchingPolicy
) -> Part:
    section = geography.section_of(offer.sector) if offer.sector else None
    if section is None or not cv.sectors:
        return _part(policy, Criterion.SECTOR, _UNKNOWN, (("fits", "unknown"),))
    fits = any(geography.section_of(code) == section for code in cv.sectors)
    facts = (("fits", "yes" if fits else "no"), ("section", section))
    return _part(policy, Criterion.SECTOR, 1.0 if fits else 0.0, facts)


def score(
    cv: CvProfile,
    offer: OfferProfile,
    *,
    today: dt.date,
    policy: MatchingPolicy,
    geography: Geography,
) -> Score:
    """How well ``cv`` fits ``offer`` on ``today``: a 0-100 total and its parts (MA-2)."""
    parts = (
        _profession(cv, offer, policy),
        _experience(cv, offer, today, policy),
        _place(cv, offer, geography, policy),
        _education(cv, offer, policy),
        _languages(cv, offer, policy),
        _licences(cv, offer, policy),
        _conditions(cv, offer, policy),
        _sector(cv, offer, geography, policy),
    )
    return Score(total=round(sum(part.points for part in parts), 2), parts=parts)


def rest_for_offer(offer: OfferProfile, policy: MatchingPolicy) -> float:
    """The most any CV can score for ``offer`` beside the profession and the place.

    What the offer leaves unknown caps a criterion: an offer without a sector gives
    every CV half the sector's weight, one without working conditions half of their
    half of the conditions' weight.
    """
    sector = _UNKNOWN if offer.sector is None else 1.0
    conditions = (1.0 + (_UNKNOWN if not offer.working_conditions else 1.0)) / 2
    return _rest(policy, sector=sector, conditions=conditions, experience=1.0)


def rest_for_cv(cv: CvProfile, today: dt.date, policy: MatchingPolicy) -> float:
    """The most any offer can score for ``cv`` beside the profession and the place.

    A CV without sectors or without some preferences caps those criteria; its
    experience cannot exceed the months of all its experiences together.
    """
    sector = _UNKNOWN if not cv.sectors else 1.0
    contract = _UNKNOWN if not cv.contract_types else 1.0
    conditions = _UNKNOWN if not cv.working_conditions else 1.0
    months = sum(
        months_between(span.start, min(span.end or today, today)) for span in cv.experiences
    )
    experience = min(months / policy.experience_full_months, 1.0)
    return _rest(
        policy, sector=sector, conditions=(contract + conditions) / 2, experience=experience
    )


def _rest(policy: MatchingPolicy, *, sector: float, conditions: float, experience: float) -> float:
    capped = {
        Criterion.SECTOR: sector,
        Criterion.CONDITIONS: conditions,
        Criterion.EXPERIENCE: experience,
    }
    return sum(
        weight * capped.get(criterion, 1.0)
        for criterion, weight in policy.weights.items()
        if criterion not in {Criterion.PROFESSION, Criterion.PLACE}
    )


def passes_hard_filters(cv: CvProfile, offer: OfferProfile, policy: MatchingPolicy) -> bool:
    """Whether ``cv`` passes the criteria the policy makes filters (MA-5).

    Each means what the plain CV filter of the same name means
    (:class:`~formlavoro_core.cv.search.CvQuery`): education, a study (even in
    progress) at the required level or above; languages, every required language
    listed, whatever the level; licences, every required driving licence held.
    Ministry qualifications only score.
    """
    hard = policy.hard
    if (
        Criterion.EDUCATION in hard
        and offer.education_level is not None
        and (cv.studying is None or not cv.studying.is_at_least(offer.education_level))
    ):
        return False
    if Criterion.LANGUAGES in hard and any(
        cv.level_of(required.language) is None for required in offer.languages
    ):
        return False
    return not (Criterion.LICENCES in hard and not offer.licences <= cv.licences)
