"""The four welcome questions of the first login (ON-1 ... ON-6)."""

from __future__ import annotations

import datetime as dt

import pytest

from formlavoro_core.cv.model import Experience
from formlavoro_core.errors import InvalidInput, Problem
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.failures import OnboardingCompleted, StepOutOfOrder
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    OnboardingStep,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.principals import ANONYMOUS
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference.code_types import ProfessionCode, SectorCode
from tests.support import ANNA, failure, ok, world

SECTORS = SectorsAnswer(sectors=(SectorCode("I"), SectorCode("J")))
PROFESSIONS = ProfessionsAnswer(professions=(ProfessionCode("5.2.2.1.0"),))
EDUCATION = EducationAnswer(in_education=True, highest_level=EducationLevel.UPPER_SECONDARY)
EXPERIENCE = Experience(
    job_title="Aiuto cuoca", employer="Trattoria da Pina", start=dt.date(2019, 5, 1)
)
WORK = WorkAnswer(has_worked=True, experience=EXPERIENCE)

VALID_DATA: dict[str, object] = {
    "sectors": {"sectors": ["I"]},
    "professions": {"professions": ["5.2.2.1.0", "5.2.2.4.0"]},
    "education": {"in_education": False, "highest_level": "bachelor"},
    "work": {
        "has_worked": True,
        "experience": {"job_title": "Cameriera", "employer": "Bar Sport", "start": "2020-06-01"},
    },
}


def test_on_1_the_welcome_step_shows_names_email_and_fiscal_code() -> None:
    """ON-1: the welcome step shows names email and fiscal code."""
    w = world()
    citizen = w.login()
    welcome = ok(w.portal.onboarding.welcome(citizen))
    assert (welcome.given_name, welcome.family_name, welcome.email, welcome.fiscal_code) == (
        "Anna",
        "Rossi",
        "anna.rossi@example.it",
        ANNA,
    )
    assert welcome.next_step is OnboardingStep.SECTORS
    assert not welcome.completed


def test_on_1_anonymous_visitors_have_no_welcome_step() -> None:
    """ON-1: anonymous visitors have no welcome step."""
    assert failure(world().portal.onboarding.welcome(ANONYMOUS)).code == "access.forbidden"


@pytest.mark.parametrize(
    ("sectors", "message"),
    [
        ((), "choose one to 3 sectors"),
        (("I", "J", "C", "I"), "choose one to 3 sectors"),
        (("I", "I"), "contains duplicates"),
    ],
)
def test_on_2_one_to_three_distinct_sectors(sectors: tuple[str, ...], message: str) -> None:
    """ON-2: one to three distinct sectors."""
    w = world()
    citizen = w.login()
    answer = SectorsAnswer(sectors=tuple(SectorCode(code) for code in sectors))
    error = failure(w.portal.onboarding.answer(citizen, answer))
    assert isinstance(error, InvalidInput)
    assert Problem(path="sectors", message=message) in error.problems


def test_on_2_sectors_are_ateco_2025_sections_known_to_the_reference_data() -> None:
    """ON-2: sectors are ateco 2025 sections known to the reference data."""
    w = world()
    citizen = w.login()
    error = failure(
        w.portal.onboarding.answer(
            citizen, SectorsAnswer(sectors=(SectorCode("56"), SectorCode("Z")))
        )
    )
    assert error == InvalidInput(
        problems=(Problem(path="sectors[1]", message="unknown ATECO 2025 code"),)
    )


def test_on_2_a_division_is_refused_as_not_a_section() -> None:
    """ON-2: a division is refused as not a section."""
    w = world()
    citizen = w.login()
    error = failure(w.portal.onboarding.answer(citizen, SectorsAnswer(sectors=(SectorCode("56"),))))
    assert error == InvalidInput(
        problems=(Problem(path="sectors[0]", message="an ATECO section (a letter)"),)
    )


def test_on_3_one_to_three_known_cp2021_professions() -> None:
    """ON-3: one to three known cp2021 professions."""
    w = world()
    citizen = w.login()
    ok(w.portal.onboarding.answer(citizen, SECTORS))
    four = ProfessionsAnswer(
        professions=tuple(ProfessionCode(c) for c in ("5", "5.2", "5.2.2", "2"))
    )
    assert failure(w.portal.onboarding.answer(citizen, four)) == InvalidInput(
        problems=(Problem(path="professions", message="choose one to 3 professions"),)
    )
    unknown = ProfessionsAnswer(professions=(ProfessionCode("9.9.9.9.9"),))
    assert failure(w.portal.onboarding.answer(citizen, unknown)) == InvalidInput(
        problems=(Problem(path="professions[0]", message="unknown ISTAT CP2021 profession code"),)
    )
    state = ok(w.portal.onboarding.answer(citizen, PROFESSIONS))
    assert state.next_step is OnboardingStep.EDUCATION


def test_on_4_in_education_and_the_highest_level_reached() -> None:
    """ON-4: in education and the highest level reached."""
    w = world()
    citizen = w.login()
    for answer in (SECTORS, PROFESSIONS):
        ok(w.portal.onboarding.answer(citizen, answer))
    error = failure(
        w.portal.onboarding.answer_from_data(
            citizen, OnboardingStep.EDUCATION, {"in_education": "yes", "highest_level": "phd"}
        )
    )
    assert isinstance(error, InvalidInput)
    assert [p.path for p in error.problems] == ["in_education", "highest_level"]
    state = ok(w.portal.onboarding.answer(citizen, EDUCATION))
    assert state.education == EDUCATION


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (
            WorkAnswer(has_worked=True),
            Problem(path="experience", message="required when has_worked is true"),
        ),
        (
            WorkAnswer(has_worked=False, experience=EXPERIENCE),
            Problem(path="experience", message="only when has_worked is true"),
        ),
        (
            WorkAnswer(
                has_worked=True, experience=Experience(job_title="Cuoca", start=dt.date(2020, 1, 1))
            ),
            Problem(path="experience.employer", message="required"),
        ),
    ],
)
def test_on_5_the_most_significant_experience_goes_with_having_worked(
    answer: WorkAnswer, problem: Problem
) -> None:
    """ON-5: the most significant experience goes with having worked."""
    w = world()
    citizen = w.login()
    for earlier in (SECTORS, PROFESSIONS, EDUCATION):
        ok(w.portal.onboarding.answer(citizen, earlier))
    assert failure(w.portal.onboarding.answer(citizen, answer)) == InvalidInput(problems=(problem,))


def test_on_6_each_question_comes_before_the_next() -> None:
    """ON-6: each question comes before the next."""
    w = world()
    citizen = w.login()
    assert failure(w.portal.onboarding.answer(citizen, EDUCATION)) == StepOutOfOrder(
        step=OnboardingStep.EDUCATION, expected=OnboardingStep.SECTORS
    )
    ok(w.portal.onboarding.answer(citizen, SECTORS))
    ok(w.portal.onboarding.answer(citizen, SectorsAnswer(sectors=(SectorCode("C"),))))
    ok(w.portal.onboarding.answer(citizen, PROFESSIONS))
    welcome = ok(w.portal.onboarding.welcome(citizen))
    assert welcome.next_step is OnboardingStep.EDUCATION


def test_on_6_until_completed_there_is_no_cv() -> None:
    """ON-6: until completed there is no cv."""
    w = world()
    citizen = w.login()
    ok(w.portal.onboarding.answer(citizen, SECTORS))
    error = failure(w.portal.cv.mine(citizen))
    assert error.code == "onboarding.required"


def test_on_6_the_answers_seed_the_cv_and_onboarding_never_runs_again() -> None:
    """ON-6: the answers seed the cv and onboarding never runs again."""
    w = world()
    citizen = w.login()
    for answer in (SECTORS, PROFESSIONS, EDUCATION, WORK):
        state = ok(w.portal.onboarding.answer(citizen, answer))
    assert state.is_completed
    cv = ok(w.portal.cv.mine(citizen))
    assert cv.preferences.sectors == ("I", "J")
    assert cv.preferences.professions == ("5.2.2.1.0",)
    assert [entry.value.level for entry in cv.studies] == [EducationLevel.UPPER_SECONDARY]
    assert [entry.value for entry in cv.experiences] == [EXPERIENCE]
    assert cv.personal.fiscal_code == ANNA
    assert cv.personal.birth_date == dt.date(1985, 12, 10)
    assert failure(w.portal.onboarding.answer(citizen, SECTORS)) == OnboardingCompleted()
    spid = IdentityAssertion(
        method=LoginMethod.SPID, fiscal_code=ANNA, given_name="Anna", family_name="Rossi"
    )
    signed_in = ok(w.portal.identity.login(ANONYMOUS, spid, consent=w.consent()))
    assert not signed_in.onboarding_pending


def test_on_6_all_four_answers_at_once_from_plain_data() -> None:
    """ON-6: all four answers at once from plain data."""
    w = world()
    citizen = w.login()
    state = ok(w.portal.onboarding.complete_from_data(citizen, VALID_DATA))
    assert state.is_completed
    assert ok(w.portal.cv.mine(citizen)).preferences.professions == ("5.2.2.1.0", "5.2.2.4.0")


def test_on_6_every_mistake_in_the_answers_is_reported_at_once_and_nothing_is_stored() -> None:
    """ON-6: every mistake in the answers is reported at once and nothing is stored."""
    w = world()
    citizen = w.login()
    before = w.storage.dump()
    data = {
        "sectors": {"sectors": ["I", "I", "Q"]},
        "professions": {"professions": "5.2.2.1.0"},
        "education": {"in_education": False, "highest_level": "none", "school": "x"},
        "work": {
            "has_worked": True,
            "experience": {"job_title": "Cameriera", "start": "2020-13-01"},
        },
    }
    error = failure(w.portal.onboarding.complete_from_data(citizen, data))
    assert isinstance(error, InvalidInput)
    assert [problem.text.source() for problem in error.problems] == [
        "sectors.sectors[2]: unknown ATECO 2025 code",
        "professions.professions: expected a list",
        "education.school: unknown field",
        "work.experience.start: not a date (YYYY-MM-DD)",
    ]
    assert w.storage.dump() == before
