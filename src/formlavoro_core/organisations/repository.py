"""Repository ports of the organisations context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from formlavoro_core.ids import CompanyId, CpiId, TrainingEntityId
    from formlavoro_core.organisations.model import Company, EmploymentCentre, TrainingEntity

__all__ = ["CompanyRepository", "EmploymentCentreRepository", "TrainingEntityRepository"]


class CompanyRepository(Protocol):
    """Registered companies."""

    def get(self, company_id: CompanyId, /) -> Company | None:
        """Return the company, or ``None``."""
        ...

    def add(self, company: Company, /) -> Company:
        """Insert a new company (version 0 -> 1); ``DuplicateKeyError`` if the id exists."""
        ...

    def update(self, company: Company, /) -> Company:
        """Store a changed company (version check; returns it bumped)."""
        ...


class EmploymentCentreRepository(Protocol):
    """Employment centres (CPI)."""

    def get(self, cpi_id: CpiId, /) -> EmploymentCentre | None:
        """Return the centre, or ``None``."""
        ...

    def add(self, centre: EmploymentCentre, /) -> EmploymentCentre:
        """Insert a new centre."""
        ...

    def update(self, centre: EmploymentCentre, /) -> EmploymentCentre:
        """Store a changed centre (version check)."""
        ...


class TrainingEntityRepository(Protocol):
    """Training entities."""

    def get(self, entity_id: TrainingEntityId, /) -> TrainingEntity | None:
        """Return the entity, or ``None``."""
        ...

    def add(self, entity: TrainingEntity, /) -> TrainingEntity:
        """Insert a new entity."""
        ...

    def update(self, entity: TrainingEntity, /) -> TrainingEntity:
        """Store a changed entity (version check)."""
        ...
