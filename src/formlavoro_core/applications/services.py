"""Application use cases: apply, follow, review, export (AP-1 ... AP-10, EV-5 ... EV-7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.applications.export import report_csv, report_rows
from formlavoro_core.applications.failures import (
    AlreadyApplied,
    CvNotPublished,
    EventMembershipRequired,
    NoPreselection,
    StatusCannotChange,
)
from formlavoro_core.applications.model import (
    Application,
    ApplicationRequest,
    ApplicationStatus,
    RejectionReason,
    StatusChange,
)
from formlavoro_core.applications.notices import acknowledge
from formlavoro_core.documents import ApplicationsReport
from formlavoro_core.errors import (
    ConfigurationError,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
)
from formlavoro_core.ids import ApplicationId, AttachmentId, OfferId
from formlavoro_core.messaging.model import Counterpart, CounterpartKind, MessageKind
from formlavoro_core.messaging.notifications import notify
from formlavoro_core.offers.failures import OfferNotOpen
from formlavoro_core.offers.model import OfferStatus, Publisher, PublisherKind
from formlavoro_core.offers.services import publisher_of
from formlavoro_core.principals import (
    CitizenPrincipal,
    CompanyPrincipal,
    CpiPrincipal,
    Principal,
)
from formlavoro_core.privacy.recording import record_application_read
from formlavoro_core.runtime import Dependencies, require_citizen
from formlavoro_core.texts import Text, _

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.identity.model import Account
    from formlavoro_core.ids import AccountId
    from formlavoro_core.offers.model import Offer
    from formlavoro_core.ports import UnitOfWork

__all__ = ["ApplicationService", "ApplicationSummary"]

_NOTIFIED = frozenset(
    {ApplicationStatus.INTERESTED, ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED}
)


def _notice(application: Application) -> tuple[Text, Text]:
    """The subject and body of the message telling a citizen about a review (AP-7)."""
    offer, company = application.offer_title, application.publisher.name
    reason = application.reason
    if application.status is ApplicationStatus.INTERESTED:
        return (
            _("{offer}: interest in your application", offer=offer),
            _(
                '{company} is interested in your application to "{offer}". They may contact '
                "you soon; you can answer this message to ask for more information.",
                company=company,
                offer=offer,
            ),
        )
    if application.status is ApplicationStatus.SELECTED:
        return (
            _("{offer}: you were selected", offer=offer),
            _(
                '{company} selected you for "{offer}". Congratulations!',
                company=company,
                offer=offer,
            ),
        )
    subject = _("{offer}: outcome of your application", offer=offer)
    if reason is None:
        return subject, _(
            '{company} did not select you for "{offer}".', company=company, offer=offer
        )
    return subject, _(
        '{company} did not select you for "{offer}". Reason: {reason}.',
        company=company,
        offer=offer,
        reason=reason.label,
    )


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


def _is_publisher(publisher: Publisher | DomainError, application: Application) -> bool:
    return isinstance(publisher, Publisher) and (publisher.kind, publisher.id) == (
        application.publisher.kind,
        application.publisher.id,
    )


def _party(actor: Principal, action: str) -> Forbidden | None:
    """SEC-1: an application concerns its citizen and its offer's publisher only.

    Any other kind of principal is refused outright (``access.forbidden``); a citizen
    or publisher who is not this application's gets ``application.not_found`` later.
    """
    if isinstance(actor, CitizenPrincipal | CompanyPrincipal | CpiPrincipal):
        return None
    return Forbidden(action=action)


def _refusal(
    uow: UnitOfWork, offer: Offer, citizen: AccountId, now: dt.datetime
) -> DomainError | None:
    """Why ``citizen`` may not apply to ``offer`` now (AP-3, AP-8, EV-5, EV-6), if so."""
    previous = uow.applications.find(offer.id, citizen)
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


class ApplicationService:
    """``portal.applications``: applying to offers, and the publishers' review."""

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
            offer = uow.offers.get(offer_id)
            if offer is None or offer.status is OfferStatus.DRAFT:
                return NotFound(entity="offer", key=offer_id)
            refusal = _refusal(uow, offer, citizen.account_id, now)
            if refusal is not None:
                return refusal
            cv = uow.cvs.by_owner(citizen.account_id)
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
            application = uow.applications.add(
                Application(
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
            )
            acknowledge(deps, uow, application)  # AP-12, in the same transaction
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

    # -- publishers ------------------------------------------------------------------------

    def for_offer(
        self, actor: Principal, offer_id: OfferId
    ) -> Result[tuple[Application, ...], DomainError]:
        """AP-6: the applications to one of the publisher's offers, with personal data."""
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> tuple[Application, ...] | DomainError:
            publisher = publisher_of(uow, actor, "read the applications to offers")
            if isinstance(publisher, DomainError):
                return publisher
            offer = uow.offers.get(offer_id)
            if offer is None or (offer.publisher.kind, offer.publisher.id) != (
                publisher.kind,
                publisher.id,
            ):
                return NotFound(entity="offer", key=offer_id)
            found = tuple(uow.applications.for_offer(offer.id))
            for application in found:
                record_application_read(uow, actor, application, "applications.for_offer", now)
            return found

        return self._deps.run(work)

    def review(
        self,
        actor: Principal,
        application_id: ApplicationId,
        status: ApplicationStatus,
        *,
        reason: RejectionReason | None = None,
    ) -> Result[Application, DomainError]:
        """AP-7, AP-10: the publisher moves an application forward.

        Interest, selection and non-selection reach the citizen as a message and an
        email (MS-4); "not selected" may carry a reason from the closed list. Only a
        company or CPI may review (``access.forbidden`` for anyone else); one that does
        not publish the application's offer gets ``application.not_found``.
        """
        if not isinstance(actor, CompanyPrincipal | CpiPrincipal):
            return Failure(Forbidden(action="review applications"))
        deps = self._deps
        now = deps.clock.now()

        def work(uow: UnitOfWork) -> Application | DomainError:
            application = uow.applications.get(application_id)
            if application is None or not _is_publisher(publisher_of(uow, actor), application):
                return NotFound(entity="application", key=application_id)
            if reason is not None and status is not ApplicationStatus.NOT_SELECTED:
                return InvalidInput.at("reason", _("only with not_selected"))
            if not application.status.may_become(status):
                return StatusCannotChange(current=application.status, requested=status)
            changed = uow.applications.update(application.moved_to(status, now, reason))
            account = uow.accounts.get(application.citizen)
            if account is not None and status in _NOTIFIED:
                self._tell(uow, account, changed)
            return changed

        return deps.run(work)

    def _tell(self, uow: UnitOfWork, account: Account, application: Application) -> None:
        subject, body = _notice(application)
        publisher = application.publisher
        kind = (
            CounterpartKind.COMPANY
            if publisher.kind is PublisherKind.COMPANY
            else CounterpartKind.CPI
        )
        notify(
            self._deps,
            uow,
            account=account,
            counterpart=Counterpart(kind=kind, id=publisher.id, name=publisher.name),
            kind=(
                MessageKind.APPLICATION_INTEREST
                if application.status is ApplicationStatus.INTERESTED
                else MessageKind.APPLICATION_STATUS
            ),
            subject=subject,
            body=body,
            offer=application.offer,
            application=application.id,
        )

    # -- AP-9 ------------------------------------------------------------------------------

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
