"""In-memory repository of the courses context: the reference the SQL adapters follow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from formlavoro_adapters.memory.tables import Repository, Schema
from formlavoro_core.courses.query import course_matches, course_sort_key
from formlavoro_core.offers.query import paginate_newest_first

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.courses.model import Course
    from formlavoro_core.courses.query import CourseQuery
    from formlavoro_core.ids import CourseId, TrainingEntityId
    from formlavoro_core.paging import Page, PageRequest

__all__ = ["COURSES", "SCHEMAS", "InMemoryCourses"]

COURSES = Schema("course", lambda c: c.id, {})
SCHEMAS = (COURSES,)


class InMemoryCourses(Repository["Course"]):
    def get(self, course_id: CourseId) -> Course | None:
        return self._get(course_id)

    def search(self, query: CourseQuery, page: PageRequest, *, now: dt.datetime) -> Page[Course]:
        found = [course for course in self._all() if course_matches(course, query, now=now)]
        found.sort(key=course_sort_key, reverse=True)
        return paginate_newest_first(found, page, key=course_sort_key)

    def by_entity(self, entity_id: TrainingEntityId, page: PageRequest) -> Page[Course]:
        found = [course for course in self._all() if course.entity == entity_id]
        found.sort(key=course_sort_key, reverse=True)
        return paginate_newest_first(found, page, key=course_sort_key)
