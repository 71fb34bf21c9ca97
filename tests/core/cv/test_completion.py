"""How complete a CV is (CV-3, CV-4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from formlavoro_core.cv.completion import CompletionWeights, Section, completion_of
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
from formlavoro_core.reference import (
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    SkillCategory,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode
from formlavoro_core.testing.strategies import cv_contents
from formlavoro_core.values import EmailAddress, PhoneNumber
from tests.support import ANNA, failure, ok, world

WEIGHTS = CompletionWeights()
FULL_PERSONAL = PersonalData(
    given_name="Anna",
    family_name="Rossi",
    fiscal_code=ANNA,
    birth_date=dt.date(1985, 12, 10),
    email=EmailAddress("anna@example.it"),
    phone=PhoneNumber("+39 010 123456"),
    residence=Address(municipality=MunicipalityCode("D969")),
)
FULL = CvContent(
    personal=FULL_PERSONAL,
    experiences=(Experience(job_title="Cuoca", employer="Da Pina", start=dt.date(2019, 1, 1)),),
    studies=(Study(level=EducationLevel.UPPER_SECONDARY, title="Diploma alberghiero"),),
    languages=(LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE),),
    skills=(Skill(category=SkillCategory.BASIC, description="Lavoro di squadra"),),
    qualifications=Qualifications(driving_licences=(DrivingLicence.B,)),
    preferences=Preferences(
        professions=(ProfessionCode("5.2.2.1.0"),),
        available_to_travel=False,
        working_conditions=(WorkingCondition.FULL_TIME,),
    ),
)


def test_cv_4_an_empty_cv_is_0_percent_and_a_full_one_100() -> None:
    """CV-4: an empty cv is 0 percent and a full one 100."""
    assert completion_of(CvContent(), WEIGHTS).percent == 0
    full = completion_of(FULL, WEIGHTS)
    assert full.percent == 100
    assert full.missing == ()


def test_cv_4_default_weights_are_documented_and_sum_to_100() -> None:
    """CV-4: default weights are documented and sum to 100."""
    assert {section: WEIGHTS.of(section) for section in Section} == {
        Section.PERSONAL: 30,
        Section.EXPERIENCES: 20,
        Section.STUDIES: 15,
        Section.LANGUAGES: 10,
        Section.SKILLS: 10,
        Section.QUALIFICATIONS: 5,
        Section.PREFERENCES: 10,
    }
    assert WEIGHTS.total == 100


def test_cv_4_the_score_is_the_weighted_share_of_required_fields() -> None:
    """CV-4: the score is the weighted share of required fields."""
    content = CvContent(
        personal=PersonalData(given_name="Anna", family_name="Rossi"),
        studies=(Study(level=EducationLevel.BACHELOR),),
    )
    completion = completion_of(content, WEIGHTS)
    # personal 2/7 of 30, studies 1/2 of 15
    assert completion.ratio == (Fraction(2, 7) * 30 + Fraction(1, 2) * 15) / 100
    assert completion.percent == 16


def test_cv_4_weights_are_configuration() -> None:
    """CV-4: weights are configuration."""
    only_skills = CompletionWeights(
        personal=0, experiences=0, studies=0, languages=0, skills=1, qualifications=0, preferences=0
    )
    content = CvContent(skills=FULL.skills)
    assert completion_of(content, only_skills).percent == 100
    with pytest.raises(ValueError, match="positive weight"):
        CompletionWeights(
            personal=0,
            experiences=0,
            studies=0,
            languages=0,
            skills=0,
            qualifications=0,
            preferences=0,
        )
    with pytest.raises(ValueError, match="negative"):
        CompletionWeights(personal=-1)


def test_cv_3_missing_required_fields_are_named_by_path() -> None:
    """CV-3: missing required fields are named by path."""
    content = attrs.evolve(
        FULL,
        personal=attrs.evolve(FULL_PERSONAL, phone=None),
        experiences=(*FULL.experiences, Experience(job_title="Cameriera")),
        studies=(Study(level=EducationLevel.BACHELOR),),
        skills=(),
        preferences=attrs.evolve(FULL.preferences, available_to_travel=None),
    )
    completion = completion_of(content, WEIGHTS)
    assert completion.missing == (
        "personal.phone",
        "experiences[1].employer",
        "experiences[1].start",
        "studies[0].title",
        "skills",
        "preferences.available_to_travel",
    )
    assert not completion.of(Section.EXPERIENCES).is_complete
    assert completion.of(Section.EXPERIENCES).score == 1  # its best entry is complete
    assert completion.of(Section.LANGUAGES).is_complete


@given(cv_contents())
def test_cv_4_completion_stays_between_0_and_100(content: CvContent) -> None:
    """CV-4: completion stays between 0 and 100."""
    completion = completion_of(content, WEIGHTS)
    assert 0 <= completion.ratio <= 1
    assert 0 <= completion.percent <= 100
    assert (completion.percent == 100) == (completion.missing == ())


PERSONAL_VALUES: dict[str, Any] = {
    **{field.name: getattr(FULL_PERSONAL, field.name) for field in attrs.fields(PersonalData)},
    "gender": Gender.FEMALE,
    "citizenship": "IT",
}


def _set_personal(content: CvContent, name: str, value: Any) -> CvContent:
    return attrs.evolve(content, personal=attrs.evolve(content.personal, **{name: value}))


def _set_experience(content: CvContent, index: int, name: str, value: Any) -> CvContent:
    experiences = list(content.experiences)
    experiences[index] = attrs.evolve(experiences[index], **{name: value})
    return attrs.evolve(content, experiences=tuple(experiences))


def _append(content: CvContent, section: str, value: Any) -> CvContent:
    extended: Any = (*getattr(content, section), value)
    return attrs.evolve(content, **{section: extended})


def _add_association(content: CvContent) -> CvContent:
    associations = (*content.qualifications.associations, "Ordine X")
    return attrs.evolve(
        content, qualifications=attrs.evolve(content.qualifications, associations=associations)
    )


def _travel(content: CvContent) -> CvContent:
    return attrs.evolve(
        content, preferences=attrs.evolve(content.preferences, available_to_travel=True)
    )


def _fills(content: CvContent) -> list[Callable[[CvContent], CvContent]]:
    """Every way to fill one more thing in ``content``."""
    fills: list[Callable[[CvContent], CvContent]] = [
        partial(_set_personal, name=name, value=value)
        for name, value in PERSONAL_VALUES.items()
        if getattr(content.personal, name) is None
    ]
    fills += [
        partial(_set_experience, index=index, name=name, value=getattr(FULL.experiences[0], name))
        for index, experience in enumerate(content.experiences)
        for name in ("job_title", "employer", "start")
        if getattr(experience, name) is None
    ]
    fills += [
        partial(_append, section="experiences", value=Experience(job_title="x")),
        partial(_append, section="studies", value=Study(level=EducationLevel.NONE)),
        partial(_append, section="skills", value=FULL.skills[0]),
        _add_association,
    ]
    if content.preferences.available_to_travel is None:
        fills.append(_travel)
    return fills


@given(cv_contents(), st.data())
def test_cv_4_filling_a_field_never_lowers_the_completion(
    content: CvContent, data: st.DataObject
) -> None:
    """CV-4: filling a field never lowers the completion."""
    fill = data.draw(st.sampled_from(_fills(content)))
    before = completion_of(content, WEIGHTS)
    after = completion_of(fill(content), WEIGHTS)
    assert after.ratio >= before.ratio


def test_cv_10_attachments_do_not_count_for_completion() -> None:
    """CV-10: attachments do not count for completion."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    before = ok(w.portal.cv.completion(citizen, cv.id))
    ok(w.portal.cv.add_attachment(citizen, cv.id, filename="cv.pdf", content=b"%PDF-1.4\n%%EOF\n"))
    assert ok(w.portal.cv.completion(citizen, cv.id)) == before


def test_cv_3_completion_of_another_citizens_cv_is_not_found() -> None:
    """CV-3: completion of another citizens cv is not found."""
    w = world()
    _, cv = w.citizen_with_cv()
    from tests.support import MARIO  # noqa: PLC0415

    other = w.login(MARIO)
    assert failure(w.portal.cv.completion(other, cv.id)).code == "cv.not_found"
