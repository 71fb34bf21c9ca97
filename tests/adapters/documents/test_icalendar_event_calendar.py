"""``ICalendarEventCalendar``: one event as an RFC 5545 file, every time in UTC."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from formlavoro_adapters.documents import ICalendarEventCalendar
from formlavoro_adapters.documents.calendar import DEFAULT_PRODUCT_ID

from .builders import entry, utc


def parse(data: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    assert isinstance(calendar, icalendar.Calendar)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert isinstance(event, icalendar.Event)
    return calendar, event


def test_the_calendar_publishes_one_event() -> None:
    calendar, _ = parse(ICalendarEventCalendar().export(entry()))
    assert calendar["PRODID"] == DEFAULT_PRODUCT_ID
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert ICalendarEventCalendar().media_type == "text/calendar"


def test_every_property_of_the_event_reads_back() -> None:
    _, event = parse(ICalendarEventCalendar().export(entry()))
    assert event["UID"] == "event-3f1c2a9e"
    assert event.decoded("DTSTAMP") == utc(2026, 4, 20, 8, 5)
    assert event.decoded("DTSTART") == utc(2026, 5, 12, 7, 30)
    assert event.decoded("DTEND") == utc(2026, 5, 12, 11, 0)
    assert event["SUMMARY"] == "Giornata del lavoro — Città di Genova"
    assert event["DESCRIPTION"] == (
        "Colloqui con 30 aziende; portare il CV.\nIngresso libero, con biglietto."
    )
    assert event["LOCATION"] == "Magazzini del Cotone, Porto Antico, Genova"
    assert event["ORGANIZER"] == "mailto:cpi.genova@example.org"
    assert event["ORGANIZER"].params["CN"] == "Centro per l'impiego di Genova"
    assert "CONTACT" not in event
    assert "URL" not in event


def test_times_are_written_in_utc() -> None:
    data = ICalendarEventCalendar().export(entry())
    lines = data.decode("utf-8").split("\r\n")
    assert "DTSTART:20260512T073000Z" in lines
    assert "DTEND:20260512T110000Z" in lines
    assert "DTSTAMP:20260420T080500Z" in lines
    assert b"VTIMEZONE" not in data
    _, event = parse(data)
    for name in ("DTSTART", "DTEND", "DTSTAMP"):
        assert event.decoded(name).utcoffset() == dt.timedelta(0)


def test_the_file_is_utf8_with_crlf_lines_of_at_most_75_octets() -> None:
    data = ICalendarEventCalendar().export(entry(description="Descrizione lunga. " * 20))
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert data.count(b"\r") == data.count(b"\r\n")
    assert "SUMMARY:Giornata del lavoro — Città di Genova".encode() in data
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")


def test_an_online_event_without_a_link_is_located_online() -> None:
    _, event = parse(ICalendarEventCalendar().export(entry(online=True, location=None)))
    assert event["LOCATION"] == "Online"
    assert "URL" not in event


def test_an_online_event_with_a_link_carries_it_as_location_and_url() -> None:
    link = "https://meet.example.org/giornata-lavoro?id=42"
    _, event = parse(ICalendarEventCalendar().export(entry(online=True, location=link)))
    assert event["LOCATION"] == link
    assert event["URL"] == link


def test_an_in_person_event_without_a_place_has_no_location() -> None:
    _, event = parse(ICalendarEventCalendar().export(entry(location=None)))
    assert "LOCATION" not in event


def test_without_an_email_the_organiser_is_a_contact() -> None:
    _, event = parse(ICalendarEventCalendar().export(entry(organiser_email=None)))
    assert "ORGANIZER" not in event
    assert event["CONTACT"] == "Centro per l'impiego di Genova"


def test_a_double_quote_in_the_organiser_name_cannot_break_the_parameter() -> None:
    quoted = entry(organiser_name='Associazione "Lavoro, Futuro"')
    _, event = parse(ICalendarEventCalendar().export(quoted))
    assert event["ORGANIZER"].params["CN"] == "Associazione 'Lavoro, Futuro'"


def test_an_empty_description_is_left_out() -> None:
    _, event = parse(ICalendarEventCalendar().export(entry(description="")))
    assert "DESCRIPTION" not in event


def test_the_portal_names_itself_and_makes_uids_global() -> None:
    exporter = ICalendarEventCalendar(
        product_id="-//Regione Liguria//Portale Lavoro//IT", uid_domain="lavoro.example.org"
    )
    calendar, event = parse(exporter.export(entry()))
    assert calendar["PRODID"] == "-//Regione Liguria//Portale Lavoro//IT"
    assert event["UID"] == "event-3f1c2a9e@lavoro.example.org"
    _, kept = parse(exporter.export(entry(uid="already@elsewhere.example")))
    assert kept["UID"] == "already@elsewhere.example"


def test_export_is_deterministic() -> None:
    assert ICalendarEventCalendar().export(entry()) == ICalendarEventCalendar().export(entry())


def test_naive_datetimes_are_a_bug() -> None:
    naive = entry(starts_at=dt.datetime(2026, 5, 12, 9, 30))  # noqa: DTZ001
    with pytest.raises(ValueError, match="aware"):
        ICalendarEventCalendar().export(naive)
