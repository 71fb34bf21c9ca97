"""Sample unlock requests and the published CVs that companies search.

``sample_talent_cvs()`` and ``sample_cv_queries()`` exercise every filter and the
order of the company search over published CVs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from formlavoro_core.cv.model import (
    Address,
    Cv,
    Entry,
    Experience,
    LanguageSkill,
    PersonalData,
    Preferences,
    Publication,
    Qualifications,
    Study,
)
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.ids import AccountId, CompanyId, CvId, EntryId, UnlockRequestId
from formlavoro_core.reference import DrivingLicence, EducationLevel, LanguageLevel
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode
from formlavoro_core.talent.model import UnlockChange, UnlockRequest, UnlockStatus
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.samples.scene import (
    _PROVINCE_OF,
    ANNA,
    BRUNO,
    CARLA,
    DAY,
    HOUR,
    MICROSECOND,
    T0,
)

__all__ = [
    "sample_cv_queries",
    "sample_talent_cv",
    "sample_talent_cvs",
    "sample_unlock_request",
    "sample_unlock_requests",
]


def sample_unlock_request(number: int = 1, **changes: Any) -> UnlockRequest:
    """``unlock-<number>``: the Trattoria asked for Anna's ``cv-1`` and she said yes a day later.

    ``requested_at`` (default T0) moves the whole history.
    """
    requested_at = changes.pop("requested_at", T0)
    request = UnlockRequest(
        id=UnlockRequestId(long_id(f"unlock-{number}")),
        company=CompanyId(long_id("company-1")),
        company_name="Trattoria da Pino",
        cv=CvId(long_id("cv-1")),
        citizen=ANNA,
        history=(
            UnlockChange(status=UnlockStatus.REQUESTED, at=requested_at),
            UnlockChange(status=UnlockStatus.UNLOCKED, at=requested_at + DAY),
        ),
    )
    return attrs.evolve(request, **changes)


def sample_unlock_requests() -> tuple[UnlockRequest, ...]:
    """Four requests of two companies about three CVs, each made at its own time."""
    edil = {"company": CompanyId(long_id("company-2")), "company_name": "Edil Liguria srl"}
    return (
        sample_unlock_request(1, requested_at=T0 + HOUR),
        sample_unlock_request(2, **edil),
        sample_unlock_request(
            3, cv=CvId(long_id("cv-2")), citizen=BRUNO, requested_at=T0 + 2 * HOUR
        ),
        sample_unlock_request(
            4, **edil, cv=CvId(long_id("cv-3")), citizen=CARLA, requested_at=T0 + 3 * HOUR
        ),
    )


def sample_talent_cv(
    number: int,
    *,
    residence: str | None = "D969",
    professions: tuple[str, ...] = ("5.2.2.1.0",),
    worked_as: tuple[str | None, ...] = (),
    levels: tuple[EducationLevel, ...] = (EducationLevel.UPPER_SECONDARY,),
    languages: tuple[str, ...] = ("en",),
    licences: tuple[DrivingLicence, ...] = (DrivingLicence.B,),
    published_at: dt.datetime | None = T0 - 10 * DAY,
    expires_at: dt.datetime = T0 + 80 * DAY,
) -> Cv:
    """``cv-<number>`` of ``owner-<number>`` with what CV searches read (CV-12).

    ``residence`` is a municipality (the province follows), ``professions`` the desired
    ones, ``worked_as`` the professions of past experiences, ``levels`` those of studies.
    ``published_at`` ``None`` leaves the CV a draft.
    """
    publication = (
        None
        if published_at is None
        else Publication(published_at=published_at, expires_at=expires_at)
    )
    return Cv(
        id=CvId(long_id(f"cv-{number}")),
        owner=AccountId(long_id(f"owner-{number}")),
        personal=PersonalData(
            given_name="Anna",
            family_name=f"Rossi {number}",
            residence=None
            if residence is None
            else Address(municipality=MunicipalityCode(residence)),
        ),
        experiences=tuple(
            Entry(
                id=EntryId(long_id(f"e{index}")),
                value=Experience(
                    job_title="Lavoro", profession=None if code is None else ProfessionCode(code)
                ),
            )
            for index, code in enumerate(worked_as)
        ),
        studies=tuple(
            Entry(id=EntryId(long_id(f"s{index}")), value=Study(level=level))
            for index, level in enumerate(levels)
        ),
        languages=tuple(
            Entry(
                id=EntryId(long_id(f"l{index}")),
                value=LanguageSkill(language=code, level=LanguageLevel.ADVANCED),
            )
            for index, code in enumerate(languages)
        ),
        qualifications=Qualifications(driving_licences=licences),
        preferences=Preferences(professions=tuple(ProfessionCode(code) for code in professions)),
        publication=publication,
        residence_province=None if residence is None else ProvinceCode(_PROVINCE_OF[residence]),
        created_at=T0 - 200 * DAY,
        updated_at=T0 - 20 * DAY,
    )


def sample_talent_cvs() -> tuple[Cv, ...]:
    """Eight CVs: five published at T0, one expired, one a draft, one published tomorrow.

    Two were published at the same instant (the id breaks the tie); ``cv-4`` expires a
    day after T0, exactly when ``cv-8`` is published.
    """
    return (
        sample_talent_cv(1, languages=("en", "fr")),
        sample_talent_cv(
            2,
            residence="E463",
            professions=(),
            worked_as=("5.2.2.3.1", None),
            levels=(EducationLevel.BACHELOR, EducationLevel.LOWER_SECONDARY),
            licences=(DrivingLicence.B, DrivingLicence.C),
            published_at=T0 - 5 * DAY,
        ),
        sample_talent_cv(
            3,
            residence="H183",
            professions=("6.1.2.1.0",),
            levels=(EducationLevel.LOWER_SECONDARY,),
            languages=(),
            licences=(DrivingLicence.AM,),
            published_at=T0 - 5 * DAY,
        ),
        sample_talent_cv(
            4,
            residence="I480",
            professions=("2.1.1.4.1", "2.1.1.4.2"),
            worked_as=("5.2.2.1.0",),
            levels=(EducationLevel.MASTER,),
            languages=("de", "en"),
            licences=(),
            published_at=T0 - DAY,
            expires_at=T0 + DAY,
        ),
        sample_talent_cv(5, published_at=T0 - 100 * DAY, expires_at=T0 - 10 * DAY),
        sample_talent_cv(6, published_at=None),
        sample_talent_cv(7, residence=None, levels=(), published_at=T0 - 2 * DAY),
        sample_talent_cv(
            8,
            residence="E290",
            professions=("8.1.4.3.0",),
            levels=(EducationLevel.NONE,),
            published_at=T0 + DAY,
            expires_at=T0 + 91 * DAY,
        ),
    )


def sample_cv_queries() -> tuple[CvQuery, ...]:
    """Every filter of a CV search alone with several values, then combinations."""
    return (
        CvQuery(),
        *(
            CvQuery(profession=ProfessionCode(code))
            for code in ("5", "5.2.2", "5.2.2.1.0", "5.2.2.3", "2.1.1.4", "6", "9")
        ),
        *(CvQuery(municipality=MunicipalityCode(code)) for code in (*_PROVINCE_OF, "A001")),
        *(CvQuery(province=ProvinceCode(code)) for code in ("GE", "SP", "SV", "IM", "TO")),
        *(CvQuery(education_level=level) for level in EducationLevel),
        *(CvQuery(languages=codes) for codes in (("en",), ("en", "fr"), ("de",), ("es",))),
        *(
            CvQuery(driving_licences=licences)
            for licences in (
                (DrivingLicence.B,),
                (DrivingLicence.B, DrivingLicence.C),
                (DrivingLicence.AM,),
                (DrivingLicence.D,),
            )
        ),
        CvQuery(profession=ProfessionCode("5.2.2"), province=ProvinceCode("GE")),
        CvQuery(
            education_level=EducationLevel.LOWER_SECONDARY,
            languages=("en",),
            driving_licences=(DrivingLicence.B,),
        ),
    )


_CV_NOWS = (T0, T0 + DAY - MICROSECOND, T0 + DAY, T0 + 3 * DAY)
