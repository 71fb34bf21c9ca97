"""Course and CV searches in SQL: the core's ``course_matches`` and ``cv_matches``.

The storage contract suite holds each to the same answers as its definition in
``formlavoro_core``; offer searches, steered to their indexes, are in
:mod:`~formlavoro_adapters.sql.search`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, true

from formlavoro_adapters.sql.tables import COURSES, CV_PROFESSIONS, CVS
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.reference import fold_text

__all__ = ["course_where", "cv_where", "like_pattern"]


def like_pattern(needle: str) -> str:
    r"""A LIKE pattern finding ``needle`` anywhere, with ``%``, ``_`` and ``\`` escaped."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def course_where(query: CourseQuery, *, now: dt.datetime) -> list[ColumnElement[bool]]:
    """``course_matches`` in SQL."""
    c = COURSES.c
    where: list[ColumnElement[bool]] = [c.withdrawn.is_(false()), c.enrolment_closes_at > now]
    for name in ("with_internship", "paid"):
        value = getattr(query, name)
        if value is not None:
            where.append(c[name].is_(true()) if value else c[name].is_(false()))
    for name in ("sector", "course_type", "certificate"):
        value = getattr(query, name)
        if value is not None:
            where.append(c[name] == value.value)
    if query.max_education_level is not None:
        where.append(
            or_(
                c.max_education_rank.is_(None),
                c.max_education_rank >= query.max_education_level.rank,
            )
        )
    if query.place is not None:
        where.append(c.place == query.place)
    if query.province is not None:
        where.append(c.province == query.province)
    for name, folded in (("name", c.title_folded), ("entity", c.entity_folded)):
        value = getattr(query, name)
        if value is not None:
            where.append(folded.like(like_pattern(fold_text(value)), escape="\\"))
    return where


def _holds(column: Any, code: str, dialect: str) -> ColumnElement[bool]:
    """Whether a ``,a,b,`` list column holds ``code`` exactly (no wildcards, with case)."""
    position = func.strpos if dialect == "postgresql" else func.instr
    return position(column, f",{code},") > 0


def cv_where(query: CvQuery, *, now: dt.datetime, dialect: str) -> list[ColumnElement[bool]]:
    """``cv_matches`` in SQL."""
    c = CVS.c
    where: list[ColumnElement[bool]] = [c.published_at <= now, c.expires_at > now]
    if query.profession is not None:
        where.append(
            exists().where(
                and_(CV_PROFESSIONS.c.cv_id == c.id, CV_PROFESSIONS.c.code == query.profession)
            )
        )
    if query.municipality is not None:
        where.append(c.municipality == query.municipality)
    if query.province is not None:
        where.append(c.province == query.province)
    if query.education_level is not None:
        where.append(c.education_rank >= query.education_level.rank)
    where += [_holds(c.languages, code, dialect) for code in query.languages]
    where += [_holds(c.licences, licence.value, dialect) for licence in query.driving_licences]
    return where
