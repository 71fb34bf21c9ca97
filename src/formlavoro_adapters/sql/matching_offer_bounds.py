"""Offer bounds in SQL, over the columns of ``offer_profiles`` (migration 10).

The sum :func:`~formlavoro_core.matching.offer_bounds.offer_bound` defines; a cell's
offers come highest bound first, a page at a time. The statement's text depends only
on the names of its parameters (:func:`offer_bound_values`): it is built and compiled
once per shape, and each ranking binds its values and sends it through the driver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    and_,
    bindparam,
    case,
    false,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ColumnElement

from formlavoro_adapters.sql.matching import decode_offer_profile
from formlavoro_adapters.sql.matching_bounds import (
    NEVER,
    Read,
    has_facet,
    listed,
    listed_names,
    number,
    padded,
    pattern,
    prepared_statement,
    ranked_rows,
    text,
)
from formlavoro_adapters.sql.matching_tables import OFFER_PROFILES
from formlavoro_core.ids import OfferId
from formlavoro_core.matching.bounds import CONDITIONS, SECTORS, Bounded
from formlavoro_core.matching.offer_bounds import OfferBound
from formlavoro_core.matching.policy import PlaceLevel
from formlavoro_core.matching.profiles import OfferCell, OfferProfile

__all__ = ["offer_bound_values", "ranked_offer_profiles"]

FIRST_PAGE = 128
"""Rows of a cell's first page. Each page computes the bound of every row of the cell
again, so the first should usually be the last: at 1,000,000 CVs and offers, smaller
first pages (64 CVs, 32 offers) sent a second in most company rankings and in a
third of citizen ones."""


def _has(name: str) -> ColumnElement[bool]:
    """Whether the offer has the facet of the pattern parameter ``name``."""
    return has_facet(OFFER_PROFILES.c.facets, text(name))


def offer_bound_values(cell: OfferCell, bound: OfferBound, *, now: dt.datetime) -> dict[str, Any]:
    """The parameters of a cell's ranked statement for ``bound``; their names, its shape.

    Lists are :func:`padded`, so that CVs with as many languages, licences or codes
    (to the next power of two) send the same statement.
    """
    values: dict[str, Any] = {
        "now": now,
        "base": bound.base,
        "otherwise": bound.otherwise,
        "education": bound.education,
        "language_weight": bound.language_weight,
        "licence_weight": bound.licence_weight,
        "half": bound.half_conditions,
        "conditions": pattern(CONDITIONS),
    }
    if bound.municipality is not None:
        values["municipality"] = bound.municipality
        values["at_municipality"] = bound.place[PlaceLevel.MUNICIPALITY]
    if bound.province is not None:
        values["province"] = bound.province
        values["at_province"] = bound.place[PlaceLevel.PROVINCE]
        if bound.region:
            listed(values, "region", padded(bound.region))
            values["at_region"] = bound.place[PlaceLevel.REGION]
    experience = padded(sorted(bound.experience.items()))
    listed(values, "category", tuple(code for code, _ in experience))
    listed(values, "category_points", tuple(points for _, points in experience))
    if bound.education_rank is not None:
        values["education_rank"] = bound.education_rank
    languages = [item for levels in bound.languages for item in levels]
    listed(values, "language", tuple(pattern(t) for t in padded(languages, NEVER)))
    listed(values, "licence", tuple(pattern(t) for t in padded(bound.licences, NEVER)))
    listed(values, "contract", tuple(pattern(t) for t in padded(bound.contracts)))
    if bound.refused is not None:
        values["refusing"] = True
        listed(values, "refused", tuple(pattern(t) for t in padded(bound.refused)))
    if bound.sector:
        values["sector"] = bound.sector
        values["sectors"] = pattern(SECTORS)
    for level, codes in _by_level(cell.professions).items():
        listed(values, f"prof_{level}", padded(codes))
    for level, codes in _by_level(cell.deeper).items():
        listed(values, f"deeper_{level}", padded(codes))
    if cell.provinces is not None:
        listed(values, "cell_province", padded(cell.provinces))
    if cell.outside is not None:
        listed(values, "outside", padded(cell.outside))
    return values


def _count(names: list[str]) -> ColumnElement[float]:
    """How many of the facets ``names`` the offer has, as a number."""
    total: ColumnElement[float] = literal(0.0, Float)
    for name in names:
        total += case((_has(name), literal(1.0, Float)), else_=literal(0.0, Float))
    return total


def _bound_column(names: frozenset[str]) -> ColumnElement[float]:
    """``offer_bound`` of each row's facts, for the parameters ``names``."""
    o = OFFER_PROFILES.c
    zero = literal(0.0, Float)
    places: list[tuple[ColumnElement[bool], ColumnElement[float]]] = []
    if "municipality" in names:
        places.append((o.workplace == text("municipality"), number("at_municipality")))
    if "province" in names:
        places.append((o.province == text("province"), number("at_province")))
        if "at_region" in names:
            region = [text(name) for name in listed_names(names, "region")]
            places.append((o.province.in_(region), number("at_region")))
    otherwise = number("otherwise")
    total: ColumnElement[float] = number("base") + (
        case(*places, else_=otherwise) if places else otherwise
    )
    categories = listed_names(names, "category")
    if categories:
        points = listed_names(names, "category_points")
        total += case(
            *(
                (o.category == text(code), number(weight))
                for code, weight in zip(categories, points, strict=True)
            ),
            else_=zero,
        )
    education: ColumnElement[bool] = o.education.is_(None)
    if "education_rank" in names:
        education = or_(education, o.education <= bindparam("education_rank", type_=Integer))
    total += case((education, number("education")), else_=zero)
    weight = number("language_weight")
    languages = _count(listed_names(names, "language"))
    total += case(
        (o.languages == 0, weight),
        (languages >= o.languages, weight),
        else_=languages * weight / o.languages,
    )
    total += case(
        (o.requirements == 0, number("licence_weight")),
        else_=_count(listed_names(names, "licence")) * number("licence_weight") / o.requirements,
    )
    half = number("half")
    contracts = listed_names(names, "contract")
    if contracts:
        total += case((or_(*(_has(name) for name in contracts)), half), else_=zero)
    if "refusing" in names:
        refused = listed_names(names, "refused")
        total += case(
            (not_(_has("conditions")), half / 2),
            *(((or_(*(_has(name) for name in refused)), zero),) if refused else ()),
            else_=half,
        )
    if "sector" in names:
        sector = number("sector")
        total += case((_has("sectors"), sector), else_=sector / 2)
    return total


def _by_level(codes: tuple[str, ...]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for code in codes:
        found.setdefault(code.count(".") + 1, []).append(code)
    return {level: tuple(sorted(items)) for level, items in found.items()}


def _in(column: ColumnElement[Any], names: list[str]) -> ColumnElement[bool]:
    return column.in_([text(name) for name in names]) if names else false()


def _statement(names: frozenset[str]) -> Any:
    """The ranked statement of the parameters ``names``, highest bound first (then by id)."""
    o = OFFER_PROFILES.c
    score = _bound_column(names).label("bound")
    where: list[ColumnElement[bool]] = [o.expires_at > bindparam("now", type_=o.expires_at.type)]
    professions = [
        _in(o[f"prof_{level}"], listed_names(names, f"prof_{level}"))
        for level in range(1, 6)
        if f"prof_{level}#" in names
    ]
    if professions:
        where.append(or_(*professions))
    for level in range(1, 6):
        if f"deeper_{level}#" in names:
            column = o[f"prof_{level}"]
            where.append(
                or_(column.is_(None), not_(_in(column, listed_names(names, f"deeper_{level}"))))
            )
    if "cell_province#" in names:
        where.append(_in(o.province, listed_names(names, "cell_province")))
    if "outside#" in names:
        where.append(not_(_in(o.province, listed_names(names, "outside"))))
    return (
        select(o.offer_id, score, o.profile)
        .where(and_(*where))
        .order_by(score.desc(), o.offer_id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


def ranked_offer_profiles(
    read: Read, dialect: Dialect, cell: OfferCell, bound: OfferBound, *, now: dt.datetime
) -> Iterator[Bounded[OfferProfile]]:
    """The cell's offers with their bounds, highest first, read a page at a time.

    The statement is compiled once per shape (:func:`offer_bound_values`) and sent
    through ``read`` (SQL text and parameters, rows back).
    """
    values = offer_bound_values(cell, bound, now=now)
    prepared = prepared_statement("offers", dialect, frozenset(values), _statement)
    for row in ranked_rows(read, prepared, values, first=FIRST_PAGE):
        yield Bounded(
            bound=float(row[1]),
            key=OfferId(row[0]),
            load=partial(decode_offer_profile, row[2]),
        )
