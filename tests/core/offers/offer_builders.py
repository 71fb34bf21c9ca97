"""Offers for the offer search's tests: one active standard offer, changed as a test needs.

The offers are published a day before ``NOW``, the moment the searches look at them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from formlavoro_core.ids import OfferId
from formlavoro_core.offers.model import Offer, OfferStatus, Publisher, PublisherKind
from formlavoro_core.reference import ContractType
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def offer(key: str, *, published: dt.datetime = NOW - DAY, **changes: Any) -> Offer:
    """An active standard offer for a cook in Genova, open until April; ``changes`` apply."""
    base = Offer(
        id=OfferId(key),
        publisher=Publisher(kind=PublisherKind.COMPANY, id="company-1", name="Trattoria da Pino"),
        title="Aiuto cuoco",
        description="Preparazione dei piatti freddi e dei dolci.",
        profession=ProfessionCode("5.2.2.1.0"),
        workplace=MunicipalityCode("D969"),
        province=ProvinceCode("GE"),
        contract_type=ContractType.FIXED_TERM,
        status=OfferStatus.ACTIVE,
        created_at=published - DAY,
        published_at=published,
        expires_on=dt.date(2026, 4, 1),
        expires_at=dt.datetime(2026, 4, 1, 22, 0, tzinfo=dt.UTC),
    )
    return attrs.evolve(base, **changes)


def keys(*items: Offer) -> list[str]:
    return [item.id for item in items]
