"""OF-7 across the upgrade that numbers publications (issue 9 point 14).

A search saved before offers were numbered holds no publication mark. Its first alert
after the upgrade also looks at the offers published after its last alert by time, so
that the offers pending at the upgrade are announced; from then on it follows numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from collections.abc import Iterator

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from formlavoro_adapters.sql import SqlStorage, postgres_engine, sqlite_engine, upgrade
from formlavoro_adapters.sql.matching_tables import OFFER_PROFILES
from formlavoro_adapters.sql.migrations import MIGRATIONS
from formlavoro_adapters.sql.tables import SAVED_SEARCHES
from formlavoro_core.ids import SavedSearchId
from formlavoro_core.messaging.outbox import EmailKind
from formlavoro_core.offers.alerts import AlertFrequency, SavedSearch
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.principals import SYSTEM
from formlavoro_core.testing.marketplace_samples import DAY, HOUR, T0, sample_offer
from formlavoro_core.testing.storage_contract import sample_account
from tests.adapters.sql.workers.scene import sql_world
from tests.postgres import create_schema, drop_schema, dsn, require_server
from tests.support import ok


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Engine]:
    """An engine on an empty database: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        made = sqlite_engine(tmp_path / "portal.db")
        yield made
        made.dispose()
        return
    require_server()
    schema = create_schema()
    made = postgres_engine(dsn(), schema=schema)
    yield made
    made.dispose()
    drop_schema(schema)


def _forget_the_mark(engine: Engine) -> None:
    """Store the saved searches' documents as version 3 wrote them: without a mark."""
    c = SAVED_SEARCHES.c
    with engine.begin() as connection:
        for key, doc in connection.execute(select(c.id, c.doc)).all():
            data = json.loads(doc)
            data.pop("alerted_through")
            connection.execute(
                update(SAVED_SEARCHES).where(c.id == key).values(doc=json.dumps(data))
            )


def test_of_7_a_search_saved_before_version_4_loses_no_pending_offer(
    engine: Engine, tmp_path: pathlib.Path
) -> None:
    """OF-7 / point 14: the offer pending at the upgrade is announced, once; then numbers."""
    numbers = next(m.version for m in MIGRATIONS if m.name == "offer publication numbers")
    upgrade(engine, target=numbers - 1)
    # Today's code writes each offer's matching profile too: give it the table for these
    # writes, and take it away again, as a database of that version never had it.
    OFFER_PROFILES.create(engine)
    storage = SqlStorage(engine)
    account = sample_account(0)
    with storage() as uow:
        uow.accounts.add(account)
        uow.saved_searches.add(
            SavedSearch(
                id=SavedSearchId("search-1"),
                citizen=account.id,
                name="Tutto",
                query=OfferQuery(),
                frequency=AlertFrequency.DAILY,
                created_at=T0 - 10 * DAY,
                unsubscribe_token="token-1",
                last_sent_at=T0 - DAY,
            )
        )
        uow.offers.add(sample_offer(1, title="Annunciata prima", published_at=T0 - 2 * DAY))
        uow.offers.add(sample_offer(2, title="In attesa", published_at=T0 - 2 * HOUR))
        uow.commit()
    OFFER_PROFILES.drop(engine)
    _forget_the_mark(engine)

    assert upgrade(engine) == [m.version for m in MIGRATIONS if m.version >= numbers]
    w = sql_world(storage, tmp_path / "files", start=T0)
    assert ok(w.portal.jobs.run_due(SYSTEM)).offer_alerts == 1
    w.offer(w.company(), title="Numerata")
    w.clock.advance(dt.timedelta(days=1))
    assert ok(w.portal.jobs.run_due(SYSTEM)).offer_alerts == 1
    w.clock.advance(dt.timedelta(days=1))
    assert ok(w.portal.jobs.run_due(SYSTEM)).offer_alerts == 0
    ok(w.portal.mail.deliver_pending(SYSTEM))
    alerts = [email.body for email in w.mailer.sent if email.kind is EmailKind.OFFER_ALERT]
    # Each line ends with the offer card's link (": https://…/offers/<id>").
    listed = [
        [line.rsplit(": ", 1)[0] for line in body.splitlines() if line[:2] == "- "]
        for body in alerts
    ]
    assert listed == [["- In attesa (Trattoria da Pino)"], ["- Numerata (Trattoria)"]]
