"""Sample organisations: companies, employment centres and training entities.

Each ``sample_X(number, **changes)`` builds one with every field set.
"""

from __future__ import annotations

from typing import Any

import attrs

from formlavoro_core.ids import CompanyId, CpiId, TrainingEntityId
from formlavoro_core.organisations.model import Company, Contacts, EmploymentCentre, TrainingEntity
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.samples.scene import T0
from formlavoro_core.values import EmailAddress, PhoneNumber

__all__ = ["sample_company", "sample_employment_centre", "sample_training_entity"]


def _contacts(number: int) -> Contacts:
    return Contacts(
        email=EmailAddress(f"info{number}@example.it"),
        phone=PhoneNumber("+39 010 555 0101"),
        website=f"https://example.it/{number}",
        address="Via Garibaldi 12",
        municipality=MunicipalityCode("D969"),
    )


def sample_company(number: int = 1, **changes: Any) -> Company:
    """A company with every field set, ``company-<number>``; ``changes`` override fields."""
    company = Company(
        id=CompanyId(long_id(f"company-{number}")),
        name="Trattoria da Pino",
        contacts=_contacts(number),
        tax_code="01234567890",
        created_at=T0,
    )
    return attrs.evolve(company, **changes)


def sample_employment_centre(number: int = 1, **changes: Any) -> EmploymentCentre:
    """An employment centre with every field set, ``cpi-<number>``."""
    centre = EmploymentCentre(
        id=CpiId(long_id(f"cpi-{number}")),
        name="Centro per l'Impiego di Genova",
        contacts=_contacts(number),
        province=ProvinceCode("GE"),
        created_at=T0,
    )
    return attrs.evolve(centre, **changes)


def sample_training_entity(number: int = 1, **changes: Any) -> TrainingEntity:
    """A training entity with every field set, ``entity-<number>``."""
    entity = TrainingEntity(
        id=TrainingEntityId(long_id(f"entity-{number}")),
        name="Scuola Edile Genovese",
        contacts=_contacts(number),
        tax_code="RSSMRA85T10A562S",
        created_at=T0,
    )
    return attrs.evolve(entity, **changes)
