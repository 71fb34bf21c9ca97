"""Loading many offers at once: imports from other systems, benchmarks.

It writes exactly what ``uow.offers.add`` writes (version 1, document, projected
columns), in batches inside one transaction per batch, skipping the per-row round trips.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

import attrs
from sqlalchemy import insert

from formlavoro_adapters.sql.base import translated
from formlavoro_adapters.sql.documents import dump
from formlavoro_adapters.sql.marketplace_repositories import offer_columns
from formlavoro_adapters.sql.storage import SqlStorage
from formlavoro_adapters.sql.tables import OFFERS
from formlavoro_core.errors import FormlavoroError
from formlavoro_core.offers.model import Offer

__all__ = ["load_offers"]


def load_offers(storage: SqlStorage, offers: Iterable[Offer], *, batch: int = 5_000) -> int:
    """Insert new offers (version 0) in batches; return how many were stored.

    Each batch commits on its own: an interrupted load keeps the batches before it.
    """
    stored = 0
    iterator = iter(offers)
    while chunk := list(islice(iterator, batch)):
        rows = []
        for offer in chunk:
            if offer.version != 0:
                raise FormlavoroError("a new offer must have version 0")
            saved = attrs.evolve(offer, version=1)
            rows.append({"id": saved.id, "version": 1, "doc": dump(saved), **offer_columns(saved)})
        with translated("offer", chunk[0].id), storage.engine.begin() as connection:
            connection.execute(insert(OFFERS), rows)
        stored += len(chunk)
    return stored
