"""Pages in SQL: ``paginate_newest_first`` as statements, keyset or offset, capped totals.

The statements are built by :func:`page_statement` and :func:`count_statement`, with
each value of the call through a ``bind`` function: :func:`page_of` binds the values
themselves and runs the statements through SQLAlchemy; the offer search binds named
parameters and compiles each shape once (see :mod:`formlavoro_adapters.sql.prepared`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Integer, Select, Table, func, literal, select, tuple_

from formlavoro_adapters.sql.prepared import literal_binder
from formlavoro_core.offers.query import BadCursor
from formlavoro_core.paging import TOTAL_CAP, Cursor, Page, PageRequest

__all__ = ["count_statement", "cursor_of", "page_of", "page_statement", "paged"]

T = TypeVar("T")
Bind = Callable[..., Any]


def cursor_of(page: PageRequest) -> Cursor | None:
    """The page's cursor, decoded; ``BadCursor`` when it is not one of ours."""
    if page.after is None:
        return None
    cursor = Cursor.decode(page.after)
    if cursor is None:
        raise BadCursor(page.after)
    return cursor


def page_statement(
    table: Table,
    where: Sequence[ColumnElement[bool]],
    page: PageRequest,
    cursor: Cursor | None,
    *,
    columns: Sequence[ColumnElement[Any]],
    sort: str = "sort_time",
    counting: bool = False,
    keys: Table | None = None,
    bind: Bind = literal_binder,
) -> Select[Any]:
    """The page's rows (one more than the page, to tell whether more follow).

    With ``counting`` (first pages only), the statement counts every match too, in a
    window over all of them, so that they are found once: its keys come first, then
    the ``columns`` of the page's rows only, then the count. ``keys`` names the table
    that ``where`` reads, when it is not ``table``: the page's keys (id and sort time)
    are found there, then its rows in ``table`` by id.
    """
    source = table if keys is None else keys
    order_time, order_id = source.c[sort], source.c.id
    conditions = list(where)
    if cursor is not None:
        mark = tuple_(
            bind("cursor_at", cursor.at, order_time.type),
            bind("cursor_id", cursor.id, order_id.type),
        )
        conditions.append(tuple_(order_time, order_id) < mark)
    limit = bind("limit", page.size + 1, Integer())
    if counting or keys is not None:
        counted = (func.count().over().label("total"),) if counting else ()
        found_keys = (
            select(order_time.label("at"), order_id.label("key"), *counted)
            .where(*conditions)
            .order_by(order_time.desc(), order_id.desc())
            .limit(limit)
        )
        if cursor is None:
            found_keys = found_keys.offset(bind("offset", page.offset, Integer()))
        found = found_keys.subquery("page_keys")
        return (
            select(*columns, *((found.c.total,) if counting else ()))
            .select_from(found.join(table, table.c.id == found.c.key))
            .order_by(found.c.at.desc(), found.c.key.desc())
        )
    statement = select(*columns).where(*conditions)
    if cursor is None:
        statement = statement.offset(bind("offset", page.offset, Integer()))
    return statement.order_by(order_time.desc(), order_id.desc()).limit(limit)


def count_statement(
    table: Table,
    where: Sequence[ColumnElement[bool]],
    *,
    sort: str = "sort_time",
    newest_first: bool = False,
) -> Select[Any]:
    """How many rows match, counted up to one past :data:`TOTAL_CAP`.

    ``newest_first`` counts in the list's order, from an index in that order.
    """
    capped = select(literal(1)).select_from(table).where(*where)
    if newest_first:
        capped = capped.order_by(table.c[sort].desc(), table.c.id.desc())
    capped = capped.limit(TOTAL_CAP + 1)
    return select(func.count()).select_from(capped.subquery())


def paged(
    rows: Sequence[Any],
    items: list[T],
    page: PageRequest,
    cursor: Cursor | None,
    count: Callable[[], int],
    *,
    key: Callable[[T], tuple[dt.datetime, str]],
) -> Page[T]:
    """The page of ``items`` (decoded from ``rows``, one past the page when more follow).

    The total comes from the cursor when it carries one, else from ``count``.
    """
    if cursor is not None and cursor.total is not None:
        total, exact = cursor.total, cursor.total_is_exact
    else:
        counted = count()
        total, exact = min(counted, TOTAL_CAP), counted <= TOTAL_CAP
    items = items[: page.size]
    next_after = None
    if len(rows) > page.size and items:
        at, last = key(items[-1])
        next_after = Cursor(at=at, id=last, total=total, total_is_exact=exact).encode()
    return Page(items=tuple(items), total=total, total_is_exact=exact, next_after=next_after)


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
    order. With ``counted``, the page's statement counts every match too.
    """
    cursor = cursor_of(page)
    # The window counts the rows of the page's statement: after a cursor, only those
    # past it, so a cursor without its total is counted on its own.
    counting = counted and cursor is None
    statement = page_statement(
        table, where, page, cursor, columns=[table.c.doc], sort=sort, counting=counting
    )
    rows = run(statement)

    def count() -> int:
        if counting and rows:
            return int(rows[0].total)
        counting_where = where if count_where is None else count_where()
        statement = count_statement(
            table, counting_where, sort=sort, newest_first=count_newest_first
        )
        return int(run(statement)[0][0])

    return paged(rows, load(rows[: page.size]), page, cursor, count, key=key)
