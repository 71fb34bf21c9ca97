"""The company side of CVs: anonymised browsing, interest, unlocking (CV-12, AP-6, SEC-1).

Companies see published CVs without personal data. Expressing interest asks the citizen,
by message and email, to unlock their personal data for that company; the citizen
unlocks or refuses, and may revoke an unlock later. Personal data reach a company only
through an unlock or an application to one of its offers (AP-6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.cv.anonymised import AnonymisedCv, anonymise
from formlavoro_core.cv.model import PersonalData
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.errors import DomainError, Forbidden, InvalidInput, NotFound
from formlavoro_core.ids import CompanyId, CvId, UnlockRequestId
from formlavoro_core.messaging.model import Counterpart, CounterpartKind, MessageKind
from formlavoro_core.messaging.notifications import notify
from formlavoro_core.offers.model import PublisherKind
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.principals import CompanyPrincipal, Principal
from formlavoro_core.privacy.audit import AuditAction
from formlavoro_core.privacy.recording import record
from formlavoro_core.runtime import Dependencies, require_citizen, searching
from formlavoro_core.talent.failures import InterestAlreadyExpressed, UnlockDecisionNotPossible
from formlavoro_core.talent.model import UnlockChange, UnlockRequest, UnlockStatus
from formlavoro_core.texts import _

if TYPE_CHECKING:
    from formlavoro_core.cv.model import Cv
    from formlavoro_core.ports import UnitOfWork

__all__ = ["CompanyCvView", "TalentService"]


@attrs.frozen(kw_only=True)
class CompanyCvView:
    """A CV as one company may see it: anonymised, plus personal data once unlocked."""

    cv: AnonymisedCv
    personal: PersonalData | None
    unlock: UnlockStatus | None
    applied_to_you: bool


_DECISIONS = {
    UnlockStatus.UNLOCKED: "unlock",
    UnlockStatus.REFUSED: "refuse",
    UnlockStatus.REVOKED: "revoke",
}


def _company(actor: Principal) -> CompanyPrincipal | Forbidden:
    if isinstance(actor, CompanyPrincipal):
        return actor
    return Forbidden(action="browse CVs")


class TalentService:
    """``portal.talent``: companies looking for people, and the citizens' decisions."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    # -- companies -------------------------------------------------------------------------

    def browse(
        self, actor: Principal, query: CvQuery, page: PageRequest | None = None
    ) -> Result[Page[AnonymisedCv], DomainError]:
        """CV-12: published CVs without personal data, newest publication first."""
        company = _company(actor)
        if isinstance(company, DomainError):
            return Failure(company)
        checked = self._deps.codec.check(query)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        request = page or PageRequest()
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Page[AnonymisedCv] | DomainError:
            found = searching(lambda: uow.cvs.search_published(checked, request, now=now))
            if isinstance(found, DomainError):
                return found
            return Page(
                items=tuple(anonymise(cv) for cv in found.items),
                total=found.total,
                total_is_exact=found.total_is_exact,
                next_after=found.next_after,
            )

        return self._deps.run(work)

    def _published(self, uow: UnitOfWork, cv_id: CvId) -> Cv | DomainError:
        cv = uow.cvs.get(cv_id)
        if cv is None or not cv.is_published(self._deps.clock.now()):
            return NotFound(entity="cv", key=cv_id)
        return cv

    def view(self, actor: Principal, cv_id: CvId) -> Result[CompanyCvView, DomainError]:
        """CV-12: a published CV, with personal data only while the citizen unlocks them.

        ``applied_to_you`` tells that the citizen applied to one of the company's offers:
        those applications carry the personal data sent with them (AP-6).
        """
        company = _company(actor)
        if isinstance(company, DomainError):
            return Failure(company)
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> CompanyCvView | DomainError:
            cv = self._published(uow, cv_id)
            if isinstance(cv, DomainError):
                return cv
            request = uow.unlock_requests.find(company.company_id, cv.id)
            applied = any(
                a.publisher.kind is PublisherKind.COMPANY and a.publisher.id == company.company_id
                for a in uow.applications.for_citizen(cv.owner)
            )
            unlocked = request is not None and request.unlocked
            if unlocked:
                record(
                    uow,
                    company,
                    AuditAction.PERSONAL_DATA_READ,
                    subject=cv.owner,
                    use_case="talent.view",
                    at=now,
                    refs=(cv.id,),
                )
            return CompanyCvView(
                cv=anonymise(cv),
                personal=cv.personal if unlocked else None,
                unlock=request.status if request else None,
                applied_to_you=applied,
            )

        return self._deps.run(work)

    def express_interest(self, actor: Principal, cv_id: CvId) -> Result[UnlockRequest, DomainError]:
        """CV-12: the citizen gets a message and an email asking to unlock their data."""
        company = _company(actor)
        if isinstance(company, DomainError):
            return Failure(company)
        deps = self._deps
        now = deps.clock.now()

        def work(uow: UnitOfWork) -> UnlockRequest | DomainError:
            cv = self._published(uow, cv_id)
            if isinstance(cv, DomainError):
                return cv
            employer = uow.companies.get(CompanyId(company.company_id))
            account = uow.accounts.get(cv.owner)
            if employer is None or account is None:
                return NotFound(entity="company", key=company.company_id)
            previous = uow.unlock_requests.find(employer.id, cv.id)
            if previous is not None:
                return InterestAlreadyExpressed(status=previous.status)
            request = uow.unlock_requests.add(
                UnlockRequest(
                    id=UnlockRequestId(deps.ids.new_id()),
                    company=employer.id,
                    company_name=employer.name,
                    cv=cv.id,
                    citizen=cv.owner,
                    history=(UnlockChange(status=UnlockStatus.REQUESTED, at=now),),
                )
            )
            notify(
                deps,
                uow,
                account=account,
                counterpart=Counterpart(
                    kind=CounterpartKind.COMPANY, id=employer.id, name=employer.name
                ),
                kind=MessageKind.UNLOCK_REQUEST,
                subject=_("{company} is interested in your CV", company=employer.name),
                body=_(
                    "{company} saw your CV and would like to contact you. They do not see "
                    "your name or contacts: unlock your personal data for them, or refuse.",
                    company=employer.name,
                ),
                unlock_request=request.id,
            )
            record(
                uow,
                company,
                AuditAction.UNLOCK_REQUESTED,
                subject=cv.owner,
                use_case="talent.express_interest",
                at=now,
                refs=(request.id, cv.id),
            )
            return request

        return deps.run(work)

    def requests_sent(self, actor: Principal) -> Result[tuple[UnlockRequest, ...], DomainError]:
        """The acting company's requests and where they stand."""
        company = _company(actor)
        if isinstance(company, DomainError):
            return Failure(company)
        return self._deps.run(
            lambda uow: tuple(uow.unlock_requests.for_company(company.company_id))
        )

    # -- citizens ------------------------------------------------------------------------

    def requests_received(self, actor: Principal) -> Result[tuple[UnlockRequest, ...], DomainError]:
        """CV-12: the companies that asked to see the citizen's personal data."""
        citizen = require_citizen(actor, "read unlock requests")
        if isinstance(citizen, DomainError):
            return Failure(citizen)

        def work(uow: UnitOfWork) -> tuple[UnlockRequest, ...]:
            cv = uow.cvs.by_owner(citizen.account_id)
            return tuple(uow.unlock_requests.for_cv(cv.id)) if cv else ()

        return self._deps.run(work)

    def _decide(
        self,
        actor: Principal,
        request_id: UnlockRequestId,
        allowed_from: UnlockStatus,
        to: UnlockStatus,
    ) -> Result[UnlockRequest, DomainError]:
        citizen = require_citizen(actor, "decide on unlock requests")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> UnlockRequest | DomainError:
            request = uow.unlock_requests.get(request_id)
            if request is None or request.citizen != citizen.account_id:
                return NotFound(entity="unlock_request", key=request_id)
            if request.status is not allowed_from:
                return UnlockDecisionNotPossible(status=request.status)
            record(
                uow,
                citizen,
                AuditAction.UNLOCK_DECIDED,
                subject=citizen.account_id,
                use_case=f"talent.{_DECISIONS[to]}",
                at=now,
                refs=(request.id, request.company, to.value),
            )
            return uow.unlock_requests.update(request.moved_to(to, now))

        return self._deps.run(work)

    def unlock(
        self, actor: Principal, request_id: UnlockRequestId
    ) -> Result[UnlockRequest, DomainError]:
        """CV-12: the citizen shows their personal data to the company that asked."""
        return self._decide(actor, request_id, UnlockStatus.REQUESTED, UnlockStatus.UNLOCKED)

    def refuse(
        self, actor: Principal, request_id: UnlockRequestId
    ) -> Result[UnlockRequest, DomainError]:
        """CV-12: the citizen keeps their personal data hidden from that company."""
        return self._decide(actor, request_id, UnlockStatus.REQUESTED, UnlockStatus.REFUSED)

    def revoke(
        self, actor: Principal, request_id: UnlockRequestId
    ) -> Result[UnlockRequest, DomainError]:
        """CV-12 (decided): an unlock can be taken back at any time."""
        return self._decide(actor, request_id, UnlockStatus.UNLOCKED, UnlockStatus.REVOKED)
