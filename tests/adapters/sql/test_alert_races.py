"""OF-7 / issue 9 point 14 on real databases: publications and alert runs in real threads.

Several rounds, each starting publishers and alert runs at the same moment (a barrier),
on a SQLite file and on PostgreSQL. The clock stands still within a round, so a run and
the publications racing it share one time: the clock-based alerts lost every offer
committed after a run had read. At the end every citizen's alert emails must list each
published matching offer exactly once. The interleavings are the threads' own; the
chosen ones are in ``tests/core/offers/test_alert_interleavings.py``.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import attrs
import pytest
from returns.result import Success

from formlavoro_core.messaging.outbox import EmailKind
from formlavoro_core.offers.alerts import SavedSearchRequest
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.principals import SYSTEM
from formlavoro_core.reference.code_types import ProfessionCode
from tests.adapters.sql.every_storage import portal_world
from tests.support import draft_offer, ok

ROUNDS = 4
PUBLISHERS = 3
RUNS = 2
BARISTA = ProfessionCode("5.2.2.4.0")


def _titles(bodies: list[str]) -> Counter[str]:
    listed: Counter[str] = Counter()
    for body in bodies:
        listed.update(line[2:].rsplit(" (", 1)[0] for line in body.splitlines() if line[:2] == "- ")
    return listed


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_of_7_racing_publications_and_alert_runs_announce_each_offer_once(
    kind: str, request: pytest.FixtureRequest, tmp_path: pathlib.Path
) -> None:
    """OF-7 / point 14: real threads on a real database lose and repeat no offer."""
    w = portal_world(kind, request, tmp_path)
    company = w.company()
    citizen = w.login()
    for name, query in (("Tutto", OfferQuery()), ("Bar", OfferQuery(profession=BARISTA))):
        ok(w.portal.offers.save_search(citizen, SavedSearchRequest(name=name, query=query)))
    published: list[str] = []
    with ThreadPoolExecutor(max_workers=PUBLISHERS + RUNS) as pool:
        for round_number in range(ROUNDS):
            drafts = [
                ok(
                    w.portal.offers.create(
                        company,
                        attrs.evolve(
                            draft_offer(title=f"Offerta {round_number}.{n}"),
                            profession=BARISTA if n % 2 else ProfessionCode("5.2.2.1.0"),
                        ),
                    )
                )
                for n in range(PUBLISHERS)
            ]
            w.clock.advance(dt.timedelta(days=1))  # every search falls due this round
            start = threading.Barrier(PUBLISHERS + RUNS)

            def together(call: Callable[[], Any], start: threading.Barrier = start) -> Any:
                start.wait()
                return call()

            publishing = [
                pool.submit(together, partial(w.portal.offers.publish, company, draft.id))
                for draft in drafts
            ]
            running = [
                pool.submit(together, partial(w.portal.jobs.run_due, SYSTEM)) for _ in range(RUNS)
            ]
            for future in running:
                future.result()  # a run refused by conflicts leaves its work to the next
            for draft, future in zip(drafts, publishing, strict=True):
                if isinstance(future.result(), Success):
                    published.append(draft.title)
    w.clock.advance(dt.timedelta(days=1))
    ok(w.portal.jobs.run_due(SYSTEM))
    ok(w.portal.mail.deliver_pending(SYSTEM))
    alerts = [email.body for email in w.mailer.sent if email.kind is EmailKind.OFFER_ALERT]
    assert published  # the race published something
    assert _titles(alerts) == Counter(published)
