"""Offer searches in SQL: the filters of the core's query specification, steered to indexes.

Each function here is the SQL reading of a definition in ``formlavoro_core``
(``offer_filter``, ``paginate_newest_first``); the storage contract suite holds the two
to the same answers. Course and CV filters are in
:mod:`~formlavoro_adapters.sql.course_cv_search` (still exported here).
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
    bindparam,
    cast,
    column,
    false,
    literal_column,
    or_,
    select,
    text,
    true,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from formlavoro_adapters.sql.course_cv_search import course_where, cv_where, like_pattern
from formlavoro_adapters.sql.narrow_offers import OFFERS_NARROW
from formlavoro_adapters.sql.prepared import literal_binder
from formlavoro_adapters.sql.tables import OFFERS
from formlavoro_adapters.sql.text_filters import filter_terms, with_filters
from formlavoro_core.ids import EventId
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.reference import ContractType, WorkingCondition

__all__ = [
    "FEW_TEXT_MATCHES",
    "FLAGS",
    "OfferFilters",
    "condition_mask",
    "course_where",
    "cv_where",
    "fts_query",
    "indexed_words",
    "like_pattern",
    "offer_filters",
    "offer_where",
    "text_matches",
]

T = TypeVar("T")
Bind = Callable[..., Any]
"""A query's value to its parameter: ``bind(name, value, type=None)``."""
FLAGS = (
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


WORD_CHARS = 500
"""Indexed words keep their first 500 characters (PostgreSQL's limit is 2,047 bytes).

Queries are at most :data:`formlavoro_core.text.MAX_QUERY_CHARS` long, so a query word
starts a word exactly when it starts the word's first 500 characters.
"""


def indexed_words(words: Sequence[str]) -> str:
    """A document's words as the ``words`` column keeps them: blank-separated, capped."""
    if max(map(len, words), default=0) <= WORD_CHARS:
        return " ".join(words)
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


def text_matches(words: Sequence[str], *, limit: int, bind: Bind = literal_binder) -> Select[Any]:
    """SQLite: the row ids of the offers holding every word, up to ``limit`` of them."""
    query = fts_query(words, "sqlite")
    fts = bindparam("fts", query) if bind is literal_binder else bind("fts", query)
    return (
        select(column("rowid", Integer))
        .select_from(text("offers_fts"))
        .where(text("offers_fts MATCH :fts").bindparams(fts))
        .limit(limit)
    )


def _text_match(
    words: Sequence[str], dialect: str, bind: Bind, table: Table, terms: Sequence[str]
) -> ColumnElement[bool]:
    query = fts_query(words, dialect)
    if dialect == "postgresql":
        query = with_filters(query, terms)
        tsquery = cast(type_coerce(bind("fts", query), Text), TSQUERY)
        return literal_column("offers.words_tsv").bool_op("@@")(tsquery)
    matching = (
        text("SELECT rowid FROM offers_fts WHERE offers_fts MATCH :fts")
        .bindparams(bindparam("fts", query) if bind is literal_binder else bind("fts", query))
        .columns(column("rowid", Integer))
    )
    return table.c.row_id.in_(matching)


def offer_where(
    query: OfferQuery,
    *,
    now: dt.datetime,
    events: tuple[EventId, ...] | None,
    published_after: dt.datetime | None,
    dialect: str,
    from_text: bool = False,
    unindexed: frozenset[str] = frozenset(),
    filtered_words: bool = False,
    bind: Bind = literal_binder,
    table: Table = OFFERS,
) -> list[ColumnElement[bool]]:
    """``offer_filter`` in SQL, on the columns of ``table``.

    ``table`` is the offers, or their narrow copies on SQLite (see
    :mod:`~formlavoro_adapters.sql.narrow_offers`). ``bind`` gives each value of the
    query its parameter (see :class:`~formlavoro_adapters.sql.prepared.Binder`): the
    values themselves by default.

    ``from_text`` (SQLite) keeps the filters off the indexes (``+offers.province``), so
    that SQLite starts from the offers holding the query's words: best when they are few.
    ``unindexed`` names the columns kept off the indexes the same way, one by one (on
    PostgreSQL, the string columns that start an index). ``filtered_words``
    (PostgreSQL) asks the words' index for the filters it holds too (see
    :mod:`~formlavoro_adapters.sql.text_filters`).
    """
    names = frozenset(table.c.keys()) if from_text else unindexed
    c: Any = _Unindexed(table, names, dialect) if names else table.c
    where: list[ColumnElement[bool]] = [
        c.status == OfferStatus.ACTIVE.value,
        c.expires_at > bind("now", now),
    ]
    if events is None:
        where.append(c.event_id.is_(None))
    elif events:
        where.append(c.event_id.in_([bind(f"event_{n}", e) for n, e in enumerate(events)]))
    else:
        where.append(false())
    if published_after is not None:
        where.append(c.sort_time > bind("published_after", published_after))
    where += [c[flag].is_(true()) for flag in FLAGS if getattr(query, flag)]
    if query.contract_types:
        contracts = [
            bind(f"contract_{n}", contract.value) for n, contract in enumerate(query.contract_types)
        ]
        where.append(c.contract_type.in_(contracts))
    if query.working_conditions:
        mask = condition_mask(query.working_conditions)
        where.append(c.conditions.op("&")(bind("mask", mask, Integer())) != 0)
    if query.education_level is not None:
        rank = bind("education_rank", query.education_level.rank)
        where.append(or_(c.education_rank.is_(None), c.education_rank <= rank))
    if query.no_education_required:
        where.append(or_(c.education_level.is_(None), c.education_level == "none"))
    if query.profession is not None:
        level = query.profession.count(".") + 1
        where.append(c[f"prof_{level}"] == bind(f"prof_{level}", query.profession))
    if query.municipality is not None:
        where.append(c.workplace == bind("workplace", query.municipality))
    if query.province is not None:
        where.append(c.province == bind("province", query.province))
    if query.words:
        terms = filter_terms(query) if filtered_words else ()
        where.append(_text_match(query.words, dialect, bind, table, terms))
    return where


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
    table: Table = OFFERS
    """The table the conditions read: the offers, or (from the words, on SQLite) their
    narrow copies, whose keys then lead to the offers' documents."""


def offer_filters(
    query: OfferQuery,
    *,
    now: dt.datetime,
    events: tuple[EventId, ...] | None,
    published_after: dt.datetime | None,
    dialect: str,
    from_text: bool = False,
    stored_conditions: Callable[[Sequence[WorkingCondition]], Sequence[int]] | None = None,
    bind: Bind = literal_binder,
) -> OfferFilters:
    """``offer_filter`` in SQL, each statement of the search steered to its index.

    A page stops at its last item, so it is best read from an index in the listing's
    order, skipping the entries that do not match; a total reads every match up to the
    cap, so it is best read from the index where the matches lie closest together.

    * From the words (SQLite, ``from_text``): one statement finds the matches, checks
      them on their narrow copies, counts them and keeps the page's keys.
    * SQLite pages keep the yes/no filters off their partial indexes, the contract
      type off its index unless the province comes with it, and the columns after a
      counting index's lead (conditions, expiry, the event outside events) off every
      index: those indexes count, the listing pages. Else, with a large table's
      statistics, SQLite would skip-scan the conditions' index and sort. Totals
      without working conditions keep the expiry and the event off it the same way.
    * A total with a yes/no filter but no contract type asks for every contract type,
      the leading column of the yes/no indexes (SQLite would skip-scan it; PostgreSQL
      cannot).
    * PostgreSQL counts the offers holding words from the words' index alone, which
      holds their place, contract and profession too
      (:mod:`~formlavoro_adapters.sql.text_filters`): it would otherwise intersect
      them with a long range of another index.
    * A total with working conditions lists the stored masks holding them
      (``stored_conditions`` reads them, see
      :mod:`~formlavoro_adapters.sql.condition_masks`), so that it can be read from the
      conditions' index.
    * Other totals are counted newest first, on the indexes in the listing's order.
    """
    arguments: dict[str, Any] = {
        "now": now,
        "events": events,
        "published_after": published_after,
        "dialect": dialect,
        "bind": bind,
    }
    if from_text:
        where = offer_where(query, from_text=True, table=OFFERS_NARROW, **arguments)
        return OfferFilters(
            page=where,
            total=lambda: where,
            counted=True,
            newest_first=False,
            table=OFFERS_NARROW,
        )
    flags = frozenset(flag for flag in FLAGS if getattr(query, flag))
    # The columns after the conditions' index's lead (few values): with them on an
    # index, SQLite would skip-scan that index and sort every open offer. The events'
    # own listings keep the event, for their partial index.
    after_lead = frozenset({"expires_at"} | ({"event_id"} if events is None else set()))
    page_unindexed: frozenset[str] = frozenset()
    total_unindexed: frozenset[str] = frozenset()
    if dialect == "sqlite":
        page_unindexed = flags | after_lead | {"conditions"}
        if query.province is None:
            page_unindexed |= {"contract_type"}
        if not query.working_conditions:  # that index counts working conditions only
            total_unindexed = after_lead
    page = offer_where(query, unindexed=page_unindexed, **arguments)

    def total() -> list[ColumnElement[bool]]:
        if dialect == "postgresql" and query.words:
            return offer_where(query, unindexed=_LEADS, filtered_words=True, **arguments)
        where = offer_where(query, unindexed=total_unindexed, **arguments)
        if flags and not query.contract_types:
            contracts = [bind(f"any_contract_{n}", value) for n, value in enumerate(_CONTRACTS)]
            where.append(OFFERS.c.contract_type.in_(contracts))
        if query.working_conditions and stored_conditions is not None:
            masks = stored_conditions(query.working_conditions)
            where.append(
                OFFERS.c.conditions.in_([bind(f"stored_{n}", m) for n, m in enumerate(masks)])
                if masks
                else false()
            )
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
