"""Point 4: the deadline jobs do each thing once, whatever the interleaving of their runs.

Two or three ``run_due`` run in threads over the in-memory storage, stopping at every step
(a unit of work entered, a repository called, a commit, a clock read); hypothesis chooses
who moves at each stop (:mod:`tests.turns`). A run may lose every retry to the others
(``storage.conflict``); a last run then finishes the work. Each CV expiry (CV-11), each
application closed with its offer (AP-12) and each registration closed (EV-1) must
appear exactly once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any, cast

from hypothesis import given, settings
from hypothesis import strategies as st

from formlavoro_adapters import (
    InMemoryFileStore,
    InMemoryStorage,
    RecordingMailer,
    ScryptPasswordHasher,
    SequentialIdGenerator,
    SettableClock,
    bootstrap,
)
from formlavoro_core.config import PortalConfig
from formlavoro_core.deadlines import SETTLE
from formlavoro_core.events.model import EventDetails, EventMode
from formlavoro_core.messaging.outbox import EmailKind
from formlavoro_core.principals import SYSTEM
from tests.support import ANNA, MARIO, ROME, START, World, ok, reference
from tests.turns import SteppedClock, SteppedStorage, Turns


def _world(turns: Turns) -> World:
    clock = SettableClock(START)
    storage = InMemoryStorage()
    mailer = RecordingMailer()
    files = InMemoryFileStore()
    portal = bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=cast("Any", SteppedStorage(storage, turns)),
        clock=SteppedClock(clock, turns, dt.timedelta(0)),  # every run at the same instant
        ids=SequentialIdGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        files=files,
        mailer=mailer,
        reference=reference(),
    )
    return World(portal=portal, clock=clock, storage=storage, mailer=mailer, files=files)


@settings(max_examples=25)
@given(runs=st.integers(min_value=2, max_value=3), data=st.data())
def test_point_4_concurrent_runs_do_each_thing_once(runs: int, data: st.DataObject) -> None:
    """Point 4 / CV-11 / AP-12 / EV-1: runs at once send nothing twice and lose nothing."""
    turns = Turns()
    w = _world(turns)
    company = w.company()
    anna, cv = w.citizen_with_published_cv(ANNA)
    mario, _ = w.citizen_with_published_cv(MARIO)
    assert cv.publication is not None  # expires on 2026-05-31 at 08:00 UTC
    offer = w.offer(company, expires_on=dt.date(2026, 5, 30))
    for citizen in (anna, mario):
        ok(w.portal.applications.apply(citizen, offer.id))
    w.clock.set(dt.datetime(2026, 5, 31, tzinfo=dt.UTC))
    starts = w.clock.now() + dt.timedelta(days=10)
    event = ok(
        w.portal.events.create(
            w.cpi(),
            EventDetails(
                name="Giornata",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=8),
                mode=EventMode.ONLINE,
                registration_closes_at=w.clock.now() + dt.timedelta(hours=6),
            ),
        )
    )
    w.clock.set(cv.publication.expires_at + SETTLE + dt.timedelta(seconds=1))

    workers: dict[str, Callable[[], object]] = {
        f"run {n}": partial(w.portal.jobs.run_due, SYSTEM) for n in range(runs)
    }
    outcomes = turns.run(workers, lambda stopped: data.draw(st.sampled_from(stopped)))
    assert not [o for o in outcomes.values() if isinstance(o, BaseException)], outcomes

    ok(w.portal.jobs.run_due(SYSTEM))
    ok(w.portal.mail.deliver_pending(SYSTEM, limit=1000))
    # Two CVs expired, two applications closed (Anna's and Mario's): each told once.
    told = Counter((email.kind, email.body, email.link) for email in w.mailer.sent)
    assert set(told.values()) == {1}
    kinds = Counter(kind for kind, _, _ in told)
    assert (kinds[EmailKind.CV_EXPIRED], kinds[EmailKind.APPLICATION_CLOSED]) == (2, 2)
    with w.storage() as uow:
        stored = uow.events.get(event.id)
    assert stored is not None
    assert not stored.registration_open
