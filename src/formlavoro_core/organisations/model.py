"""The organisations that publish on the portal: companies, CPIs, training entities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from formlavoro_core.errors import Problem
from formlavoro_core.ids import CompanyId, CpiId, TrainingEntityId
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode
from formlavoro_core.texts import _
from formlavoro_core.values import EmailAddress, PhoneNumber

__all__ = [
    "Company",
    "Contacts",
    "EmploymentCentre",
    "OrganisationDetails",
    "TrainingEntity",
]

MAX_NAME = 200


@attrs.frozen(kw_only=True)
class Contacts:
    """How people reach an organisation (CO-2, CO-3: enrolment goes through them)."""

    email: EmailAddress | None = None
    phone: PhoneNumber | None = None
    website: str | None = None
    address: str | None = None
    municipality: MunicipalityCode | None = None

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the contacts."""
        if self.email is None and self.phone is None:
            yield Problem(path="", message=_("give an email address or a phone number"))
        if self.website is not None and not self.website.startswith(("https://", "http://")):
            yield Problem(path="website", message=_("a web address starting with https://"))
        for name in ("website", "address"):
            value = getattr(self, name)
            if value is not None and not 1 <= len(value.strip()) <= MAX_NAME:
                yield Problem(path=name, message=_("1 to {maximum} characters", maximum=MAX_NAME))


@attrs.frozen(kw_only=True)
class OrganisationDetails:
    """What an operator enters to register any organisation."""

    name: str
    contacts: Contacts
    tax_code: str | None = None
    province: ProvinceCode | None = None

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the details."""
        if not 1 <= len(self.name.strip()) <= MAX_NAME:
            yield Problem(path="name", message=_("1 to {maximum} characters", maximum=MAX_NAME))
        if self.tax_code is not None and not (
            self.tax_code.isalnum() and 11 <= len(self.tax_code) <= 16  # noqa: PLR2004
        ):
            yield Problem(path="tax_code", message=_("a VAT number or fiscal code"))


@attrs.frozen(kw_only=True)
class Company:
    """An employer: publishes offers, browses anonymised CVs, reviews applications."""

    id: CompanyId
    name: str
    contacts: Contacts
    tax_code: str | None = None
    created_at: dt.datetime
    version: int = 0


@attrs.frozen(kw_only=True)
class EmploymentCentre:
    """A public employment centre (CPI): publishes offers and organises events."""

    id: CpiId
    name: str
    contacts: Contacts
    province: ProvinceCode | None = None
    created_at: dt.datetime
    version: int = 0


@attrs.frozen(kw_only=True)
class TrainingEntity:
    """A training entity: publishes courses; citizens enrol through its contacts."""

    id: TrainingEntityId
    name: str
    contacts: Contacts
    tax_code: str | None = None
    created_at: dt.datetime
    version: int = 0
