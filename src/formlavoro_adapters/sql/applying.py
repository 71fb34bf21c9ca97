"""What an application reads before it is written, in one statement.

Applying reads the offer, the citizen's application to it (AP-3), their CV (AP-1) and
their account (AP-12). One by one they are four statements; on PostgreSQL each is a
round trip to the server, and on either backend each pays the work around a statement.
Here they are one row: the four lookups, each by a unique index, left-joined to a row
of nothing, so that whichever is missing comes back as nulls (one row rather than one
per lookup: on SQLite each row fetched is a step that lets other threads run). The
documents are decoded through the storage's cache, like those read one at a time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, literal, select

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


def _build(bind: Binder) -> Any:
    offer, citizen = bind("offer", ""), bind("citizen", "")
    o, a, c, acc = (
        OFFERS.alias("o"),
        APPLICATIONS.alias("a"),
        CVS.alias("c"),
        ACCOUNTS.alias("acc"),
    )
    one = select(literal(1).label("one")).subquery("one")
    joined = (
        one.outerjoin(o, o.c.id == offer)
        .outerjoin(a, and_(a.c.offer_id == offer, a.c.citizen == citizen))
        .outerjoin(c, c.c.owner == citizen)
        .outerjoin(acc, acc.c.id == citizen)
    )
    return select(
        o.c.version, o.c.doc, a.c.doc, c.c.id, c.c.version, c.c.doc, acc.c.version, acc.c.doc
    ).select_from(joined)


def applying_reads(session: SqlSession, offer: OfferId, citizen: AccountId) -> ApplyingReads:
    """The offer, the citizen's application to it, their CV and account: one statement."""
    prepared = _STATEMENTS.get(("applying", session.dialect), session.engine.dialect, _build)
    rows = session.read(
        prepared.sql, prepared.bind({"offer": offer, "citizen": citizen}), "application"
    )
    (
        offer_version,
        offer_doc,
        previous,
        cv_id,
        cv_version,
        cv_doc,
        account_version,
        account_doc,
    ) = rows[0]
    cache = session.cache
    return ApplyingReads(
        offer=None
        if offer_doc is None
        else cache.load((OFFERS.name, (offer,), offer_version), offer_doc, Offer),
        previous=None if previous is None else load(previous, Application),
        cv=None if cv_doc is None else cache.load((CVS.name, (cv_id,), cv_version), cv_doc, Cv),
        account=None
        if account_doc is None
        else cache.load((ACCOUNTS.name, (citizen,), account_version), account_doc, Account),
    )
