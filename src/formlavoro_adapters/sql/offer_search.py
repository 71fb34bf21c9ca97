"""The offer search, at the speed of its SQL (DESIGN.md "Reading fast").

Each statement of a search (the page, the capped total, SQLite's count of the offers
holding the words, the stored masks of working conditions) is built and compiled once
per *shape* of query, bound per call, and sent straight to the driver, outside any
transaction when the unit of work has not written. The rows carry each offer's id and
version with its document, so that documents seen before come out of the storage's
cache of decoded offers.

The statements are those of :func:`~formlavoro_adapters.sql.search.offer_filters` and
:mod:`~formlavoro_adapters.sql.paging`: the shape names everything that changes their
text, the values everything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.sql.expression import ClauseElement

from formlavoro_adapters.sql import search as sql_search
from formlavoro_adapters.sql.condition_masks import masks_holding
from formlavoro_adapters.sql.paging import count_statement, cursor_of, page_statement, paged
from formlavoro_adapters.sql.prepared import Binder, PreparedCache
from formlavoro_adapters.sql.session import SqlSession
from formlavoro_adapters.sql.tables import OFFERS
from formlavoro_adapters.sql.text_filters import filter_terms, with_filters
from formlavoro_core.ids import EventId
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.query import OfferQuery, sort_key
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.reference import ContractType, WorkingCondition

__all__ = ["search_offers"]

_STATEMENTS = PreparedCache()
_COLUMNS = (OFFERS.c.id, OFFERS.c.version, OFFERS.c.doc)
_FLAGS = sql_search.FLAGS


class _Values(Binder):
    """A binder that keeps the values too: the parameters of this call."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, Any] = {}

    def __call__(self, name: str, value: Any, type_: Any = None) -> Any:
        self.values[name] = value
        return super().__call__(name, value, type_)


def _run(
    session: SqlSession,
    shape: Hashable,
    values: dict[str, Any],
    build: Callable[[Binder], ClauseElement],
    *,
    planned: bool = False,
) -> list[tuple[Any, ...]]:
    """Send the statement of ``shape`` with ``values``, built and compiled once.

    The parameters' names complete the shape (which filters are set, cursor or offset,
    how many contract types). The first time, the statement is built with a binder
    noting the values it binds, which must be ``values`` exactly: the values of a call
    are worked out without SQLAlchemy, and checked against it once per shape.
    """
    varying = frozenset(values)
    key = (shape, varying)
    prepared = _STATEMENTS.find(key)
    if prepared is None:
        binder = _Values()
        statement = build(binder)
        if binder.values != values:
            raise AssertionError(f"the parameters of {shape} are not {sorted(values)}")
        prepared = _STATEMENTS.prepare(key, session.engine.dialect, statement, varying)
    return session.read(prepared.sql, prepared.bind(values), "offer", planned=planned)


def _where_values(
    query: OfferQuery,
    *,
    now: dt.datetime,
    events: tuple[EventId, ...] | None,
    published_after: dt.datetime | None,
    dialect: str,
) -> dict[str, Any]:
    """The parameters of :func:`~formlavoro_adapters.sql.search.offer_where`."""
    values: dict[str, Any] = {"now": now}
    for number, event in enumerate(events or ()):
        values[f"event_{number}"] = event
    if published_after is not None:
        values["published_after"] = published_after
    for number, contract in enumerate(query.contract_types):
        values[f"contract_{number}"] = contract.value
    if query.working_conditions:
        values["mask"] = sql_search.condition_mask(query.working_conditions)
    if query.education_level is not None:
        values["education_rank"] = query.education_level.rank
    if query.profession is not None:
        values[f"prof_{query.profession.count('.') + 1}"] = query.profession
    if query.municipality is not None:
        values["workplace"] = query.municipality
    if query.province is not None:
        values["province"] = query.province
    if query.words:
        values["fts"] = sql_search.fts_query(query.words, dialect)
    return values


_ALL_CONTRACTS = tuple(contract.value for contract in ContractType)


def _structure(query: OfferQuery, events: tuple[EventId, ...] | None) -> Hashable:
    """What changes the text of a search's conditions beyond its parameters' names."""
    flags = tuple(flag for flag in _FLAGS if getattr(query, flag))
    return (flags, query.no_education_required, events is None)


def search_offers(
    session: SqlSession,
    query: OfferQuery,
    page: PageRequest,
    *,
    now: dt.datetime,
    events: tuple[EventId, ...] | None,
    published_after: dt.datetime | None,
) -> Page[Offer]:
    """``SqlOffers.search``: the page and its capped total, in prepared statements."""
    dialect = session.dialect
    cursor = cursor_of(page)
    from_text = dialect == "sqlite" and bool(query.words)
    from_text = from_text and _few_text_matches(session, query.words)
    structure = (dialect, from_text, _structure(query, events))
    counting = from_text and cursor is None
    # How many offers hold the words varies a thousandfold from word to word: PostgreSQL
    # plans a text search for its own words, never once for any (a generic plan
    # intersected the words' index with the whole range of the expiry's: 38 -> 98 ms).
    planned = dialect == "postgresql" and bool(query.words)
    arguments: dict[str, Any] = {
        "now": now,
        "events": events,
        "published_after": published_after,
        "dialect": dialect,
    }
    where = _where_values(query, **arguments)

    def page_of(bind: Binder) -> ClauseElement:
        filters = sql_search.offer_filters(query, bind=bind, from_text=from_text, **arguments)
        keys = None if filters.table is OFFERS else filters.table
        return page_statement(
            OFFERS,
            filters.page,
            page,
            cursor,
            columns=_COLUMNS,
            counting=counting,
            keys=keys,
            bind=bind,
        )

    values = {**where, "limit": page.size + 1}
    if cursor is None:
        values["offset"] = page.offset
    else:
        values["cursor_at"], values["cursor_id"] = cursor.at, cursor.id
    rows = _run(session, ("page", structure, counting), values, page_of, planned=planned)
    cache = session.cache
    items = [cache.load(("offers", (row[0],), row[1]), row[2], Offer) for row in rows]

    def count() -> int:
        if counting and rows:
            return int(rows[0][3])
        values = dict(where)
        if dialect == "postgresql" and query.words:  # the filters in the words' index
            values["fts"] = with_filters(values["fts"], filter_terms(query))
        masks: list[int] = []
        if not from_text and not (dialect == "postgresql" and query.words):
            if any(getattr(query, flag) for flag in _FLAGS) and not query.contract_types:
                for number, contract in enumerate(_ALL_CONTRACTS):
                    values[f"any_contract_{number}"] = contract
            if query.working_conditions:
                masks = _stored_conditions(session, query.working_conditions)
                for number, mask in enumerate(masks):
                    values[f"stored_{number}"] = mask

        def total(bind: Binder) -> ClauseElement:
            filters = sql_search.offer_filters(
                query,
                bind=bind,
                from_text=from_text,
                stored_conditions=lambda _: masks,
                **arguments,
            )
            return count_statement(
                filters.table, filters.total(), newest_first=filters.newest_first
            )

        return int(_run(session, ("count", structure), values, total, planned=planned)[0][0])

    return paged(rows, items, page, cursor, count, key=sort_key)


def _stored_conditions(session: SqlSession, conditions: Sequence[WorkingCondition]) -> list[int]:
    """The stored masks holding any of ``conditions`` (see :mod:`.condition_masks`)."""
    sql = masks_holding(sql_search.condition_mask(conditions))
    return [int(row[0]) for row in session.read(sql, (), "offer")]


def _few_text_matches(session: SqlSession, words: tuple[str, ...]) -> bool:
    """SQLite: whether few enough offers hold the words to start from them."""
    few = sql_search.FEW_TEXT_MATCHES

    def build(bind: Binder) -> ClauseElement:
        matching = sql_search.text_matches(words, limit=few + 1, bind=bind).subquery()
        return select(func.count()).select_from(matching)

    values = {"fts": sql_search.fts_query(words, "sqlite")}
    (count,) = _run(session, ("few", session.dialect), values, build)[0]
    return int(count) <= few
