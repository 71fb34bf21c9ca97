"""Data-rights benchmark (SEC-4): one citizen's export in a database of many CVs.

Usage::

    python benchmarks/privacy.py --size S             # 10k citizens, SQLite and PostgreSQL
    python benchmarks/privacy.py --size L --backends sqlite

Each backend gets ``size`` citizens, each an account and a published CV (bulk-loaded,
the CVs with ``load_cvs``, the accounts a batch of rows per statement), and an audit log
of one login per citizen. Then ``--citizens`` more citizens go through the portal: they
log in, get a published CV, apply to an offer (which writes their acknowledgement
message and email), save a search and have a company ask to see their data. Each of
them is exported through ``portal.privacy.export``, and right after each export the same
SQL reads are sent raw through a plain driver connection (see ``raw.py``; the export's
one write, its audit record, is not replayed: its sequence is taken). The figures give
p50/p95 of the wall time and of this thread's CPU time for the export (with its PDF
summary), for the PDF rendered alone, and for the raw reads. Nothing is asserted: the
figures go in notes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from figures import percentile
from raw import Cost, RawConnection, measure, record_on, recording
from sqlalchemy import insert

from formlavoro_adapters import (
    InMemoryFileStore,
    RecordingMailer,
    ScryptPasswordHasher,
    SettableClock,
    UuidIdGenerator,
    bootstrap,
)
from formlavoro_adapters.sql import SqlStorage, postgres_engine, sqlite_engine, upgrade
from formlavoro_adapters.sql.bulk_cvs import load_cvs
from formlavoro_adapters.sql.documents import dump
from formlavoro_adapters.sql.tables import ACCOUNTS, AUDIT_LOG
from formlavoro_core import ANONYMOUS, FiscalCode, IdentityAssertion, LoginMethod, PortalConfig
from formlavoro_core.cv.model import Cv, PersonalData, Publication
from formlavoro_core.identity.fiscal_code import compute_check_character
from formlavoro_core.identity.model import Account
from formlavoro_core.ids import AccountId, CvId, OperatorId
from formlavoro_core.offers.alerts import SavedSearchRequest
from formlavoro_core.offers.model import OfferDraft
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.principals import CitizenPrincipal, CompanyPrincipal, OperatorPrincipal
from formlavoro_core.privacy.audit import Actor, AuditAction, AuditEvent, chained
from formlavoro_core.reference import ContractType
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode
from formlavoro_core.values import EmailAddress

SIZES = {"S": 10_000, "M": 150_000, "L": 1_000_000}
DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
BATCH = 5_000
TARGET_MS = 1_000.0


@contextmanager
def backend(name: str, folder: pathlib.Path, dsn: str) -> Iterator[SqlStorage]:
    """An empty, migrated SQL storage recording what it sends; removed afterwards."""
    if name == "sqlite":
        engine = sqlite_engine(folder / "privacy.db")
        record_on(engine)
        upgrade(engine)
        try:
            yield SqlStorage(engine)
        finally:
            engine.dispose()
        return
    schema = f"formlavoro_privacy_{os.getpid()}"
    admin = postgres_engine(dsn)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine = postgres_engine(dsn, schema=schema)
    record_on(engine)
    upgrade(engine)
    try:
        yield SqlStorage(engine)
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()


def fiscal_code(number: int) -> FiscalCode:
    """A valid fiscal code of its own for each number."""
    letters = ""
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters += chr(ord("A") + digit)
    body = f"{letters}85A41D969"
    return FiscalCode.parse(body + compute_check_character(body))


def _account(number: int) -> Account:
    return Account(
        id=AccountId(f"bench-account-{number}"),
        fiscal_code=fiscal_code(number),
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress(f"cittadina{number}@example.it"),
        created_at=NOW,
        version=1,
    )


def _cv(number: int) -> Cv:
    return Cv(
        id=CvId(f"bench-cv-{number}"),
        owner=AccountId(f"bench-account-{number}"),
        personal=PersonalData(given_name="Anna", family_name="Rossi"),
        publication=Publication(published_at=NOW, expires_at=NOW + dt.timedelta(days=90)),
        created_at=NOW,
        updated_at=NOW,
    )


def populate(storage: SqlStorage, size: int) -> float:
    """``size`` accounts with published CVs and one audit record each; the seconds taken."""
    started = time.perf_counter()
    previous = None
    with storage.engine.begin() as connection:
        for first in range(0, size, BATCH):
            numbers = range(first, min(first + BATCH, size))
            accounts = [_account(number) for number in numbers]
            connection.execute(
                insert(ACCOUNTS),
                [
                    {
                        "id": a.id,
                        "version": 1,
                        "doc": dump(a),
                        "fiscal_code": str(a.fiscal_code),
                        "username": None,
                    }
                    for a in accounts
                ],
            )
            rows = []
            for account in accounts:
                event = AuditEvent(
                    actor=Actor(kind="citizen", id=account.id),
                    action=AuditAction.LOGIN,
                    subject=account.id,
                    use_case="identity.login",
                    refs=("spid",),
                )
                previous = chained(previous, event, at=NOW - dt.timedelta(days=1))
                rows.append(
                    {
                        "sequence": previous.sequence,
                        "at": previous.at,
                        "subject": previous.subject,
                        "doc": dump(previous),
                    }
                )
            connection.execute(insert(AUDIT_LOG), rows)
            print(f"  {first + len(numbers):,} accounts", file=sys.stderr, end="\r")
    load_cvs(storage, (_cv(number) for number in range(size)))
    print(file=sys.stderr)
    return time.perf_counter() - started


def measured_citizens(storage: SqlStorage, count: int) -> tuple[Any, list[CitizenPrincipal]]:
    """A portal on ``storage``, and ``count`` citizens with something in most repositories."""
    clock = SettableClock(NOW)
    portal = bootstrap(
        config=PortalConfig(timezone=dt.UTC),
        storage=storage,
        clock=clock,
        ids=UuidIdGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        files=InMemoryFileStore(),
        mailer=RecordingMailer(),
    )
    operator = OperatorPrincipal(OperatorId("bench-operator"))
    details = OrganisationDetails(
        name="Trattoria", contacts=Contacts(email=EmailAddress("hr@trattoria.example.it"))
    )
    company = CompanyPrincipal(portal.organisations.register_company(operator, details).unwrap().id)
    draft = OfferDraft(
        title="Cuoco/a",
        description="Cucina ligure.",
        profession=ProfessionCode("5.2.2.1.0"),
        workplace=MunicipalityCode("D969"),
        contract_type=ContractType.FIXED_TERM,
        expires_on=dt.date(2026, 6, 30),
    )
    offer = portal.offers.publish(company, portal.offers.create(company, draft).unwrap().id)
    offer_id = offer.unwrap().id
    citizens = []
    for number in range(10_000_000, 10_000_000 + count):
        receipt = portal.identity.accept_notices(
            ANONYMOUS, privacy_notice_version="1", citizen_regulation_version="1"
        ).unwrap()
        assertion = IdentityAssertion(
            method=LoginMethod.SPID,
            fiscal_code=fiscal_code(number),
            given_name="Giulia",
            family_name="Verdi",
            email=EmailAddress(f"giulia{number}@example.it"),
        )
        citizen = portal.identity.login(ANONYMOUS, assertion, consent=receipt).unwrap().principal
        with storage() as uow:
            cv = _cv(number)
            uow.cvs.add(
                Cv(
                    id=CvId(f"measured-cv-{number}"),
                    owner=citizen.account_id,
                    personal=PersonalData(given_name="Giulia", family_name="Verdi"),
                    publication=cv.publication,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
            uow.commit()
        portal.applications.apply(citizen, offer_id).unwrap()
        search = SavedSearchRequest(name="Cucina", query=OfferQuery())
        portal.offers.save_search(citizen, search).unwrap()
        portal.talent.express_interest(company, CvId(f"measured-cv-{number}")).unwrap()
        citizens.append(citizen)
    return portal, citizens


def _export(portal: Any, citizen: CitizenPrincipal) -> Any:
    return portal.privacy.export(citizen).unwrap()


def run(name: str, size: int, count: int, dsn: str) -> None:
    """Populate one backend, export ``count`` citizens, print the figures."""
    with tempfile.TemporaryDirectory() as folder, backend(name, pathlib.Path(folder), dsn) as db:
        seconds = populate(db, size)
        print(f"{name}: {size:,} citizens with published CVs loaded in {seconds:.1f} s")
        portal, citizens = measured_citizens(db, count)
        raw = RawConnection(db.engine)
        library: list[Cost] = []
        replayed: list[Cost] = []
        rendering: list[Cost] = []
        renderer = portal.privacy._deps.privacy_summary
        for citizen in citizens:  # interleaved: each export, then its SQL sent raw
            with recording() as statements:
                export, cost = measure(partial(_export, portal, citizen))
            library.append(cost)
            reads = [s for s in statements if s[0].lstrip().upper().startswith("SELECT")]
            replayed.append(measure(partial(raw.replay, reads))[1])
            rendering.append(measure(partial(renderer.render, export.summary))[1])
        raw.close()
        print(f"  export of one citizen, {count} citizens, p50 / p95 in ms (wall | CPU):")
        for label, costs in (
            ("portal.privacy.export (JSON + PDF)", library),
            ("of which the PDF summary, rendered again", rendering),
            ("the same reads sent raw", replayed),
        ):
            print(
                f"    {label:<42} {percentile(costs, 50):8.2f} / {percentile(costs, 95):8.2f}"
                f"  | {percentile(costs, 50, cpu=True):8.2f}"
                f" / {percentile(costs, 95, cpu=True):8.2f}"
            )
        verdict = "within" if percentile(library, 95) < TARGET_MS else "over"
        print(f"  p95 of the export {verdict} the target of 1 s at {size:,} CVs")


def main() -> None:
    """Parse the arguments and run each backend."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--citizens", type=int, default=20, help="citizens exported")
    parser.add_argument("--count", type=int, help="citizens loaded, instead of the size's")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--dsn", default=os.environ.get("FORMLAVORO_BENCH_DSN", DEFAULT_DSN))
    arguments = parser.parse_args()
    for name in arguments.backends.split(","):
        size = arguments.count if arguments.count is not None else SIZES[arguments.size]
        run(name, size, arguments.citizens, arguments.dsn)


if __name__ == "__main__":
    main()
