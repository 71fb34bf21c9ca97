"""AP-9: the dated list of a citizen's applications, as data and as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence

import attrs

from formlavoro_core.applications.model import Application
from formlavoro_core.codec import Codec
from formlavoro_core.documents import ApplicationsReport, ReportRow
from formlavoro_core.ids import OfferId
from formlavoro_core.offers.model import Offer

__all__ = ["CSV_COLUMNS", "report_csv", "report_rows"]

CSV_COLUMNS = tuple(field.name for field in attrs.fields(ReportRow))
_CODEC = Codec.for_documents()


def report_rows(
    applications: Sequence[Application],
    offers: Mapping[OfferId, Offer],
    workplaces: Mapping[OfferId, str],
    now: dt.datetime,
) -> tuple[ReportRow, ...]:
    """One row per application, oldest first, with the offer's status at ``now``."""
    rows = []
    for application in sorted(applications, key=lambda a: (a.submitted_at, a.id)):
        offer = offers.get(application.offer)
        rows.append(
            ReportRow(
                submitted_at=application.submitted_at,
                offer_title=application.offer_title,
                publisher=application.publisher.name,
                workplace=workplaces.get(application.offer, ""),
                status=application.status.value,
                status_changed_at=application.changed_at,
                offer_status=offer.status_at(now).value if offer else "",
            )
        )
    return tuple(rows)


def report_csv(report: ApplicationsReport) -> bytes:
    """The report as CSV (UTF-8 with a byte-order mark, so spreadsheets read accents).

    Times are ISO 8601 in the report's time zone.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in report.rows:
        local = attrs.evolve(
            row,
            submitted_at=row.submitted_at.astimezone(report.timezone),
            status_changed_at=row.status_changed_at.astimezone(report.timezone),
        )
        writer.writerow(_CODEC.unstructure(local))
    return buffer.getvalue().encode("utf-8-sig")
