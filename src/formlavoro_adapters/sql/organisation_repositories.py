"""SQL repositories of the organisations: companies, employment centres, training entities."""

from __future__ import annotations

from formlavoro_adapters.sql.base import SqlRepository
from formlavoro_adapters.sql.tables import COMPANIES, EMPLOYMENT_CENTRES, TRAINING_ENTITIES
from formlavoro_core.ids import CompanyId, CpiId, TrainingEntityId
from formlavoro_core.organisations.model import Company, EmploymentCentre, TrainingEntity

__all__ = ["SqlCompanies", "SqlEmploymentCentres", "SqlTrainingEntities"]


class SqlCompanies(SqlRepository[Company]):
    table = COMPANIES
    entity = "company"
    cls = Company

    def get(self, company_id: CompanyId) -> Company | None:
        return self._get(company_id)


class SqlEmploymentCentres(SqlRepository[EmploymentCentre]):
    table = EMPLOYMENT_CENTRES
    entity = "employment_centre"
    cls = EmploymentCentre

    def get(self, cpi_id: CpiId) -> EmploymentCentre | None:
        return self._get(cpi_id)


class SqlTrainingEntities(SqlRepository[TrainingEntity]):
    table = TRAINING_ENTITIES
    entity = "training_entity"
    cls = TrainingEntity

    def get(self, entity_id: TrainingEntityId) -> TrainingEntity | None:
        return self._get(entity_id)
