"""Searches in SQL: the filters of the core's query specifications, pages, capped totals.

Each function here is the SQL reading of a definition in ``formlavoro_core``
(``offer_filter``, ``course_matches``, ``cv_matches``, ``paginate_newest_first``); the
storage contract suite holds the two to the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Table,
    Text,
    and_,
    cast,
    column,
    exists,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    true,
    tuple_,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from formlavoro_adapters.sql.tables import COURSES, CV_PROFESSIONS, CVS, OFFERS
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.ids import EventId
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.offers.query import BadCursor, OfferQuery
from formlavoro_core.paging import TOTAL_CAP, Cursor, Page, PageRequest
from formlavoro_core.reference import WorkingCondition, fold_text

__all__ = [
    "FEW_TEXT_MATCHES",
    "condition_mask",
    "course_where",
    "cv_where",
    "fts_query",
    "indexed_words",
    "like_pattern",
    "offer_where",
    "page_of",
    "text_matches",
]

T = TypeVar("T")
_FLAGS = (
    "requires_experience",
    "income_support",
    "motorbike_required",
    "protected_category_art1",
    "willing_to_travel",
    "protected_category_art18",
    "car_required",
    "eures",
)
_CONDITION_BITS = {condition: 1 << index for index, condition in enumerate(WorkingCondition)}


def condition_mask(conditions: Sequence[WorkingCondition]) -> int:
    """The working conditions as a bit mask (one bit per condition)."""
    mask = 0
    for condition in conditions:
        mask |= _CONDITION_BITS[condition]
    return mask


def like_pattern(needle: str) -> str:
    r"""A LIKE pattern finding ``needle`` anywhere, with ``%``, ``_`` and ``\`` escaped."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


WORD_CHARS = 500
"""Indexed words keep their first 500 characters (PostgreSQL's limit is 2,047 bytes).

Queries are at most :data:`formlavoro_core.text.MAX_QUERY_CHARS` long, so a query word
starts a word exactly when it starts the word's first 500 characters.
"""


def indexed_words(words: Sequence[str]) -> str:
    """A document's words as the ``words`` column keeps them: blank-separated, capped."""
    return " ".join(word[:WORD_CHARS] for word in words)


def fts_query(words: Sequence[str], dialect: str) -> str:
    """Every word as a prefix term, all required: FTS5 or ``tsquery`` syntax.

    The words come from ``formlavoro_core.text.query_words``: letters and digits only, so
    nothing a user types is ever read as query syntax. PostgreSQL reads the terms as
    lexemes (a cast to ``tsquery``), without its parser, which would split ``1e5x``.
    """
    if dialect == "postgresql":
        return " & ".join(f"'{word[:WORD_CHARS]}':*" for word in words)
    return " ".join(f'"{word[:WORD_CHARS]}"*' for word in words)


FEW_TEXT_MATCHES = 50_000
"""Up to this many offers holding the words, SQLite searches starting from them."""


def text_matches(words: Sequence[str], *, limit: int) -> Select[Any]:
    """SQLite: the row ids of the offers holding every word, up to ``limit`` of them."""
    return (
        select(column("rowid", Integer))
        .select_from(text("offers_fts"))
        .where(text("offers_fts MATCH :fts").bindparams(fts=fts_query(words, "sqlite")))
        .limit(limit)
    )


def _text_match(words: Sequence[str], dialect: str) -> ColumnElement[bool]:
    query = fts_query(words, dialect)
    if dialect == "postgresql":
        tsquery = cast(literal(query, Text), TSQUERY)
        return literal_column("offers.words_tsv").bool_op("@@")(tsquery)
    matching = (
        text("SELECT rowid FROM offers_fts WHERE offers_fts MATCH :fts")
        .bindparams(fts=query)
        .columns(column("rowid", Integer))
    )
    return OFFERS.c.row_id.in_(matching)


def offer_where(
    query: OfferQuery,
    *,
    now: dt.datetime,
    events: tuple[EventId, ...] | None,
    published_after: dt.datetime | None,
    dialect: str,
    from_text: bool = False,
) -> list[ColumnElement[bool]]:
    """``offer_filter`` in SQL.

    ``from_text`` (SQLite) keeps the filters off the indexes (``+offers.province``), so
    that SQLite starts from the offers holding the query's words: best when they are few.
    """
    c: Any = _Unindexed(OFFERS) if from_text else OFFERS.c
    where: list[ColumnElement[bool]] = [
        c.status == OfferStatus.ACTIVE.value,
        c.expires_at > now,
    ]
    if events is None:
        where.append(c.event_id.is_(None))
    elif events:
        where.append(c.event_id.in_(events))
    else:
        where.append(false())
    if published_after is not None:
        where.append(c.sort_time > published_after)
    where += [c[flag].is_(true()) for flag in _FLAGS if getattr(query, flag)]
    if query.contract_types:
        where.append(c.contract_type.in_([contract.value for contract in query.contract_types]))
    if query.working_conditions:
        mask = condition_mask(query.working_conditions)
        where.append(c.conditions.op("&")(mask) != 0)
    if query.education_level is not None:
        where.append(
            or_(c.education_rank.is_(None), c.education_rank <= query.education_level.rank)
        )
    if query.no_education_required:
        where.append(or_(c.education_level.is_(None), c.education_level == "none"))
    if query.profession is not None:
        level = query.profession.count(".") + 1
        where.append(c[f"prof_{level}"] == query.profession)
    if query.municipality is not None:
        where.append(c.workplace == query.municipality)
    if query.province is not None:
        where.append(c.province == query.province)
    if query.words:
        where.append(_text_match(query.words, dialect))
    return where


class _Unindexed:
    """Columns as SQLite's ``+column``: the same values, no index used for the term."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def __getitem__(self, name: str) -> ColumnElement[Any]:
        column = self._table.c[name]
        return type_coerce(literal_column(f"+{self._table.name}.{name}"), column.type)

    def __getattr__(self, name: str) -> ColumnElement[Any]:
        return self[name]


def course_where(query: CourseQuery, *, now: dt.datetime) -> list[ColumnElement[bool]]:
    """``course_matches`` in SQL."""
    c = COURSES.c
    where: list[ColumnElement[bool]] = [c.withdrawn.is_(false()), c.enrolment_closes_at > now]
    for name in ("with_internship", "paid"):
        value = getattr(query, name)
        if value is not None:
            where.append(c[name].is_(true()) if value else c[name].is_(false()))
    for name in ("sector", "course_type", "certificate"):
        value = getattr(query, name)
        if value is not None:
            where.append(c[name] == value.value)
    if query.max_education_level is not None:
        where.append(
            or_(
                c.max_education_rank.is_(None),
                c.max_education_rank >= query.max_education_level.rank,
            )
        )
    if query.place is not None:
        where.append(c.place == query.place)
    if query.province is not None:
        where.append(c.province == query.province)
    for name, folded in (("name", c.title_folded), ("entity", c.entity_folded)):
        value = getattr(query, name)
        if value is not None:
            where.append(folded.like(like_pattern(fold_text(value)), escape="\\"))
    return where


def _holds(column: Any, code: str, dialect: str) -> ColumnElement[bool]:
    """Whether a ``,a,b,`` list column holds ``code`` exactly (no wildcards, with case)."""
    position = func.strpos if dialect == "postgresql" else func.instr
    return position(column, f",{code},") > 0


def cv_where(query: CvQuery, *, now: dt.datetime, dialect: str) -> list[ColumnElement[bool]]:
    """``cv_matches`` in SQL."""
    c = CVS.c
    where: list[ColumnElement[bool]] = [c.published_at <= now, c.expires_at > now]
    if query.profession is not None:
        where.append(
            exists().where(
                and_(CV_PROFESSIONS.c.cv_id == c.id, CV_PROFESSIONS.c.code == query.profession)
            )
        )
    if query.municipality is not None:
        where.append(c.municipality == query.municipality)
    if query.province is not None:
        where.append(c.province == query.province)
    if query.education_level is not None:
        where.append(c.education_rank >= query.education_level.rank)
    where += [_holds(c.languages, code, dialect) for code in query.languages]
    where += [_holds(c.licences, licence.value, dialect) for licence in query.driving_licences]
    return where


def page_of(
    run: Callable[[Select[Any]], Sequence[Any]],
    table: Table,
    where: Sequence[ColumnElement[bool]],
    page: PageRequest,
    *,
    load: Callable[[Sequence[Any]], list[T]],
    key: Callable[[T], tuple[dt.datetime, str]],
    sort: str = "sort_time",
) -> Page[T]:
    """``paginate_newest_first`` in SQL: keyset or offset page, capped exact total."""
    order_time, order_id = table.c[sort], table.c.id
    cursor = None
    statement = select(table.c.doc).where(*where)
    if page.after is not None:
        cursor = Cursor.decode(page.after)
        if cursor is None:
            raise BadCursor(page.after)
        mark = tuple_(literal(cursor.at, order_time.type), literal(cursor.id, order_id.type))
        statement = statement.where(tuple_(order_time, order_id) < mark)
    else:
        statement = statement.offset(page.offset)
    if cursor is not None and cursor.total is not None:
        total, exact = cursor.total, cursor.total_is_exact
    else:
        capped = select(literal(1)).select_from(table).where(*where).limit(TOTAL_CAP + 1)
        (count,) = run(select(func.count()).select_from(capped.subquery()))[0]
        total, exact = min(count, TOTAL_CAP), count <= TOTAL_CAP
    statement = statement.order_by(order_time.desc(), order_id.desc()).limit(page.size + 1)
    rows = run(statement)
    items = load(rows[: page.size])
    next_after = None
    if len(rows) > page.size and items:
        at, last = key(items[-1])
        next_after = Cursor(at=at, id=last, total=total, total_is_exact=exact).encode()
    return Page(items=tuple(items), total=total, total_is_exact=exact, next_after=next_after)
