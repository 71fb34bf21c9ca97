"""SQL repository of training courses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from formlavoro_adapters.sql.base import SqlRepository
from formlavoro_adapters.sql.course_cv_search import course_where
from formlavoro_adapters.sql.paging import page_of
from formlavoro_adapters.sql.tables import COURSES
from formlavoro_core.courses.model import Course
from formlavoro_core.courses.query import CourseQuery, course_sort_key
from formlavoro_core.ids import CourseId, TrainingEntityId
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.reference import fold_text

__all__ = ["SqlCourses"]


class SqlCourses(SqlRepository[Course]):
    table = COURSES
    entity = "course"
    cls = Course

    def columns(self, aggregate: Course) -> Mapping[str, Any]:
        level = aggregate.max_education_level
        return {
            "entity": aggregate.entity,
            "with_internship": aggregate.with_internship,
            "paid": aggregate.is_paid,
            "sector": aggregate.sector.value,
            "course_type": aggregate.course_type.value,
            "certificate": aggregate.certificate.value,
            "max_education_rank": level.rank if level else None,
            "title_folded": fold_text(aggregate.title),
            "entity_folded": fold_text(aggregate.entity_name),
            "place": aggregate.place,
            "province": aggregate.province,
            "enrolment_closes_at": aggregate.enrolment_closes_at,
            "withdrawn": aggregate.is_withdrawn,
            "sort_time": course_sort_key(aggregate)[0],
        }

    def get(self, course_id: CourseId) -> Course | None:
        return self._get(course_id)

    def search(self, query: CourseQuery, page: PageRequest, *, now: dt.datetime) -> Page[Course]:
        return self._page(course_where(query, now=now), page)

    def by_entity(self, entity_id: TrainingEntityId, page: PageRequest) -> Page[Course]:
        return self._page([COURSES.c.entity == entity_id], page)

    def _page(self, where: Sequence[Any], page: PageRequest) -> Page[Course]:
        return page_of(
            lambda statement: self._execute(statement).all(),
            COURSES,
            where,
            page,
            load=self._load_rows,
            key=course_sort_key,
        )
