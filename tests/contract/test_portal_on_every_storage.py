"""The portal gives the same answers on memory, SQLite and PostgreSQL (points 11 and 18).

Each test runs on a portal built by ``bootstrap`` with its default ids (UUIDs, 32 hex
digits), on a new storage of each kind.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from returns.result import Result

from formlavoro_core.applications.model import ApplicationRequest
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.errors import DomainError
from formlavoro_core.events.model import EventDetails, EventMode
from formlavoro_core.ids import CvId, EventId, MessageId, OfferId
from formlavoro_core.messaging.model import Reply
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.paging import Cursor, PageRequest
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.values import EmailAddress
from tests.portals import STORAGES, storage_of, world_on
from tests.support import ANNA, MARIO, OPERATOR, ROME, START, World, failure, ok

EVENT = EventDetails(
    name="Recruiting day",
    starts_at=dt.datetime(2026, 4, 15, 9, tzinfo=ROME),
    ends_at=dt.datetime(2026, 4, 15, 17, tzinfo=ROME),
    mode=EventMode.IN_PERSON,
    place=MunicipalityCode("D969"),
)


@pytest.fixture(params=STORAGES)
def w(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[World]:
    with storage_of(request.param, tmp_path) as storage:
        yield world_on(storage)


def _answer(result: Result[Any, DomainError]) -> tuple[str, list[str]]:
    error = failure(result)
    return error.code, [problem.text.source() for problem in getattr(error, "problems", ())]


NUL = "contains a NUL character"


def test_point_11_text_with_nul_is_invalid_input_on_every_storage(w: World) -> None:
    """Point 11: NUL in an id, a name, free text, a query or a cursor is ``input.invalid``.

    PostgreSQL cannot hold NUL in text; memory and SQLite could. Refusing it before any
    storage is asked makes the answer the same everywhere, with the path of the text,
    and changes nothing. An id with NUL is invalid input rather than ``not_found``: no
    id the portal issues holds one, and the caller learns which argument is wrong.
    """
    anna, cv = w.citizen_with_cv(ANNA)
    company = w.company()
    offer = w.offer(company)
    details = OrganisationDetails(
        name="Trattoria\x00", contacts=Contacts(email=EmailAddress("info@nul.example"))
    )
    foreign = Cursor(at=START, id="offer\x00").encode()
    calls: dict[str, Callable[[], Result[Any, DomainError]]] = {
        "cv.get": lambda: w.portal.cv.get(anna, CvId("\x00")),
        "offers.card": lambda: w.portal.offers.card(anna, OfferId(f"{offer.id}\x00")),
        "events.join": lambda: w.portal.events.join(anna, EventId("\x00event")),
        "messages.open": lambda: w.portal.messages.open(anna, MessageId("\x00")),
        "register_company": lambda: w.portal.organisations.register_company(OPERATOR, details),
        "offers.search": lambda: w.portal.offers.search(anna, OfferQuery(text="cuoco\x00")),
        "cursor": lambda: w.portal.offers.search(anna, OfferQuery(), PageRequest(after=foreign)),
        "talent.browse": lambda: w.portal.talent.browse(company, CvQuery(languages=("e\x00",))),
        "login_regional": lambda: w.portal.identity.login_regional(
            ANONYMOUS,
            username="anna\x00",
            password="password lunga",
            consent=w.consent(),
            source="192.0.2.1",
        ),
        "reply": lambda: w.portal.messages.reply(
            anna, MessageId("message"), Reply(body="Grazie\x00")
        ),
    }
    before = ok(w.portal.cv.get(anna, cv.id))

    answers = {name: _answer(call()) for name, call in calls.items()}

    invalid = "input.invalid"
    assert answers == {
        "cv.get": (invalid, [f"cv_id: {NUL}"]),
        "offers.card": (invalid, [f"offer_id: {NUL}"]),
        "events.join": (invalid, [f"event_id: {NUL}"]),
        "messages.open": (invalid, [f"message_id: {NUL}"]),
        "register_company": (invalid, [f"name: {NUL}"]),
        "offers.search": (invalid, [f"text: {NUL}"]),
        "cursor": (invalid, ["after: not a valid page cursor"]),
        "talent.browse": (invalid, [f"languages[0]: {NUL}"]),
        "login_regional": (invalid, [f"username: {NUL}"]),
        "reply": (invalid, [f"body: {NUL}"]),
    }
    assert ok(w.portal.cv.get(anna, cv.id)) == before
    assert ok(w.portal.offers.card(anna, offer.id)).offer == offer


def test_point_18_ev_2_ev_5_events_work_with_uuid_ids_on_every_storage(w: World) -> None:
    """Point 18 / EV-2 / EV-5: joining an event and applying to its offers, with real ids.

    The membership key once joined the event's and the citizen's ids in one 64-character
    column: 65 characters with two UUIDs, so every join failed on PostgreSQL. Every key
    made of two ids (memberships, one application per offer and citizen, one unlock
    request per company and CV) is used here with the ids ``bootstrap`` makes.
    """
    cpi, company = w.cpi(), w.company()
    anna, cv = w.citizen_with_published_cv(ANNA)
    mario, _ = w.citizen_with_published_cv(MARIO)
    event = ok(w.portal.events.create(cpi, EVENT))
    assert len(f"{event.id}/{anna.account_id}") > 64

    membership = ok(w.portal.events.join(anna, event.id))
    assert (membership.event, membership.citizen) == (event.id, anna.account_id)
    assert [(e.event.id, e.joined) for e in ok(w.portal.events.listing(anna))] == [(event.id, True)]
    assert [(e.event.id, e.joined) for e in ok(w.portal.events.listing(mario))] == [
        (event.id, False)
    ]
    assert failure(w.portal.events.join(anna, event.id)).code == "event.already_joined"
    assert ok(w.portal.events.ticket(anna, event.id)).event == event.id
    assert [m.citizen for m in ok(w.portal.events.participants(cpi, event.id))] == [anna.account_id]

    draft = w.offer(cpi, publish=False, title="Per l'evento")
    ok(w.portal.events.attach_offer(cpi, event.id, draft.id, preselection=True))
    offer = ok(w.portal.offers.publish(cpi, draft.id))
    application = ok(w.portal.applications.apply(anna, offer.id, ApplicationRequest()))
    assert (application.offer, application.citizen) == (offer.id, anna.account_id)
    assert failure(w.portal.applications.apply(anna, offer.id)).code == (
        "application.already_applied"
    )
    assert failure(w.portal.applications.apply(mario, offer.id)).code == (
        "application.event_membership_required"
    )

    request = ok(w.portal.talent.express_interest(company, cv.id))
    assert (request.company, request.cv) == (company.company_id, cv.id)
    assert failure(w.portal.talent.express_interest(company, cv.id)).code == (
        "talent.interest.already_expressed"
    )


@pytest.mark.parametrize("limit", [0, -1])
def test_point_10_a_mail_batch_below_one_is_invalid_input_on_every_storage(
    w: World, limit: int
) -> None:
    """Point 10: ``deliver_pending(limit=-1)`` was a negative SQL ``LIMIT`` on PostgreSQL."""
    assert _answer(w.portal.mail.deliver_pending(SYSTEM, limit=limit)) == (
        "input.invalid",
        ["limit: must be at least 1"],
    )
    assert ok(w.portal.mail.deliver_pending(SYSTEM, limit=1)).sent == 0
