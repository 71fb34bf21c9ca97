"""Reference data: closed vocabularies and official classifications.

Closed vocabularies are enums with stable values and Italian/English labels (education
levels, contract types, working conditions, licences, language levels, skill
categories). Official classifications (ATECO 2025 sectors, ISTAT CP2021 professions,
municipalities and provinces) are value objects read through the
:class:`ReferenceData` port; :class:`StaticReferenceData` implements it in memory and
``formlavoro_adapters.reference`` provides the file-backed default.
"""

from formlavoro_core.reference.classifications import (
    PROFESSION_LEVELS,
    Municipality,
    Profession,
    Province,
    Sector,
    SectorLevel,
    canonical_sector_code,
    fold_text,
    profession_code_is_well_formed,
    sector_level_of,
    sector_sort_key,
    shared_profession_levels,
)
from formlavoro_core.reference.education import EducationLevel
from formlavoro_core.reference.languages import (
    ISO_639_1,
    CefrLevel,
    LanguageLevel,
    is_language_code,
)
from formlavoro_core.reference.port import (
    PlaceReference,
    ProfessionReference,
    ReferenceData,
    SectorReference,
)
from formlavoro_core.reference.static import StaticReferenceData
from formlavoro_core.reference.vocabularies import (
    ContractType,
    DrivingLicence,
    MinistryQualification,
    SkillCategory,
    WorkingCondition,
)

__all__ = [
    "ISO_639_1",
    "PROFESSION_LEVELS",
    "CefrLevel",
    "ContractType",
    "DrivingLicence",
    "EducationLevel",
    "LanguageLevel",
    "MinistryQualification",
    "Municipality",
    "PlaceReference",
    "Profession",
    "ProfessionReference",
    "Province",
    "ReferenceData",
    "Sector",
    "SectorLevel",
    "SectorReference",
    "SkillCategory",
    "StaticReferenceData",
    "WorkingCondition",
    "canonical_sector_code",
    "fold_text",
    "is_language_code",
    "profession_code_is_well_formed",
    "sector_level_of",
    "sector_sort_key",
    "shared_profession_levels",
]
