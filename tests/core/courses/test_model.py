"""The course model and query as values: vocabularies, rules, the matching definition."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from formlavoro_core.codec import Codec
from formlavoro_core.courses.model import Certificate, CourseDetails, CourseType, TrainingSector
from formlavoro_core.courses.query import CourseQuery, course_matches
from formlavoro_core.errors import InvalidInput
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference._vocabulary import Vocabulary
from formlavoro_core.testing.course_contract import sample_course
from tests.core.courses.builders import course_details
from tests.support import reference

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("vocabulary", [TrainingSector, CourseType, Certificate])
def test_co_4_vocabularies_have_lower_snake_values_and_both_labels(
    vocabulary: type[Vocabulary],
) -> None:
    """CO-4: the closed lists have stable lower_snake values and Italian/English labels."""
    for member in vocabulary:
        assert member.value == member.name.lower()
        assert member.label_it
        assert member.label_en


def test_co_4_course_types_are_the_three_of_the_manual() -> None:
    """CO-4: course type is funded by the Region, recognised by the Region, or other."""
    assert [kind.value for kind in CourseType] == [
        "funded_by_region",
        "recognised_by_region",
        "other",
    ]


def test_details_arrive_from_plain_data_with_every_problem_at_its_path() -> None:
    codec = Codec.for_input(reference())
    data = Codec.for_documents().unstructure(course_details())
    assert codec.parse(data, CourseDetails) == course_details()
    data |= {"sector": "cooking", "hours": "600", "ends_on": "2026-02-30", "extra": 1}
    error = codec.parse(data, CourseDetails)
    assert isinstance(error, InvalidInput)
    assert sorted(str(problem) for problem in error.problems) == [
        "ends_on: not a date (YYYY-MM-DD)",
        "extra: unknown field",
        "hours: expected an integer",
        "sector: not one of " + ", ".join(repr(sector.value) for sector in TrainingSector),
    ]


def test_a_deadline_after_the_last_day_is_refused_but_a_late_entry_is_allowed() -> None:
    late_entry = course_details(
        starts_on=dt.date(2026, 3, 9), enrolment_deadline=dt.date(2026, 3, 20)
    )
    assert list(late_entry.problems()) == []
    after_end = course_details(enrolment_deadline=dt.date(2026, 12, 19))
    assert [str(p) for p in after_end.problems()] == [
        "enrolment_deadline: on or before the last day"
    ]


def test_course_details_round_trip_through_the_course() -> None:
    course = sample_course(1)
    assert course.details == CourseDetails(
        **{field.name: getattr(course, field.name) for field in attrs.fields(CourseDetails)}
    )
    assert course.is_paid
    assert not attrs.evolve(course, cost_cents=0).is_paid
    assert not attrs.evolve(course, cost_cents=None).is_paid


def test_co_1_a_course_is_listed_before_its_enrolment_closes_and_not_withdrawn() -> None:
    """CO-1: listed only before enrolment closes, and never once withdrawn."""
    course = sample_course(1, enrolment_closes_at=NOW)
    assert course.is_listed(NOW - dt.timedelta(microseconds=1))
    assert not course.is_listed(NOW)
    withdrawn = course.withdrawn(NOW - dt.timedelta(days=1))
    assert not withdrawn.is_listed(NOW - dt.timedelta(hours=1))
    assert not course_matches(withdrawn, CourseQuery(), now=NOW - dt.timedelta(hours=1))


def test_co_4_the_education_filter_compares_by_rank() -> None:
    """CO-4: a course up to a level is open to every level ranked at or below it."""
    course = sample_course(1, max_education_level=EducationLevel.UPPER_SECONDARY)
    early = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
    for level in EducationLevel:
        query = CourseQuery(max_education_level=level)
        expected = level.rank <= EducationLevel.UPPER_SECONDARY.rank
        assert course_matches(course, query, now=early) is expected, level
