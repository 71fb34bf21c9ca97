"""The course storage contract: what every ``CourseRepository`` must do (CO-1, CO-4).

A mixin for :class:`~formlavoro_core.testing.storage_contract.StorageContract`, or for
a suite of its own, that uses the same ``storage`` fixture (a unit-of-work factory)::

    class TestInMemoryCourses(CourseStorageContract):
        def make_storage(self) -> UnitOfWorkFactory:
            return InMemoryStorage()

Searches must answer exactly what :func:`~formlavoro_core.courses.query.course_matches`
defines, in :func:`~formlavoro_core.courses.query.course_sort_key` order, newest first,
paged as :func:`~formlavoro_core.offers.query.paginate_newest_first` pages.

``sample_course`` and ``sample_courses`` live in
:mod:`formlavoro_core.testing.samples.courses` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pytest

from formlavoro_core.courses.model import Course
from formlavoro_core.courses.query import CourseQuery, course_matches, course_sort_key
from formlavoro_core.errors import ConcurrencyConflictError, DuplicateKeyError
from formlavoro_core.ids import CourseId, TrainingEntityId
from formlavoro_core.offers.query import BadCursor
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.samples.courses import (
    _COURSE_NOWS,
    CENTRE,
    SCHOOL,
    _days,
    sample_course,
    sample_course_queries,
    sample_courses,
)
from formlavoro_core.testing.samples.scene import T0

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork, UnitOfWorkFactory


__all__ = ["CourseStorageContract", "sample_course", "sample_courses"]


def _reference(courses: tuple[Course, ...], query: CourseQuery, now: dt.datetime) -> list[Course]:
    found = [course for course in courses if course_matches(course, query, now=now)]
    return sorted(found, key=course_sort_key, reverse=True)


def _stored(courses: tuple[Course, ...]) -> tuple[Course, ...]:
    return tuple(attrs.evolve(course, version=1) for course in courses)


def _add_all(storage: UnitOfWorkFactory, courses: tuple[Course, ...]) -> None:
    with storage() as uow:
        for course in courses:
            uow.courses.add(course)
        uow.commit()


def _update_and_commit(uow: UnitOfWork, course: Course) -> None:
    uow.courses.update(course)
    uow.commit()


def _add_and_commit(uow: UnitOfWork, course: Course) -> None:
    uow.courses.add(course)
    uow.commit()


def _ids(page: Page[Course]) -> list[str]:
    return [course.id for course in page.items]


class CourseStorageContract:
    """Behaviour every course repository must have, through the ``UnitOfWork`` port."""

    def make_storage(self) -> UnitOfWorkFactory:
        """Return a fresh, empty storage (a unit-of-work factory)."""
        raise NotImplementedError

    @pytest.fixture
    def storage(self) -> UnitOfWorkFactory:
        """A fresh storage for each test."""
        return self.make_storage()

    # -- writes -------------------------------------------------------------------------

    def test_courses_round_trip_with_every_field(self, storage: UnitOfWorkFactory) -> None:
        courses = sample_courses()
        with storage() as uow:
            added = [uow.courses.add(course) for course in courses]
            assert uow.courses.get(courses[0].id) == added[0]
            uow.commit()
        assert tuple(added) == _stored(courses)
        with storage() as uow:
            for course in added:
                assert uow.courses.get(course.id) == course
            assert uow.courses.get(CourseId(long_id("no-such-course"))) is None

    def test_a_course_id_is_taken_once(self, storage: UnitOfWorkFactory) -> None:
        _add_all(storage, (sample_course(1),))
        with storage() as uow, pytest.raises(DuplicateKeyError):
            _add_and_commit(uow, sample_course(1, title="Another"))

    def test_course_updates_bump_the_version(self, storage: UnitOfWorkFactory) -> None:
        _add_all(storage, (sample_course(1),))
        with storage() as uow:
            stored = uow.courses.get(CourseId(long_id("course-1")))
            assert stored is not None
            changed = uow.courses.update(attrs.evolve(stored, withdrawn_at=_days(2)))
            uow.commit()
        assert changed.version == 2
        with storage() as uow:
            assert uow.courses.get(CourseId(long_id("course-1"))) == changed

    def test_a_stale_course_write_is_a_conflict(self, storage: UnitOfWorkFactory) -> None:
        _add_all(storage, (sample_course(1),))
        first, second = storage(), storage()
        with first, second:
            mine = first.courses.get(CourseId(long_id("course-1")))
            theirs = second.courses.get(CourseId(long_id("course-1")))
            assert mine is not None
            assert theirs is not None
            second.courses.update(attrs.evolve(theirs, title="Theirs"))
            second.commit()
            with pytest.raises(ConcurrencyConflictError):
                _update_and_commit(first, attrs.evolve(mine, title="Mine"))
        with storage() as uow:
            stored = uow.courses.get(CourseId(long_id("course-1")))
            assert stored is not None
            assert stored.title == "Theirs"

    def test_a_course_update_with_a_made_up_version_is_a_conflict(
        self, storage: UnitOfWorkFactory
    ) -> None:
        with storage() as uow:
            course = uow.courses.add(sample_course(1))
            with pytest.raises(ConcurrencyConflictError):
                uow.courses.update(attrs.evolve(course, version=7))

    # -- search (CO-1, CO-4) ------------------------------------------------------------

    def test_course_search_lists_open_courses_newest_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """CO-1: withdrawn and closed courses are not listed; ties go by id, descending."""
        _add_all(storage, sample_courses())
        with storage() as uow:
            page = uow.courses.search(CourseQuery(), PageRequest(), now=_days(3))
        expected = [
            long_id("course-7"),
            long_id("course-6"),
            long_id("course-4"),
            long_id("course-3"),
            long_id("course-2"),
            long_id("course-1"),
        ]
        assert _ids(page) == expected
        assert (page.total, page.total_is_exact, page.next_after) == (6, True, None)

    def test_course_search_answers_what_course_matches_defines(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """CO-4: every filter, alone and combined, at moments around the deadlines."""
        courses = sample_courses()
        _add_all(storage, courses)
        everything = PageRequest(size=100)
        with storage() as uow:
            for query in sample_course_queries():
                for now in _COURSE_NOWS:
                    expected = _reference(_stored(courses), query, now)
                    page = uow.courses.search(query, everything, now=now)
                    assert list(page.items) == expected, (query, now)
                    assert page.total == len(expected), (query, now)

    def test_course_search_pages_by_cursor_and_by_offset(self, storage: UnitOfWorkFactory) -> None:
        courses = sample_courses()
        _add_all(storage, courses)
        now = _days(3)
        expected = [course.id for course in _reference(courses, CourseQuery(), now)]
        walked: list[str] = []
        with storage() as uow:
            page = uow.courses.search(CourseQuery(), PageRequest(size=4), now=now)
            walked += _ids(page)
            assert page.total == len(expected)
            assert page.next_after is not None
            page = uow.courses.search(
                CourseQuery(), PageRequest(size=4, after=page.next_after), now=now
            )
            walked += _ids(page)
            assert page.next_after is None
            by_offset = uow.courses.search(CourseQuery(), PageRequest(size=2, offset=3), now=now)
        assert walked == expected
        assert _ids(by_offset) == expected[3:5]

    def test_a_course_cursor_continues_after_newer_courses_arrive(
        self, storage: UnitOfWorkFactory
    ) -> None:
        _add_all(storage, sample_courses())
        now = _days(3)
        with storage() as uow:
            first = uow.courses.search(CourseQuery(), PageRequest(size=3), now=now)
        _add_all(storage, (sample_course(9, published_at=_days(2)),))
        with storage() as uow:
            rest = uow.courses.search(
                CourseQuery(), PageRequest(size=3, after=first.next_after), now=now
            )
        assert _ids(first) == [long_id("course-7"), long_id("course-6"), long_id("course-4")]
        assert _ids(rest) == [long_id("course-3"), long_id("course-2"), long_id("course-1")]
        # The total stays the one counted when the search started (the cursor carries it).
        assert rest.total == first.total == 6

    def test_course_search_refuses_a_foreign_cursor(self, storage: UnitOfWorkFactory) -> None:
        _add_all(storage, sample_courses())
        with storage() as uow, pytest.raises(BadCursor):
            uow.courses.search(CourseQuery(), PageRequest(after="not-a-cursor!"), now=T0)

    def test_course_search_sees_the_transactions_own_writes(
        self, storage: UnitOfWorkFactory
    ) -> None:
        with storage() as uow:
            uow.courses.add(sample_course(1, enrolment_closes_at=_days(5)))
            found = uow.courses.search(CourseQuery(name="cucina"), PageRequest(), now=T0)
            assert _ids(found) == [long_id("course-1")]

    # -- an entity's own courses ----------------------------------------------------------

    def test_an_entitys_courses_in_every_state_newest_first(
        self, storage: UnitOfWorkFactory
    ) -> None:
        _add_all(storage, sample_courses())
        with storage() as uow:
            centre = uow.courses.by_entity(CENTRE, PageRequest())
            school = uow.courses.by_entity(SCHOOL, PageRequest(size=2))
            school_rest = uow.courses.by_entity(
                SCHOOL, PageRequest(size=2, after=school.next_after)
            )
            nobody = uow.courses.by_entity(TrainingEntityId(long_id("nobody")), PageRequest())
        assert _ids(centre) == [
            long_id("course-7"),
            long_id("course-5"),
            long_id("course-2"),
            long_id("course-1"),
        ]
        assert centre.total == 4
        assert _ids(school) + _ids(school_rest) == [
            long_id("course-6"),
            long_id("course-4"),
            long_id("course-3"),
            long_id("course-8"),
        ]
        assert (nobody.items, nobody.total) == ((), 0)
