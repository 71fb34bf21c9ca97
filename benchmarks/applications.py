"""Durable applications through the portal: one writer, then several at once.

The writers are threads of one process, then (:func:`processes_per_second`) processes
forked from it, as the workers of a web server would be.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from catalogue import Catalogue
from raw import RawConnection, Statement, recording

from formlavoro_adapters.sql import SqlStorage
from formlavoro_core import CitizenPrincipal, FiscalCode, Portal
from formlavoro_core.cv.model import Cv, PersonalData, Publication
from formlavoro_core.identity.fiscal_code import compute_check_character
from formlavoro_core.identity.model import Account
from formlavoro_core.ids import AccountId, CvId
from formlavoro_core.offers.model import Offer
from formlavoro_core.ports import UnitOfWorkFactory

_Pair = tuple[CitizenPrincipal, Offer]


def _fiscal_code(number: int) -> FiscalCode:
    letters = ""
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters += chr(ord("A") + digit)
    body = f"{letters}85A01D969"
    return FiscalCode.parse(body + compute_check_character(body))


def _citizens(
    storage: UnitOfWorkFactory, now: dt.datetime, first: int, count: int
) -> list[CitizenPrincipal]:
    """``count`` citizens with published CVs, numbered from ``first``."""
    citizens = []
    with storage() as uow:
        for number in range(first, first + count):
            fiscal_code = _fiscal_code(number)
            account = Account(
                id=AccountId(f"bench-account-{number}"),
                fiscal_code=fiscal_code,
                given_name="Anna",
                family_name="Rossi",
                created_at=now,
            )
            uow.accounts.add(account)
            uow.cvs.add(
                Cv(
                    id=CvId(f"bench-cv-{number}"),
                    owner=account.id,
                    personal=PersonalData(
                        given_name="Anna", family_name="Rossi", fiscal_code=fiscal_code
                    ),
                    publication=Publication(
                        published_at=now, expires_at=now + dt.timedelta(days=90)
                    ),
                    created_at=now,
                    updated_at=now,
                )
            )
            citizens.append(CitizenPrincipal(account.id))
        uow.commit()
    return citizens


BLOCKS = 4
"""Blocks of each kind of run (one writer, several), taking turns."""


class Block(NamedTuple):
    """One block of applications: how many a second, and this process's CPU each."""

    rate: float
    """Applications per second over all the block's writers."""
    cpu_ms: float
    """This process's CPU time per application, in ms (its threads together; SQLite
    works inside it, PostgreSQL's server does not)."""


class Rates(NamedTuple):
    """The blocks of one writer, of several threads, and of one writer's statements raw."""

    one: list[Block]
    several: list[Block]
    raw: list[Block]
    """The statements each block of one writer sent, replayed right after it by the
    driver alone into another storage holding the same offers and citizens (empty when
    there is none)."""


def _apply_all(apply: Callable[[_Pair], None], pairs: list[_Pair], threads: int) -> None:
    """Apply every pair: on this thread, or on ``threads`` threads taking the next one.

    Each thread takes pairs until none is left, as the workers of a web server take
    requests: nothing hands each result back to this thread (a pool's futures did, and
    waking this thread for every application cost the writers 0.1-0.2 ms of CPU each).
    """
    if threads == 1:
        for pair in pairs:
            apply(pair)
        return
    pending = iter(pairs)
    taking = threading.Lock()
    failures: list[BaseException] = []

    def work() -> None:
        try:
            while True:
                with taking:
                    pair = next(pending, None)
                if pair is None:
                    return
                apply(pair)
        except BaseException as exc:  # noqa: BLE001 - raised again on the calling thread
            failures.append(exc)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise failures[0]


def _block(count: int, run: Callable[[], None]) -> Block:
    """Run ``run``, ``count`` applications: their rate, and this process's CPU each."""
    started, cpu = time.perf_counter(), time.process_time()
    run()
    elapsed = time.perf_counter() - started
    return Block(count / elapsed, 1000 * (time.process_time() - cpu) / count)


def applications_per_second(
    portal: Portal,
    storage: UnitOfWorkFactory,
    catalogue: Catalogue,
    count: int,
    writers: int,
    *,
    blocks: int = BLOCKS,
    raw_storage: SqlStorage | None = None,
) -> Rates:
    """Citizens with published CVs apply through the portal: one writer, then ``writers``.

    Each application is its own durable commit, as in a web application serving many
    citizens at once; each rate is applications per second over all writers. The two
    kinds of run take turns in ``blocks`` blocks each (one writer, several, several,
    one writer, ...), each block applying to offers of its own, so that a slow moment
    of a shared machine weighs on both alike; each rate comes with this process's CPU
    time per application. A block of ``writers`` threads, untimed, goes first: the
    connections they open and the pages they read serve both kinds alike.

    ``raw_storage``, holding the same offers (the raw load's storage), gets the same
    citizens; after each block of one writer, the statements its applications sent are
    replayed there by the driver alone (:meth:`RawConnection.apply`), one durable
    transaction each: the raw figure of one writer.
    """
    now = catalogue.now
    open_offers = [o for o in catalogue.sample if o.is_open(now) and o.event is None][:count]
    size = len(open_offers) // (2 * blocks + 1)
    citizens = _citizens(storage, now, 0, size * (2 * blocks + 1))
    raw = None
    if raw_storage is not None:
        _citizens(raw_storage, now, 0, size * (2 * blocks + 1))
        raw = RawConnection(raw_storage.engine)
    rates: dict[int, list[Block]] = {1: [], writers: []}
    raw_rates: list[Block] = []
    sent: list[list[Statement]] = []

    def apply(pair: _Pair) -> None:
        portal.applications.apply(pair[0], pair[1].id).unwrap()

    def apply_recorded(pair: _Pair) -> None:
        with recording() as statements:
            apply(pair)
        sent.append(statements)

    def replay_sent(connection: RawConnection) -> None:
        for statements in sent:
            connection.apply(statements)

    try:
        for block in range(-1, 2 * blocks):
            threads = writers if block % 4 in (1, 2) or block < 0 else 1
            chosen = slice((block + 1) * size, (block + 2) * size)
            pairs = list(zip(citizens[chosen], open_offers[chosen], strict=True))
            replaying = raw if threads == 1 and block >= 0 else None
            sent.clear()
            run = apply if replaying is None else apply_recorded
            timed = _block(len(pairs), partial(_apply_all, run, pairs, threads))
            if block >= 0:
                rates[threads].append(timed)
            if replaying is not None:
                raw_rates.append(_block(len(sent), partial(replay_sent, replaying)))
    finally:
        if raw is not None:
            raw.close()
    return Rates(rates[1], rates[writers], raw_rates)


def _close_connections(storage: UnitOfWorkFactory) -> None:
    """Close a SQL storage's pooled connections (a forked process opens its own)."""
    dispose = getattr(storage, "dispose", None)
    if callable(dispose):
        dispose()


def processes_per_second(
    portal: Portal,
    storage: UnitOfWorkFactory,
    catalogue: Catalogue,
    count: int,
    processes: int,
    *,
    first_citizen: int,
) -> float:
    """Applications per second by ``processes`` processes forked from this one.

    The storage's connections are closed before the fork, so that each process opens
    its own; the processes start together and apply to ``count`` open offers not
    applied to yet (from the end of the catalogue's sample), each its share.
    """
    now = catalogue.now
    open_offers = [o for o in catalogue.sample if o.is_open(now) and o.event is None]
    offers = open_offers[-count:]
    citizens = _citizens(storage, now, first_citizen, len(offers))
    pairs = list(zip(citizens, offers, strict=True))
    _close_connections(storage)
    context = multiprocessing.get_context("fork")
    start, done = context.Event(), context.Queue()

    def work(share: list[tuple[CitizenPrincipal, Offer]]) -> None:
        start.wait()
        for citizen, offer in share:
            portal.applications.apply(citizen, offer.id).unwrap()
        _close_connections(storage)
        done.put(len(share))

    children = [
        context.Process(target=work, args=(pairs[number::processes],))
        for number in range(processes)
    ]
    for child in children:
        child.start()
    time.sleep(0.5)  # every process forked and waiting
    started = time.perf_counter()
    start.set()
    applied: int = sum(done.get() for _ in children)
    elapsed = time.perf_counter() - started
    for child in children:
        child.join()
        if child.exitcode != 0:
            raise RuntimeError(f"a writer process failed ({child.exitcode})")
    return applied / elapsed
