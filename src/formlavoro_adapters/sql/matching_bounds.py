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
    Boolean,
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
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

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
    "has_facet",
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

FIRST_PAGE = 128
"""Rows of a cell's first page. Each page computes the bound of every row of the cell
again, so the first should usually be the last: at 1,000,000 CVs and offers, smaller
first pages (64 CVs, 32 offers) sent a second in most company rankings and in a
third of citizen ones."""
NEVER = ""
"""A facet no row has (facets are never empty): what pads a count of facets."""
NOWHERE = "~"
"""A province no CV lives in (``""`` files the CVs without one): an empty region."""

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
    """What :func:`has_facet` looks for in ``,token,token,``: the token between commas."""
    return f",{token},"


class has_facet(FunctionElement[bool]):  # noqa: N801 - used as a SQL function
    """Whether the text ``facets`` holds the string ``needle`` (a :func:`pattern`).

    A plain substring search: ``instr`` on SQLite, ``strpos`` on PostgreSQL, cheaper
    per row than ``LIKE '%...%'`` (no pattern to interpret, no case folding), and it
    runs a dozen times on every row of a cell.
    """

    type = Boolean()
    name = "has_facet"
    inherit_cache = True

    def __init__(self, facets: ColumnElement[str], needle: ColumnElement[str]) -> None:
        super().__init__(facets, needle)


@compiles(has_facet)
def _has_facet(element: has_facet, compiler: SQLCompiler, **kw: Any) -> str:
    facets, needle = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(instr({facets}, {needle}) > 0)"


@compiles(has_facet, "postgresql")
def _has_facet_postgresql(element: has_facet, compiler: SQLCompiler, **kw: Any) -> str:
    facets, needle = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(strpos({facets}, {needle}) > 0)"


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
    listed(values, "region", padded(bound.region or (NOWHERE,)))
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


def _bound_column(
    names: frozenset[str], facts: Any, province: ColumnElement[str], unknown: ColumnElement[bool]
) -> ColumnElement[float]:
    """``cv_bound`` of each row's ``facts`` (columns), for the parameters ``names``.

    ``province`` is the row's province of residence; ``unknown`` whether it has none.
    """

    def has(name: str) -> ColumnElement[bool]:
        return has_facet(facts.facets, text(name))

    def when(condition: ColumnElement[bool], points: str) -> ColumnElement[float]:
        return case((condition, number(points)), else_=literal(0.0, Float))

    region = [text(name) for name in listed_names(names, "region")]
    place = case(
        (facts.municipality == text("workplace"), number("at_municipality")),
        (province == text("province"), number("at_province")),
        (province.in_(region), number("at_region")),
        (and_(facts.municipality.is_(None), unknown), number("at_unknown")),
        (facts.travel, number("at_travel")),
        else_=number("elsewhere"),
    )
    total: ColumnElement[float] = number("base") + place
    if "experience" in names:
        today = bindparam("today", type_=Integer)
        ongoing = case(
            (facts.open_since < today, facts.open_count * (today - facts.open_since)), else_=0
        )
        days = facts.closed_days + ongoing
        total += case(
            (days >= bindparam("full_days", type_=Integer), number("experience")),
            else_=days * number("per_day"),
        )
    if "education_rank" in names:
        total += when(facts.education >= bindparam("education_rank", type_=Integer), "education")
    for index in range(_languages(names)):
        accepted = listed_names(names, f"language{index}")
        total += when(or_(*(has(name) for name in accepted)), "language_points")
    for name in listed_names(names, "licence"):
        total += when(has(name), "licence_points")
    half = number("half")
    total += case((has("contract"), half), (has("contracts"), literal(0.0, Float)), else_=half / 2)
    if "conditions" in names:
        every = listed_names(names, "condition")
        total += case(
            (not_(has("conditions")), half / 2),
            (and_(*(has(name) for name in every)), half),
            else_=literal(0.0, Float),
        )
    if "sector" in names:
        sector = number("sector")
        total += case((has("sectors"), sector), else_=sector / 2)
    return total


def _languages(names: frozenset[str]) -> int:
    count = 0
    while f"language{count}#" in names:
        count += 1
    return count


def _in(column: ColumnElement[Any], names: list[str]) -> ColumnElement[bool]:
    return column.in_([text(name) for name in names]) if names else false()


def _in_cell(
    names: frozenset[str], rows: Any, filed_under: ColumnElement[str], filed: ColumnElement[bool]
) -> list[ColumnElement[bool]]:
    """The conditions of the cell's CVs published at ``now``, over the columns ``rows``.

    ``filed_under`` is the province a row's codes are filed under (``""`` for none);
    ``filed`` whether the row has no province of residence.
    """
    now = bindparam("now", type_=rows.expires_at.type)
    where: list[ColumnElement[bool]] = [rows.published_at <= now, rows.expires_at > now]
    if "deeper" in names:
        d = CV_PROFILE_CODES.alias("deeper")
        where.append(
            ~exists().where(
                d.c.code == text("deeper"), d.c.province == filed_under, d.c.cv_id == rows.cv_id
            )
        )
    if "cell_province#" in names:
        where.append(_in(rows.province, listed_names(names, "cell_province")))
    if "outside#" in names:
        where.append(or_(filed, not_(_in(rows.province, listed_names(names, "outside")))))
    return where


def _statement(names: frozenset[str]) -> Any:
    """The ranked statement of the parameters ``names``, highest bound first (then by id)."""
    if "profession" in names:
        return _cell_statement(names)
    p = CV_PROFILES.c
    score = _bound_column(names, p, p.province, p.province.is_(None)).label("bound")
    filed = or_(p.province.is_(None), p.province == "")
    return (
        select(p.cv_id, score, p.profile)
        .where(*_in_cell(names, p, func.coalesce(p.province, ""), filed))
        .order_by(score.desc(), p.cv_id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


def _cell_statement(names: frozenset[str]) -> Any:
    """A profession's cell: bounds from the code rows alone, profiles for the page only.

    The code rows of a cell are one key range holding every fact a bound needs, so the
    database ranks a cell without visiting ``cv_profiles``; it joins the profiles of the
    page it returns.
    """
    c = CV_PROFILE_CODES.c
    score = _bound_column(names, c, c.province, c.province == "").label("bound")
    ranked = (
        select(c.cv_id, score)
        .where(c.code == text("profession"), *_in_cell(names, c, c.province, c.province == ""))
        .order_by(score.desc(), c.cv_id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("ranked")
    )
    p = CV_PROFILES.c
    return (
        select(ranked.c.cv_id, ranked.c.bound, p.profile)
        .select_from(ranked.join(CV_PROFILES, p.cv_id == ranked.c.cv_id))
        .order_by(ranked.c.bound.desc(), ranked.c.cv_id)
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
