"""Sample applications to offers, with their status history.

``sample_applications()`` spreads them over offers and citizens, so that both
orders of the repository are exercised.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from formlavoro_core.applications.model import Application, ApplicationStatus, StatusChange
from formlavoro_core.cv.attachments import AttachmentFormat
from formlavoro_core.cv.model import (
    Address,
    AttachmentRef,
    CvContent,
    Experience,
    LanguageSkill,
    PersonalData,
    Preferences,
    Qualifications,
    Skill,
    Study,
)
from formlavoro_core.ids import ApplicationId, AttachmentId, CvId, OfferId
from formlavoro_core.reference import DrivingLicence, EducationLevel, LanguageLevel, SkillCategory
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.samples.events import FAIR
from formlavoro_core.testing.samples.offers import _TRATTORIA
from formlavoro_core.testing.samples.scene import ANNA, BRUNO, CARLA, DAY, HOUR, T0
from formlavoro_core.values import EmailAddress, PhoneNumber, Postcode

__all__ = ["sample_application", "sample_applications"]


_APPLICANT = CvContent(
    personal=PersonalData(
        given_name="Anna",
        family_name="Rossi",
        birth_date=dt.date(1985, 12, 10),
        email=EmailAddress("anna@example.it"),
        phone=PhoneNumber("+39 010 123456"),
        residence=Address(
            municipality=MunicipalityCode("D969"), street="Via Roma 1", postcode=Postcode("16121")
        ),
    ),
    experiences=(
        Experience(
            job_title="Cuoca",
            employer="Trattoria da Pina",
            start=dt.date(2019, 1, 1),
            end=dt.date(2021, 6, 30),
            profession=ProfessionCode("5.2.2.1.0"),
        ),
    ),
    studies=(Study(level=EducationLevel.UPPER_SECONDARY, title="Diploma alberghiero"),),
    languages=(LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE),),
    skills=(Skill(category=SkillCategory.PROFESSIONAL, description="Pasta fresca"),),
    qualifications=Qualifications(driving_licences=(DrivingLicence.B,)),
    preferences=Preferences(professions=(ProfessionCode("5.2.2.1.0"),)),
)
_ATTACHMENT = AttachmentRef(
    id=AttachmentId(long_id("attachment-1")),
    filename="lettera.pdf",
    format=AttachmentFormat.PDF,
    size=2048,
    sha256="a" * 64,
    uploaded_at=T0 - DAY,
)


def sample_application(number: int = 1, **changes: Any) -> Application:
    """Anna's application ``application-<number>`` to ``offer-01``, sent at T0, viewed later.

    ``submitted_at`` moves the whole history; other ``changes`` override fields.
    """
    submitted_at = changes.pop("submitted_at", T0)
    application = Application(
        id=ApplicationId(long_id(f"application-{number}")),
        offer=OfferId(long_id("offer-01")),
        offer_title="Aiuto cuoco",
        publisher=_TRATTORIA,
        event=FAIR,
        citizen=ANNA,
        cv=CvId(long_id("cv-1")),
        applicant=_APPLICANT,
        cover_letter="Ho lavorato tre anni in una trattoria del centro.",
        attachment=_ATTACHMENT,
        history=(
            StatusChange(status=ApplicationStatus.SUBMITTED, at=submitted_at),
            StatusChange(status=ApplicationStatus.VIEWED, at=submitted_at + HOUR),
        ),
    )
    return attrs.evolve(application, **changes)


def sample_applications() -> tuple[Application, ...]:
    """Six applications of three citizens to three offers, with ties in submission time."""
    waiter, builder = OfferId(long_id("offer-02")), OfferId(long_id("offer-03"))
    return (
        sample_application(1),
        sample_application(2, offer=waiter, submitted_at=T0 + 2 * HOUR),
        sample_application(3, citizen=BRUNO, submitted_at=T0 + HOUR),
        sample_application(4, citizen=BRUNO, offer=waiter, submitted_at=T0 + 2 * HOUR),
        sample_application(5, citizen=CARLA, submitted_at=T0 + HOUR),
        sample_application(6, offer=builder, submitted_at=T0 + 2 * HOUR),
    )
