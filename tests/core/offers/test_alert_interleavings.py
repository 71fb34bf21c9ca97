"""OF-7 / issue 9 point 14: every matching offer is announced exactly once, whatever the
interleaving of publications and alert runs.

Publications and alert runs run in threads over the in-memory storage, stopping at every
step (a unit of work entered, a repository called, a commit, a clock read); hypothesis
chooses who moves at each stop (:mod:`tests.turns`). The clock moves a day at each read,
so that runs fall due and a publication's time can lie before a run that does not see
it yet: the case the clock-based alerts lost. After the race, a last run; then each
citizen's alert emails must list every offer that was published and matches one of
their searches exactly once, and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any, cast

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from returns.result import Success

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
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.messaging.outbox import EmailKind, OutgoingEmail
from formlavoro_core.offers.alerts import SavedSearchRequest
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.principals import ANONYMOUS, SYSTEM, CitizenPrincipal
from formlavoro_core.reference.code_types import ProfessionCode
from formlavoro_core.values import EmailAddress
from tests.support import ANNA, MARIO, ROME, START, World, draft_offer, ok, reference
from tests.turns import SteppedClock, SteppedStorage, Turns

BARISTA = ProfessionCode("5.2.2.4.0")


def _world(turns: Turns) -> World:
    clock = SettableClock(START)
    storage = InMemoryStorage()
    mailer = RecordingMailer()
    files = InMemoryFileStore()
    portal = bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=cast("Any", SteppedStorage(storage, turns)),
        clock=SteppedClock(clock, turns, dt.timedelta(days=1)),
        ids=SequentialIdGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        files=files,
        mailer=mailer,
        reference=reference(),
    )
    return World(portal=portal, clock=clock, storage=storage, mailer=mailer, files=files)


def _announced(emails: list[OutgoingEmail], citizen_email: str) -> Counter[str]:
    """How many times each offer title was listed in the citizen's alert emails."""
    listed: Counter[str] = Counter()
    for email in emails:
        if email.kind is EmailKind.OFFER_ALERT and email.to == citizen_email:
            listed.update(
                line[2:].rsplit(" (", 1)[0] for line in email.body.splitlines() if line[:2] == "- "
            )
    return listed


@settings(max_examples=60)
@given(
    offers=st.lists(st.booleans(), min_size=1, max_size=3),
    runs=st.integers(min_value=1, max_value=2),
    data=st.data(),
)
def test_of_7_every_matching_offer_is_announced_exactly_once_whatever_the_interleaving(
    offers: list[bool], runs: int, data: st.DataObject
) -> None:
    """OF-7 / point 14: concurrent publications and alert runs lose and repeat nothing.

    ``offers`` says, per offer, whether it is for a barista (else a cook). Anna's
    searches select every offer and the baristas (an offer matching both is still
    announced to her once); Mario's only the baristas.
    """
    turns = Turns()
    w = _world(turns)
    company = w.company()
    anna, mario = _login(w, ANNA, "anna@example.it"), _login(w, MARIO, "mario@example.it")
    for citizen, name, query in (
        (anna, "Tutto", OfferQuery()),
        (anna, "Bar", OfferQuery(profession=BARISTA)),
        (mario, "Bar", OfferQuery(profession=BARISTA)),
    ):
        ok(w.portal.offers.save_search(citizen, SavedSearchRequest(name=name, query=query)))
    drafts = [
        ok(
            w.portal.offers.create(
                company,
                attrs.evolve(
                    draft_offer(title=f"Offerta {number}", expires_on=dt.date(2027, 6, 30)),
                    profession=BARISTA if barista else ProfessionCode("5.2.2.1.0"),
                ),
            )
        )
        for number, barista in enumerate(offers)
    ]
    w.clock.advance(dt.timedelta(days=1))  # every search is due from the first run

    workers: dict[str, Callable[[], object]] = {
        **{
            f"publish {draft.title}": partial(w.portal.offers.publish, company, draft.id)
            for draft in drafts
        },
        **{f"run {number}": partial(w.portal.jobs.run_due, SYSTEM) for number in range(runs)},
    }
    outcomes = turns.run(workers, lambda stopped: data.draw(st.sampled_from(stopped)))
    assert not [o for o in outcomes.values() if isinstance(o, BaseException)], outcomes

    w.clock.advance(dt.timedelta(days=30))
    ok(w.portal.jobs.run_due(SYSTEM))
    ok(w.portal.mail.deliver_pending(SYSTEM))
    published = {
        draft.title: barista
        for draft, barista in zip(drafts, offers, strict=True)
        if isinstance(outcomes[f"publish {draft.title}"], Success)
    }
    assert _announced(w.mailer.sent, "anna@example.it") == Counter(list(published))
    baristas = [title for title, barista in published.items() if barista]
    assert _announced(w.mailer.sent, "mario@example.it") == Counter(baristas)


def _login(w: World, fiscal_code: FiscalCode, email: str) -> CitizenPrincipal:
    assertion = IdentityAssertion(
        method=LoginMethod.SPID,
        fiscal_code=fiscal_code,
        given_name="Cittadino",
        family_name="Ligure",
        email=EmailAddress(email),
    )
    return ok(w.portal.identity.login(ANONYMOUS, assertion, consent=w.consent())).principal
