"""Durable applications through the portal: one writer, then several at once."""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor

from catalogue import Catalogue

from formlavoro_core import CitizenPrincipal, FiscalCode, Portal
from formlavoro_core.cv.model import Cv, PersonalData, Publication
from formlavoro_core.identity.fiscal_code import compute_check_character
from formlavoro_core.identity.model import Account
from formlavoro_core.ids import AccountId, CvId
from formlavoro_core.offers.model import Offer
from formlavoro_core.ports import UnitOfWorkFactory


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


def applications_per_second(
    portal: Portal, storage: UnitOfWorkFactory, catalogue: Catalogue, count: int, writers: int
) -> tuple[float, float]:
    """Citizens with published CVs apply through the portal: one writer, then ``writers``.

    Each application is its own durable commit, as in a web application serving many
    citizens at once; each rate is applications per second over all writers. The two
    runs apply to different offers, half of ``count`` each.
    """
    now = catalogue.now
    open_offers = [o for o in catalogue.sample if o.is_open(now) and o.event is None][:count]
    half = len(open_offers) // 2
    rates = []
    for run, (threads, offers) in enumerate(
        ((1, open_offers[:half]), (writers, open_offers[half:]))
    ):
        citizens = _citizens(storage, now, run * half, len(offers))
        pairs = list(zip(citizens, offers, strict=True))

        def apply(pair: tuple[CitizenPrincipal, Offer]) -> None:
            portal.applications.apply(pair[0], pair[1].id).unwrap()

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(apply, pairs))
        rates.append(len(pairs) / (time.perf_counter() - started))
    return rates[0], rates[1]
