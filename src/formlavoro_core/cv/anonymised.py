"""What a company sees of a published CV before the citizen unlocks it (CV-12).

No name, fiscal code, contacts, birth date or address, and no attachment: only the
professional content and the municipality of residence (coarse enough for matching by
place). Free-text fields are the citizen's own words; the notes of the preferences are
left out because people tend to write phone numbers there.
"""

from __future__ import annotations

import datetime as dt

import attrs

from formlavoro_core.cv.model import Cv, Experience, LanguageSkill, Qualifications, Skill, Study
from formlavoro_core.ids import CvId
from formlavoro_core.reference import ContractType, WorkingCondition
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, SectorCode

__all__ = ["AnonymisedCv", "AnonymisedPreferences", "anonymise"]


@attrs.frozen(kw_only=True)
class AnonymisedPreferences:
    """The preferences without the free-text notes."""

    professions: tuple[ProfessionCode, ...]
    sectors: tuple[SectorCode, ...]
    available_to_travel: bool | None
    working_conditions: tuple[WorkingCondition, ...]
    contract_types: tuple[ContractType, ...]


@attrs.frozen(kw_only=True)
class AnonymisedCv:
    """A CV with every personal datum removed."""

    id: CvId
    residence_municipality: MunicipalityCode | None
    experiences: tuple[Experience, ...]
    studies: tuple[Study, ...]
    languages: tuple[LanguageSkill, ...]
    skills: tuple[Skill, ...]
    qualifications: Qualifications
    preferences: AnonymisedPreferences
    published_at: dt.datetime | None
    expires_at: dt.datetime | None


def anonymise(cv: Cv) -> AnonymisedCv:
    """Return the anonymised view of ``cv``.

    The municipality of residence is kept (not the street or postcode): companies
    filter by place, and a municipality alone does not identify a person.
    """
    residence = cv.personal.residence
    preferences = cv.preferences
    return AnonymisedCv(
        id=cv.id,
        residence_municipality=residence.municipality if residence else None,
        experiences=tuple(entry.value for entry in cv.experiences),
        studies=tuple(entry.value for entry in cv.studies),
        languages=tuple(entry.value for entry in cv.languages),
        skills=tuple(entry.value for entry in cv.skills),
        qualifications=cv.qualifications,
        preferences=AnonymisedPreferences(
            professions=preferences.professions,
            sectors=preferences.sectors,
            available_to_travel=preferences.available_to_travel,
            working_conditions=preferences.working_conditions,
            contract_types=preferences.contract_types,
        ),
        published_at=cv.publication.published_at if cv.publication else None,
        expires_at=cv.publication.expires_at if cv.publication else None,
    )
