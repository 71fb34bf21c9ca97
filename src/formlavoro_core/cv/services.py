"""CV use cases: read, edit section by section, import, publish, attachments (CV-1 ... CV-13).

Every use case checks that the acting citizen owns the CV (SEC-1). Another person's
CV answers ``cv.not_found``, so ids reveal nothing about who has a CV.

Edits take an optional ``expected_version``: the version the citizen's form was built
from (an HTTP ``If-Match``). When someone changed the CV since, the edit answers
``storage.conflict`` instead of overwriting their change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
from returns.result import Result

from formlavoro_core.cv.anonymised import AnonymisedCv, anonymise
from formlavoro_core.cv.attaching import CvAttachmentUseCases
from formlavoro_core.cv.completion import Completion, completion_of
from formlavoro_core.cv.editing import CvEditingUseCases, EntryValue
from formlavoro_core.cv.exchange.services import CvExchangeUseCases
from formlavoro_core.cv.failures import FiscalCodeIsFixed, PersonalDataLocked
from formlavoro_core.cv.model import Cv, PersonalData
from formlavoro_core.cv.publication import PublicationReadiness
from formlavoro_core.errors import Conflict, DomainError, NotFound
from formlavoro_core.identity.failures import OnboardingRequired
from formlavoro_core.ids import CvId
from formlavoro_core.principals import Principal
from formlavoro_core.reference.code_types import ProvinceCode
from formlavoro_core.runtime import Dependencies, require_citizen

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["CvService", "EntryValue"]


class CvService(CvEditingUseCases, CvAttachmentUseCases, CvExchangeUseCases):
    """``portal.cv``: the citizen's CV; editing, files and exchange formats come from the bases."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    # -- reading -------------------------------------------------------------------------

    def _owned(
        self, uow: UnitOfWork, actor: Principal, cv_id: CvId, action: str
    ) -> Cv | DomainError:
        citizen = require_citizen(actor, action)
        if isinstance(citizen, DomainError):
            return citizen
        cv = uow.cvs.get(cv_id)
        if cv is None or cv.owner != citizen.account_id:
            return NotFound(entity="cv", key=cv_id)
        return cv

    def mine(self, actor: Principal) -> Result[Cv, DomainError]:
        """The acting citizen's CV (created when onboarding completes, ON-6)."""

        def work(uow: UnitOfWork) -> Cv | DomainError:
            citizen = require_citizen(actor, "read a CV")
            if isinstance(citizen, DomainError):
                return citizen
            cv = uow.cvs.by_owner(citizen.account_id)
            if cv is not None:
                return cv
            account = uow.accounts.get(citizen.account_id)
            if account is None:
                return NotFound(entity="account", key=citizen.account_id)
            return OnboardingRequired(next_step=account.onboarding.next_step)

        return self._deps.run(work)

    def get(self, actor: Principal, cv_id: CvId) -> Result[Cv, DomainError]:
        """One CV of the acting citizen, by its id (CV-1)."""
        return self._deps.run(lambda uow: self._owned(uow, actor, cv_id, "read a CV"))

    def completion(self, actor: Principal, cv_id: CvId) -> Result[Completion, DomainError]:
        """CV-3, CV-4: the completion percentage, per section, with the missing fields."""

        def work(uow: UnitOfWork) -> Completion | DomainError:
            cv = self._owned(uow, actor, cv_id, "read a CV")
            if isinstance(cv, DomainError):
                return cv
            return completion_of(cv.content(), self._deps.config.completion_weights)

        return self._deps.run(work)

    def anonymised_preview(
        self, actor: Principal, cv_id: CvId
    ) -> Result[AnonymisedCv, DomainError]:
        """CV-12: the CV as companies see it before the citizen unlocks personal data."""

        def work(uow: UnitOfWork) -> AnonymisedCv | DomainError:
            cv = self._owned(uow, actor, cv_id, "read a CV")
            return cv if isinstance(cv, DomainError) else anonymise(cv)

        return self._deps.run(work)

    # -- editing ------------------------------------------------------------------------

    def _edit(
        self,
        actor: Principal,
        cv_id: CvId,
        change: Callable[[Cv], Cv | DomainError],
        expected_version: int | None = None,
    ) -> Result[Cv, DomainError]:
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Cv | DomainError:
            cv = self._owned(uow, actor, cv_id, "change a CV")
            if isinstance(cv, DomainError):
                return cv
            if expected_version is not None and cv.version != expected_version:
                return Conflict(entity="cv", key=cv_id)
            changed = change(cv)
            if isinstance(changed, DomainError):
                return changed
            if (
                changed.personal != cv.personal
                and cv.publication is not None
                and cv.publication.is_active(now)
            ):
                return PersonalDataLocked(expires_at=cv.publication.expires_at)
            if changed.personal.fiscal_code != cv.personal.fiscal_code:
                return FiscalCodeIsFixed()
            return uow.cvs.update(
                attrs.evolve(
                    changed, updated_at=now, residence_province=self._province(changed.personal)
                )
            )

        return self._deps.run(work)

    def _province(self, personal: PersonalData) -> ProvinceCode | None:
        residence = personal.residence
        place = self._deps.reference.municipality(residence.municipality) if residence else None
        return ProvinceCode(place.province) if place else None

    # -- publication -------------------------------------------------------------------

    def publish(self, actor: Principal, cv_id: CvId) -> Result[Cv, DomainError]:
        """CV-5, CV-11, CV-13: publish for 90 days from the threshold on.

        Below the threshold the failure gives the percentage and the missing fields; a
        CV still active can be published again only after expiry (or, if configured,
        in the renewal window before it).
        """
        deps = self._deps
        now = deps.clock.now()

        def work(uow: UnitOfWork) -> Cv | DomainError:
            cv = self._owned(uow, actor, cv_id, "publish a CV")
            if isinstance(cv, DomainError):
                return cv
            completion = completion_of(cv.content(), deps.config.completion_weights)
            publication = deps.config.publication.publish(cv, completion, now)
            if isinstance(publication, DomainError):
                return publication
            return uow.cvs.update(attrs.evolve(cv, publication=publication, updated_at=now))

        return deps.run(work)

    def publication_status(
        self, actor: Principal, cv_id: CvId
    ) -> Result[PublicationReadiness, DomainError]:
        """CV-14: whether the CV can be published now; if not, from when or what is missing.

        Nothing is tried or changed; ``publish`` answers by the same reading.
        """
        deps = self._deps
        now = deps.clock.now()

        def work(uow: UnitOfWork) -> PublicationReadiness | DomainError:
            cv = self._owned(uow, actor, cv_id, "read a CV")
            if isinstance(cv, DomainError):
                return cv
            completion = completion_of(cv.content(), deps.config.completion_weights)
            return deps.config.publication.readiness(cv, completion, now)

        return deps.run(work)
