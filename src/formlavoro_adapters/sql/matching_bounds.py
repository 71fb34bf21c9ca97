"""CV bounds in SQL: the sum :func:`~formlavoro_core.matching.bounds.cv_bound` defines.

The facts are columns of ``cv_profiles`` (migration 10); a facet is a token between
commas in ``facets``. A cell's candidates come highest bound first, a page at a time
(each page four times the last), so that ranking reads no further than it must.

Every list a bound holds (languages, licences, conditions, the cell's codes) enters the
statement :func:`padded` to a power of two, and single values as one-item ``IN`` lists:
statements of different CVs and offers then share their shape, so SQLAlchemy compiles
each shape once and finds it in its cache afterwards, instead of compiling a new
statement for nearly every ranking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any, Generic, TypeVar

from sqlalchemy import Float, Select, and_, case, exists, func, literal, not_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from formlavoro_adapters.sql.matching import decode_cv_profile
from formlavoro_adapters.sql.matching_tables import CV_PROFILE_CODES, CV_PROFILES
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
    "BoundColumns",
    "cv_bound_column",
    "padded",
    "ranked_cv_profiles",
    "ranked_rows",
    "select_ranked_cvs",
]

Execute = Callable[..., Any]
B = TypeVar("B")

FIRST_PAGE = 64


T = TypeVar("T")
NEVER = ""
"""A facet no row has (facets are never empty): what pads a count of facets."""


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


def _number(value: float) -> ColumnElement[float]:
    return literal(float(value), Float)


def _has(token: str) -> ColumnElement[bool]:
    return CV_PROFILES.c.facets.like(f"%,{token},%")


def _when(condition: ColumnElement[bool], points: float) -> ColumnElement[float]:
    return case((condition, _number(points)), else_=_number(0.0))


def cv_bound_column(bound: CvBound) -> ColumnElement[float]:
    """``cv_bound`` of each row's facts for ``bound``, as an SQL expression."""
    p = CV_PROFILES.c
    points = bound.place
    place = case(
        (p.municipality == bound.workplace, _number(points[PlaceLevel.MUNICIPALITY])),
        (p.province == bound.province, _number(points[PlaceLevel.PROVINCE])),
        (p.province.in_(bound.region or ("",)), _number(points[PlaceLevel.REGION])),
        (and_(p.municipality.is_(None), p.province.is_(None)), _number(points[PlaceLevel.UNKNOWN])),
        (p.travel, _number(points[PlaceLevel.TRAVEL])),
        else_=_number(points[PlaceLevel.ELSEWHERE]),
    )
    total: ColumnElement[float] = _number(bound.base) + place
    if bound.experience:
        ongoing = case(
            (p.open_since < bound.today, p.open_count * (bound.today - p.open_since)),
            else_=0,
        )
        days = p.closed_days + ongoing
        total += case(
            (days >= bound.full_days, _number(bound.experience)),
            else_=days * _number(bound.experience / bound.full_days),
        )
    if bound.education_rank is not None:
        total += _when(p.education >= bound.education_rank, bound.education)
    for accepted in bound.languages:
        total += _when(or_(*(_has(token) for token in padded(accepted))), bound.language_points)
    for token in padded(bound.licences, NEVER):
        total += _when(_has(token), bound.licence_points)
    half = bound.half_conditions
    total += case(
        (_has(bound.contract), _number(half)),
        (_has(CONTRACTS), _number(0.0)),
        else_=_number(half / 2),
    )
    if bound.conditions:
        total += case(
            (not_(_has(CONDITIONS)), _number(half / 2)),
            (and_(*(_has(token) for token in padded(bound.conditions))), _number(half)),
            else_=_number(0.0),
        )
    if bound.sector:
        total += case((_has(SECTORS), _number(bound.sector)), else_=_number(bound.sector / 2))
    return total


def _in(column: ColumnElement[Any], values: tuple[str, ...]) -> ColumnElement[bool]:
    """``column IN values``, one expanding parameter whatever their number."""
    return column.in_(values)


class BoundColumns(Generic[B]):
    """The bound expression of each bound seen lately: the cells of a level share one."""

    def __init__(self, make: Callable[[B], ColumnElement[float]]) -> None:
        self._make = make
        self._made: dict[int, tuple[B, ColumnElement[float]]] = {}

    def __call__(self, bound: B) -> ColumnElement[float]:
        """The expression of ``bound``, made once while it is kept."""
        kept = self._made.get(id(bound))
        if kept is None or kept[0] is not bound:
            if len(self._made) >= KEPT:
                self._made.clear()
            kept = (bound, self._make(bound))
            self._made[id(bound)] = kept
        return kept[1]


KEPT = 16


def select_ranked_cvs(
    cell: CvCell,
    bound: CvBound,
    *,
    now: dt.datetime,
    columns: Callable[[CvBound], ColumnElement[float]] = cv_bound_column,
) -> Any:
    """The statement of a cell's CVs with their bounds, highest first (then by id)."""
    p = CV_PROFILES.c
    d = CV_PROFILE_CODES.alias("deeper")
    score = columns(bound).label("bound")
    where: list[ColumnElement[bool]] = [p.published_at <= now, p.expires_at > now]
    if cell.profession is None:
        province = p.province
        statement = select(p.cv_id, score, p.profile)
        filed: ColumnElement[bool] = or_(p.province.is_(None), p.province == "")
    else:
        c = CV_PROFILE_CODES.c
        province = c.province
        statement = select(p.cv_id, score, p.profile).select_from(
            CV_PROFILE_CODES.join(CV_PROFILES, p.cv_id == c.cv_id)
        )
        where.append(c.code == cell.profession)
        filed = c.province == ""
    if cell.deeper is not None:
        filed_under = func.coalesce(p.province, "") if cell.profession is None else province
        where.append(
            ~exists().where(
                d.c.code == cell.deeper, d.c.province == filed_under, d.c.cv_id == p.cv_id
            )
        )
    if cell.provinces is not None:
        where.append(_in(province, cell.provinces))
    if cell.outside is not None:
        where.append(or_(filed, province.not_in(cell.outside)))
    return statement.where(*where).order_by(score.desc(), p.cv_id)


def ranked_cv_profiles(
    execute: Execute,
    cell: CvCell,
    bound: CvBound,
    *,
    now: dt.datetime,
    columns: Callable[[CvBound], ColumnElement[float]] = cv_bound_column,
) -> Iterator[Bounded[CvProfile]]:
    """The cell's CVs with their bounds, highest first, read a page at a time."""
    statement = select_ranked_cvs(cell, bound, now=now, columns=columns)
    for row in ranked_rows(execute, statement, first=FIRST_PAGE):
        yield Bounded(
            bound=float(row.bound),
            key=CvId(row.cv_id),
            load=partial(decode_cv_profile, row.profile),
        )


def ranked_rows(execute: Execute, statement: Select[Any], *, first: int) -> Iterator[Any]:
    """The rows of a ranked statement, read lazily in pages four times larger each time.

    Ranking usually stops within the first page; when it does not, few round trips
    reach the rest.
    """
    offset, size = 0, first
    while True:
        rows = execute(statement.limit(size).offset(offset)).all()
        yield from rows
        if len(rows) < size:
            return
        offset += size
        size *= 4
