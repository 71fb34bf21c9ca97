"""The search benchmark's load: through the library, then the same sent raw.

:func:`ingest` loads the catalogue through ``load_offers`` (recording what the SQL
storage sends besides the rows) or, on the memory storage, through a unit of work;
:func:`raw_ingest` sends the same statements and rows through the driver alone into
another storage of the same kind. Both give offers per second, wall and CPU, with the
generation of the offers left out.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from itertools import islice
from typing import Any

from catalogue import Catalogue
from raw import Cost, Statement, measure, recording

from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.bulk import OfferRows, load_offers
from formlavoro_core.offers.model import Offer
from formlavoro_core.ports import UnitOfWorkFactory

__all__ = ["ingest", "raw_ingest"]

BATCH = 10_000
BATCH_MARK = "-- a batch of rows"


class _Stopwatch:
    """Counts the time spent inside an iterator, to leave it out; shows progress.

    The time counted is the CPU time of the thread reading it: generating offers is
    all computation, and while the load prepares rows on another thread, the wall
    time inside the iterator also holds that thread's turns.
    """

    def __init__(self, items: Iterator[Offer], size: int) -> None:
        self._items = items
        self._size = size
        self.seconds = 0.0
        self.count = 0
        self._started = time.perf_counter()

    def __iter__(self) -> Iterator[Offer]:
        step = max(1, self._size // 20)
        while True:
            started = time.thread_time()
            item = next(self._items, None)
            self.seconds += time.thread_time() - started
            if item is None:
                return
            self.count += 1
            if self.count % step == 0:
                self._progress()
            yield item

    def _progress(self) -> None:
        elapsed = time.perf_counter() - self._started
        storing = max(elapsed - self.seconds, 1e-9)
        print(
            f"  loading: {self.count:>10,} / {self._size:,} offers, {elapsed:6.0f} s"
            f" ({self.count / storing:,.0f}/s storing, generation left out)",
            file=sys.stderr,
            flush=True,
        )


def ingest(
    storage: UnitOfWorkFactory, catalogue: Catalogue, statements: list[Statement] | None = None
) -> tuple[float, float]:
    """Load the catalogue; return offers stored per second (wall, then CPU), generation
    left out of the wall figure (the CPU figure is the whole process's).

    ``statements``, when given, receives what the SQL storage sent besides the rows
    (indexes dropped and built, full-text filled, statistics), with a marker per batch.
    """
    offers = _Stopwatch(catalogue.offers(), catalogue.size)
    cpu, started = time.process_time(), time.perf_counter()
    if isinstance(storage, SqlStorage):
        with recording() as sent:
            load_offers(
                storage, offers, batch=BATCH, progress=lambda _: sent.append((BATCH_MARK, None))
            )
        if statements is not None:
            statements += sent
    else:
        with storage() as uow:
            for offer in offers:
                uow.offers.add(offer)
            uow.commit()
    wall = time.perf_counter() - started - offers.seconds
    print("  loaded", file=sys.stderr, flush=True)
    return offers.count / wall, offers.count / max(time.process_time() - cpu, 1e-9)


def raw_ingest(
    storage: SqlStorage, catalogue: Catalogue, statements: list[Statement]
) -> tuple[float, float]:
    """The same load sent raw into an empty storage: offers per second (wall, then CPU).

    The rows are prepared by the library's own :class:`OfferRows` (time left out, with
    the generation); the driver alone sends the statements the library sent (recorded
    by :func:`ingest`) and the rows (``executemany`` or ``COPY``), in one transaction.
    """
    marks = [index for index, (sql, _) in enumerate(statements) if sql == BATCH_MARK]
    if not marks:
        return 0.0, 0.0
    per_batch = ("max(row_id)", "offers_fts (rowid, words) SELECT row_id, words FROM offers WHERE")
    before = [s for s in statements[: marks[0]] if not any(p in s[0] for p in per_batch)]
    after = [s for s in statements[marks[-1] + 1 :] if s[0] != BATCH_MARK]
    dialect = storage.engine.dialect.name
    rows = OfferRows(dialect)
    pooled = storage.engine.raw_connection()
    driver: Any = pooled.driver_connection
    cost = Cost(0.0, 0.0)
    offers = catalogue.offers()

    def send(statements: list[Statement]) -> None:
        for sql, parameters in statements:
            send_one(sql, parameters)

    def send_one(sql: str, parameters: Any) -> None:
        if dialect == "postgresql" and sql.startswith("VACUUM"):
            driver.commit()  # outside the transaction, as the library runs it
            driver.autocommit = True
        driver.execute(sql, parameters) if parameters else driver.execute(sql)

    def timed(call: Callable[[], Any]) -> None:
        nonlocal cost
        spent = measure(call)[1]
        cost = Cost(cost.wall + spent.wall, cost.cpu + spent.cpu)

    # SQLite's journal settings go outside the transaction, as the library sends them
    # (its sorting threads, around the index builds, inside).
    pragmas = max(
        (i + 1 for i, (sql, _) in enumerate(before) if sql.startswith("PRAGMA")), default=0
    )
    final = next(
        (i for i, (sql, _) in enumerate(after) if sql.startswith("PRAGMA journal_mode")),
        len(after),
    )
    timed(partial(send, before[:pragmas]))
    if dialect == "postgresql":
        driver.autocommit = False
    else:
        timed(lambda: driver.execute("BEGIN"))
    timed(partial(send, before[pragmas:]))
    count = 0
    while True:
        chunk = list(islice(offers, BATCH))  # generated and prepared untimed
        prepared = [rows.offer(offer) for offer in chunk], rows.profiles_of(chunk)
        if not chunk:
            break
        count += len(chunk)
        timed(partial(_send_rows, driver, dialect, rows, *prepared))
    timed(partial(send, after[:final]))
    if dialect == "sqlite":
        timed(lambda: driver.execute("COMMIT"))
        timed(partial(send, after[final:]))
    else:
        if not driver.autocommit:
            timed(driver.commit)
        driver.autocommit = True  # as the pool gives it
    pooled.close()
    return count / cost.wall, count / max(cost.cpu, 1e-9)


def _send_rows(
    driver: Any, dialect: str, rows: OfferRows, offers: list[Any], profiles: list[Any]
) -> None:
    """One batch of rows, through the driver alone."""
    for table, columns, values in (
        ("offers", rows.offers, offers),
        ("offer_profiles", rows.profiles, profiles),
    ):
        if not values:
            continue
        if dialect == "sqlite":
            driver.executemany(columns.insert(table), values)
            continue
        with driver.cursor() as cursor, cursor.copy(columns.copy(table)) as copy:
            for row in values:
                copy.write_row(row)
