"""Documents to render in the tests: a ticket, a report, a calendar entry."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from formlavoro_adapters.tickets import HmacTicketSigner
from formlavoro_core.documents import ApplicationsReport, CalendarEntry, ReportRow, TicketDocument

ROME = zoneinfo.ZoneInfo("Europe/Rome")
SIGNER = HmacTicketSigner(bytes(range(32)))
PAYLOAD = "3f1c2a9e-5b7d-4c11-9a2e-0d6f8b3c7e21.6a0b9c4d-2e1f-4a3b-8c7d-5e6f7a8b9c0d"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


def ticket(**changes: object) -> TicketDocument:
    values: dict[str, object] = {
        "event_name": "Giornata del lavoro: Genova «Porto Antico»",
        "starts_at": utc(2026, 5, 12, 7, 30),
        "ends_at": utc(2026, 5, 12, 11, 0),
        "place": "Magazzini del Cotone (Porto Antico), Genova",
        "organiser": "Centro per l'impiego di Genova",
        "holder_name": "Zoë Dvořák-Perù",
        "code": SIGNER.sign(PAYLOAD),
        "issued_at": utc(2026, 5, 1, 8, 0),
        "timezone": ROME,
    }
    values.update(changes)
    return TicketDocument(**values)  # type: ignore[arg-type]


def row(number: int) -> ReportRow:
    return ReportRow(
        submitted_at=utc(2026, 1, 1, 9, 15) + dt.timedelta(days=number),
        offer_title=f"Cuoco/a capo partita n. {number}",
        publisher="Società Ligure Ristoranti S.r.l.",
        workplace="Genova (GE)",
        status="inviata",
        status_changed_at=utc(2026, 7, 1, 22, 30),
        offer_status="aperta",
    )


def report(rows: int = 3, **changes: object) -> ApplicationsReport:
    values: dict[str, object] = {
        "citizen_name": "Mario Rossi",
        "fiscal_code": "RSSMRA80A01D969P",
        "generated_at": utc(2026, 3, 1, 10, 0),
        "timezone": ROME,
        "rows": tuple(row(number) for number in range(rows)),
    }
    values.update(changes)
    return ApplicationsReport(**values)  # type: ignore[arg-type]


def entry(**changes: object) -> CalendarEntry:
    values: dict[str, object] = {
        "uid": "event-3f1c2a9e",
        "name": "Giornata del lavoro — Città di Genova",
        "description": "Colloqui con 30 aziende; portare il CV.\nIngresso libero, con biglietto.",
        "starts_at": dt.datetime(2026, 5, 12, 9, 30, tzinfo=ROME),
        "ends_at": dt.datetime(2026, 5, 12, 13, 0, tzinfo=ROME),
        "location": "Magazzini del Cotone, Porto Antico, Genova",
        "online": False,
        "organiser_name": "Centro per l'impiego di Genova",
        "organiser_email": "cpi.genova@example.org",
        "created_at": utc(2026, 4, 20, 8, 5),
    }
    values.update(changes)
    return CalendarEntry(**values)  # type: ignore[arg-type]
