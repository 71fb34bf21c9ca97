"""CV bounds in SQL: the sum :func:`~formlavoro_core.matching.bounds.cv_bound` defines.

The facts are columns of ``cv_profiles`` (migration 10); a facet is a token between
commas in ``facets``. A cell's candidates come highest bound first, a page at a time
(each page four times the last), so that ranking reads no further than it must.

A ranked statement's text depends only on the names of its parameters
(:func:`cv_bound_values`): it is built and compiled once per shape, and each ranking
binds its values and sends it through the driver. Every list a bound or a cell holds
(languages, licences, conditions, provinces) is :func:`padded` to a power of two, so
that rankings for different offers and CVs share their shapes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import (
    Float,
    Integer,
    String,
    and_,
    bindparam,
    case,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ColumnElement

from formlavoro_adapters.sql.matching import decode_cv_profile
from formlavoro_adapters.sql.matching_tables import CV_PROFILE_CODES, CV_PROFILES
from formlavoro_adapters.sql.prepared import Prepared, PreparedCache
from formlavoro_core.ids import CvId
from formlavoro_core.matching.bounds import (
    CONDITIONS,
    CONTRACTS,
    SECTORS,
    Bounded,
    CvBound,
)
from formlavoro_core.matching.policy import PlaceLevel
from formlavoro_core.matching.profiles import CvCell, CvProfile

__all__ = [
    "NEVER",
    "Read",
    "cv_bound_values",
    "listed",
    "listed_names",
    "number",
    "padded",
    "pattern",
    "prepared_statement",
    "ranked_cv_profiles",
    "ranked_rows",
    "text",
]

Read = Callable[[str, Any], list[tuple[Any, ...]]]
"""Sends SQL text with its driver parameters; the rows back."""
T = TypeVar("T")

FIRST_PAGE = 64
NEVER = ""
"""A facet no row has (facets are never empty): what pads a count of facets."""

_STATEMENTS = PreparedCache()


def padded(items: Sequence[T], filler: T | None = None) -> tuple[T, ...]:
    """``items`` made as long as the next power of two, with ``filler`` or the last item.

    Repeating an item changes neither an ``OR`` nor an ``AND`` of conditions, nor the
    first match of a ``CASE``; a count pads with a facet no row has (:data:`NEVER`).
    """
    if not items:
        return ()
    size = 1
    while size < len(items):
        size *= 2
    last = items[-1] if filler is None else filler
    return (*items, *(last,) * (size - len(items)))


def pattern(token: str) -> str:
    """The ``LIKE`` pattern of a facet in ``,token,token,``."""
    return f"%,{token},%"


def listed(values: dict[str, Any], name: str, items: Sequence[Any]) -> None:
    """``items`` as the parameters ``name_0``, ``name_1``, ... and their number ``name#``.

    The number is part of the shape only: it names no parameter of the statement.
    """
    values[f"{name}#"] = len(items)
    for index, item in enumerate(items):
        values[f"{name}_{index}"] = item


def listed_names(names: frozenset[str], name: str) -> list[str]:
    """The parameters :func:`listed` made of ``name``, in order."""
    count = 0
    while f"{name}_{count}" in names:
        count += 1
    return [f"{name}_{index}" for index in range(count)]


def number(name: str) -> ColumnElement[float]:
    """The parameter ``name``, a number with decimals."""
    return bindparam(name, type_=Float)


def text(name: str) -> ColumnElement[str]:
    """The parameter ``name``, a string."""
    return bindparam(name, type_=String)


def ranked_rows(
    read: Read, prepared: Prepared, values: dict[str, Any], *, first: int
) -> Iterator[tuple[Any, ...]]:
    """The rows of a prepared ranked statement, read lazily in pages growing fourfold.

    Ranking usually stops within the first page; when it does not, few round trips
    reach the rest.
    """
    offset, size = 0, first
    while True:
        rows = read(prepared.sql, prepared.bind({**values, "limit": size, "offset": offset}))
        yield from rows
        if len(rows) < size:
            return
        offset += size
        size *= 4


def cv_bound_values(cell: CvCell, bound: CvBound, *, now: dt.datetime) -> dict[str, Any]:
    """The parameters of a cell's ranked statement for ``bound``; their names, its shape."""
    points = bound.place
    values: dict[str, Any] = {
        "now": now,
        "base": bound.base,
        "workplace": bound.workplace,
        "province": bound.province,
        "at_municipality": points[PlaceLevel.MUNICIPALITY],
        "at_province": points[PlaceLevel.PROVINCE],
        "at_region": points[PlaceLevel.REGION],
        "at_unknown": points[PlaceLevel.UNKNOWN],
        "at_travel": points[PlaceLevel.TRAVEL],
        "elsewhere": points[PlaceLevel.ELSEWHERE],
        "contract": pattern(bound.contract),
        "contracts": pattern(CONTRACTS),
        "half": bound.half_conditions,
        "language_points": bound.language_points,
        "licence_points": bound.licence_points,
    }
    listed(values, "region", padded(bound.region or ("",)))
    if bound.experience:
        values["experience"] = bound.experience
        values["per_day"] = bound.experience / bound.full_days
        values["today"] = bound.today
        values["full_days"] = bound.full_days
    if bound.education_rank is not None:
        values["education_rank"] = bound.education_rank
        values["education"] = bound.education
    for index, accepted in enumerate(bound.languages):
        listed(values, f"language{index}", [pattern(t) for t in padded(accepted)])
    listed(values, "licence", [pattern(t) for t in padded(bound.licences, NEVER)])
    if bound.conditions:
        values["conditions"] = pattern(CONDITIONS)
        listed(values, "condition", [pattern(t) for t in padded(bound.conditions)])
    if bound.sector:
        values["sector"] = bound.sector
        values["sectors"] = pattern(SECTORS)
    if cell.profession is not None:
        values["profession"] = cell.profession
    if cell.deeper is not None:
        values["deeper"] = cell.deeper
    if cell.provinces is not None:
        listed(values, "cell_province", padded(cell.provinces))
    if cell.outside is not None:
        listed(values, "outside", padded(cell.outside))
    return values


def _has(name: str) -> ColumnElement[bool]:
    """Whether the CV has the facet of the pattern parameter ``name``."""
    return CV_PROFILES.c.facets.like(text(name))


def _when(condition: ColumnElement[bool], points: str) -> ColumnElement[float]:
    return case((condition, number(points)), else_=literal(0.0, Float))


def _bound_column(names: frozenset[str]) -> ColumnElement[float]:
    """``cv_bound`` of each row's facts, for the parameters ``names``."""
    p = CV_PROFILES.c
    region = [text(name) for name in listed_names(names, "region")]
    place = case(
        (p.municipality == text("workplace"), number("at_municipality")),
        (p.province == text("province"), number("at_province")),
        (p.province.in_(region), number("at_region")),
        (and_(p.municipality.is_(None), p.province.is_(None)), number("at_unknown")),
        (p.travel, number("at_travel")),
        else_=number("elsewhere"),
    )
    total: ColumnElement[float] = number("base") + place
    if "experience" in names:
        today = bindparam("today", type_=Integer)
        ongoing = case((p.open_since < today, p.open_count * (today - p.open_since)), else_=0)
        days = p.closed_days + ongoing
        total += case(
            (days >= bindparam("full_days", type_=Integer), number("experience")),
            else_=days * number("per_day"),
        )
    if "education_rank" in names:
        total += _when(p.education >= bindparam("education_rank", type_=Integer), "education")
    for index in range(_languages(names)):
        accepted = listed_names(names, f"language{index}")
        total += _when(or_(*(_has(name) for name in accepted)), "language_points")
    for name in listed_names(names, "licence"):
        total += _when(_has(name), "licence_points")
    half = number("half")
    total += case(
        (_has("contract"), half), (_has("contracts"), literal(0.0, Float)), else_=half / 2
    )
    if "conditions" in names:
        every = listed_names(names, "condition")
        total += case(
            (not_(_has("conditions")), half / 2),
            (and_(*(_has(name) for name in every)), half),
            else_=literal(0.0, Float),
        )
    if "sector" in names:
        sector = number("sector")
        total += case((_has("sectors"), sector), else_=sector / 2)
    return total


def _languages(names: frozenset[str]) -> int:
    count = 0
    while f"language{count}#" in names:
        count += 1
    return count


def _in(column: ColumnElement[Any], names: list[str]) -> ColumnElement[bool]:
    return column.in_([text(name) for name in names]) if names else false()


def _statement(names: frozenset[str]) -> Any:
    """The ranked statement of the parameters ``names``, highest bound first (then by id)."""
    p = CV_PROFILES.c
    d = CV_PROFILE_CODES.alias("deeper")
    score = _bound_column(names).label("bound")
    now = bindparam("now", type_=p.expires_at.type)
    where: list[ColumnElement[bool]] = [p.published_at <= now, p.expires_at > now]
    if "profession" not in names:
        province = p.province
        statement = select(p.cv_id, score, p.profile)
        filed: ColumnElement[bool] = or_(p.province.is_(None), p.province == "")
    else:
        c = CV_PROFILE_CODES.c
        province = c.province
        statement = select(p.cv_id, score, p.profile).select_from(
            CV_PROFILE_CODES.join(CV_PROFILES, p.cv_id == c.cv_id)
        )
        where.append(c.code == text("profession"))
        filed = c.province == ""
    if "deeper" in names:
        filed_under = func.coalesce(p.province, "") if "profession" not in names else province
        where.append(
            ~exists().where(
                d.c.code == text("deeper"), d.c.province == filed_under, d.c.cv_id == p.cv_id
            )
        )
    if "cell_province#" in names:
        where.append(_in(province, listed_names(names, "cell_province")))
    if "outside#" in names:
        where.append(or_(filed, not_(_in(province, listed_names(names, "outside")))))
    return (
        statement.where(*where)
        .order_by(score.desc(), p.cv_id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


def prepared_statement(
    kind: str, dialect: Dialect, names: frozenset[str], build: Callable[[frozenset[str]], Any]
) -> Prepared:
    """The ranked statement of ``kind`` for the parameters ``names``, compiled once."""
    shape = (kind, dialect.name, names)
    return _STATEMENTS.find(shape) or _STATEMENTS.prepare(
        shape, dialect, build(names), names | {"limit", "offset"}
    )


def ranked_cv_profiles(
    read: Read, dialect: Dialect, cell: CvCell, bound: CvBound, *, now: dt.datetime
) -> Iterator[Bounded[CvProfile]]:
    """The cell's CVs with their bounds, highest first, read a page at a time."""
    values = cv_bound_values(cell, bound, now=now)
    prepared = prepared_statement("cvs", dialect, frozenset(values), _statement)
    for row in ranked_rows(read, prepared, values, first=FIRST_PAGE):
        yield Bounded(
            bound=float(row[1]), key=CvId(row[0]), load=partial(decode_cv_profile, row[2])
        )
