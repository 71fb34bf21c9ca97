"""Failures of the courses context (CO-1)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError
from formlavoro_core.ids import CourseId
from formlavoro_core.texts import Text, _

__all__ = ["CourseWithdrawn", "EnrolmentClosed"]


@attrs.frozen(kw_only=True)
class EnrolmentClosed(DomainError):
    """CO-1: the course's enrolment deadline has passed; it is no longer listed."""

    CODE: ClassVar[str] = "course.enrolment_closed"
    course_id: CourseId
    deadline: dt.date
    closed_at: dt.datetime

    @property
    def text(self) -> Text:
        return _(
            "Enrolment for this course closed on {deadline} (the last day to enrol).",
            deadline=self.deadline,
        )


@attrs.frozen(kw_only=True)
class CourseWithdrawn(DomainError):
    """The training entity withdrew the course; it is no longer listed nor changed."""

    CODE: ClassVar[str] = "course.withdrawn"
    course_id: CourseId
    withdrawn_at: dt.datetime

    @property
    def text(self) -> Text:
        return _(
            "The training entity withdrew this course on {withdrawn_at}.",
            withdrawn_at=self.withdrawn_at,
        )
