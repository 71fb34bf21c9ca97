"""Search benchmark: offers at national scale on memory, SQLite and PostgreSQL.

Usage::

    python benchmarks/search.py --size S            # 10k offers, every backend
    python benchmarks/search.py --size L --backends sqlite,postgres

Each backend runs in a process of its own (so its peak memory is its own): it bulk-loads
a seeded catalogue streamed from ``catalogue.py`` (never all in memory, progress on the
standard error), then runs a query mix through the public ``Portal`` API. On the SQL
backends every call is made once untimed (recording the statements it sends from the
driver's cursors and reading the pages they touch), then timed through the portal and
timed as the same statements sent raw (replayed through a plain driver connection on the
same database, see ``raw.py``), the two in turns, so that neither pays the other's first
reads: each kind of query prints p50/p95 of the wall time and of this thread's CPU time
for both, and their ratio. Then the ingest rate (offers per second, not counting
the time spent generating them) and the rate of durable commits of applications
submitted through the portal, by one writer, by several threads and by as many
processes, with this process's CPU time per application for the first two; one writer's
statements are replayed raw as well, into the storage the raw load filled. A summary
lines the figures up with the targets. It asserts nothing: figures go in notes, not in
tests. It needs the ``sql`` extra (and ``postgres`` for PostgreSQL), nothing from the
test tools.
"""

from __future__ import annotations

import argparse
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
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from itertools import count
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from applications import applications_per_second, processes_per_second
from backends import DEFAULT_DSN, SIZES, backend, portal_on
from catalogue import Catalogue, make_catalogue
from figures import Figures, report, report_queries
from ingest import ingest, raw_ingest
from raw import RawConnection, Statement, measure, record_on, recording

from formlavoro_adapters.sql import SqlStorage, sqlite_engine
from formlavoro_core import ANONYMOUS, Portal
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.ports import UnitOfWorkFactory
from formlavoro_core.reference import ContractType, EducationLevel, WorkingCondition
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
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


def run_queries(
    portal: Portal,
    storage: UnitOfWorkFactory,
    catalogue: Catalogue,
    rounds: int,
    seed: int,
    *,
    figures: Figures | None = None,
    mix_seed: int | None = None,
) -> Figures:
    """Time every kind of query ``rounds`` times, each call then its SQL sent raw.

    ``figures``, when given, receives the times, and ``mix_seed`` draws the queries of
    the mix apart from their choice (a run in several blocks, each its own ``seed``).
    """
    rng = random.Random(seed)
    mix = queries(catalogue, rng if mix_seed is None else random.Random(mix_seed))
    figures = Figures() if figures is None else figures
    raw = RawConnection(storage.engine) if isinstance(storage, SqlStorage) else None
    open_ids = [o.id for o in catalogue.sample if o.is_open(catalogue.now) and o.event is None]

    turns: defaultdict[str, count[int]] = defaultdict(count)
    # One counter per kind: a round times a fixed number of calls (eight when every
    # keyset page exists), so a counter shared by the kinds would give each kind the
    # same order in every round.

    def timed(kind: str, call: Callable[[], Any]) -> Any:
        """``call`` through the portal, and its statements raw, each warm, in turns.

        The first call, untimed, records the statements and reads the pages they touch,
        so that neither side pays the other's first reads; then the library and the
        raw replay are timed, one first and then the other, the order alternating
        from one call of the kind to the next.
        """
        if raw is None:
            result, cost = measure(call)
            figures.library[kind].append(cost)
            return result.unwrap()
        with recording() as statements:
            call()
        library = partial(measure, call)
        replay = partial(measure, lambda: raw.replay(statements))
        if next(turns[kind]) % 2:
            (result, cost), (_, raw_cost) = library(), replay()
        else:
            (_, raw_cost), (result, cost) = replay(), library()
        figures.library[kind].append(cost)
        figures.raw[kind].append(raw_cost)
        return result.unwrap()

    started = time.perf_counter()
    for query in (q for kind in mix.values() for q in kind):  # warm caches
        portal.offers.search(ANONYMOUS, query)
    try:
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
                page = timed(
                    "keyset next page", partial(portal.offers.search, ANONYMOUS, query, after)
                )
            offset = PageRequest(offset=rng.choice((100, 1_000, 5_000)))
            text = rng.choice(mix["text"])
            timed("offset page", partial(portal.offers.search, ANONYMOUS, text, offset))
            chosen = rng.choice(open_ids)
            timed("detail by id", partial(portal.offers.card, ANONYMOUS, chosen))
    finally:
        if raw is not None:
            raw.close()
    figures.mix_seconds += time.perf_counter() - started
    return figures


BLOCK_ROUNDS = 20


def mapped_in_turns(
    portal: Portal,
    storage: SqlStorage,
    catalogue: Catalogue,
    args: argparse.Namespace,
) -> tuple[Figures, Figures]:
    """The query mix on the SQLite file as loaded and through a memory-mapped engine.

    Both read the same file, in turns of :data:`BLOCK_ROUNDS` rounds each, with the
    same queries in each turn; each has its own raw replay on its own connections.
    """
    path = storage.engine.url.database
    engine = sqlite_engine(str(path), mmap_mb=args.sqlite_mmap_mb)
    record_on(engine)
    mapped = SqlStorage(engine)
    mapped_portal = portal_on(mapped, catalogue)
    plain_figures, mapped_figures = Figures(), Figures()
    try:
        for block in range(0, args.rounds, BLOCK_ROUNDS):
            rounds = min(BLOCK_ROUNDS, args.rounds - block)
            turn = {"seed": args.seed * 1_000 + block, "mix_seed": args.seed}
            run_queries(portal, storage, catalogue, rounds, figures=plain_figures, **turn)
            run_queries(mapped_portal, mapped, catalogue, rounds, figures=mapped_figures, **turn)
        mapped_figures.mapped_mib = _mapped_mib()
    finally:
        engine.dispose()
    return plain_figures, mapped_figures


# -- running ----------------------------------------------------------------------------------


def _mapped_mib() -> float:
    """The file pages in this process's resident memory now (Linux), in MiB."""
    try:
        status = pathlib.Path("/proc/self/status").read_text()
    except OSError:
        return 0.0
    lines = (line.split() for line in status.splitlines() if line.startswith("RssFile:"))
    return next((int(fields[1]) / 1024 for fields in lines), 0.0)


def run_backend(name: str, args: argparse.Namespace) -> None:
    """Everything for one backend, in this process."""
    catalogue = make_catalogue(SIZES[args.size], seed=args.seed)
    with (
        tempfile.TemporaryDirectory(dir=args.folder) as folder,
        backend(name, pathlib.Path(folder), args.dsn) as storage,
        ExitStack() as kept,
    ):
        statements: list[Statement] = []
        figures_ingest = ingest(storage, catalogue, statements)
        other: SqlStorage | None = None
        if isinstance(storage, SqlStorage):
            print("  the same load sent raw, into another storage", file=sys.stderr, flush=True)
            loaded = kept.enter_context(backend(name, pathlib.Path(folder), args.dsn, "_raw"))
            assert isinstance(loaded, SqlStorage)  # noqa: S101 - the same kind
            other = loaded
            raw_figures = raw_ingest(other, catalogue, statements)
        print("  querying", file=sys.stderr, flush=True)
        portal = portal_on(storage, catalogue)
        mapped = None
        if name == "sqlite" and args.sqlite_mmap_mb and isinstance(storage, SqlStorage):
            figures, mapped = mapped_in_turns(portal, storage, catalogue, args)
        else:
            figures = run_queries(portal, storage, catalogue, args.rounds, args.seed)
        figures.ingest, figures.ingest_cpu = figures_ingest
        if isinstance(storage, SqlStorage):
            figures.raw_ingest, figures.raw_ingest_cpu = raw_figures
        one, several, raw_one = applications_per_second(
            portal, storage, catalogue, args.applications, args.writers, raw_storage=other
        )
        if raw_one:
            figures.raw_one_writer = statistics.median(block.rate for block in raw_one)
            figures.raw_one_writer_cpu_ms = statistics.median(block.cpu_ms for block in raw_one)
        figures.one_writer_blocks = [block.rate for block in one]
        figures.writers_blocks = [block.rate for block in several]
        figures.one_writer = statistics.median(figures.one_writer_blocks)
        figures.writers = statistics.median(figures.writers_blocks)
        figures.one_writer_cpu_ms = statistics.median(block.cpu_ms for block in one)
        figures.writers_cpu_ms = statistics.median(block.cpu_ms for block in several)
        if name != "memory":  # the memory storage is not shared between processes
            figures.process_writers = processes_per_second(
                portal,
                storage,
                catalogue,
                args.applications // 2,
                args.writers,
                first_citizen=args.applications,
            )
        figures.peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report(name, args.size, SIZES[args.size], args.writers, figures)
        if mapped is not None:
            print(f"\n== sqlite, the same file read through {args.sqlite_mmap_mb:,} MiB mapped")
            print("(in turns with the above, 20 rounds each, the same queries in each turn)")
            report_queries(mapped)
            print(
                f"file pages mapped in the resident memory after it: {mapped.mapped_mib:,.0f} MiB"
            )


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
        "--sqlite-mmap-mb",
        type=int,
        default=0,
        help="also time the queries through SQLite's memory mapping of this many MiB",
    )
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
