"""Matching benchmark: ranked CVs for offers and ranked offers for citizens, at scale.

Usage::

    python benchmarks/matching.py --size S                  # 10k CVs and offers, every backend
    python benchmarks/matching.py --size L --backends sqlite,postgres   # 1,000,000 of each

Each backend runs in a process of its own (so its peak memory is its own). It loads the
offers of ``catalogue.py`` and as many published CVs drawn the same way
(``matching_cvs.py``: professions by a Zipf law over the same classification, Ligurian
residences, studies, languages, licences, preferences, experiences), then, after
``--warmup`` untimed rankings of other offers and citizens (each shape of statement is
compiled once per process, as in a portal that has been running), times, interleaved,
through the public ``Portal`` API:

* ``company top 50``: ``portal.matching.rank_candidates`` for an open offer;
* ``citizen top 20``: ``portal.matching.suggest_offers`` for a citizen;

and, beside each call in the same run, the raw candidate queries that call sent (the
cells it visited, as plain SQL through the driver, rows fetched and not decoded). Every
figure is p50/p95 of wall time with the process's CPU time beside it; peak RSS at the
end. It asserts nothing: figures go in notes, not in tests.
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
from collections.abc import Callable
from functools import partial
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from backends import DEFAULT_DSN, SIZES, backend, kept_backend, portal_on
from catalogue import Catalogue, make_catalogue
from matching_cvs import cvs

from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_adapters.sql.bulk_cvs import load_cvs
from formlavoro_adapters.sql.matching_bounds import ranked_cv_profiles
from formlavoro_adapters.sql.matching_offer_bounds import ranked_offer_profiles
from formlavoro_core import CitizenPrincipal, Portal
from formlavoro_core.ids import AccountId, CompanyId
from formlavoro_core.matching.geography import ReferenceGeography
from formlavoro_core.matching.profiles import CvProfile, OfferProfile
from formlavoro_core.matching.ranking import cv_tiers, offer_tiers, rank_rows
from formlavoro_core.matching.scoring import (
    passes_hard_filters,
    score,
)
from formlavoro_core.offers.model import Offer
from formlavoro_core.ports import UnitOfWorkFactory
from formlavoro_core.principals import CompanyPrincipal

Sample = tuple[float, float]
"""One measurement: wall seconds, CPU seconds."""


def ingest(storage: UnitOfWorkFactory, catalogue: Catalogue, seed: int) -> float:
    """Load the offers and the CVs; return the seconds it took."""
    started = time.perf_counter()
    if isinstance(storage, SqlStorage):
        load_offers(storage, catalogue.offers(), batch=10_000)
        load_cvs(storage, cvs(catalogue, catalogue.size, seed), batch=5_000)
    else:
        with storage() as uow:
            for offer in catalogue.offers():
                uow.offers.add(offer)
            for cv in cvs(catalogue, catalogue.size, seed):
                uow.cvs.add(cv)
            uow.commit()
    return time.perf_counter() - started


def _timed(call: Callable[[], Any]) -> tuple[Sample, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = call()
    return (time.perf_counter() - wall, time.process_time() - cpu), outcome


def _recording_reader(connection: Any, sent: list[Any]) -> Callable[[str, Any], list[Any]]:
    """Sends SQL text and parameters through ``connection``'s driver, noting each in ``sent``."""
    driver: Any = connection.connection.dbapi_connection

    def read(sql: str, parameters: Any) -> list[Any]:
        sent.append((sql, parameters))
        cursor = driver.cursor()
        try:
            cursor.execute(sql, parameters)
            rows: list[Any] = cursor.fetchall()
        finally:
            cursor.close()
        return rows

    return read


def _statements_of_company_run(
    portal: Portal, storage: SqlStorage, offer: Offer, limit: int
) -> list[Any]:
    """The statements ``rank_candidates`` sends for ``offer`` (the same algorithm, recorded)."""
    policy = portal.config.matching
    geography = ReferenceGeography(portal.reference)
    wanted = OfferProfile.of(offer)
    now = portal_now(portal)
    cells = cv_tiers(
        wanted, region=geography.region_provinces(offer.province), today=now.date(), policy=policy
    )
    sent: list[Any] = []
    with storage.engine.connect() as connection:
        read = _recording_reader(connection, sent)
        dialect = storage.engine.dialect
        rank_rows(
            cells,
            lambda tier: tier.most,
            lambda tier: ranked_cv_profiles(read, dialect, tier.cell, tier.bound, now=now),
            keep=lambda p: passes_hard_filters(p, wanted, policy),
            scored=lambda p: score(p, wanted, today=now.date(), policy=policy, geography=geography),
            order=lambda r: (-r.score.total, r.profile.id),
            limit=limit,
        )
    return sent


def _statements_of_citizen_run(
    portal: Portal, storage: SqlStorage, profile: CvProfile, limit: int
) -> list[Any]:
    """The statements ``suggest_offers`` sends for ``profile`` (the same algorithm, recorded)."""
    policy = portal.config.matching
    geography = ReferenceGeography(portal.reference)
    now = portal_now(portal)
    today = now.date()
    cells = offer_tiers(
        profile, region=geography.region_provinces(profile.province), today=today, policy=policy
    )
    sent: list[Any] = []
    with storage.engine.connect() as connection:
        read = _recording_reader(connection, sent)
        dialect = storage.engine.dialect
        rank_rows(
            cells,
            lambda tier: tier.most,
            lambda tier: ranked_offer_profiles(read, dialect, tier.cell, tier.bound, now=now),
            keep=lambda o: passes_hard_filters(profile, o, policy),
            scored=lambda o: score(profile, o, today=today, policy=policy, geography=geography),
            order=lambda r: (-r.score.total, -r.profile.sort_time.timestamp(), r.profile.id),
            limit=limit,
        )
    return sent


_NOW: dict[int, dt.datetime] = {}


def portal_now(portal: Portal) -> dt.datetime:
    """The catalogue's moment, which the portal's clock holds."""
    return _NOW[id(portal)]


def _raw(storage: SqlStorage, statements: list[Any]) -> Callable[[], int]:
    """The cells' statements (SQL text and driver parameters) sent again: rows fetched."""

    def run() -> int:
        rows = 0
        with storage.engine.connect() as connection:
            driver: Any = connection.connection.dbapi_connection
            cursor = driver.cursor()
            for sql, parameters in statements:
                cursor.execute(sql, parameters)
                rows += len(cursor.fetchall())
            cursor.close()
        return rows

    return run


def measure(
    portal: Portal,
    storage: UnitOfWorkFactory,
    catalogue: Catalogue,
    rounds: int,
    seed: int,
    *,
    warmup: int = 0,
) -> dict[str, list[Sample]]:
    """Time both directions and their raw candidate queries, interleaved.

    ``warmup`` untimed rankings of other offers and citizens come first: each shape of
    statement is compiled on its first use in a process, as in a portal that has run.
    """
    rng = random.Random(seed)
    now = catalogue.now
    _NOW[id(portal)] = now
    open_offers = [o for o in catalogue.sample if o.is_open(now) and o.event is None]
    citizens = [CvProfile.of(cv) for cv in cvs(catalogue, min(catalogue.size, 2_000), seed)]
    timings: dict[str, list[Sample]] = {
        key: []
        for key in ("company top 50", "company raw cells", "citizen top 20", "citizen raw cells")
    }
    warming = random.Random(seed + 1_000)
    for _ in range(warmup):  # other offers and citizens: statement shapes compiled, as in use
        offer = warming.choice(open_offers)
        portal.matching.rank_candidates(CompanyPrincipal(CompanyId(offer.publisher.id)), offer.id)
        profile = warming.choice(citizens)
        citizen = CitizenPrincipal(AccountId(f"account-{int(profile.id.split('-')[1]):08d}"))
        portal.matching.suggest_offers(citizen, limit=20)
    candidates: list[int] = []
    for _ in range(rounds):
        offer = rng.choice(open_offers)
        company = CompanyPrincipal(CompanyId(offer.publisher.id))
        profile = rng.choice(citizens)
        citizen = CitizenPrincipal(AccountId(f"account-{int(profile.id.split('-')[1]):08d}"))
        raw_company = raw_citizen = None
        if isinstance(storage, SqlStorage):
            raw_company = _raw(storage, _statements_of_company_run(portal, storage, offer, 50))
            raw_citizen = _raw(storage, _statements_of_citizen_run(portal, storage, profile, 20))
        sample, ranking = _timed(
            partial(portal.matching.rank_candidates, company, offer.id, limit=50)
        )
        timings["company top 50"].append(sample)
        if raw_company is not None:
            sample, rows = _timed(raw_company)
            timings["company raw cells"].append(sample)
            candidates.append(rows)
        sample, _ = _timed(partial(portal.matching.suggest_offers, citizen, limit=20))
        timings["citizen top 20"].append(sample)
        if raw_citizen is not None:
            sample, _ = _timed(raw_citizen)
            timings["citizen raw cells"].append(sample)
        assert ranking is not None  # noqa: S101
    if candidates:
        middle = statistics.median(candidates)
        print(f"   candidate rows per company run: median {middle:,.0f}, max {max(candidates):,}")
    return timings


def _quantile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def report(
    name: str, size: str, count: int, loaded: float, timings: dict[str, list[Sample]]
) -> None:
    """Print p50/p95 wall and CPU per kind, the targets, and peak RSS."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"== {name}, size {size} ({count:,} CVs and offers), loaded in {loaded:,.0f} s")
    targets = {"company top 50": 100, "citizen top 20": 50}
    for kind, samples in timings.items():
        if not samples:
            continue
        walls = [wall * 1000 for wall, _ in samples]
        cpus = [cpu * 1000 for _, cpu in samples]
        target = f"   target p95 <= {targets[kind]} ms" if kind in targets else ""
        wall = f"wall p50 {_quantile(walls, 50):8.1f} ms  p95 {_quantile(walls, 95):8.1f} ms"
        cpu = f"cpu p50 {_quantile(cpus, 50):8.1f} ms  p95 {_quantile(cpus, 95):8.1f} ms"
        print(f"   {kind:<20} {wall}   {cpu}{target}", flush=True)
    print(f"   {'peak RSS':<20} {peak:,.0f} MiB")


def run_backend(name: str, args: argparse.Namespace) -> None:
    """Everything for one backend, in this process."""
    catalogue = make_catalogue(args.count or SIZES[args.size], seed=args.seed)
    if args.keep:
        with kept_backend(name, args, catalogue.size) as (storage, loaded):
            seconds = 0.0 if loaded else ingest(storage, catalogue, args.seed)
            if loaded:
                print(f"   reusing the {name} data kept in {args.keep}", flush=True)
            portal = portal_on(storage, catalogue)
            timings = measure(
                portal, storage, catalogue, args.rounds, args.seed, warmup=args.warmup
            )
            report(name, args.size, catalogue.size, seconds, timings)
        return
    with (
        tempfile.TemporaryDirectory(dir=args.folder) as folder,
        backend(name, pathlib.Path(folder), args.dsn) as storage,
    ):
        seconds = ingest(storage, catalogue, args.seed)
        portal = portal_on(storage, catalogue)
        timings = measure(portal, storage, catalogue, args.rounds, args.seed, warmup=args.warmup)
        report(name, args.size, catalogue.size, seconds, timings)


def main(argv: list[str] | None = None) -> None:
    """Run each backend named in ``--backends`` in a child process, one after the other."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--backends", default="memory,sqlite,postgres")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument(
        "--warmup", type=int, default=100, help="untimed rankings first (statement shapes)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=0, help="CVs and offers instead of --size")
    parser.add_argument("--folder", default=None, help="where the SQLite file goes")
    parser.add_argument(
        "--dsn", default=os.environ.get("FORMLAVORO_TEST_POSTGRES_DSN", DEFAULT_DSN)
    )
    parser.add_argument(
        "--keep",
        default=None,
        help="a folder: keep the loaded data there (PostgreSQL: in a schema) and reuse it",
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
