"""The portal on SQL storage behaves exactly as on in-memory storage (issue 4.4).

A hypothesis state machine builds two portals alike: the same clock (one settable clock
for both), identifier generators started alike, the same deterministic tokens, the same
reference data and ticket key, cheap password hashing, in-memory files and a recording
mailer. One stores in memory, the other in SQLite (a fresh file per example) or in
PostgreSQL (the session's schema, emptied per example; skipped without a server unless
``FORMLAVORO_REQUIRE_POSTGRES=1``). Each rule calls one use case (or a short sequence)
on both portals and asserts that the two ``Result`` values are equal, failures
included; after every step the invariants compare what people see: home pages, inboxes,
applications, listings, searches and the emails sent.

The two portals are in ``state_machine_portals``, what the rules draw in
``state_machine_inputs``, the rules in ``state_machine_people`` (organisations, citizens,
CVs) and ``state_machine_work`` (offers, applications, events, talent, messages,
searches, time); this module composes them, adds the invariants and runs the machine.
"""

from __future__ import annotations

import itertools
import pathlib
from collections.abc import Callable, Iterator

from hypothesis import HealthCheck, settings
from hypothesis.stateful import invariant, run_state_machine_as_test

from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.principals import ANONYMOUS, CitizenPrincipal
from tests.adapters.sql.state_machine_people import PeopleRules
from tests.adapters.sql.state_machine_portals import empty
from tests.adapters.sql.state_machine_work import WorkRules

SETTINGS = settings(
    max_examples=20,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class PortalsAgree(PeopleRules, WorkRules):
    """Every use case answers alike on in-memory storage and on the SQL storage given."""

    # -- what people see, after every step ----------------------------------------------

    def _citizen_sees_the_same(self, citizen: CitizenPrincipal) -> None:
        self.both(lambda p: p.home.summary(citizen))
        self.both(lambda p: p.applications.mine(citizen))
        self.both(lambda p: p.messages.inbox(citizen))

    @invariant()
    def people_see_the_same(self) -> None:
        for citizen in sorted(self.known_citizens, key=lambda c: c.account_id):
            self._citizen_sees_the_same(citizen)
        self.both(lambda p: p.offers.search(ANONYMOUS, OfferQuery(), PageRequest(size=100)))
        self.both(lambda p: p.events.listing(ANONYMOUS))
        assert self.sql.mailer.sent == self.memory.mailer.sent


def _run(storages: Iterator[SqlStorage], release: Callable[[SqlStorage], None]) -> None:
    class Machine(PortalsAgree):
        def __init__(self) -> None:
            super().__init__(next(storages), release)

    run_state_machine_as_test(Machine, settings=SETTINGS)


def test_the_portal_on_sqlite_agrees_with_the_portal_in_memory(tmp_path: pathlib.Path) -> None:
    # A fresh migrated file per example; synchronous=OFF, durability is not under test.
    files = (
        sqlite_storage(tmp_path / f"portal-{number}.db", synchronous="OFF")
        for number in itertools.count()
    )
    _run(files, SqlStorage.dispose)


def test_the_portal_on_postgres_agrees_with_the_portal_in_memory(
    postgres_storage: SqlStorage,
) -> None:
    emptied = (empty(postgres_storage) for _ in itertools.count())
    _run(emptied, lambda _storage: None)
    empty(postgres_storage)
