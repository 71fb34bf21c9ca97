"""Two portals alike for the SQL state machine: one in memory, one on the SQL storage given.

Both share one settable clock, identifier generators started alike, the same
deterministic tokens, the same reference data and ticket key, cheap password hashing,
in-memory files and a recording mailer. :class:`PortalPair` is the machine's base: its
``both`` runs a use case on the two portals and asserts that the results are equal. The
bundles the rules of ``state_machine_people`` and ``state_machine_work`` draw from are
here too, shared by name.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TypeVar

import attrs
from hypothesis.stateful import Bundle, RuleBasedStateMachine
from returns.result import Result, Success
from sqlalchemy import delete

from formlavoro_adapters import (
    InMemoryFileStore,
    InMemoryStorage,
    RecordingMailer,
    ScryptPasswordHasher,
    SequentialIdGenerator,
    SettableClock,
    Settings,
    bootstrap,
)
from formlavoro_adapters.sealing import HmacSealer
from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.tables import METADATA, SCHEMA_VERSION
from formlavoro_adapters.tickets import HmacTicketSigner
from formlavoro_core.config import PortalConfig
from formlavoro_core.cv.model import Cv
from formlavoro_core.errors import DomainError
from formlavoro_core.portal import Portal
from formlavoro_core.principals import CitizenPrincipal, CompanyPrincipal, CpiPrincipal
from tests.support import ROME, START, reference

T = TypeVar("T")
Publisher = CompanyPrincipal | CpiPrincipal

TICKET_KEY = b"formlavoro state machine ticket key, 32+ bytes"


class CountingTokens:
    """Tokens from a counter: two instances give the same sequence (unlike real ones)."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)

    def new_token(self) -> str:
        """The next token: ``tok-000001-…``, as long as a real 256-bit one."""
        return f"tok-{next(self._numbers):06d}-".ljust(43, "x")


@attrs.frozen
class Side:
    """One of the two portals and the mailer it sends through."""

    portal: Portal
    mailer: RecordingMailer


def portal_side(storage: InMemoryStorage | SqlStorage, clock: SettableClock) -> Side:
    mailer = RecordingMailer()
    portal = bootstrap(
        Settings(storage="memory"),  # not read from the environment: everything is given
        config=PortalConfig(timezone=ROME),
        storage=storage,
        clock=clock,
        ids=SequentialIdGenerator(),
        tokens=CountingTokens(),
        passwords=ScryptPasswordHasher(log2_n=4),
        files=InMemoryFileStore(),
        mailer=mailer,
        reference=reference(),
        tickets=HmacTicketSigner(TICKET_KEY),
        sealer=HmacSealer(TICKET_KEY),  # one secret: receipts of either portal open both
    )
    return Side(portal=portal, mailer=mailer)


def empty(storage: SqlStorage) -> SqlStorage:
    """Delete every row (``TRUNCATE`` of the whole schema costs a third of a second)."""
    with storage.engine.begin() as connection:
        for table in reversed(METADATA.sorted_tables):
            if table is not SCHEMA_VERSION:
                connection.execute(delete(table))
    return storage


companies = Bundle("companies")
centres = Bundle("centres")
citizens = Bundle("citizens")
offers = Bundle("offers")
applications = Bundle("applications")
events = Bundle("events")
unlock_requests = Bundle("unlock_requests")


class PortalPair(RuleBasedStateMachine):
    """The two portals, and the comparison of what a use case answers on each."""

    def __init__(self, storage: SqlStorage, release: Callable[[SqlStorage], None]) -> None:
        super().__init__()
        self.clock = SettableClock(START)
        self.memory = portal_side(InMemoryStorage(), self.clock)
        self.sql = portal_side(storage, self.clock)
        self._storage = storage
        self._release = release
        self.known_citizens: set[CitizenPrincipal] = set()

    def teardown(self) -> None:
        self._release(self._storage)

    # -- the comparison -----------------------------------------------------------------

    def both(self, call: Callable[[Portal], Result[T, DomainError]]) -> Result[T, DomainError]:
        """Run ``call`` on both portals; the results must be equal. Returns the memory one."""
        expected = call(self.memory.portal)
        actual = call(self.sql.portal)
        assert actual == expected, f"\nSQL:    {actual!r}\nmemory: {expected!r}"
        return expected

    def cv_of(self, citizen: CitizenPrincipal) -> Cv | None:
        """The citizen's CV (both portals agree on it), ``None`` before onboarding."""
        mine = self.both(lambda p: p.cv.mine(citizen))
        return mine.unwrap() if isinstance(mine, Success) else None
