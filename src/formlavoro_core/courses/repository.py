"""Repository port of the courses context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.courses.model import Course
    from formlavoro_core.courses.query import CourseQuery
    from formlavoro_core.ids import CourseId, TrainingEntityId
    from formlavoro_core.paging import Page, PageRequest

__all__ = ["CourseRepository"]


class CourseRepository(Protocol):
    """Training courses, keyed by id."""

    def get(self, course_id: CourseId, /) -> Course | None:
        """Return the course, whatever its state, or ``None``."""
        ...

    def add(self, course: Course, /) -> Course:
        """Insert a new course (version 0 -> 1); ``DuplicateKeyError`` if the id exists."""
        ...

    def update(self, course: Course, /) -> Course:
        """Store a changed course whose ``version`` is the stored one; return it bumped.

        Raises ``ConcurrencyConflictError`` when the stored version differs.
        """
        ...

    def search(self, query: CourseQuery, page: PageRequest, *, now: dt.datetime) -> Page[Course]:
        """Return the courses listed at ``now`` that match ``query``, newest first.

        The semantics are ``formlavoro_core.courses.query.course_matches`` (listed
        courses only: not withdrawn, enrolment deadline not passed) and
        ``course_sort_key`` (publication time, then id, both descending), paged as
        ``formlavoro_core.offers.query.paginate_newest_first`` does. Raises
        ``BadCursor`` for a cursor that is not one of ours.
        """
        ...

    def by_entity(self, entity_id: TrainingEntityId, page: PageRequest) -> Page[Course]:
        """Return every course of one entity, whatever its state, newest first.

        Same order and paging as :meth:`search`; raises ``BadCursor`` likewise.
        """
        ...
