"""Hypothesis strategies for the core's value objects, registered for ``st.from_type``.

This module is the home of the value-object strategies that test suites (ours and an
embedding app's) share; each strategy builds valid values with the library's own rules,
and importing the module registers them, so ``st.from_type(FiscalCode)`` just works.

>>> from hypothesis import given
>>> @given(fiscal_codes())
... def test(code: FiscalCode) -> None:
...     assert FiscalCode.parse(str(code).lower()) == code
>>> test()
"""

from __future__ import annotations

import datetime
import string

from hypothesis import strategies as st

from formlavoro_core.cv.model import (
    Address,
    CvContent,
    Experience,
    Gender,
    LanguageSkill,
    PersonalData,
    Preferences,
    Qualifications,
    Skill,
    Study,
)
from formlavoro_core.identity.fiscal_code import (
    MONTH_LETTERS,
    OMOCODIA_LETTERS,
    OMOCODIA_POSITIONS,
    FiscalCode,
    compute_check_character,
)
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    SkillCategory,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
)

__all__ = [
    "cv_contents",
    "fiscal_codes",
    "personal_data",
]

_WOMEN_DAY_OFFSET = 40


def _belfiore_codes() -> st.SearchStrategy[str]:
    return st.builds(
        lambda letter, number: f"{letter}{number:03d}",
        st.sampled_from(string.ascii_uppercase),
        st.integers(min_value=0, max_value=999),
    )


def fiscal_codes(
    *,
    birth_dates: st.SearchStrategy[datetime.date] | None = None,
    birthplaces: st.SearchStrategy[str] | None = None,
    omocodic: bool | None = None,
) -> st.SearchStrategy[FiscalCode]:
    """Valid fiscal codes, built field by field with our own algorithm.

    Args:
        birth_dates: Dates of birth; by default 1900-01-01 to 2099-12-31.
        birthplaces: Cadastral codes (letter + 3 digits); by default any such code,
            existing or not (existence is reference data, not part of the value).
        omocodic: ``True`` for omocodic codes only, ``False`` for none, ``None`` for both.
            Any subset of the seven numeric positions may be substituted.

    Returns:
        A strategy of :class:`FiscalCode`.
    """
    if birth_dates is None:
        birth_dates = st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31))
    if birthplaces is None:
        birthplaces = _belfiore_codes()
    min_size = 1 if omocodic else 0
    max_size = 0 if omocodic is False else len(OMOCODIA_POSITIONS)
    substituted = st.frozensets(
        st.sampled_from(OMOCODIA_POSITIONS), min_size=min_size, max_size=max_size
    )
    return st.builds(
        _compose,
        surname=st.text(string.ascii_uppercase, min_size=3, max_size=3),
        name=st.text(string.ascii_uppercase, min_size=3, max_size=3),
        female=st.booleans(),
        birth_date=birth_dates,
        birthplace=birthplaces,
        substituted=substituted,
    )


def _compose(
    *,
    surname: str,
    name: str,
    female: bool,
    birth_date: datetime.date,
    birthplace: str,
    substituted: frozenset[int],
) -> FiscalCode:
    day = birth_date.day + (_WOMEN_DAY_OFFSET if female else 0)
    month = MONTH_LETTERS[birth_date.month - 1]
    chars = list(f"{surname}{name}{birth_date.year % 100:02d}{month}{day:02d}{birthplace}")
    for position in substituted:
        chars[position] = OMOCODIA_LETTERS[int(chars[position])]
    body = "".join(chars)
    return FiscalCode(body + compute_check_character(body))


st.register_type_strategy(FiscalCode, fiscal_codes())


_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs")), min_size=1, max_size=30
).filter(str.strip)
_DATES = st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2030, 12, 31))


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


def _distinct(
    strategy: st.SearchStrategy[object], max_size: int
) -> st.SearchStrategy[tuple[object, ...]]:
    return st.lists(strategy, max_size=max_size, unique=True).map(tuple)


def personal_data(
    municipalities: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[PersonalData]:
    """Personal data with any subset of the fields filled, each valid when present."""
    municipalities = st.just("D969") if municipalities is None else municipalities
    return st.builds(
        PersonalData,
        given_name=_maybe(_TEXT),
        family_name=_maybe(_TEXT),
        fiscal_code=_maybe(fiscal_codes()),
        birth_date=_maybe(_DATES),
        gender=_maybe(st.sampled_from(Gender)),
        citizenship=_maybe(st.just("IT")),
        email=_maybe(st.from_regex(r"\A[a-z]{1,10}@example\.it\Z")),
        phone=_maybe(st.from_regex(r"\A\+39 [0-9]{6,10}\Z")),
        residence=_maybe(
            st.builds(
                Address, municipality=municipalities.map(MunicipalityCode), street=_maybe(_TEXT)
            )
        ),
    )


def cv_contents(
    *,
    professions: st.SearchStrategy[str] | None = None,
    municipalities: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[CvContent]:
    """Valid CV contents, from empty to complete; codes are drawn from the given ones."""
    professions = st.just("5.2.2.1.0") if professions is None else professions
    municipalities = st.just("D969") if municipalities is None else municipalities
    experience = st.builds(
        Experience,
        job_title=_maybe(_TEXT),
        employer=_maybe(_TEXT),
        start=_maybe(_DATES),
        end=st.none(),
        profession=_maybe(professions.map(ProfessionCode)),
        place=_maybe(municipalities.map(MunicipalityCode)),
    )
    study = st.builds(
        Study,
        level=st.sampled_from(EducationLevel),
        title=_maybe(_TEXT),
        institution=_maybe(_TEXT),
        year=_maybe(st.integers(1950, 2030)),
    )
    languages = st.lists(
        st.builds(
            LanguageSkill,
            language=st.sampled_from(["en", "fr", "de", "es"]),
            level=st.sampled_from(LanguageLevel),
        ),
        max_size=3,
        unique_by=lambda skill: skill.language,
    ).map(tuple)
    return st.builds(
        CvContent,
        personal=personal_data(municipalities),
        experiences=st.lists(experience, max_size=3).map(tuple),
        studies=st.lists(study, max_size=3).map(tuple),
        languages=languages,
        skills=st.lists(
            st.builds(Skill, category=st.sampled_from(SkillCategory), description=_TEXT), max_size=3
        ).map(tuple),
        qualifications=st.builds(
            Qualifications,
            ministry=_distinct(st.sampled_from(MinistryQualification), 2),
            associations=_distinct(_TEXT, 2),
            driving_licences=_distinct(st.sampled_from(DrivingLicence), 3),
        ),
        preferences=st.builds(
            Preferences,
            professions=_distinct(professions.map(ProfessionCode), 3),
            available_to_travel=_maybe(st.booleans()),
            working_conditions=_distinct(st.sampled_from(WorkingCondition), 3),
            contract_types=_distinct(st.sampled_from(ContractType), 2),
        ),
    )
