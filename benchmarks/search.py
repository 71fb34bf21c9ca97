"""Search benchmark: offers at national scale on memory, SQLite and PostgreSQL.

Usage::

    python benchmarks/search.py --size S            # 10k offers, every backend
    python benchmarks/search.py --size L --backends sqlite,postgres

Each backend runs in a process of its own (so its peak memory is its own): it bulk-loads
a seeded catalogue streamed from ``catalogue.py`` (never all in memory), then runs a
query mix through the public ``Portal`` API and prints p50/p95/p99 per kind of query,
the ingest rate (offers per second, not counting the time spent generating them), the
rate of durable commits of applications submitted through the portal by concurrent
writers, and the peak RSS. A summary lines the figures up with the targets. It asserts
nothing: figures go in notes, not in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any

import attrs

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from catalogue import Catalogue, make_catalogue

from formlavoro_adapters import (
    InMemoryStorage,
    ScryptPasswordHasher,
    SettableClock,
    UuidIdGenerator,
    bootstrap,
)
from formlavoro_adapters.sql import SqlStorage, postgres_engine, sqlite_storage, upgrade
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_core import ANONYMOUS, CitizenPrincipal, FiscalCode, Portal, PortalConfig
from formlavoro_core.cv.model import Publication
from formlavoro_core.identity.fiscal_code import compute_check_character
from formlavoro_core.ids import AccountId, CvId
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.ports import UnitOfWorkFactory
from formlavoro_core.reference import ContractType, EducationLevel, WorkingCondition
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
)
from formlavoro_core.testing.storage_contract import sample_account, sample_cv

SIZES = {"S": 10_000, "M": 150_000, "L": 1_000_000}
DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"
Timings = dict[str, list[float]]


# -- backends -------------------------------------------------------------------------------


@contextmanager
def backend(name: str, folder: pathlib.Path, dsn: str) -> Iterator[UnitOfWorkFactory]:
    """An empty storage of the named kind, cleaned up afterwards."""
    if name == "memory":
        yield InMemoryStorage()
    elif name == "sqlite":
        storage = sqlite_storage(folder / "bench.db")
        try:
            yield storage
        finally:
            storage.dispose()
    elif name == "postgres":
        schema = f"formlavoro_bench_{os.getpid()}"
        admin = postgres_engine(dsn)
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        engine = postgres_engine(dsn, schema=schema)
        upgrade(engine)
        try:
            yield SqlStorage(engine)
        finally:
            engine.dispose()
            with admin.begin() as connection:
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            admin.dispose()
    else:
        raise SystemExit(f"unknown backend {name!r}")


class _Stopwatch:
    """Counts the time spent inside an iterator, to leave it out of a measurement."""

    def __init__(self, items: Iterator[Offer]) -> None:
        self._items = items
        self.seconds = 0.0
        self.count = 0

    def __iter__(self) -> Iterator[Offer]:
        while True:
            started = time.perf_counter()
            item = next(self._items, None)
            self.seconds += time.perf_counter() - started
            if item is None:
                return
            self.count += 1
            yield item


def ingest(storage: UnitOfWorkFactory, catalogue: Catalogue) -> float:
    """Load the catalogue; return offers stored per second, generation left out."""
    offers = _Stopwatch(catalogue.offers())
    started = time.perf_counter()
    if isinstance(storage, SqlStorage):
        load_offers(storage, offers, batch=10_000)
    else:
        with storage() as uow:
            for offer in offers:
                uow.offers.add(offer)
            uow.commit()
    return offers.count / (time.perf_counter() - started - offers.seconds)


def portal_on(storage: UnitOfWorkFactory, catalogue: Catalogue) -> Portal:
    """The public API over ``storage``, at the catalogue's moment."""
    import zoneinfo  # noqa: PLC0415

    return bootstrap(
        config=PortalConfig(timezone=zoneinfo.ZoneInfo("Europe/Rome")),
        storage=storage,
        clock=SettableClock(catalogue.now),
        ids=UuidIdGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        reference=catalogue.reference,
    )


# -- the query mix ----------------------------------------------------------------------------


def _words_of_medium_frequency(catalogue: Catalogue) -> list[str]:
    """Words found in 0.5 % to 2 % of the offers: neither everywhere nor rare."""
    counts: dict[str, int] = defaultdict(int)
    for offer in catalogue.sample:
        for word in set(f"{offer.title} {offer.description}".lower().split()):
            counts[word] += 1
    low, high = 0.005 * len(catalogue.sample), 0.02 * len(catalogue.sample)
    medium = sorted(word for word, count in counts.items() if low <= count <= high)
    return medium or sorted(counts)


def queries(catalogue: Catalogue, rng: random.Random) -> dict[str, list[OfferQuery]]:
    """Kinds of searches people run, each a list to draw from."""
    provinces = [ProvinceCode(code) for code in ("GE", "SP", "SV", "IM")]
    groups = [ProfessionCode(code) for code in catalogue.professions if code.count(".") == 1]
    places = [MunicipalityCode(m.code) for m in catalogue.municipalities[:40]]
    medium = _words_of_medium_frequency(catalogue)
    filters = [
        OfferQuery(
            province=rng.choice(provinces), contract_types=(rng.choice(list(ContractType)),)
        ),
        OfferQuery(profession=rng.choice(groups), province=rng.choice(provinces)),
        OfferQuery(car_required=True, municipality=rng.choice(places)),
        OfferQuery(requires_experience=True, working_conditions=(WorkingCondition.FULL_TIME,)),
        OfferQuery(education_level=EducationLevel.UPPER_SECONDARY, province=rng.choice(provinces)),
        OfferQuery(willing_to_travel=True, contract_types=(ContractType.PERMANENT,)),
    ]
    return {
        "filters": filters,
        "filters+text": [
            OfferQuery(province=rng.choice(provinces), text=rng.choice(medium)) for _ in range(6)
        ],
        "text": [OfferQuery(text=rng.choice(medium)) for _ in range(6)],
    }


def run_queries(portal: Portal, catalogue: Catalogue, rounds: int, seed: int) -> Timings:
    """Time every kind of query ``rounds`` times; return the latencies in seconds."""
    rng = random.Random(seed)
    mix = queries(catalogue, rng)
    timings: Timings = defaultdict(list)
    open_ids = [o.id for o in catalogue.sample if o.is_open(catalogue.now) and o.event is None]

    def timed(kind: str, call: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = call()
        timings[kind].append(time.perf_counter() - started)
        return result.unwrap()

    for query in (q for kind in mix.values() for q in kind):  # warm caches
        portal.offers.search(ANONYMOUS, query)
    for _ in range(rounds):
        for kind, choices in mix.items():
            query = rng.choice(choices)
            timed(kind, partial(portal.offers.search, ANONYMOUS, query))
        query = rng.choice(mix["filters"])
        page = portal.offers.search(ANONYMOUS, query).unwrap()
        for _ in range(3):
            if page.next_after is None:
                break
            after = PageRequest(after=page.next_after)
            page = timed("keyset next page", partial(portal.offers.search, ANONYMOUS, query, after))
        offset = PageRequest(offset=rng.choice((100, 1_000, 5_000)))
        text = rng.choice(mix["text"])
        timed("offset page", partial(portal.offers.search, ANONYMOUS, text, offset))
        chosen = rng.choice(open_ids)
        timed("detail by id", partial(portal.offers.card, ANONYMOUS, chosen))
    return timings


# -- durable applications ---------------------------------------------------------------------


def _fiscal_code(number: int) -> FiscalCode:
    letters = ""
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters += chr(ord("A") + digit)
    body = f"{letters}85A01D969"
    return FiscalCode.parse(body + compute_check_character(body))


def applications_per_second(
    portal: Portal, storage: UnitOfWorkFactory, catalogue: Catalogue, count: int, writers: int
) -> float:
    """Citizens with published CVs apply through the portal, ``writers`` at a time.

    Each application is its own durable commit, as in a web application serving many
    citizens at once; the rate is applications per second over all writers.
    """
    now = catalogue.now
    open_offers = [o for o in catalogue.sample if o.is_open(now) and o.event is None][:count]
    citizens = []
    with storage() as uow:
        for number in range(len(open_offers)):
            account = attrs.evolve(
                sample_account(0),
                id=AccountId(f"bench-account-{number}"),
                fiscal_code=_fiscal_code(number),
            )
            uow.accounts.add(account)
            cv = sample_cv(account.id, cv_id=f"bench-cv-{number}")
            published = attrs.evolve(
                cv,
                id=CvId(f"bench-cv-{number}"),
                attachments=(),
                publication=Publication(published_at=now, expires_at=now + dt.timedelta(days=90)),
            )
            uow.cvs.add(published)
            citizens.append(CitizenPrincipal(account.id))
        uow.commit()
    pairs = list(zip(citizens, open_offers, strict=True))

    def apply(pair: tuple[CitizenPrincipal, Offer]) -> None:
        portal.applications.apply(pair[0], pair[1].id).unwrap()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=writers) as pool:
        list(pool.map(apply, pairs))
    return len(pairs) / (time.perf_counter() - started)


# -- report -----------------------------------------------------------------------------------


def _quantile(samples: list[float], percent: int) -> float | None:
    if not samples:
        return None
    cuts = statistics.quantiles(samples, n=100) if len(samples) > 1 else samples * 99
    return cuts[percent - 1] * 1e3


def _ms(samples: list[float], percent: int) -> str:
    value = _quantile(samples, percent)
    return "-" if value is None else f"{value:8.2f}"


# Per figure: the SQLite target, the PostgreSQL target (p95, milliseconds, at most).
TARGETS = {
    "detail by id": (1.0, 2.0),
    "filters": (10.0, 15.0),
    "filters+text": (50.0, 75.0),
    "keyset next page": (2.0, 3.0),
}


def report(
    name: str,
    size_name: str,
    *,
    rate: float,
    applied: float,
    writers: int,
    timings: Timings,
) -> None:
    """Print one backend's figures, then the summary against the size-L targets."""
    size = SIZES[size_name]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n== {name} ({size_name}: {size:,} offers)")
    print(f"ingest: {rate:,.0f} offers/s")
    print(f"durable commits: {applied:,.0f} applications/s through Portal ({writers} writers)")
    print(f"{'query':<20}{'count':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for kind, samples in timings.items():
        cuts = "".join(f"{_ms(samples, p):>10}" for p in (50, 95, 99))
        print(f"{kind:<20}{len(samples):>7}{cuts}")
    print(f"peak RSS: {peak:,.0f} MiB")
    column = {"sqlite": 0, "postgres": 1}.get(name)
    if column is None:
        return
    print(f"-- against the size-L targets ({name}):")
    for kind, limits in TARGETS.items():
        p95 = _quantile(timings.get(kind, []), 95)
        shown = "-" if p95 is None else f"{p95:.2f} ms"
        print(f"   {kind + ', p95':<26}{shown:>12}   target <= {limits[column]} ms")
    ingest_target, commits_target = 40_000, (1_000, 500)[column]
    print(f"   {'bulk ingest':<26}{rate:>10,.0f}/s   target >= {ingest_target:,}/s")
    print(f"   {'durable applications':<26}{applied:>10,.0f}/s   target >= {commits_target:,}/s")
    print(f"   {'peak memory':<26}{peak:>8,.0f} MiB   target <= 2,048 MiB")


def run_backend(name: str, args: argparse.Namespace) -> None:
    """Everything for one backend, in this process."""
    catalogue = make_catalogue(SIZES[args.size], seed=args.seed)
    with (
        tempfile.TemporaryDirectory(dir=args.folder) as folder,
        backend(name, pathlib.Path(folder), args.dsn) as storage,
    ):
        rate = ingest(storage, catalogue)
        portal = portal_on(storage, catalogue)
        timings = run_queries(portal, catalogue, args.rounds, args.seed)
        applied = applications_per_second(
            portal, storage, catalogue, args.applications, args.writers
        )
        report(name, args.size, rate=rate, applied=applied, writers=args.writers, timings=timings)


def main(argv: list[str] | None = None) -> None:
    """Run each backend named in ``--backends`` in a child process, one after the other."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--backends", default="memory,sqlite,postgres")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--applications", type=int, default=2_000)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder", default=None, help="where the SQLite file goes")
    parser.add_argument(
        "--dsn", default=os.environ.get("FORMLAVORO_TEST_POSTGRES_DSN", DEFAULT_DSN)
    )
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    names = args.backends.split(",")
    if args.in_process:
        for name in names:
            run_backend(name, args)
        return
    forwarded = list(argv if argv is not None else sys.argv[1:])
    for name in names:
        child = [sys.executable, __file__, *forwarded, "--backends", name, "--in-process"]
        completed = subprocess.run(child, check=False)  # noqa: S603 - this very script
        if completed.returncode != 0:
            raise SystemExit(f"the {name} run failed ({completed.returncode})")


if __name__ == "__main__":
    main()
