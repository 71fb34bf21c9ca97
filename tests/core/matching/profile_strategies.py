"""Hypothesis strategies of CV profiles for the ranking tests (MA-1, MA-5)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from formlavoro_core.ids import CvId
from formlavoro_core.matching.profiles import (
    CvProfile,
    ExperienceSpan,
)
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)
from tests.core.matching.builders import TODAY

__all__ = ["CODES", "PLACES", "profiles"]

CODES = ("5.2.2.1.0", "5.2.2.1.9", "5.2.2.4.0", "5.2.1.1.0", "5.1.1.1.0", "2.1.1.4.1", "8.1.3.1.0")
PLACES = (("D969", "GE"), ("A001", "GE"), ("E463", "SP"), ("F205", "MI"), (None, None))

profiles = st.builds(
    lambda number, codes, place, travel, level, english, licence, months, ended: CvProfile(
        id=CvId(f"cv-{number:04d}"),
        professions=tuple(ProfessionCode(code) for code in codes),
        experiences=(
            ExperienceSpan(
                profession=ProfessionCode(codes[0]),
                start=TODAY - dt.timedelta(days=30 * months),
                end=TODAY - dt.timedelta(days=7 * months) if ended else None,
            ),
        )
        if codes and months
        else (),
        municipality=MunicipalityCode(place[0]) if place[0] else None,
        province=ProvinceCode(place[1]) if place[1] else None,
        education=level,
        studying=level,
        languages=(("en", english),) if english else (),
        licences=frozenset({DrivingLicence.B}) if licence else frozenset(),
        available_to_travel=travel,
        sectors=(SectorCode("I"),) if months % 2 else (),
        working_conditions=frozenset({WorkingCondition.FULL_TIME}) if months % 3 else frozenset(),
        contract_types=frozenset({ContractType.FIXED_TERM}) if months % 5 else frozenset(),
    ),
    st.integers(0, 9999),
    st.lists(st.sampled_from(CODES), max_size=2, unique=True),
    st.sampled_from(PLACES),
    st.sampled_from([None, True, False]),
    st.sampled_from([None, *EducationLevel]),
    st.sampled_from([None, *LanguageLevel]),
    st.booleans(),
    st.integers(0, 40),
    st.booleans(),
)
