"""What citizens search courses by (CO-1, CO-4), as a data specification.

Storage adapters translate a :class:`CourseQuery` into their own queries;
:func:`course_matches` is the definition they must agree with, and
:func:`course_sort_key` the order (newest publication first, then id, both descending).

>>> CourseQuery(name="  Cucina ").problems() == ()
True
>>> [str(problem) for problem in CourseQuery(name="x" * 201).problems()]
['name: at most 200 characters']
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs

from formlavoro_core.courses.model import Certificate, Course, CourseType, TrainingSector
from formlavoro_core.errors import Problem
from formlavoro_core.reference import EducationLevel, fold_text
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProvinceCode,
    optional_municipality,
    optional_province,
)
from formlavoro_core.texts import _

__all__ = ["MAX_FILTER_TEXT", "CourseQuery", "course_matches", "course_sort_key"]

MAX_FILTER_TEXT: Final = 200


@attrs.frozen(kw_only=True)
class CourseQuery:
    """Filters over listed courses, each optional (``None``: no filter), combined with AND.

    Attributes:
        with_internship: ``True``, courses with an internship; ``False``, without.
        paid: ``True``, courses with a cost above zero; ``False``, free ones (no cost
            set, or zero).
        sector: courses of this training sector.
        course_type: funded by the Region, recognised by it, or other.
        certificate: courses issuing this certificate.
        max_education_level: the searcher's education level; courses **open to it**:
            those with no maximum, or whose maximum level ranks at or above it
            **(decided)**. A graduate searching with ``BACHELOR`` does not see
            courses reserved to people without an upper-secondary diploma.
        name: part of the course's title, ignoring case, accents and repeated blanks
            (substring, not word prefix: ``"cina"`` finds "Cucina").
        entity: part of the training entity's name, likewise.
        place: courses delivered in this municipality (HM-3, beyond CO-4).
        province: courses delivered in this province (HM-3, beyond CO-4).

    Blank text filters match every course, so clearing a form field clears the filter.
    """

    with_internship: bool | None = None
    paid: bool | None = None
    sector: TrainingSector | None = None
    course_type: CourseType | None = None
    certificate: Certificate | None = None
    max_education_level: EducationLevel | None = None
    name: str | None = None
    entity: str | None = None
    place: MunicipalityCode | None = attrs.field(default=None, converter=optional_municipality)
    province: ProvinceCode | None = attrs.field(default=None, converter=optional_province)

    def problems(self) -> tuple[Problem, ...]:
        """What is wrong with the query: over-long texts, a place and a province."""
        found = [
            Problem(
                path=path,
                message=_("at most {maximum} characters", maximum=MAX_FILTER_TEXT),
            )
            for path, text in (("name", self.name), ("entity", self.entity))
            if text is not None and len(text) > MAX_FILTER_TEXT
        ]
        if self.place is not None and self.province is not None:
            found.append(
                Problem(path="province", message=_("give a place or a province, not both"))
            )
        return tuple(found)


def _contains(haystack: str, needle: str | None) -> bool:
    return needle is None or fold_text(needle) in fold_text(haystack)


def course_matches(course: Course, query: CourseQuery, *, now: dt.datetime) -> bool:
    """Whether ``course`` is listed at ``now`` (CO-1) and passes every filter (CO-4)."""
    level = query.max_education_level
    return (
        course.is_listed(now)
        and query.with_internship in (None, course.with_internship)
        and query.paid in (None, course.is_paid)
        and query.sector in (None, course.sector)
        and query.course_type in (None, course.course_type)
        and query.certificate in (None, course.certificate)
        and (
            level is None
            or course.max_education_level is None
            or course.max_education_level.is_at_least(level)
        )
        and query.place in (None, course.place)
        and query.province in (None, course.province)
        and _contains(course.title, query.name)
        and _contains(course.entity_name, query.entity)
    )


def course_sort_key(course: Course) -> tuple[dt.datetime, str]:
    """Newest publication first, then by id (both descending)."""
    return (course.published_at, course.id)
