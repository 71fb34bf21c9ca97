"""What an application reads before it is written, in one statement.

Applying reads the offer, the citizen's application to it (AP-3), their CV (AP-1) and
their account (AP-12). One by one they are four statements; on PostgreSQL each is a
round trip to the server, and on either backend each pays the work around a statement.
Here they are one ``UNION ALL`` of the four lookups, each by a unique index, each row
tagged with the lookup it answers; the documents are decoded through the storage's
cache, like those read one at a time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, literal, select, union_all

from formlavoro_adapters.sql.core_tables import ACCOUNTS, CVS
from formlavoro_adapters.sql.documents import load
from formlavoro_adapters.sql.prepared import Binder, PreparedCache
from formlavoro_adapters.sql.session import SqlSession
from formlavoro_adapters.sql.tables import APPLICATIONS, OFFERS
from formlavoro_core.applications.model import Application
from formlavoro_core.applications.repository import ApplyingReads
from formlavoro_core.cv.model import Cv
from formlavoro_core.identity.model import Account
from formlavoro_core.ids import AccountId, OfferId
from formlavoro_core.offers.model import Offer

__all__ = ["applying_reads"]

_STATEMENTS = PreparedCache()

_OFFER, _PREVIOUS, _CV, _ACCOUNT = range(4)


def _lookup(tag: int, table: Table, *where: Any) -> Any:
    c = table.c
    return select(literal(tag).label("tag"), c.id, c.version, c.doc).where(*where)


def _build(bind: Binder) -> Any:
    offer, citizen = bind("offer", ""), bind("citizen", "")
    return union_all(
        _lookup(_OFFER, OFFERS, OFFERS.c.id == offer),
        _lookup(
            _PREVIOUS,
            APPLICATIONS,
            APPLICATIONS.c.offer_id == offer,
            APPLICATIONS.c.citizen == citizen,
        ),
        _lookup(_CV, CVS, CVS.c.owner == citizen),
        _lookup(_ACCOUNT, ACCOUNTS, ACCOUNTS.c.id == citizen),
    )


def applying_reads(session: SqlSession, offer: OfferId, citizen: AccountId) -> ApplyingReads:
    """The offer, the citizen's application to it, their CV and account: one statement."""
    prepared = _STATEMENTS.get(("applying", session.dialect), session.engine.dialect, _build)
    rows = session.read(
        prepared.sql, prepared.bind({"offer": offer, "citizen": citizen}), "application"
    )
    found: dict[int, tuple[str, int, str]] = {
        tag: (key, version, doc) for tag, key, version, doc in rows
    }
    cache = session.cache

    def decoded(tag: int, table: Table, cls: type[Any]) -> Any:
        row = found.get(tag)
        if row is None:
            return None
        key, version, doc = row
        return cache.load((table.name, (key,), version), doc, cls)

    previous = found.get(_PREVIOUS)
    return ApplyingReads(
        offer=decoded(_OFFER, OFFERS, Offer),
        previous=load(previous[2], Application) if previous is not None else None,
        cv=decoded(_CV, CVS, Cv),
        account=decoded(_ACCOUNT, ACCOUNTS, Account),
    )
