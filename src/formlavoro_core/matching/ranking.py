"""Top N without scoring everyone: candidates cell by cell, best bound first (MA-1, MA-5).

The profession and the place weigh most, and storage adapters find candidates by both
with indexed columns. A *cell* is a CP2021 code at one level of the classification and a
set of provinces; what a cell can score at most (its *bound*) follows from the policy:
the profession's fraction for that level, the place's for those provinces, every other
weight in full. Cells are visited from the highest bound down; the ranking stops when
the N-th best score so far beats the bound of every cell not visited, since nothing in
them can overtake it. The last cell is "any CV anywhere", so the result is exactly the
top N of every candidate the hard filters keep, and asking for more always shows more
(MA-5: ranking hides nothing that a filter would show). Ties are broken by the key each
direction gives (identifiers last), so every storage returns the same ranking.

:func:`cv_tiers` and :func:`offer_tiers` make cells that share *exactly* one level and
one place class, so no candidate is in two; a storage returns each cell's candidates
with a bound of their own (:mod:`formlavoro_core.matching.bounds`), highest first, and
:func:`rank_rows` stops reading a cell as soon as its next bound cannot win.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Generic, TypeVar

import attrs

from formlavoro_core.matching.bounds import Bounded, CvBound, cv_bound_for
from formlavoro_core.matching.offer_bounds import OfferBound, offer_bound_for
from formlavoro_core.matching.policy import Criterion, MatchingPolicy, PlaceLevel
from formlavoro_core.matching.profiles import (
    CvCell,
    CvProfile,
    OfferCell,
    OfferProfile,
    profession_prefixes,
)
from formlavoro_core.matching.scoring import CATEGORY_LEVELS, Score
from formlavoro_core.reference.code_types import ProfessionCode, ProvinceCode

__all__ = [
    "CvTier",
    "OfferTier",
    "Ranked",
    "Tier",
    "cv_tiers",
    "offer_tiers",
    "rank",
    "rank_rows",
    "tiers",
]

C = TypeVar("C")
P = TypeVar("P")

_Provinces = tuple[ProvinceCode, ...] | None

_ROUNDING = 0.05
"""Parts are rounded to cents of a point: a bound this much above is never beaten."""


@attrs.frozen(kw_only=True)
class Tier:
    """One cell of the search: the codes shared to ``levels`` and some provinces."""

    levels: int
    codes: tuple[str, ...]
    provinces: tuple[ProvinceCode, ...] | None
    bound: float


@attrs.frozen(kw_only=True)
class Ranked(Generic[P]):
    """A candidate and its score."""

    profile: P
    score: Score


def tiers(
    codes: Iterable[str],
    *,
    province: ProvinceCode | None,
    region: Sequence[ProvinceCode],
    policy: MatchingPolicy,
    rest: float | None = None,
) -> list[Tier]:
    """The cells around ``codes`` and ``province``, highest bound first.

    Args:
        codes: the CP2021 codes to be near (the offer's; or the CV's professions).
        province: the province to be near, ``None`` when unknown.
        region: every province of ``province``'s region (empty when unknown).
        policy: the weights and fractions that make the bounds.
        rest: the most the other criteria can give together (every other weight in
            full when ``None``); it must never be less than what they give.
    """
    prefixes = [profession_prefixes(code) for code in codes]
    deepest = max((len(chain) for chain in prefixes), default=0)
    profession = policy.weight(Criterion.PROFESSION)
    place = policy.weight(Criterion.PLACE)
    if rest is None:
        rest = float(100 - profession - place)
    fractions = policy.place_fractions
    places: list[tuple[tuple[ProvinceCode, ...] | None, float, int]] = []
    if province is not None:
        near = max(fractions[PlaceLevel.MUNICIPALITY], fractions[PlaceLevel.PROVINCE])
        places.append(((province,), near, 0))
        if len(region) > 1:
            places.append((tuple(sorted(region)), fractions[PlaceLevel.REGION], 1))
    # "Anywhere" holds the nearer cells' CVs too, but they were seen there first (a
    # higher bound); what only it holds lies outside the region, or anywhere at all
    # when the province is unknown.
    outside = (PlaceLevel.TRAVEL, PlaceLevel.ELSEWHERE, PlaceLevel.UNKNOWN)
    far = max(fractions[level] for level in (outside if places else PlaceLevel))
    places.append((None, far, 2))
    cells: list[tuple[float, int, int, Tier]] = []
    for levels in range(deepest, -1, -1):
        at = tuple(sorted({chain[levels - 1] for chain in prefixes if len(chain) >= levels}))
        if levels and not at:
            continue
        for provinces, fraction, order in places:
            bound = profession * policy.profession_fraction(levels) + place * fraction + rest
            tier = Tier(levels=levels, codes=at if levels else (), provinces=provinces, bound=bound)
            cells.append((-bound, -levels, order, tier))
    cells.sort(key=lambda cell: cell[:3])
    return [cell[3] for cell in cells]


def rank(
    cells: Sequence[Tier],
    fetch: Callable[[Tier], Iterable[P]],
    *,
    identify: Callable[[P], Hashable],
    keep: Callable[[P], bool],
    scored: Callable[[P], Score],
    order: Callable[[Ranked[P]], tuple[object, ...]],
    limit: int,
) -> list[Ranked[P]]:
    """The ``limit`` best candidates of ``cells``, in ``order`` (best first).

    ``fetch`` returns at least the candidates of a cell (more does no harm); ``keep``
    applies the hard filters; ``order`` sorts ascending, best first, and must break
    every tie.
    """

    def rows(cell: Tier) -> Iterator[Bounded[P]]:
        for profile in fetch(cell):
            yield Bounded(bound=cell.bound, key=identify(profile), load=_given(profile))

    return rank_rows(
        cells,
        lambda cell: cell.bound,
        rows,
        keep=keep,
        scored=scored,
        order=order,
        limit=limit,
    )


def _given(profile: P) -> Callable[[], P]:
    return lambda: profile


def rank_rows(
    cells: Sequence[C],
    bound: Callable[[C], float],
    fetch: Callable[[C], Iterable[Bounded[P]]],
    *,
    keep: Callable[[P], bool],
    scored: Callable[[P], Score],
    order: Callable[[Ranked[P]], tuple[object, ...]],
    limit: int,
) -> list[Ranked[P]]:
    """The ``limit`` best candidates of ``cells`` (highest ``bound`` first), in ``order``.

    ``fetch`` returns the candidates of a cell, each with a bound of its own, highest
    first; a candidate is read (``load``) and scored only while its bound can still
    beat the ``limit``-th best score, and the rest of the cell is skipped as soon as
    it cannot. A candidate seen in an earlier cell is not scored again.
    """
    seen: set[Hashable] = set()
    found: list[Ranked[P]] = []
    best: list[float] = []  # a min-heap of the ``limit`` best totals so far
    for cell in cells:
        if len(best) >= limit and best[0] > bound(cell) + _ROUNDING:
            break
        for row in fetch(cell):
            if len(best) >= limit and best[0] > row.bound + _ROUNDING:
                break
            if row.key in seen:
                continue
            seen.add(row.key)
            profile = row.load()
            if not keep(profile):
                continue
            result = Ranked(profile=profile, score=scored(profile))
            found.append(result)
            if len(best) < limit:
                heapq.heappush(best, result.score.total)
            elif result.score.total > best[0]:
                heapq.heapreplace(best, result.score.total)
    found.sort(key=order)
    return found[:limit]


@attrs.frozen(kw_only=True)
class CvTier:
    """A cell of the company-side search: CVs sharing exactly ``levels`` levels, a place."""

    levels: int
    cell: CvCell
    bound: CvBound
    most: float
    """What a CV of the cell can score at most."""


def cv_tiers(
    offer: OfferProfile,
    *,
    region: Sequence[ProvinceCode],
    today: dt.date,
    policy: MatchingPolicy,
) -> list[CvTier]:
    """The cells of CVs for ``offer``, that no CV is in twice, highest bound first.

    Each shares exactly some CP2021 levels with the offer (the CVs under the next
    level down are left out) and lives in the offer's province, elsewhere in its
    region, or anywhere else (or nowhere known).
    """
    prefixes = profession_prefixes(offer.profession)
    near = (offer.province,)
    others = tuple(sorted(set(region) - set(near)))
    places: list[tuple[_Provinces, _Provinces, tuple[PlaceLevel, ...]]] = [
        (near, None, (PlaceLevel.MUNICIPALITY, PlaceLevel.PROVINCE))
    ]
    if others:
        places.append((others, None, (PlaceLevel.REGION,)))
    far = (PlaceLevel.TRAVEL, PlaceLevel.ELSEWHERE, PlaceLevel.UNKNOWN)
    places.append((None, tuple(sorted({*near, *others})), far))
    found: list[CvTier] = []
    for levels in range(len(prefixes), -1, -1):
        bound = cv_bound_for(
            offer,
            levels=levels,
            region=tuple(sorted({*near, *others})),
            today=today,
            policy=policy,
            experience_levels=CATEGORY_LEVELS,
        )
        code = ProfessionCode(prefixes[levels - 1]) if levels else None
        deeper = ProfessionCode(prefixes[levels]) if levels < len(prefixes) else None
        for provinces, outside, levels_there in places:
            cell = CvCell(profession=code, deeper=deeper, provinces=provinces, outside=outside)
            most = bound.most(levels_there)
            found.append(CvTier(levels=levels, cell=cell, bound=bound, most=most))
    found.sort(key=lambda tier: -tier.most)
    return found


@attrs.frozen(kw_only=True)
class OfferTier:
    """A cell of the citizen-side search: offers sharing exactly ``levels``, a place."""

    levels: int
    cell: OfferCell
    bound: OfferBound
    most: float
    """What an offer of the cell can score at most."""


def offer_tiers(
    cv: CvProfile,
    *,
    region: Sequence[ProvinceCode],
    today: dt.date,
    policy: MatchingPolicy,
) -> list[OfferTier]:
    """The cells of offers for ``cv``, that no offer is in twice, highest bound first.

    Each holds the offers sharing exactly some CP2021 levels with the closest of the
    CV's professions, in the CV's province, elsewhere in its region, or anywhere else
    (anywhere at all when the CV names no province).
    """
    chains = [profession_prefixes(code) for code in cv.all_professions]
    deepest = max((len(chain) for chain in chains), default=0)
    near: _Provinces = (cv.province,) if cv.province is not None else None
    others = tuple(sorted(set(region) - set(near or ())))
    places: list[tuple[_Provinces, _Provinces, tuple[PlaceLevel, ...]]]
    if near is None:
        places = [(None, None, tuple(PlaceLevel))]
    else:
        places = [(near, None, (PlaceLevel.MUNICIPALITY, PlaceLevel.PROVINCE))]
        if others:
            places.append((others, None, (PlaceLevel.REGION,)))
        places.append((None, tuple(sorted({*near, *others})), ()))

    def codes(levels: int) -> tuple[ProfessionCode, ...]:
        found = {chain[levels - 1] for chain in chains if len(chain) >= levels}
        return tuple(ProfessionCode(code) for code in sorted(found))

    found: list[OfferTier] = []
    for levels in range(deepest, -1, -1):
        at = codes(levels) if levels else ()
        if levels and not at:
            continue
        bound = offer_bound_for(
            cv,
            levels=levels,
            region=tuple(sorted({*(near or ()), *others})),
            today=today,
            policy=policy,
            experience_levels=CATEGORY_LEVELS,
        )
        deeper = codes(levels + 1) if levels < deepest else ()
        for provinces, outside, levels_there in places:
            cell = OfferCell(professions=at, deeper=deeper, provinces=provinces, outside=outside)
            most = bound.most(levels_there)
            found.append(OfferTier(levels=levels, cell=cell, bound=bound, most=most))
    found.sort(key=lambda tier: -tier.most)
    return found
