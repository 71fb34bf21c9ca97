"""Matching in SQL: profiles kept beside CVs and offers, cells read by index (MA-1, MA-5).

Profiles are stored as compact JSON arrays (positional, written and read only here) so
that a cell of a few thousand candidates decodes in milliseconds. Every write of a CV or
an offer rewrites its profile rows, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from sqlalchemy import delete, insert, or_, select
from sqlalchemy.sql.elements import ColumnElement

from formlavoro_adapters.sql.matching_tables import (
    CELL_FACTS,
    CV_PROFILE_CODES,
    CV_PROFILES,
    OFFER_PROFILES,
)
from formlavoro_core.cv.model import Cv
from formlavoro_core.ids import CvId, OfferId
from formlavoro_core.matching.bounds import CvFacts, cv_facts
from formlavoro_core.matching.offer_bounds import OfferFacts, offer_facts
from formlavoro_core.matching.profiles import (
    CvCell,
    CvProfile,
    ExperienceSpan,
    OfferCell,
    OfferProfile,
    profession_prefixes,
)
from formlavoro_core.offers.model import Offer, OfferStatus, RequiredLanguage
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)

__all__ = [
    "cv_facts_columns",
    "cv_profile_rows",
    "decode_cv_profile",
    "decode_offer_profile",
    "encode_cv_profile",
    "encode_offer_profile",
    "offer_facts_columns",
    "offer_profile_row",
    "select_cv_profiles",
    "select_offer_profiles",
    "write_cv_profile",
    "write_offer_profile",
]

Execute = Callable[..., Any]

# Enum lookups by value, without the enum machinery's call (decoding is the hot path).
_CONTRACT = {item.value: item for item in ContractType}
_LICENCE = {item.value: item for item in DrivingLicence}
_EDUCATION = {item.value: item for item in EducationLevel}
_LEVEL = {item.value: item for item in LanguageLevel}
_QUALIFICATION = {item.value: item for item in MinistryQualification}
_CONDITION = {item.value: item for item in WorkingCondition}


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def encode_cv_profile(profile: CvProfile) -> str:
    """The profile as compact JSON."""
    return orjson.dumps(
        [
            profile.id,
            list(profile.professions),
            [[s.profession, _day(s.start), _day(s.end)] for s in profile.experiences],
            profile.municipality,
            profile.province,
            profile.education.value if profile.education else None,
            profile.studying.value if profile.studying else None,
            [[code, level.value] for code, level in profile.languages],
            sorted(item.value for item in profile.licences),
            sorted(item.value for item in profile.qualifications),
            list(profile.sectors),
            profile.available_to_travel,
            sorted(item.value for item in profile.contract_types),
            sorted(item.value for item in profile.working_conditions),
        ]
    ).decode()


def decode_cv_profile(text: str) -> CvProfile:
    """The profile :func:`encode_cv_profile` wrote."""
    (
        key, professions, spans, municipality, province, education, studying,
        languages, licences, qualifications, sectors, travel, contracts, conditions,
    ) = orjson.loads(text)  # fmt: skip
    return CvProfile(
        id=CvId(key),
        professions=tuple(ProfessionCode(code) for code in professions),
        experiences=tuple(
            ExperienceSpan(
                profession=ProfessionCode(code),
                start=dt.date.fromisoformat(start),
                end=dt.date.fromisoformat(end) if end else None,
            )
            for code, start, end in spans
        ),
        municipality=MunicipalityCode(municipality) if municipality else None,
        province=ProvinceCode(province) if province else None,
        education=_EDUCATION[education] if education else None,
        studying=_EDUCATION[studying] if studying else None,
        languages=tuple((code, _LEVEL[level]) for code, level in languages),
        licences=frozenset(_LICENCE[item] for item in licences),
        qualifications=frozenset(_QUALIFICATION[item] for item in qualifications),
        sectors=tuple(SectorCode(code) for code in sectors),
        available_to_travel=travel,
        contract_types=frozenset(_CONTRACT[item] for item in contracts),
        working_conditions=frozenset(_CONDITION[item] for item in conditions),
    )


def encode_offer_profile(profile: OfferProfile) -> str:
    """The profile as compact JSON."""
    return orjson.dumps(
        [
            profile.id,
            profile.profession,
            profile.workplace,
            profile.province,
            profile.contract_type.value,
            profile.sort_time.isoformat(),
            profile.sector,
            sorted(item.value for item in profile.working_conditions),
            profile.education_level.value if profile.education_level else None,
            [[item.language, item.level.value] for item in profile.languages],
            sorted(item.value for item in profile.licences),
            sorted(item.value for item in profile.qualifications),
        ]
    ).decode()


def decode_offer_profile(text: str) -> OfferProfile:
    """The profile :func:`encode_offer_profile` wrote."""
    (
        key, profession, workplace, province, contract, sort_time, sector, conditions,
        education, languages, licences, qualifications,
    ) = orjson.loads(text)  # fmt: skip
    return OfferProfile(
        id=OfferId(key),
        profession=ProfessionCode(profession),
        workplace=MunicipalityCode(workplace),
        province=ProvinceCode(province),
        contract_type=_CONTRACT[contract],
        sort_time=dt.datetime.fromisoformat(sort_time),
        sector=SectorCode(sector) if sector else None,
        working_conditions=frozenset(_CONDITION[item] for item in conditions),
        education_level=_EDUCATION[education] if education else None,
        languages=tuple(
            RequiredLanguage(language=code, level=_LEVEL[level]) for code, level in languages
        ),
        licences=frozenset(_LICENCE[item] for item in licences),
        qualifications=frozenset(_QUALIFICATION[item] for item in qualifications),
    )


def cv_facts_columns(facts: CvFacts) -> dict[str, Any]:
    """The ``cv_profiles`` columns that hold ``facts`` (a facet between commas)."""
    return {
        "municipality": facts.municipality,
        "travel": facts.travel,
        "education": facts.education,
        "closed_days": facts.closed_days,
        "open_count": facts.open_count,
        "open_since": facts.open_since,
        "facets": _facets(facts.facets),
    }


def offer_facts_columns(facts: OfferFacts) -> dict[str, Any]:
    """The ``offer_profiles`` columns that hold ``facts``."""
    return {
        "workplace": facts.workplace,
        "category": facts.category,
        "education": facts.education,
        "languages": facts.languages,
        "requirements": facts.requirements,
        "facets": _facets(facts.facets),
    }


def _facets(tokens: frozenset[str]) -> str:
    return "," + "".join(f"{token}," for token in sorted(tokens))


def cv_profile_rows(cv: Cv) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The ``cv_profiles`` row and ``cv_profile_codes`` rows of a CV (none if unpublished).

    Each code row repeats the profile row's window and facts (:data:`CELL_FACTS`).
    """
    publication = cv.publication
    if publication is None:
        return None, []
    profile = CvProfile.of(cv)
    province = cv.residence_province or ""
    row = {
        "cv_id": cv.id,
        "province": cv.residence_province,
        "published_at": publication.published_at,
        "expires_at": publication.expires_at,
        "profile": encode_cv_profile(profile),
        **cv_facts_columns(cv_facts(profile)),
    }
    codes = sorted(
        {prefix for code in profile.all_professions for prefix in profession_prefixes(code)}
    )
    facts = {name: row[name] for name in CELL_FACTS}
    return row, [{"code": code, "province": province, "cv_id": cv.id, **facts} for code in codes]


def write_cv_profile(execute: Execute, cv: Cv) -> None:
    """Replace the profile rows of ``cv`` (the codes go with their profile row)."""
    execute(delete(CV_PROFILES).where(CV_PROFILES.c.cv_id == cv.id))
    execute(delete(CV_PROFILE_CODES).where(CV_PROFILE_CODES.c.cv_id == cv.id))
    row, codes = cv_profile_rows(cv)
    if row is not None:
        execute(insert(CV_PROFILES), [row])
        if codes:
            execute(insert(CV_PROFILE_CODES), codes)


def offer_profile_row(offer: Offer) -> dict[str, Any] | None:
    """The ``offer_profiles`` row of an offer, ``None`` unless active and standard."""
    if offer.status is not OfferStatus.ACTIVE or offer.is_event_offer:
        return None
    prefixes = profession_prefixes(offer.profession)
    profile = OfferProfile.of(offer)
    return {
        "offer_id": offer.id,
        **{
            f"prof_{level}": prefixes[level - 1] if level <= len(prefixes) else None
            for level in range(1, 6)
        },
        "province": offer.province,
        "expires_at": offer.expires_at,
        "profile": encode_offer_profile(profile),
        **offer_facts_columns(offer_facts(profile)),
    }


def write_offer_profile(execute: Execute, offer: Offer) -> None:
    """Replace the profile row of ``offer``."""
    execute(delete(OFFER_PROFILES).where(OFFER_PROFILES.c.offer_id == offer.id))
    row = offer_profile_row(offer)
    if row is not None:
        execute(insert(OFFER_PROFILES), [row])


def _in(column: ColumnElement[Any], values: Sequence[str]) -> ColumnElement[bool]:
    return column == values[0] if len(values) == 1 else column.in_(values)


def select_cv_profiles(cell: CvCell, *, now: dt.datetime) -> Any:
    """The statement of a CV cell: profiles of published CVs, by code and province."""
    p = CV_PROFILES.c
    live = (p.published_at <= now, p.expires_at > now)
    if cell.profession is None:
        where = [*live]
        if cell.provinces is not None:
            where.append(_in(p.province, cell.provinces))
        return select(p.profile).where(*where)
    c = CV_PROFILE_CODES.c
    where = [c.code == cell.profession, *live]
    if cell.provinces is not None:
        where.append(_in(c.province, cell.provinces))
    return (
        select(p.profile)
        .select_from(CV_PROFILE_CODES.join(CV_PROFILES, p.cv_id == c.cv_id))
        .where(*where)
    )


def select_offer_profiles(cell: OfferCell, *, now: dt.datetime) -> Any:
    """The statement of an offer cell: profiles of active offers, by code and province."""
    o = OFFER_PROFILES.c
    where: list[ColumnElement[bool]] = [o.expires_at > now]
    if cell.provinces is not None:
        where.append(_in(o.province, cell.provinces))
    if cell.professions:
        by_level: dict[int, list[str]] = {}
        for code in cell.professions:
            by_level.setdefault(code.count(".") + 1, []).append(code)
        where.append(
            or_(*(_in(o[f"prof_{level}"], codes) for level, codes in sorted(by_level.items())))
        )
    return select(o.profile).where(*where)
