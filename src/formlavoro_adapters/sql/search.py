"""Searches in SQL: the filters of the core's query specifications, pages, capped totals.

Each function here is the SQL reading of a definition in ``formlavoro_core``
(``offer_filter``, ``course_matches``, ``cv_matches``, ``paginate_newest_first``); the
storage contract suite holds the two to the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Table,
    Text,
    TextClause,
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
from formlavoro_core.reference import ContractType, WorkingCondition, fold_text

__all__ = [
    "FEW_TEXT_MATCHES",
    "OfferFilters",
    "condition_mask",
    "course_where",
    "cv_where",
    "fts_query",
    "indexed_words",
    "like_pattern",
    "offer_filters",
    "offer_where",
    "page_of",
    "present_conditions",
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
_CONTRACTS = tuple(contract.value for contract in ContractType)
# The columns some index starts with: what keeps PostgreSQL's planner off its indexes.
_LEADS = frozenset(
    ("status", "province", "workplace", "contract_type", *(f"prof_{n}" for n in range(1, 6)))
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
    unindexed: frozenset[str] = frozenset(),
) -> list[ColumnElement[bool]]:
    """``offer_filter`` in SQL.

    ``from_text`` (SQLite) keeps the filters off the indexes (``+offers.province``), so
    that SQLite starts from the offers holding the query's words: best when they are few.
    ``unindexed`` names the columns kept off the indexes the same way, one by one (on
    PostgreSQL, the string columns that start an index).
    """
    names = frozenset(OFFERS.c.keys()) if from_text else unindexed
    c: Any = _Unindexed(OFFERS, names, dialect) if names else OFFERS.c
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


def present_conditions(conditions: Sequence[WorkingCondition], dialect: str) -> TextClause:
    """The distinct stored masks of working conditions holding any of ``conditions``.

    An offer states any of them exactly when its mask is one of these, so that, as an
    ``IN`` list, the bit test becomes a few ranges of ``ix_offers_conditions``. The masks
    are found one index seek each, from each to the next number holding one of the
    bits: for each bit, the number itself when it holds the bit, else the number with
    the bit set and the bits below it cleared.
    """
    bits = [_CONDITION_BITS[condition] for condition in dict.fromkeys(conditions)]
    candidates = [
        f"CASE WHEN ((value + 1) & {bit}) != 0 THEN value + 1"
        f" ELSE (((value + 1) | {bit}) & ~{bit - 1}) END"
        for bit in bits
    ]
    smallest = "LEAST" if dialect == "postgresql" else "min"
    following = candidates[0] if len(candidates) == 1 else f"{smallest}({', '.join(candidates)})"
    mask = condition_mask(conditions)
    return text(
        "WITH RECURSIVE present(value) AS ("  # noqa: S608 - integers of ours only, no input
        f" SELECT min(conditions) FROM offers WHERE conditions >= {min(bits)}"
        " UNION ALL"
        f" SELECT (SELECT min(conditions) FROM offers WHERE conditions >= {following})"
        " FROM present WHERE value IS NOT NULL)"
        f" SELECT value FROM present WHERE value IS NOT NULL AND (value & {mask}) != 0"
    )


class OfferFilters(NamedTuple):
    """An offer search in SQL: the conditions of its page and of its total."""

    page: list[ColumnElement[bool]]
    """The conditions of the page, read in the listing's order."""
    total: Callable[[], list[ColumnElement[bool]]]
    """The same offers, written for the index that counts them best (built on demand:
    the pages after the first carry their total)."""
    counted: bool
    """Whether the page's statement counts the matches too (a window over all of them)."""
    newest_first: bool
    """Whether the total is counted newest first, in the order of the page's indexes."""


def offer_filters(
    query: OfferQuery,
    *,
    now: dt.datetime,
    events: tuple[EventId, ...] | None,
    published_after: dt.datetime | None,
    dialect: str,
    from_text: bool = False,
    stored_conditions: Callable[[Sequence[WorkingCondition]], Sequence[int]] | None = None,
) -> OfferFilters:
    """``offer_filter`` in SQL, each statement of the search steered to its index.

    A page stops at its last item, so it is best read from an index in the listing's
    order, skipping the entries that do not match; a total reads every match up to the
    cap, so it is best read from the index where the matches lie closest together.

    * From the words (SQLite, ``from_text``): one statement finds the matches, counts
      them and keeps the page.
    * SQLite pages keep the yes/no filters off their partial indexes, and the contract
      type off its index unless the province comes with it: those indexes count, the
      listing pages.
    * A total with a yes/no filter but no contract type asks for every contract type,
      the leading column of the yes/no indexes (SQLite would skip-scan it; PostgreSQL
      cannot).
    * PostgreSQL counts the offers holding words from the words' index alone: it
      would otherwise intersect them with a long range of another index.
    * A total with working conditions lists the stored masks holding them
      (``stored_conditions`` reads them, see :func:`present_conditions`), so that it can
      be read from the conditions' index.
    * Other totals are counted newest first, on the indexes in the listing's order.
    """
    arguments: dict[str, Any] = {
        "now": now,
        "events": events,
        "published_after": published_after,
        "dialect": dialect,
    }
    if from_text:
        where = offer_where(query, from_text=True, **arguments)
        return OfferFilters(page=where, total=lambda: where, counted=True, newest_first=False)
    flags = frozenset(flag for flag in _FLAGS if getattr(query, flag))
    page_unindexed: frozenset[str] = frozenset()
    if dialect == "sqlite":
        page_unindexed = flags | ({"contract_type"} if query.province is None else set())
    page = offer_where(query, unindexed=page_unindexed, **arguments)

    def total() -> list[ColumnElement[bool]]:
        if dialect == "postgresql" and query.words:
            return offer_where(query, unindexed=_LEADS, **arguments)
        where = offer_where(query, **arguments)
        if flags and not query.contract_types:
            where.append(OFFERS.c.contract_type.in_(_CONTRACTS))
        if query.working_conditions and stored_conditions is not None:
            masks = stored_conditions(query.working_conditions)
            where.append(OFFERS.c.conditions.in_(masks))
        return where

    # Counted in one of the listing's orders, the newest offers come first: all still
    # open, where the oldest have mostly expired. Not when another index counts best:
    # the words', a yes/no filter's, the conditions', or the contract type's (which
    # leaves that order for the province's).
    newest_first = not (flags or query.words or query.contract_types or query.working_conditions)
    return OfferFilters(page=page, total=total, counted=False, newest_first=newest_first)


class _Unindexed:
    """Columns no index serves: the same values, read from the row or the entry.

    SQLite writes them ``+offers.province``. PostgreSQL has no such mark: its string
    columns become ``offers.province || ''``, the other columns stay as they are.
    """

    def __init__(self, table: Table, names: frozenset[str], dialect: str) -> None:
        self._table = table
        self._names = names
        self._dialect = dialect

    def __getitem__(self, name: str) -> ColumnElement[Any]:
        column = self._table.c[name]
        if name not in self._names:
            return column
        if self._dialect != "postgresql":
            return type_coerce(literal_column(f"+{self._table.name}.{name}"), column.type)
        if isinstance(column.type, String):
            return type_coerce(column.concat(""), column.type)
        return column

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
    count_where: Callable[[], Sequence[ColumnElement[bool]]] | None = None,
    count_newest_first: bool = False,
    counted: bool = False,
) -> Page[T]:
    """``paginate_newest_first`` in SQL: keyset or offset page, capped exact total.

    ``count_where`` gives the conditions of the total when they are written differently
    from the page's (the same rows, another index), built only when there is a total to
    count; ``count_newest_first`` counts in the list's order, from an index in that
    order. With ``counted``, the page's statement counts every match too (a window over
    all of them), so that they are found once: its keys come first, then the documents
    of the page's rows only.
    """
    order_time, order_id = table.c[sort], table.c.id
    cursor = None
    conditions = list(where)
    if page.after is not None:
        cursor = Cursor.decode(page.after)
        if cursor is None:
            raise BadCursor(page.after)
        mark = tuple_(literal(cursor.at, order_time.type), literal(cursor.id, order_id.type))
        conditions.append(tuple_(order_time, order_id) < mark)
    # The window counts the rows of the page's statement: after a cursor, only those
    # past it, so a cursor without its total is counted on its own.
    counting = counted and cursor is None
    if counting:
        keys = (
            select(
                order_time.label("at"),
                order_id.label("key"),
                func.count().over().label("total"),
            )
            .where(*conditions)
            .order_by(order_time.desc(), order_id.desc())
            .limit(page.size + 1)
            .offset(page.offset)
        )
        found = keys.subquery("page_keys")
        statement = (
            select(table.c.doc, found.c.total)
            .select_from(found.join(table, table.c.id == found.c.key))
            .order_by(found.c.at.desc(), found.c.key.desc())
        )
    else:
        statement = select(table.c.doc).where(*conditions)
        if cursor is None:
            statement = statement.offset(page.offset)
        statement = statement.order_by(order_time.desc(), order_id.desc()).limit(page.size + 1)
    rows = run(statement)
    if cursor is not None and cursor.total is not None:
        total, exact = cursor.total, cursor.total_is_exact
    else:
        if counting and rows:
            count = int(rows[0].total)
        else:
            counting_where = where if count_where is None else count_where()
            capped = select(literal(1)).select_from(table).where(*counting_where)
            if count_newest_first:
                capped = capped.order_by(order_time.desc(), order_id.desc())
            capped = capped.limit(TOTAL_CAP + 1)
            (count,) = run(select(func.count()).select_from(capped.subquery()))[0]
        total, exact = min(count, TOTAL_CAP), count <= TOTAL_CAP
    items = load(rows[: page.size])
    next_after = None
    if len(rows) > page.size and items:
        at, last = key(items[-1])
        next_after = Cursor(at=at, id=last, total=total, total_is_exact=exact).encode()
    return Page(items=tuple(items), total=total, total_is_exact=exact, next_after=next_after)
