"""Offer bounds in SQL, over the columns of ``offer_profiles`` (migration 10).

The sum :func:`~formlavoro_core.matching.offer_bounds.offer_bound` defines; a cell's
offers come highest bound first, a page at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from sqlalchemy import Float, and_, case, literal, not_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from formlavoro_adapters.sql.matching import decode_offer_profile
from formlavoro_adapters.sql.matching_bounds import NEVER, Execute, padded, ranked_rows
from formlavoro_adapters.sql.matching_tables import OFFER_PROFILES
from formlavoro_core.ids import OfferId
from formlavoro_core.matching.bounds import CONDITIONS, SECTORS, Bounded
from formlavoro_core.matching.offer_bounds import OfferBound
from formlavoro_core.matching.policy import PlaceLevel
from formlavoro_core.matching.profiles import OfferCell, OfferProfile

__all__ = ["offer_bound_column", "ranked_offer_profiles", "select_ranked_offers"]


FIRST_PAGE = 32


def _number(value: float) -> ColumnElement[float]:
    return literal(float(value), Float)


def _has(token: str) -> ColumnElement[bool]:
    return OFFER_PROFILES.c.facets.like(f"%,{token},%")


def _count(tokens: tuple[str, ...]) -> ColumnElement[float]:
    """How many of ``tokens`` the offer has, as a number."""
    total: ColumnElement[float] = _number(0.0)
    for token in tokens:
        total += case((_has(token), _number(1.0)), else_=_number(0.0))
    return total


def offer_bound_column(bound: OfferBound) -> ColumnElement[float]:
    """``offer_bound`` of each row's facts for ``bound``, as an SQL expression."""
    o = OFFER_PROFILES.c
    places: list[tuple[ColumnElement[bool], ColumnElement[float]]] = []
    if bound.municipality is not None:
        places.append(
            (o.workplace == bound.municipality, _number(bound.place[PlaceLevel.MUNICIPALITY]))
        )
    if bound.province is not None:
        places.append((o.province == bound.province, _number(bound.place[PlaceLevel.PROVINCE])))
        if bound.region:
            places.append((o.province.in_(bound.region), _number(bound.place[PlaceLevel.REGION])))
    otherwise = _number(bound.otherwise)
    total: ColumnElement[float] = _number(bound.base) + (
        case(*places, else_=otherwise) if places else otherwise
    )
    if bound.experience:
        total += case(
            *(
                (o.category == code, _number(points))
                for code, points in padded(sorted(bound.experience.items()))
            ),
            else_=_number(0.0),
        )
    education: ColumnElement[bool] = o.education.is_(None)
    if bound.education_rank is not None:
        education = or_(education, o.education <= bound.education_rank)
    total += case((education, _number(bound.education)), else_=_number(0.0))
    languages = _count(padded([item for levels in bound.languages for item in levels], NEVER))
    total += case(
        (o.languages == 0, _number(bound.language_weight)),
        (languages >= o.languages, _number(bound.language_weight)),
        else_=languages * _number(bound.language_weight) / o.languages,
    )
    total += case(
        (o.requirements == 0, _number(bound.licence_weight)),
        else_=_count(padded(bound.licences, NEVER))
        * _number(bound.licence_weight)
        / o.requirements,
    )
    half = bound.half_conditions
    if bound.contracts:
        total += case(
            (or_(*(_has(token) for token in padded(bound.contracts))), _number(half)),
            else_=_number(0.0),
        )
    if bound.refused is not None:
        refused = or_(*(_has(token) for token in padded(bound.refused))) if bound.refused else None
        total += case(
            (not_(_has(CONDITIONS)), _number(half / 2)),
            *(((refused, _number(0.0)),) if refused is not None else ()),
            else_=_number(half),
        )
    if bound.sector:
        total += case((_has(SECTORS), _number(bound.sector)), else_=_number(bound.sector / 2))
    return total


def _in(column: ColumnElement[Any], values: tuple[str, ...]) -> ColumnElement[bool]:
    """``column IN values``, one expanding parameter whatever their number."""
    return column.in_(values)


def _by_level(codes: tuple[str, ...]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for code in codes:
        found.setdefault(code.count(".") + 1, []).append(code)
    return {level: tuple(sorted(items)) for level, items in found.items()}


def select_ranked_offers(
    cell: OfferCell,
    bound: OfferBound,
    *,
    now: dt.datetime,
    columns: Callable[[OfferBound], ColumnElement[float]] = offer_bound_column,
) -> Any:
    """The statement of a cell's offers with their bounds, highest first (then by id)."""
    o = OFFER_PROFILES.c
    score = columns(bound).label("bound")
    where: list[ColumnElement[bool]] = [o.expires_at > now]
    if cell.professions:
        where.append(
            or_(
                *(
                    _in(o[f"prof_{level}"], codes)
                    for level, codes in _by_level(cell.professions).items()
                )
            )
        )
    for level, codes in _by_level(cell.deeper).items():
        column = o[f"prof_{level}"]
        where.append(or_(column.is_(None), not_(_in(column, codes))))
    if cell.provinces is not None:
        where.append(_in(o.province, cell.provinces))
    if cell.outside is not None:
        where.append(o.province.not_in(cell.outside))
    return (
        select(o.offer_id, score, o.profile).where(and_(*where)).order_by(score.desc(), o.offer_id)
    )


def ranked_offer_profiles(
    execute: Execute,
    cell: OfferCell,
    bound: OfferBound,
    *,
    now: dt.datetime,
    columns: Callable[[OfferBound], ColumnElement[float]] = offer_bound_column,
) -> Iterator[Bounded[OfferProfile]]:
    """The cell's offers with their bounds, highest first, read a page at a time."""
    statement = select_ranked_offers(cell, bound, now=now, columns=columns)
    for row in ranked_rows(execute, statement, first=FIRST_PAGE):
        yield Bounded(
            bound=float(row.bound),
            key=OfferId(row.offer_id),
            load=partial(decode_offer_profile, row.profile),
        )
