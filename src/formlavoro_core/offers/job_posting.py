"""INT-2: an active offer as schema.org ``JobPosting`` structured data (JSON-LD).

:func:`job_posting` builds a JSON-ready ``dict`` (strings, numbers, booleans, lists,
dicts): the caller serialises it (``json.dumps``) into a
``<script type="application/ld+json">`` on the offer's page. It carries the properties
Google's job-posting structured data requires (``title``, ``description``,
``datePosted``, ``hiringOrganization``, ``jobLocation``) and those it recommends
(``validThrough``, ``employmentType``, ``identifier``, ``directApply``), plus
``educationRequirements``, ``experienceRequirements``, ``occupationalCategory``,
``industry``, ``totalJobOpenings`` and ``workHours`` where the offer says them.

Decisions (see ``docs/interop.md`` for the tables):

* ``employmentType`` comes from the contract type and the working conditions
  (:data:`CONTRACT_EMPLOYMENT_TYPES`, :data:`CONDITION_EMPLOYMENT_TYPES`), without
  repeats, in that order; when neither says anything it is left out rather than guessed.
* Working conditions about hours (shifts, nights, weekends, holidays, flexible hours)
  become ``workHours``; remote work adds ``jobLocationType: TELECOMMUTE`` with Italy as
  the applicants' location, and the workplace stays as ``jobLocation``.
* ``addressRegion`` is the region (schema.org: the first-level division of the country),
  ``addressLocality`` the municipality; the library knows no street or postcode of a
  workplace, so they are left out.
* ``description`` is the offer's text as HTML: escaped, one ``<br>`` per line break.
* ``validThrough`` is the first instant the offer is no longer listed (the end of its
  last day in the portal's zone), with the zone's offset.
* ``directApply`` is true for a standard offer with preselection: the citizen applies
  on the portal's page; event offers need the event first (EV-5) and say false.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any, Final

import attrs

from formlavoro_core.ids import CompanyId, CpiId
from formlavoro_core.offers.model import Offer, PublisherKind
from formlavoro_core.reference import ContractType, EducationLevel, WorkingCondition

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork
    from formlavoro_core.runtime import Dependencies

__all__ = [
    "CONDITION_EMPLOYMENT_TYPES",
    "CONTRACT_EMPLOYMENT_TYPES",
    "CREDENTIAL_CATEGORIES",
    "HiringOrganization",
    "JobPlace",
    "job_posting",
    "posting_of",
]

SCHEMA_ORG: Final = "https://schema.org/"

CONTRACT_EMPLOYMENT_TYPES: Final[dict[ContractType, tuple[str, ...]]] = {
    ContractType.PERMANENT: (),
    ContractType.FIXED_TERM: ("TEMPORARY",),
    ContractType.TEMPORARY_AGENCY: ("TEMPORARY",),
    ContractType.APPRENTICESHIP: ("OTHER",),
    ContractType.INTERNSHIP: ("INTERN",),
    ContractType.COORDINATED_COLLABORATION: ("CONTRACTOR",),
    ContractType.SELF_EMPLOYMENT: ("CONTRACTOR",),
    ContractType.ON_CALL: ("PER_DIEM",),
    ContractType.OCCASIONAL: ("PER_DIEM",),
}
"""Google's ``employmentType`` values each contract type stands for.

A permanent contract says nothing of the hours (the working conditions do); an Italian
apprenticeship is an employment contract with training, neither an internship nor
temporary work, hence ``OTHER``.
"""

CONDITION_EMPLOYMENT_TYPES: Final[dict[WorkingCondition, str]] = {
    WorkingCondition.FULL_TIME: "FULL_TIME",
    WorkingCondition.PART_TIME: "PART_TIME",
    WorkingCondition.PART_TIME_HORIZONTAL: "PART_TIME",
    WorkingCondition.PART_TIME_VERTICAL: "PART_TIME",
    WorkingCondition.PART_TIME_MIXED: "PART_TIME",
    WorkingCondition.SEASONAL_WORK: "TEMPORARY",
}
"""Google's ``employmentType`` values the working conditions add."""

_WORK_HOURS: Final = (
    WorkingCondition.SHIFT_WORK,
    WorkingCondition.NIGHT_WORK,
    WorkingCondition.WEEKEND_WORK,
    WorkingCondition.HOLIDAY_WORK,
    WorkingCondition.FLEXIBLE_HOURS,
)

CREDENTIAL_CATEGORIES: Final[dict[EducationLevel, str]] = {
    EducationLevel.VOCATIONAL_QUALIFICATION: "professional certificate",
    EducationLevel.VOCATIONAL_DIPLOMA: "professional certificate",
    EducationLevel.UPPER_SECONDARY: "high school",
    EducationLevel.IFTS: "professional certificate",
    EducationLevel.ITS: "associate degree",
    EducationLevel.BACHELOR: "bachelor degree",
    EducationLevel.MASTER: "postgraduate degree",
    EducationLevel.DOCTORATE: "postgraduate degree",
}
"""Google's ``credentialCategory`` for each education level; lower levels have none."""

NO_REQUIREMENTS: Final = "no requirements"
"""Google's wording for an offer that asks for no education or no experience."""


def _text(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.strip().splitlines())


def _employment_types(offer: Offer) -> list[str]:
    found = list(CONTRACT_EMPLOYMENT_TYPES[offer.contract_type])
    found += [
        CONDITION_EMPLOYMENT_TYPES[condition]
        for condition in offer.working_conditions
        if condition in CONDITION_EMPLOYMENT_TYPES
    ]
    return list(dict.fromkeys(found))


def _education(level: EducationLevel | None) -> object:
    if level is None:
        return NO_REQUIREMENTS
    credential: dict[str, Any] = {
        "@type": "EducationalOccupationalCredential",
        "educationalLevel": level.label_en,
    }
    if level in CREDENTIAL_CATEGORIES:
        credential["credentialCategory"] = CREDENTIAL_CATEGORIES[level]
    return credential


@attrs.frozen(kw_only=True)
class HiringOrganization:
    """The publisher as ``hiringOrganization``: its name and, when known, its website."""

    name: str
    website: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The ``Organization`` node."""
        node: dict[str, Any] = {"@type": "Organization", "name": self.name}
        if self.website:
            node["sameAs"] = self.website
        return node


@attrs.frozen(kw_only=True)
class JobPlace:
    """The workplace as names: municipality, region (and country, always Italy)."""

    locality: str
    region: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The ``Place`` node with its ``PostalAddress``."""
        address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": self.locality}
        if self.region:
            address["addressRegion"] = self.region
        address["addressCountry"] = "IT"
        return {"@type": "Place", "address": address}


def job_posting(
    offer: Offer,
    *,
    organization: HiringOrganization,
    place: JobPlace,
    timezone: dt.tzinfo,
    profession_title: str | None = None,
    sector_title: str | None = None,
) -> dict[str, Any]:
    """The ``JobPosting`` of a published offer, as JSON-ready data (INT-2).

    Args:
        offer: an offer with a publication time (the caller checks it is active).
        organization: the publisher's name and website.
        place: the workplace's names.
        timezone: the portal's zone: ``datePosted`` is the local day of publication.
        profession_title: the CP2021 title of the offer's profession, if known.
        sector_title: the ATECO title of the offer's sector, if any.
    """
    published = offer.published_at or offer.created_at
    posting: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "JobPosting",
        "title": offer.title,
        "description": _text(offer.description),
        "identifier": {
            "@type": "PropertyValue",
            "name": organization.name,
            "value": str(offer.id),
        },
        "datePosted": published.astimezone(timezone).date().isoformat(),
        "validThrough": offer.expires_at.astimezone(timezone).isoformat(),
        "hiringOrganization": organization.as_json(),
        "jobLocation": place.as_json(),
        "directApply": offer.preselection and offer.event is None,
        "totalJobOpenings": offer.positions,
        "educationRequirements": _education(offer.education_level),
        "experienceRequirements": (
            "previous work experience" if offer.requires_experience else NO_REQUIREMENTS
        ),
    }
    employment_types = _employment_types(offer)
    if employment_types:
        posting["employmentType"] = employment_types
    hours = [c.label_en for c in _WORK_HOURS if c in offer.working_conditions]
    if hours:
        posting["workHours"] = ", ".join(hours)
    if WorkingCondition.REMOTE_WORK in offer.working_conditions:
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = {"@type": "Country", "name": "IT"}
    category = f"ISTAT CP2021 {offer.profession}"
    posting["occupationalCategory"] = (
        f"{category} {profession_title}" if profession_title else category
    )
    if sector_title:
        posting["industry"] = sector_title
    return posting


def posting_of(uow: UnitOfWork, deps: Dependencies, offer: Offer) -> dict[str, Any]:
    """:func:`job_posting` of ``offer``, with the names the portal knows.

    The publisher's record gives its website; the reference data the municipality, the
    region, the profession's and the sector's titles.
    """
    publisher = offer.publisher
    record = (
        uow.companies.get(CompanyId(publisher.id))
        if publisher.kind is PublisherKind.COMPANY
        else uow.employment_centres.get(CpiId(publisher.id))
    )
    reference = deps.reference
    place = reference.municipality(offer.workplace)
    province = reference.province(offer.province)
    profession = reference.profession(offer.profession)
    sector = reference.sector(offer.sector) if offer.sector else None
    return job_posting(
        offer,
        organization=HiringOrganization(
            name=publisher.name, website=record.contacts.website if record else None
        ),
        place=JobPlace(
            locality=place.name if place else str(offer.workplace),
            region=province.region if province else None,
        ),
        timezone=deps.config.timezone,
        profession_title=profession.title if profession else None,
        sector_title=sector.title if sector else None,
    )
