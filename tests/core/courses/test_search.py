"""Searching courses: only open ones are listed (CO-1), each filter optional (CO-4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from formlavoro_core.courses.model import Certificate, Course, CourseType, TrainingSector
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.errors import InvalidInput
from formlavoro_core.ids import AccountId, CompanyId
from formlavoro_core.paging import PageRequest
from formlavoro_core.principals import (
    ANONYMOUS,
    CitizenPrincipal,
    CompanyPrincipal,
    Principal,
    TrainingEntityPrincipal,
)
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode
from tests.core.courses.builders import course_details, register_entity
from tests.support import START, World, failure, ok, world


def _publish(w: World, *, entity_name: str = "Centro Formazione Àncora", **changes: Any) -> Course:
    """Publish a course one minute after the previous one, so the order is known."""
    entity = register_entity(w, entity_name)
    w.clock.advance(dt.timedelta(minutes=1))
    return ok(w.portal.courses.publish(entity, course_details(**changes)))


def _titles(w: World, query: CourseQuery, actor: Principal = ANONYMOUS) -> list[str]:
    return [course.title for course in ok(w.portal.courses.search(actor, query)).items]


@pytest.mark.parametrize(
    ("deadline", "closes_at"),
    [
        (dt.date(2026, 3, 20), dt.datetime(2026, 3, 20, 23, 0, tzinfo=dt.UTC)),  # CET
        (dt.date(2026, 3, 28), dt.datetime(2026, 3, 28, 23, 0, tzinfo=dt.UTC)),  # eve of CEST
        (dt.date(2026, 4, 10), dt.datetime(2026, 4, 10, 22, 0, tzinfo=dt.UTC)),  # CEST
        (dt.date(2026, 10, 24), dt.datetime(2026, 10, 24, 22, 0, tzinfo=dt.UTC)),  # eve of CET
        (dt.date(2026, 10, 25), dt.datetime(2026, 10, 25, 23, 0, tzinfo=dt.UTC)),  # CET again
    ],
)
def test_co_1_a_course_is_listed_until_local_midnight_after_its_deadline(
    deadline: dt.date, closes_at: dt.datetime
) -> None:
    """CO-1: the deadline is a day in Europe/Rome; the course leaves lists at its end."""
    w = world()
    course = _publish(w, enrolment_deadline=deadline)
    assert course.enrolment_closes_at == closes_at
    w.clock.set(closes_at - dt.timedelta(microseconds=1))
    assert _titles(w, CourseQuery()) == ["Aiuto cuoco"]
    ok(w.portal.courses.card(ANONYMOUS, course.id))
    w.clock.set(closes_at)
    assert _titles(w, CourseQuery()) == []
    assert ok(w.portal.courses.search(ANONYMOUS, CourseQuery())).total == 0
    assert failure(w.portal.courses.card(ANONYMOUS, course.id)).code == "course.enrolment_closed"


def test_co_1_lists_open_courses_newest_first_in_pages() -> None:
    """CO-1: open courses newest first, in pages; closed and withdrawn ones are left out."""
    w = world()
    _publish(w, title="Closing today", enrolment_deadline=START.date())
    for title in ("First", "Second", "Third"):
        _publish(w, title=title)
    withdrawn = _publish(w, title="Withdrawn")
    ok(w.portal.courses.withdraw(TrainingEntityPrincipal(withdrawn.entity), withdrawn.id))
    assert _titles(w, CourseQuery()) == ["Third", "Second", "First", "Closing today"]
    w.clock.set(dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC))
    first = ok(w.portal.courses.search(ANONYMOUS, CourseQuery(), PageRequest(size=2)))
    assert [c.title for c in first.items] == ["Third", "Second"]
    assert first.total == 3
    rest = ok(
        w.portal.courses.search(
            ANONYMOUS, CourseQuery(), PageRequest(size=2, after=first.next_after)
        )
    )
    assert [c.title for c in rest.items] == ["First"]
    assert rest.next_after is None


@pytest.mark.parametrize(
    "actor",
    [ANONYMOUS, CitizenPrincipal(AccountId("anna")), CompanyPrincipal(CompanyId("acme"))],
    ids=lambda actor: type(actor).__name__,
)
def test_co_1_anyone_searches_courses(actor: Principal) -> None:
    """CO-1: anyone, logged in or not, searches the listed courses."""
    w = world()
    _publish(w)
    assert _titles(w, CourseQuery(), actor) == ["Aiuto cuoco"]


def test_co_4_filter_with_internship() -> None:
    """CO-4: with internship (and, when false, without)."""
    w = world()
    _publish(w, title="Stage", with_internship=True)
    _publish(w, title="Classroom", with_internship=False)
    assert _titles(w, CourseQuery(with_internship=True)) == ["Stage"]
    assert _titles(w, CourseQuery(with_internship=False)) == ["Classroom"]


def test_co_4_filter_paid_means_a_cost_above_zero_is_set() -> None:
    """CO-4: paid (a cost is set); no cost and a zero cost are free."""
    w = world()
    _publish(w, title="No cost", cost_cents=None)
    _publish(w, title="Zero", cost_cents=0)
    _publish(w, title="Paid", cost_cents=45_000)
    assert _titles(w, CourseQuery(paid=True)) == ["Paid"]
    assert _titles(w, CourseQuery(paid=False)) == ["Zero", "No cost"]


def test_co_4_filter_training_sector() -> None:
    """CO-4: training sector."""
    w = world()
    _publish(w, title="OSS", sector=TrainingSector.HEALTH_AND_SOCIAL_CARE)
    _publish(w, title="Cuoco", sector=TrainingSector.TOURISM_AND_HOSPITALITY)
    assert _titles(w, CourseQuery(sector=TrainingSector.HEALTH_AND_SOCIAL_CARE)) == ["OSS"]
    assert _titles(w, CourseQuery(sector=TrainingSector.LANGUAGES)) == []


def test_co_4_filter_course_type() -> None:
    """CO-4: course type (funded by the Region, recognised by the Region, other)."""
    w = world()
    _publish(w, title="Funded", course_type=CourseType.FUNDED_BY_REGION)
    _publish(w, title="Recognised", course_type=CourseType.RECOGNISED_BY_REGION)
    _publish(w, title="Other", course_type=CourseType.OTHER)
    for kind, title in (
        (CourseType.FUNDED_BY_REGION, "Funded"),
        (CourseType.RECOGNISED_BY_REGION, "Recognised"),
        (CourseType.OTHER, "Other"),
    ):
        assert _titles(w, CourseQuery(course_type=kind)) == [title]


def test_co_4_filter_certificate_issued() -> None:
    """CO-4: certificate issued."""
    w = world()
    _publish(w, title="Qualifica", certificate=Certificate.PROFESSIONAL_QUALIFICATION)
    _publish(w, title="Frequenza", certificate=Certificate.ATTENDANCE)
    assert _titles(w, CourseQuery(certificate=Certificate.ATTENDANCE)) == ["Frequenza"]
    assert _titles(w, CourseQuery(certificate=Certificate.IFTS)) == []


def test_co_4_filter_maximum_education_level_keeps_courses_open_to_that_level() -> None:
    """CO-4: maximum education level: courses open to someone with that level."""
    w = world()
    _publish(w, title="Open to all", max_education_level=None)
    _publish(w, title="Up to licenza media", max_education_level=EducationLevel.LOWER_SECONDARY)
    _publish(w, title="Up to diploma", max_education_level=EducationLevel.UPPER_SECONDARY)
    by_level = {
        EducationLevel.NONE: ["Up to diploma", "Up to licenza media", "Open to all"],
        EducationLevel.LOWER_SECONDARY: ["Up to diploma", "Up to licenza media", "Open to all"],
        EducationLevel.VOCATIONAL_QUALIFICATION: ["Up to diploma", "Open to all"],
        EducationLevel.UPPER_SECONDARY: ["Up to diploma", "Open to all"],
        EducationLevel.BACHELOR: ["Open to all"],
    }
    for level, titles in by_level.items():
        assert _titles(w, CourseQuery(max_education_level=level)) == titles, level


def test_co_4_filter_name_is_partial_and_ignores_case_and_accents() -> None:
    """CO-4: name (partial, case- and accent-insensitive)."""
    w = world()
    _publish(w, title="Pasticceria e Caffè")
    _publish(w, title="Cucina   ligure")
    _publish(w, title="Caffetteria")
    assert _titles(w, CourseQuery(name="CAFFE")) == ["Caffetteria", "Pasticceria e Caffè"]
    assert _titles(w, CourseQuery(name="cina lig")) == ["Cucina   ligure"]
    assert _titles(w, CourseQuery(name="ceria e caf")) == ["Pasticceria e Caffè"]
    assert _titles(w, CourseQuery(name="caffè latte")) == []
    assert len(_titles(w, CourseQuery(name=""))) == 3


def test_co_4_filter_entity_is_partial_and_ignores_case_and_accents() -> None:
    """CO-4: entity (partial, case- and accent-insensitive)."""
    w = world()
    _publish(w, title="A", entity_name="Centro Formazione Àncora")
    _publish(w, title="B", entity_name="Scuola Edile Genovese")
    assert _titles(w, CourseQuery(entity="ANCORA")) == ["A"]
    assert _titles(w, CourseQuery(entity="edile gen")) == ["B"]
    assert _titles(w, CourseQuery(entity="formazione")) == ["A"]
    assert _titles(w, CourseQuery(entity="scuola àncora")) == []


def test_co_4_filters_combine_with_and_and_none_lists_everything() -> None:
    """CO-4: filters combine with AND; without filters every open course is listed."""
    w = world()
    _publish(w, title="Cuoco gratis", with_internship=True, cost_cents=None)
    _publish(w, title="Cuoco a pagamento", with_internship=True, cost_cents=90_000)
    _publish(w, title="Barista gratis", with_internship=False, cost_cents=None)
    query = CourseQuery(with_internship=True, paid=False, name="cuoco")
    assert _titles(w, query) == ["Cuoco gratis"]
    assert len(_titles(w, CourseQuery())) == 3


def test_courses_are_filtered_by_place_and_province() -> None:
    """HM-3: courses are also found by their municipality or province."""
    w = world()
    _publish(w, title="Genova", place=MunicipalityCode("D969"))
    _publish(w, title="Spezia", place=MunicipalityCode("E463"))
    assert _titles(w, CourseQuery(province=ProvinceCode("SP"))) == ["Spezia"]
    assert _titles(w, CourseQuery(place=MunicipalityCode("D969"))) == ["Genova"]


def test_co_4_a_bad_query_is_invalid_input_with_paths() -> None:
    """CO-4: a bad query is refused with every problem and its path."""
    w = world()
    error = failure(w.portal.courses.search(ANONYMOUS, CourseQuery(province=ProvinceCode("ZZ"))))
    assert isinstance(error, InvalidInput)
    assert [problem.text.source() for problem in error.problems] == ["province: unknown province"]
    too_long = failure(w.portal.courses.search(ANONYMOUS, CourseQuery(name="x" * 201)))
    assert isinstance(too_long, InvalidInput)
    assert [problem.text.source() for problem in too_long.problems] == [
        "name: at most 200 characters"
    ]
    both = CourseQuery(place=MunicipalityCode("D969"), province=ProvinceCode("GE"))
    assert failure(w.portal.courses.search(ANONYMOUS, both)).code == "input.invalid"


def test_a_foreign_page_cursor_is_invalid_input() -> None:
    w = world()
    _publish(w)
    error = failure(w.portal.courses.search(ANONYMOUS, CourseQuery(), PageRequest(after="%%%")))
    assert isinstance(error, InvalidInput)
    assert [problem.path for problem in error.problems] == ["after"]
