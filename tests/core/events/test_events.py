"""Recruitment days: events, joining, tickets, event offers and applications (EV-1 ... EV-7)."""

from __future__ import annotations

import datetime as dt

import attrs

from formlavoro_core.applications.failures import EventMembershipRequired, NoPreselection
from formlavoro_core.errors import InvalidInput
from formlavoro_core.events.failures import (
    AlreadyCheckedIn,
    AlreadyJoined,
    EventOver,
    InvalidTicket,
    NoTicketOnline,
    NotJoined,
    RegistrationClosed,
)
from formlavoro_core.events.model import Event, EventDetails, EventMode
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.principals import ANONYMOUS, CpiPrincipal
from formlavoro_core.reference.code_types import MunicipalityCode
from tests.support import MARIO, ROME, World, draft_offer, failure, ok, world

DAY = EventDetails(
    name="Recruiting day turismo",
    description="Incontra le aziende del turismo della Riviera.",
    starts_at=dt.datetime(2026, 4, 15, 9, 0, tzinfo=ROME),
    ends_at=dt.datetime(2026, 4, 15, 17, 0, tzinfo=ROME),
    mode=EventMode.IN_PERSON,
    place=MunicipalityCode("D969"),
    address="Magazzini del Cotone, Porto Antico",
)


def _event(w: World, cpi: CpiPrincipal, **changes: object) -> Event:
    return ok(w.portal.events.create(cpi, attrs.evolve(DAY, **changes)))  # type: ignore[arg-type]


def test_ev_1_a_cpi_creates_a_recruitment_day_with_its_details() -> None:
    """EV-1: name, start and end, in person with a place, registration open or closed."""
    w = world()
    cpi = w.cpi("CPI Genova")
    event = _event(w, cpi)
    assert (event.name, event.organiser_name, event.registration_open) == (
        "Recruiting day turismo",
        "CPI Genova",
        True,
    )
    closed = ok(w.portal.events.set_registration(cpi, event.id, is_open=False))
    assert not closed.registration_open
    assert failure(w.portal.events.create(w.company(), DAY)).code == "access.forbidden"


def test_ev_1_bad_event_details_are_refused_with_paths() -> None:
    """EV-1: an in-person event needs a place; the end comes after the start."""
    w = world()
    cpi = w.cpi()
    bad = attrs.evolve(DAY, ends_at=DAY.starts_at, place=None)
    error = failure(w.portal.events.create(cpi, bad))
    assert isinstance(error, InvalidInput)
    assert [p.path for p in error.problems] == ["ends_at", "place"]


def test_ev_2_citizens_see_events_with_their_membership_and_join_while_open() -> None:
    """EV-2: joined / not joined; joining only while registration is open."""
    w = world()
    cpi = w.cpi()
    event = _event(w, cpi)
    other = _event(w, cpi, name="Recruiting day logistica")
    citizen, _ = w.citizen_with_cv()
    ok(w.portal.events.join(citizen, event.id))
    listing = ok(w.portal.events.listing(citizen))
    assert [(e.event.name, e.joined) for e in listing] == [
        ("Recruiting day turismo", True),
        ("Recruiting day logistica", False),
    ]
    assert isinstance(failure(w.portal.events.join(citizen, event.id)), AlreadyJoined)
    ok(w.portal.events.set_registration(cpi, other.id, is_open=False))
    assert failure(w.portal.events.join(citizen, other.id)) == RegistrationClosed()
    w.clock.set(DAY.ends_at)
    assert ok(w.portal.events.listing(citizen)) == ()
    assert failure(w.portal.events.join(w.login(MARIO), event.id)) == EventOver()


def test_ev_3_a_joined_citizen_gets_a_ticket_that_lets_in_once() -> None:
    """EV-3: view and download the ticket; its code is checked at the door once."""
    w = world()
    cpi = w.cpi()
    event = _event(w, cpi)
    citizen, _ = w.citizen_with_cv()
    assert failure(w.portal.events.ticket(citizen, event.id)) == NotJoined()
    ok(w.portal.events.join(citizen, event.id))
    ticket = ok(w.portal.events.ticket(citizen, event.id))
    assert ticket.document.holder_name == "Anna Rossi"
    assert "Genova (GE)" in ticket.document.place
    pdf = ok(w.portal.events.ticket_file(citizen, event.id))
    assert pdf.startswith(b"%PDF-")
    membership = ok(w.portal.events.check_in(cpi, ticket.code))
    assert membership.checked_in_at == w.clock.now()
    assert failure(w.portal.events.check_in(cpi, ticket.code)) == AlreadyCheckedIn(
        checked_in_at=w.clock.now()
    )


def test_ev_3_forged_or_foreign_tickets_are_refused() -> None:
    """EV-3: a changed code, or another organiser's ticket, does not verify."""
    w = world()
    cpi = w.cpi("CPI Genova")
    event = _event(w, cpi)
    citizen, _ = w.citizen_with_cv()
    ok(w.portal.events.join(citizen, event.id))
    code = ok(w.portal.events.ticket(citizen, event.id)).code
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert failure(w.portal.events.check_in(cpi, forged)) == InvalidTicket()
    assert failure(w.portal.events.check_in(w.cpi("CPI Savona"), code)) == InvalidTicket()
    assert failure(w.portal.events.check_in(citizen, code)).code == "access.forbidden"


def test_ev_3_online_events_have_no_ticket() -> None:
    """EV-3: tickets are for events in person."""
    w = world()
    online = _event(
        w, w.cpi(), mode=EventMode.ONLINE, place=None, online_url="https://meet.example/x"
    )
    citizen, _ = w.citizen_with_cv()
    ok(w.portal.events.join(citizen, online.id))
    assert failure(w.portal.events.ticket(citizen, online.id)) == NoTicketOnline()


def test_ev_4_event_offers_are_those_of_the_joined_events_only() -> None:
    """EV-4: the offers of joined events; they stay out of the standard list (OF-1)."""
    w = world()
    cpi = w.cpi()
    joined, other = _event(w, cpi), _event(w, cpi, name="Altro")
    mine = ok(w.portal.offers.create(cpi, draft_offer(title="Cameriere all'evento")))
    ok(w.portal.events.attach_offer(cpi, joined.id, mine.id, preselection=True))
    ok(w.portal.offers.publish(cpi, mine.id))
    theirs = w.offer(cpi, title="Offerta altro evento", event=other.id)
    citizen, _ = w.citizen_with_cv()
    ok(w.portal.events.join(citizen, joined.id))
    assert [o.id for o in ok(w.portal.events.offers(citizen)).items] == [mine.id]
    assert theirs.event == other.id
    assert ok(w.portal.offers.search(ANONYMOUS, OfferQuery())).items == ()


def test_ev_4_only_the_organising_cpi_puts_offers_in_its_event() -> None:
    """EV-4, SEC-1: a company's draft cannot be attached; nobody else names the event."""
    w = world()
    cpi = w.cpi()
    event = _event(w, cpi)
    company = w.company()
    other_cpi = w.cpi("CPI Savona")
    draft = ok(w.portal.offers.create(company, draft_offer()))
    before = w.storage.dump()
    error = failure(w.portal.events.attach_offer(cpi, event.id, draft.id, preselection=True))
    assert error.code == "offer.not_found"
    assert failure(w.portal.offers.create(company, draft_offer(event=event.id))).code == (
        "event.not_found"
    )
    assert failure(w.portal.offers.create(other_cpi, draft_offer(event=event.id))).code == (
        "event.not_found"
    )
    assert w.storage.dump() == before


def test_ev_5_applying_to_an_event_offer_requires_membership() -> None:
    """EV-5: join first, then apply."""
    w = world()
    cpi = w.cpi()
    event = _event(w, cpi)
    offer = w.offer(cpi, event=event.id)
    citizen, _ = w.citizen_with_published_cv()
    assert failure(w.portal.applications.apply(citizen, offer.id)) == EventMembershipRequired(
        event=event.id
    )
    ok(w.portal.events.join(citizen, event.id))
    ok(w.portal.applications.apply(citizen, offer.id))


def test_ev_6_without_preselection_there_is_no_application() -> None:
    """EV-6: selection on site; the attempt is refused with that reason."""
    w = world()
    cpi = w.cpi()
    event = _event(w, cpi)
    offer = w.offer(cpi, event=event.id, preselection=False)
    citizen, _ = w.citizen_with_published_cv()
    ok(w.portal.events.join(citizen, event.id))
    assert not ok(w.portal.offers.card(citizen, offer.id)).can_apply
    error = failure(w.portal.applications.apply(citizen, offer.id))
    assert error == NoPreselection(event=event.id)
    assert "la selezione avviene durante la giornata di reclutamento" in error.message


def test_ev_7_event_applications_are_listed_apart() -> None:
    """EV-7: event applications with their status, apart from standard ones."""
    w = world()
    cpi = w.cpi()
    event = _event(w, cpi)
    event_offer = w.offer(cpi, event=event.id, title="All'evento")
    standard = w.offer(cpi, title="Standard")
    citizen, _ = w.citizen_with_published_cv()
    ok(w.portal.events.join(citizen, event.id))
    ok(w.portal.applications.apply(citizen, event_offer.id))
    ok(w.portal.applications.apply(citizen, standard.id))
    assert [
        s.application.offer_title for s in ok(w.portal.applications.event_applications(citizen))
    ] == ["All'evento"]
    assert [s.application.offer_title for s in ok(w.portal.applications.mine(citizen))] == [
        "Standard"
    ]


def test_int_3_an_event_exports_as_icalendar() -> None:
    """INT-3: an .ics file with the event's times, place and organiser."""
    w = world()
    event = _event(w, w.cpi("CPI Genova"))
    ics = ok(w.portal.events.calendar_file(ANONYMOUS, event.id))
    text = ics.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "DTSTART:20260415T070000Z" in text
    assert "SUMMARY:Recruiting day turismo" in text
    assert failure(w.portal.events.calendar_file(ANONYMOUS, "nope")).code == "event.not_found"  # type: ignore[arg-type]


def test_ev_1_only_the_organiser_manages_an_event() -> None:
    """EV-1, SEC-1: another CPI cannot close registration or see participants."""
    w = world()
    event = _event(w, w.cpi("CPI Genova"))
    stranger = w.cpi("CPI Savona")
    assert failure(w.portal.events.set_registration(stranger, event.id, is_open=False)).code == (
        "event.not_found"
    )
    assert failure(w.portal.events.participants(stranger, event.id)).code == "event.not_found"


def test_ev_1_an_event_starts_in_the_future() -> None:
    """EV-1: no event is created in the past."""
    w = world()
    past = attrs.evolve(
        DAY,
        starts_at=dt.datetime(2026, 3, 1, 9, tzinfo=ROME),
        ends_at=dt.datetime(2026, 3, 1, 12, tzinfo=ROME),
    )
    assert failure(w.portal.events.create(w.cpi(), past)).code == "input.invalid"


def test_ev_3_tickets_do_not_let_in_after_the_event() -> None:
    """EV-3: a ticket is checked while the event lasts."""
    w = world()
    cpi = w.cpi()
    event = _event(w, cpi)
    citizen, _ = w.citizen_with_cv()
    ok(w.portal.events.join(citizen, event.id))
    code = ok(w.portal.events.ticket(citizen, event.id)).code
    w.clock.set(DAY.ends_at)
    assert failure(w.portal.events.check_in(cpi, code)) == EventOver()


def test_int_3_an_online_event_carries_its_link() -> None:
    """INT-3: the meeting link goes into the calendar entry."""
    w = world()
    online = _event(
        w, w.cpi(), mode=EventMode.ONLINE, place=None, online_url="https://meet.example/day"
    )
    text = ok(w.portal.events.calendar_file(ANONYMOUS, online.id)).decode()
    assert "https://meet.example/day" in text
