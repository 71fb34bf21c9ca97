"""Sample CVs: every section filled, published when asked."""

from __future__ import annotations

import datetime as dt

from formlavoro_core.cv.attachments import AttachmentFormat
from formlavoro_core.cv.model import (
    Address,
    AttachmentRef,
    Cv,
    Entry,
    Experience,
    Gender,
    LanguageSkill,
    PersonalData,
    Preferences,
    Publication,
    Qualifications,
    Skill,
    Study,
)
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.ids import AccountId, AttachmentId, CvId, EntryId
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    SkillCategory,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, SectorCode
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.samples.accounts import _FISCAL_CODES
from formlavoro_core.testing.samples.scene import T0
from formlavoro_core.values import EmailAddress, PhoneNumber, Postcode

__all__ = ["sample_cv"]


def sample_cv(
    owner: AccountId, *, cv_id: str = long_id("cv-1"), expires_at: dt.datetime | None = None
) -> Cv:
    """A CV with every section filled and, when ``expires_at`` is given, published."""
    publication = (
        Publication(published_at=T0, expires_at=expires_at) if expires_at is not None else None
    )
    return Cv(
        id=CvId(cv_id),
        owner=owner,
        personal=PersonalData(
            given_name="Anna",
            family_name="Rossi",
            fiscal_code=FiscalCode.parse(_FISCAL_CODES[0]),
            birth_date=dt.date(1985, 12, 10),
            gender=Gender.FEMALE,
            citizenship="IT",
            email=EmailAddress("anna@example.it"),
            phone=PhoneNumber("+39 010 123456"),
            residence=Address(
                municipality=MunicipalityCode("D969"),
                street="Via Roma 1",
                postcode=Postcode("16121"),
            ),
        ),
        experiences=(
            Entry(
                id=EntryId(long_id("e1")),
                value=Experience(
                    job_title="Cuoca",
                    employer="Trattoria da Pina",
                    start=dt.date(2019, 1, 1),
                    end=dt.date(2021, 6, 30),
                    profession=ProfessionCode("5.2.2.1.0"),
                    place=MunicipalityCode("D969"),
                    description="Primi piatti e dolci, ordini ai fornitori.",
                ),
            ),
        ),
        studies=(
            Entry(
                id=EntryId(long_id("s1")),
                value=Study(
                    level=EducationLevel.UPPER_SECONDARY, title="Diploma alberghiero", year=2004
                ),
            ),
        ),
        languages=(
            Entry(
                id=EntryId(long_id("l1")),
                value=LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE),
            ),
        ),
        skills=(
            Entry(
                id=EntryId(long_id("k1")),
                value=Skill(category=SkillCategory.IT, description="Fogli di calcolo"),
            ),
        ),
        qualifications=Qualifications(
            ministry=(MinistryQualification.BOAT_LICENCE,),
            associations=("Ordine dei geologi",),
            driving_licences=(DrivingLicence.B, DrivingLicence.AM),
        ),
        preferences=Preferences(
            professions=(ProfessionCode("5.2.2.1.0"),),
            sectors=(SectorCode("I"),),
            available_to_travel=True,
            working_conditions=(WorkingCondition.FULL_TIME,),
            contract_types=(ContractType.PERMANENT,),
            notes="Disponibile da subito.",
        ),
        attachments=(
            AttachmentRef(
                id=AttachmentId(long_id("a1")),
                filename="cv.pdf",
                format=AttachmentFormat.PDF,
                size=1234,
                sha256="0" * 64,
                uploaded_at=T0,
            ),
        ),
        publication=publication,
        created_at=T0,
        updated_at=T0,
    )
