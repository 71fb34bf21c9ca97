"""Writes whole batches of offers in a loop until it is killed (the crash test's child).

``python -m tests.adapters.sql.workers.batch_writer TARGET MODE K [APPLICATION_NAME]``
(the application name tags PostgreSQL sessions).

Batch ``b`` is K offers with ids ``b000001-0000`` … in one transaction: through the bulk
loader (MODE ``bulk``, ``load_offers`` with a batch of K) or one unit of work adding them
one by one (MODE ``unit``). It prints ``writing b`` just before the batch's first statement
goes to the database (the transaction is open from then on) and ``committed b`` once
the commit returned.
"""

from __future__ import annotations

import sys
from typing import Any

from sqlalchemy import event

from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_core.ids import OfferId
from formlavoro_core.offers.model import Offer
from formlavoro_core.testing.marketplace_samples import sample_offer
from tests.adapters.sql.workers.scene import open_storage

__all__ = ["batch", "batch_of", "main"]

LAST_BATCH = 100_000
"""A bound, so that a child the parent forgot does not write forever."""


def batch(number: int, size: int) -> list[Offer]:
    """The offers of batch ``number``."""
    return [
        sample_offer(1, id=OfferId(f"b{number:06d}-{row:04d}"), title=f"Batch {number} row {row}")
        for row in range(size)
    ]


def batch_of(offer_id: str) -> int:
    """The batch an offer id belongs to."""
    return int(offer_id[1:7])


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _write(storage: SqlStorage, mode: str, offers: list[Offer]) -> None:
    if mode == "bulk":
        load_offers(storage, offers, batch=len(offers))
        return
    with storage() as uow:
        for offer in offers:
            uow.offers.add(offer)
        uow.commit()


def main(target: str, mode: str, size: int, application_name: str | None = None) -> None:
    """Write batches 1, 2, … into ``target`` until killed."""
    storage = open_storage(target, application_name=application_name)
    current = {"batch": 0, "announced": 0}

    def announce(_connection: Any, _cursor: Any, _statement: str, *_: Any) -> None:
        # The first statement of a batch opens its transaction (the bulk loader's rows
        # then go straight to the driver, unseen here).
        if current["announced"] != current["batch"]:
            current["announced"] = current["batch"]
            _say(f"writing {current['batch']}")

    event.listen(storage.engine, "before_cursor_execute", announce)
    for number in range(1, LAST_BATCH + 1):
        offers = batch(number, size)
        current["batch"] = number
        _write(storage, mode, offers)
        _say(f"committed {number}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), *sys.argv[4:5])
