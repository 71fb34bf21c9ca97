"""AP-9 use cases of ``portal.applications``: the citizen's applications as CSV or PDF.

:class:`ApplicationExportUseCases` is a base of
:class:`~formlavoro_core.applications.services.ApplicationService`. Both files list the
same rows (:func:`~formlavoro_core.applications.export.report_rows`), oldest first; the
PDF needs a report renderer (the ``documents`` extra).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from returns.result import Failure, Result

from formlavoro_core.applications.export import report_csv, report_rows
from formlavoro_core.documents import ApplicationsReport
from formlavoro_core.errors import ConfigurationError, DomainError, NotFound
from formlavoro_core.principals import Principal
from formlavoro_core.runtime import Dependencies, require_citizen

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["ApplicationExportUseCases"]


class ApplicationExportUseCases:
    """The citizen's export of their applications (the proof of job search)."""

    if TYPE_CHECKING:  # given by ApplicationService
        _deps: Dependencies

    def _report(self, actor: Principal) -> Result[ApplicationsReport, DomainError]:
        citizen = require_citizen(actor, "export applications")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        deps = self._deps
        now = deps.clock.now()

        def work(uow: UnitOfWork) -> ApplicationsReport | DomainError:
            account = uow.accounts.get(citizen.account_id)
            if account is None:
                return NotFound(entity="account", key=citizen.account_id)
            applications = list(uow.applications.for_citizen(citizen.account_id))
            offers = {a.offer: o for a in applications if (o := uow.offers.get(a.offer))}
            workplaces = {}
            for offer_id, offer in offers.items():
                place = deps.reference.municipality(offer.workplace)
                workplaces[offer_id] = (
                    f"{place.name} ({place.province})" if place else offer.workplace
                )
            return ApplicationsReport(
                citizen_name=account.full_name,
                fiscal_code=str(account.fiscal_code),
                generated_at=now,
                timezone=deps.config.timezone,
                rows=report_rows(applications, offers, workplaces, now),
            )

        return deps.run(work)

    def export_csv(self, actor: Principal) -> Result[bytes, DomainError]:
        """AP-9: the citizen's applications as a dated CSV list, oldest first."""
        return self._report(actor).map(report_csv)

    def export_pdf(self, actor: Principal) -> Result[bytes, DomainError]:
        """AP-9: the same list as a printable PDF (the proof of job search)."""
        renderer = self._deps.reports
        if renderer is None:
            raise ConfigurationError(
                "no applications report renderer: install formlavoro[documents] or pass one"
            )
        return self._report(actor).map(renderer.render)
