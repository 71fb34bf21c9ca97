"""Organisation use cases: operators register who may publish; anyone reads profiles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from returns.result import Failure, Result

from formlavoro_core.errors import DomainError, Forbidden, NotFound
from formlavoro_core.ids import CompanyId, CpiId, TrainingEntityId
from formlavoro_core.organisations.model import (
    Company,
    EmploymentCentre,
    OrganisationDetails,
    TrainingEntity,
)
from formlavoro_core.principals import OperatorPrincipal, Principal
from formlavoro_core.runtime import Dependencies

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["OrganisationService"]


class OrganisationService:
    """``portal.organisations``: companies, employment centres and training entities."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def _checked(
        self, actor: Principal, details: OrganisationDetails
    ) -> OrganisationDetails | DomainError:
        if not isinstance(actor, OperatorPrincipal):
            return Forbidden(action="register organisations")
        return self._deps.codec.check(details)

    def register_company(
        self, actor: Principal, details: OrganisationDetails
    ) -> Result[Company, DomainError]:
        """An operator registers a company, which may then publish offers."""
        checked = self._checked(actor, details)
        if isinstance(checked, DomainError):
            return Failure(checked)
        now = self._deps.clock.now()
        company = Company(
            id=CompanyId(self._deps.ids.new_id()),
            name=checked.name.strip(),
            contacts=checked.contacts,
            tax_code=checked.tax_code,
            created_at=now,
        )
        return self._deps.run(lambda uow: uow.companies.add(company))

    def register_employment_centre(
        self, actor: Principal, details: OrganisationDetails
    ) -> Result[EmploymentCentre, DomainError]:
        """An operator registers an employment centre (CPI)."""
        checked = self._checked(actor, details)
        if isinstance(checked, DomainError):
            return Failure(checked)
        centre = EmploymentCentre(
            id=CpiId(self._deps.ids.new_id()),
            name=checked.name.strip(),
            contacts=checked.contacts,
            province=checked.province,
            created_at=self._deps.clock.now(),
        )
        return self._deps.run(lambda uow: uow.employment_centres.add(centre))

    def register_training_entity(
        self, actor: Principal, details: OrganisationDetails
    ) -> Result[TrainingEntity, DomainError]:
        """An operator registers a training entity, which may then publish courses."""
        checked = self._checked(actor, details)
        if isinstance(checked, DomainError):
            return Failure(checked)
        entity = TrainingEntity(
            id=TrainingEntityId(self._deps.ids.new_id()),
            name=checked.name.strip(),
            contacts=checked.contacts,
            tax_code=checked.tax_code,
            created_at=self._deps.clock.now(),
        )
        return self._deps.run(lambda uow: uow.training_entities.add(entity))

    def company(self, actor: Principal, company_id: CompanyId) -> Result[Company, DomainError]:
        """A company's public profile (name and contacts), for anyone."""

        def work(uow: UnitOfWork) -> Company | DomainError:
            found = uow.companies.get(company_id)
            return found if found is not None else NotFound(entity="company", key=company_id)

        return self._deps.run(work)

    def employment_centre(
        self, actor: Principal, cpi_id: CpiId
    ) -> Result[EmploymentCentre, DomainError]:
        """An employment centre's public profile, for anyone."""

        def work(uow: UnitOfWork) -> EmploymentCentre | DomainError:
            found = uow.employment_centres.get(cpi_id)
            return found if found is not None else NotFound(entity="employment_centre", key=cpi_id)

        return self._deps.run(work)

    def training_entity(
        self, actor: Principal, entity_id: TrainingEntityId
    ) -> Result[TrainingEntity, DomainError]:
        """A training entity's public profile and contacts (CO-2, CO-3), for anyone."""

        def work(uow: UnitOfWork) -> TrainingEntity | DomainError:
            found = uow.training_entities.get(entity_id)
            return found if found is not None else NotFound(entity="training_entity", key=entity_id)

        return self._deps.run(work)
