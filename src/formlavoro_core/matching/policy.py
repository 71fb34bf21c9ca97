"""What a portal decides about matching: weights, hard filters, scales (MA-1, MA-5).

Every criterion gives a part of the score: its weight times a fraction between 0 and 1
that the criterion computes from the facts of the CV and the offer. The weights add up to
100, so the total is a score from 0 to 100. A criterion named in ``hard`` also filters:
the CVs (or offers) that fail it are left out of the ranking, exactly as the plain filter
of the same name would leave them out of a search (MA-5).

>>> policy = MatchingPolicy()
>>> sum(policy.weights.values())
100
>>> policy.profession_fraction(5), policy.profession_fraction(0)
(1.0, 0.0)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Final

import attrs

__all__ = ["DEFAULT_WEIGHTS", "HARD_ABLE", "Criterion", "MatchingPolicy", "PlaceLevel"]


class Criterion(enum.Enum):
    """A part of a matching score, in the order explanations list them."""

    PROFESSION = "profession"
    EXPERIENCE = "experience"
    PLACE = "place"
    EDUCATION = "education"
    LANGUAGES = "languages"
    LICENCES = "licences"
    CONDITIONS = "conditions"
    SECTOR = "sector"


class PlaceLevel(enum.Enum):
    """How near a CV's residence is to an offer's workplace, nearest first."""

    MUNICIPALITY = "municipality"
    PROVINCE = "province"
    REGION = "region"
    TRAVEL = "travel"
    """Elsewhere, but the citizen is available to travel (CV-9)."""
    ELSEWHERE = "elsewhere"
    UNKNOWN = "unknown"
    """The CV names no municipality of residence."""


DEFAULT_WEIGHTS: Final[Mapping[Criterion, int]] = {
    Criterion.PROFESSION: 35,
    Criterion.EXPERIENCE: 15,
    Criterion.PLACE: 15,
    Criterion.EDUCATION: 10,
    Criterion.LANGUAGES: 8,
    Criterion.LICENCES: 6,
    Criterion.CONDITIONS: 7,
    Criterion.SECTOR: 4,
}
"""The default weights (decided): the profession weighs most (MA-1)."""

HARD_ABLE: Final = frozenset({Criterion.EDUCATION, Criterion.LANGUAGES, Criterion.LICENCES})
"""The criteria that can filter: those with a plain CV filter of the same meaning."""

_PROFESSION_FRACTIONS: Final = (0.0, 0.1, 0.3, 0.5, 0.8, 1.0)
_PLACE_FRACTIONS: Final = {
    PlaceLevel.MUNICIPALITY: 1.0,
    PlaceLevel.PROVINCE: 0.8,
    PlaceLevel.REGION: 0.5,
    PlaceLevel.TRAVEL: 0.3,
    PlaceLevel.ELSEWHERE: 0.0,
    PlaceLevel.UNKNOWN: 0.0,
}


def _weights(_instance: object, _attribute: object, value: Mapping[Criterion, int]) -> None:
    if set(value) != set(Criterion):
        msg = "weights must give every criterion a weight"
        raise ValueError(msg)
    if any(weight < 0 for weight in value.values()) or sum(value.values()) != 100:  # noqa: PLR2004
        msg = "weights must be at least 0 and add up to 100"
        raise ValueError(msg)


def _hard(_instance: object, _attribute: object, value: frozenset[Criterion]) -> None:
    if not value <= HARD_ABLE:
        msg = "only education, languages and licences can be hard filters"
        raise ValueError(msg)


def _fractions(_instance: object, _attribute: object, value: tuple[float, ...]) -> None:
    if len(value) != 6 or list(value) != sorted(value) or not 0 <= value[0] <= value[-1] <= 1:  # noqa: PLR2004
        msg = "profession fractions: six increasing values from 0 to 1 (0 to 5 shared levels)"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class MatchingPolicy:
    """The matching settings of a portal (configuration, with documented defaults).

    Attributes:
        weights: each criterion's weight; together 100.
        hard: the criteria that filter as well as score (education, languages,
            licences); by default none: requirements only lower the score.
        profession_fractions: the share of the profession's weight for 0 to 5 CP2021
            levels shared with the closest of the CV's professions (the same unit
            shares 5; the same category 4; class 3; group 2; major group 1).
        place_fractions: the share of the place's weight for each :class:`PlaceLevel`.
        experience_full_months: the months of experience in the offer's profession
            (its CP2021 category) that earn the whole experience weight.
    """

    weights: Mapping[Criterion, int] = attrs.field(
        default=attrs.Factory(lambda: dict(DEFAULT_WEIGHTS)), validator=_weights
    )
    hard: frozenset[Criterion] = attrs.field(default=frozenset(), validator=_hard)
    profession_fractions: tuple[float, ...] = attrs.field(
        default=_PROFESSION_FRACTIONS, validator=_fractions
    )
    place_fractions: Mapping[PlaceLevel, float] = attrs.field(
        default=attrs.Factory(lambda: dict(_PLACE_FRACTIONS))
    )
    experience_full_months: int = attrs.field(default=24, validator=attrs.validators.ge(1))

    def profession_fraction(self, shared_levels: int) -> float:
        """The profession's fraction for CP2021 codes sharing ``shared_levels`` levels."""
        return self.profession_fractions[shared_levels]

    def weight(self, criterion: Criterion) -> int:
        """The weight of ``criterion``."""
        return self.weights[criterion]
