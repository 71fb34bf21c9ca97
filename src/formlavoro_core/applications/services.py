"""Application use cases: apply, follow, review, export (AP-1 ... AP-10, EV-5 ... EV-7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.applications.exporting import ApplicationExportUseCases
from formlavoro_core.applications.failures import (
    AlreadyApplied,
    CvNotPublished,
    EventMembershipRequired,
    NoPreselection,
)
from formlavoro_core.applications.model import (
    Application,
    ApplicationRequest,
    ApplicationStatus,
    RejectionReason,
    StatusChange,
)
from formlavoro_core.applications.notices import acknowledgement
from formlavoro_core.applications.review import ApplicationReviewUseCases, _is_publisher
from formlavoro_core.errors import DomainError, Forbidden, InvalidInput, NotFound
from formlavoro_core.ids import ApplicationId, AttachmentId, OfferId
from formlavoro_core.offers.failures import OfferNotOpen
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.offers.services import publisher_of
from formlavoro_core.principals import CitizenPrincipal, CompanyPrincipal, CpiPrincipal, Principal
from formlavoro_core.privacy.recording import record_application_read
from formlavoro_core.runtime import Dependencies, require_citizen

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.ids import AccountId
    from formlavoro_core.offers.model import Offer
    from formlavoro_core.ports import UnitOfWork

__all__ = ["ApplicationService", "ApplicationSummary"]


@attrs.frozen(kw_only=True)
class ApplicationSummary:
    """AP-5: an application under "your applications", with the offer's status."""

    application: Application
    offer_status: OfferStatus

    @property
    def status(self) -> ApplicationStatus:
        """The application's status (AP-7)."""
        return self.application.status

    @property
    def reason(self) -> RejectionReason | None:
        """AP-10: why the company did not select the citizen, when it said."""
        return self.application.reason


def _party(actor: Principal, action: str) -> Forbidden | None:
    """SEC-1: an application concerns its citizen and its offer's publisher only.

    Any other kind of principal is refused outright (``access.forbidden``); a citizen
    or publisher who is not this application's gets ``application.not_found`` later.
    """
    if isinstance(actor, CitizenPrincipal | CompanyPrincipal | CpiPrincipal):
        return None
    return Forbidden(action=action)


def _refusal(
    uow: UnitOfWork,
    offer: Offer,
    previous: Application | None,
    citizen: AccountId,
    now: dt.datetime,
) -> DomainError | None:
    """Why ``citizen`` may not apply to ``offer`` now (AP-3, AP-8, EV-5, EV-6), if so.

    ``previous`` is the citizen's application to the offer, if any.
    """
    if previous is not None:
        return AlreadyApplied(application=previous.id, submitted_at=previous.submitted_at)
    if not offer.is_open(now):
        return OfferNotOpen(status=offer.status_at(now))
    if offer.event is not None:
        if uow.memberships.get(offer.event, citizen) is None:
            return EventMembershipRequired(event=offer.event)
        if not offer.preselection:
            return NoPreselection(event=offer.event)
    return None


class ApplicationService(ApplicationReviewUseCases, ApplicationExportUseCases):
    """``portal.applications``: applying to offers; review and export come from the bases."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    # -- citizens --------------------------------------------------------------------------

    def apply(
        self,
        actor: Principal,
        offer_id: OfferId,
        request: ApplicationRequest | None = None,
    ) -> Result[Application, DomainError]:
        """Apply to an offer with an optional cover letter and CV attachment (AP-1 ... AP-4).

        The CV must be published (AP-1); the offer open (AP-8); one application per
        offer (AP-3). An event offer needs the event's membership (EV-5) and a
        preselection (EV-6). The CV is sent as it is now and never changes afterwards.
        """
        citizen = require_citizen(actor, "apply to offers")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        checked = self._deps.codec.check(request or ApplicationRequest())
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        deps = self._deps
        now = deps.clock.now()
        application_id = ApplicationId(deps.ids.new_id())
        copy_id = AttachmentId(deps.ids.new_id())  # outside the work: a rerun reuses it
        copied: list[str] = []

        def work(uow: UnitOfWork) -> Application | DomainError:
            reads = uow.applying(offer_id, citizen.account_id)
            offer = reads.offer
            if offer is None or offer.status is OfferStatus.DRAFT:
                return NotFound(entity="offer", key=offer_id)
            refusal = _refusal(uow, offer, reads.previous, citizen.account_id, now)
            if refusal is not None:
                return refusal
            cv = reads.cv
            if cv is None or not cv.is_published(now):
                return CvNotPublished()
            attachment = None
            if checked.attachment is not None:
                source = next((a for a in cv.attachments if a.id == checked.attachment), None)
                content = deps.files.get(source.file_key) if source else None
                if source is None or content is None:
                    return NotFound(entity="attachment", key=checked.attachment)
                attachment = attrs.evolve(source, id=copy_id)
                deps.files.put(attachment.file_key, content)
                if attachment.file_key not in copied:
                    copied.append(attachment.file_key)
            application = Application(
                id=application_id,
                offer=offer.id,
                offer_title=offer.title,
                publisher=offer.publisher,
                event=offer.event,
                citizen=citizen.account_id,
                cv=cv.id,
                applicant=cv.content(),
                cover_letter=checked.cover_letter,
                attachment=attachment,
                history=(StatusChange(status=ApplicationStatus.SUBMITTED, at=now),),
            )
            # AP-12 in the same transaction. Read and rendered before the first write, so
            # that the transaction (and a SQLite storage's write turn) covers the writes.
            notice = acknowledgement(deps, reads.account, application)
            application = uow.applications.add(application)
            if notice is not None:
                notice.send(deps, uow)
            return application

        def stored(uow: UnitOfWork) -> bool:
            return uow.applications.get(application_id) is not None

        try:
            result = deps.run(work)
        except BaseException:
            deps.discard_files(copied, unless=stored)
            raise
        if isinstance(result, Failure):
            for key in copied:
                deps.files.delete(key)
        return result

    def _summaries(
        self, actor: Principal, *, events: bool
    ) -> Result[tuple[ApplicationSummary, ...], DomainError]:
        citizen = require_citizen(actor, "read applications")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> tuple[ApplicationSummary, ...]:
            summaries = []
            for application in uow.applications.for_citizen(citizen.account_id):
                if (application.event is not None) != events:
                    continue
                offer = uow.offers.get(application.offer)
                status = offer.status_at(now) if offer else OfferStatus.CLOSED
                summaries.append(ApplicationSummary(application=application, offer_status=status))
            return tuple(summaries)

        return self._deps.run(work)

    def mine(self, actor: Principal) -> Result[tuple[ApplicationSummary, ...], DomainError]:
        """AP-5: "your applications" to standard offers, newest first, with offer status."""
        return self._summaries(actor, events=False)

    def event_applications(
        self, actor: Principal
    ) -> Result[tuple[ApplicationSummary, ...], DomainError]:
        """EV-7: applications to event offers, listed apart from the standard ones."""
        return self._summaries(actor, events=True)

    # -- both sides ------------------------------------------------------------------------

    def get(
        self, actor: Principal, application_id: ApplicationId
    ) -> Result[Application, DomainError]:
        """One application, for its citizen or for the offer's publisher.

        The publisher opening a submitted application marks it viewed (AP-7) and sees
        the applicant's personal data (AP-6).
        """
        refused = _party(actor, "read applications")
        if refused is not None:
            return Failure(refused)
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Application | DomainError:
            application = uow.applications.get(application_id)
            if application is None:
                return NotFound(entity="application", key=application_id)
            if isinstance(actor, CitizenPrincipal) and actor.account_id == application.citizen:
                return application
            if not _is_publisher(publisher_of(uow, actor), application):
                return NotFound(entity="application", key=application_id)
            record_application_read(uow, actor, application, "applications.get", now)
            if application.status is ApplicationStatus.SUBMITTED:
                return uow.applications.update(application.moved_to(ApplicationStatus.VIEWED, now))
            return application

        return self._deps.run(work)

    def attachment(
        self, actor: Principal, application_id: ApplicationId
    ) -> Result[bytes, DomainError]:
        """AP-2: the file sent with the application, for its citizen or the publisher."""
        refused = _party(actor, "read applications")
        if refused is not None:
            return Failure(refused)
        files = self._deps.files
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> bytes | DomainError:
            application = uow.applications.get(application_id)
            allowed = application is not None and (
                (isinstance(actor, CitizenPrincipal) and actor.account_id == application.citizen)
                or _is_publisher(publisher_of(uow, actor), application)
            )
            if application is None or not allowed:
                return NotFound(entity="application", key=application_id)
            content = files.get(application.attachment.file_key) if application.attachment else None
            if content is None:
                return NotFound(entity="attachment", key=application_id)
            if not isinstance(actor, CitizenPrincipal):
                record_application_read(uow, actor, application, "applications.attachment", now)
            return content

        return self._deps.run(work)
