"""Loading many offers at once: imports from other systems, the first load of a portal.

:func:`load_offers` writes exactly what ``uow.offers.add`` writes (version 1, the
document, the projected columns, the full-text words and the matching profile), much
faster:

* rows go to the driver as plain tuples (``executemany`` on SQLite, ``COPY`` on
  PostgreSQL), skipping the per-row statement machinery;
* on SQLite the full-text rows (and the narrow copies of
  :mod:`~formlavoro_adapters.sql.narrow_offers`) are written by ``INSERT ... SELECT``
  instead of a trigger firing for every row: once at the end into an empty table (one
  pass, the index built sorted), else per batch; the masks of working conditions
  (:mod:`~formlavoro_adapters.sql.condition_masks`) are listed at the end, from the
  conditions' index (on PostgreSQL, by their trigger, once per ``COPY``);
* on PostgreSQL the rows of the next batch are prepared on a thread while the server
  stores the current one (the offers are read from their iterable on the caller's
  thread);
* into an **empty** offers table, the secondary indexes (and PostgreSQL's full-text
  index) are dropped first and built once at the end, sorting instead of updating
  row by row; on SQLite such a load also writes its pages once, through a rollback
  journal instead of the WAL, when no other connection has the file open.

The whole load is one transaction: it is stored entirely or not at all. PostgreSQL then
runs ``VACUUM (ANALYZE)`` on the offers and their matching profiles, so that searches
and matching can read index entries only (waiting a while for transactions older than
the load, see :mod:`~formlavoro_adapters.sql.vacuum`). While it runs
other writers wait (SQLite) and, when indexes are rebuilt, PostgreSQL readers of the
offers wait too; run large first loads before opening the portal.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from itertools import islice
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from formlavoro_adapters.sql.bulk_rows import Columns, DocumentWriter
from formlavoro_adapters.sql.condition_masks import MASKS_FROM_OFFERS, SQLITE_MASKS_INSERT_TRIGGER
from formlavoro_adapters.sql.driver_errors import driver_summary, is_duplicate, translated
from formlavoro_adapters.sql.marketplace_repositories import offer_columns
from formlavoro_adapters.sql.matching import offer_profile_row
from formlavoro_adapters.sql.matching_tables import OFFER_PROFILES
from formlavoro_adapters.sql.migrations import SQLITE_FTS_INSERT_TRIGGER
from formlavoro_adapters.sql.narrow_offers import SQLITE_NARROW_FROM, SQLITE_NARROW_INSERT_TRIGGER
from formlavoro_adapters.sql.storage import SqlStorage
from formlavoro_adapters.sql.tables import OFFERS
from formlavoro_adapters.sql.vacuum import vacuum_loaded
from formlavoro_core.errors import DuplicateKeyError, FormlavoroError, StorageError
from formlavoro_core.offers.model import Offer

__all__ = ["OfferRows", "load_offers", "vacuum_loaded"]

_POSTGRES_TEXT_INDEX = "ix_offers_words"
_SORTING_THREADS = min(os.cpu_count() or 1, 4)
"""SQLite's helper threads for sorting while it builds indexes after a first load."""
_DOCUMENT = DocumentWriter(Offer)


class OfferRows:
    """The driver's rows of new offers and of their matching profiles, for one dialect.

    What :func:`load_offers` sends; the search benchmark sends the same rows raw.
    """

    def __init__(self, dialect: str) -> None:
        self.offers = Columns(OFFERS, dialect, skip=("row_id",))
        self.profiles = Columns(OFFER_PROFILES, dialect)

    def offer(self, offer: Offer) -> tuple[Any, ...]:
        """The ``offers`` row of a new offer, in the column order of :attr:`offers`."""
        if offer.version != 0:
            raise FormlavoroError(f"a new offer must have version 0: {offer.id}")
        values = offer_columns(offer)
        values["id"] = offer.id
        values["version"] = 1  # what ``add`` stores: version 1
        values["doc"] = _DOCUMENT(offer, version=1)
        return self.offers.row(values)

    def profiles_of(self, offers: Sequence[Offer]) -> list[tuple[Any, ...]]:
        """The ``offer_profiles`` rows of the offers that have one."""
        return [self.profiles.row(row) for row in map(offer_profile_row, offers) if row]


@contextmanager
def _written_once(connection: Connection, dialect: str, driver_errors: Any) -> Iterator[None]:
    """On SQLite, a load into an empty offers table runs with a rollback journal.

    In WAL mode every page a load writes is written twice: into the WAL, then into the
    file by the checkpoint. With a rollback journal, the pages a transaction appends to
    the file are not journaled at all (a rollback cuts them off), so a first load
    writes its pages once and is still all or nothing, across crashes too. SQLite
    leaves WAL only when no other connection has the file open (else the load keeps
    WAL); connections opened while it runs wait for it, up to their busy timeout. WAL
    is back at the end, whatever happened (every new connection asks for it anyway).
    """
    if dialect != "sqlite":
        yield
        return
    driver: Any = connection.connection.dbapi_connection
    switched = False
    if driver.execute("SELECT 1 FROM offers LIMIT 1").fetchone() is None:
        (timeout,) = driver.execute("PRAGMA busy_timeout").fetchone()
        driver.execute("PRAGMA busy_timeout=0")  # another connection: keep WAL, now
        try:
            (mode,) = driver.execute("PRAGMA journal_mode=DELETE").fetchone()
            switched = mode == "delete"
        except driver_errors.OperationalError:
            switched = False
        finally:
            driver.execute(f"PRAGMA busy_timeout={int(timeout)}")
    try:
        yield
    finally:
        if switched:
            with suppress(driver_errors.OperationalError):
                driver.execute("PRAGMA journal_mode=WAL")


def _is_empty(connection: Connection) -> bool:
    return connection.exec_driver_sql("SELECT 1 FROM offers LIMIT 1").first() is None


def _drop_indexes(connection: Connection, dialect: str) -> None:
    for index in OFFERS.indexes:
        index.drop(connection)
    if dialect == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX {_POSTGRES_TEXT_INDEX}")


def _create_indexes(connection: Connection, dialect: str) -> None:
    """Build the indexes dropped by :func:`_drop_indexes`, each by one sort of the table.

    On SQLite the sorts run on as many helper threads as there are processors (up to
    four, ``PRAGMA threads``): at 400,000 offers the builds took 20-24 s instead of
    26-31 s on two cores, for about a quarter more CPU time. PostgreSQL sorts with its
    own workers (``max_parallel_maintenance_workers``).
    """
    if dialect == "sqlite":
        connection.exec_driver_sql(f"PRAGMA threads={_SORTING_THREADS}")
    try:
        for index in OFFERS.indexes:
            index.create(connection)
    finally:
        if dialect == "sqlite":
            connection.exec_driver_sql("PRAGMA threads=0")
    if dialect == "postgresql":
        connection.exec_driver_sql(
            f"CREATE INDEX {_POSTGRES_TEXT_INDEX} ON offers USING GIN (words_tsv)"
        )


_SQLITE_FTS_FROM = "INSERT INTO offers_fts (rowid, words) SELECT row_id, words FROM offers"


def _write_sqlite(
    connection: Connection,
    rows: OfferRows,
    offers: list[tuple[Any, ...]],
    profiles: list[tuple[Any, ...]],
    *,
    index: bool,
) -> None:
    """Write a batch; with ``index``, its full-text and narrow rows too (else at the end)."""
    driver = connection.connection.dbapi_connection
    assert driver is not None  # noqa: S101 - a checked-out connection has one
    cursor = driver.cursor()
    try:
        (before,) = cursor.execute("SELECT coalesce(max(row_id), 0) FROM offers").fetchone()
        cursor.executemany(rows.offers.insert("offers"), offers)
        if index:
            cursor.execute(f"{_SQLITE_FTS_FROM} WHERE row_id > ?", (before,))
            cursor.execute(f"{SQLITE_NARROW_FROM} WHERE row_id > ?", (before,))
        if profiles:
            cursor.executemany(rows.profiles.insert("offer_profiles"), profiles)
    finally:
        cursor.close()


def _write_postgres(
    connection: Connection,
    rows: OfferRows,
    offers: list[tuple[Any, ...]],
    profiles: list[tuple[Any, ...]],
    *,
    index: bool,  # noqa: ARG001 - PostgreSQL's words are indexed by the GIN index
) -> None:
    driver: Any = connection.connection.dbapi_connection
    with driver.cursor() as cursor:
        for table, columns, values in (
            ("offers", rows.offers, offers),
            ("offer_profiles", rows.profiles, profiles),
        ):
            if values:
                with cursor.copy(columns.copy(table)) as copy:
                    for row in values:
                        copy.write_row(row)


def _duplicate(chunk: Sequence[Offer]) -> str:
    """The offer ids of a failed batch, as the key of the duplicate error."""
    ids = [offer.id for offer in chunk]
    return ids[0] if len(ids) == 1 else f"one of {ids[0]} … {ids[-1]}"


_Prepared = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]


def _prepared(rows: OfferRows, chunk: Sequence[Offer]) -> _Prepared:
    """The rows of a batch of offers and of their matching profiles."""
    return [rows.offer(offer) for offer in chunk], rows.profiles_of(chunk)


class _Inline:
    """Prepares each batch at once, on the caller's thread."""

    def submit(self, prepare: Callable[..., _Prepared], *args: Any) -> Future[_Prepared]:
        done: Future[_Prepared] = Future()
        try:
            done.set_result(prepare(*args))
        except Exception as exc:  # noqa: BLE001 - handed over as the batch's result
            done.set_exception(exc)
        return done


def _preparing(dialect: str) -> AbstractContextManager[ThreadPoolExecutor | _Inline]:
    """Where the batches' rows are prepared: ahead, on a thread, for PostgreSQL.

    The next batch's rows are prepared while the server stores the current one: psycopg
    lets go of the interpreter while it waits for the end of a ``COPY``. At 150,000
    offers the load took 18.2 s instead of 26.6 s. SQLite's driver takes the interpreter
    back for every row, and a thread preparing rows made the same load slower (26.2 s
    instead of 24.2 s): there each batch is prepared at once.
    """
    if dialect == "postgresql":
        return ThreadPoolExecutor(1, thread_name_prefix="formlavoro-load")
    return nullcontext(_Inline())


def _write_chunk(
    connection: Connection,
    chunk: Sequence[Offer],
    prepared: _Prepared,
    write: Callable[..., None],
    driver_errors: Any,
    *,
    rows: OfferRows,
    index: bool,
) -> None:
    """Write one batch of offers and their matching profiles, driver errors translated."""
    offers, profiles = prepared
    try:
        write(connection, rows, offers, profiles, index=index)
    except driver_errors.IntegrityError as exc:
        if is_duplicate(exc):
            raise DuplicateKeyError("offer", _duplicate(chunk)) from exc
        raise StorageError(f"bulk load of offers: {driver_summary(exc)}") from exc
    except driver_errors.Error as exc:
        raise StorageError(f"bulk load of offers: {driver_summary(exc)}") from exc


def _finish(connection: Connection, dialect: str, *, rebuild: bool, stored: int) -> None:
    """The full-text rows (into an empty table), the trigger, indexes and statistics."""
    if dialect == "sqlite":
        if rebuild:  # the full-text index filled in one pass, sorted once
            connection.exec_driver_sql(_SQLITE_FTS_FROM)
            connection.exec_driver_sql(SQLITE_NARROW_FROM)
        connection.execute(text(SQLITE_FTS_INSERT_TRIGGER))
        connection.execute(text(SQLITE_NARROW_INSERT_TRIGGER))
    if rebuild:
        _create_indexes(connection, dialect)
    if dialect == "sqlite":  # from the conditions' index (PostgreSQL's trigger listed them)
        connection.exec_driver_sql(MASKS_FROM_OFFERS[dialect])
        connection.exec_driver_sql(SQLITE_MASKS_INSERT_TRIGGER)
    if stored and dialect == "sqlite":
        connection.exec_driver_sql("ANALYZE offers")


def load_offers(
    storage: SqlStorage,
    offers: Iterable[Offer],
    *,
    batch: int = 10_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Store new offers (each at version 0) in one transaction; return how many.

    Args:
        storage: the SQL storage to load into.
        offers: the offers, read once, ``batch`` at a time (a generator keeps memory
            flat however many there are).
        batch: how many rows go to the database at once.
        progress: told how many offers are written after each batch (a
            :class:`~formlavoro_adapters.progress.ConsoleBar` draws a bar).

    Raises:
        FormlavoroError: an offer is not new (version 0); nothing is stored.
        DuplicateKeyError: an offer id is already stored; nothing is stored.
        StorageError: the database failed; nothing is stored.
    """
    if batch < 1:
        raise FormlavoroError("batch must be at least 1")
    dialect = storage.engine.dialect.name
    rows = OfferRows(dialect)
    write = _write_postgres if dialect == "postgresql" else _write_sqlite
    iterator = iter(offers)
    stored = 0
    driver_errors: Any = storage.engine.dialect.dbapi
    with (
        translated("offer", "bulk load"),
        storage.engine.connect() as connection,
        _written_once(connection, dialect, driver_errors),
        connection.begin(),
    ):
        rebuild = _is_empty(connection)
        if rebuild:
            _drop_indexes(connection, dialect)
        if dialect == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER offers_fts_insert")
            connection.exec_driver_sql("DROP TRIGGER offers_narrow_insert")
            connection.exec_driver_sql("DROP TRIGGER offers_masks_insert")
        with _preparing(dialect) as preparing:
            waiting: tuple[list[Offer], Future[_Prepared]] | None = None
            while True:
                chunk = list(islice(iterator, batch))  # read here: the caller's iterator
                ready = (chunk, preparing.submit(_prepared, rows, chunk)) if chunk else None
                if waiting is not None:
                    written, prepared = waiting[0], waiting[1].result()
                    _write_chunk(
                        connection,
                        written,
                        prepared,
                        write,
                        driver_errors,
                        rows=rows,
                        index=not rebuild,
                    )
                    stored += len(written)
                    if progress is not None:
                        progress(stored)
                if ready is None:
                    break
                waiting = ready
        _finish(connection, dialect, rebuild=rebuild, stored=stored)
    if stored:
        vacuum_loaded(storage, ("offers", "offer_profiles"), "offer")
    return stored
