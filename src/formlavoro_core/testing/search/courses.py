"""Hypothesis strategies for course catalogues and course queries.

Course queries match names and entities as people type them: without accents, in
any case, part of a word.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, Final

from hypothesis import strategies as st

from formlavoro_core.courses.model import Certificate, Course, CourseType, TrainingSector
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.ids import CourseId, TrainingEntityId
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.search.vocabulary import (
    _LEVELS,
    _MOMENTS,
    _MUNICIPALITIES,
    _PLACE,
    _PROVINCES,
    LIGURIAN_PLACES,
    _catalogues,
    _phrase,
    _rarely_true,
    _some_filters,
    _text_words,
)

__all__ = ["COURSE_TEXTS", "course_catalogues", "course_queries", "courses"]


COURSE_TEXTS: Final = (
    "Cucina mediterranea",
    "Aiuto  cuoco",
    "Caffè & bar",
    "Corso 100% pratico",
    "Inglese_B2",
    "Sicurezza sul lavoro (D.Lgs. 81/08)",
    "Perché no?",
    "Società dell'Arte",
    "L\u2019Accademia",  # a typographic apostrophe
    "Élite de la pâtisserie",
    "Scuola Edile Genovese",
    "Centro Formazione Àncora",
    "Ente 50%_Formazione",
    "back\\slash",
    "CITTÀ DEI MESTIERI",
)
"""Course titles and entity names: accents, repeated blanks, ``%``, ``_``, a backslash."""

_ENTITIES: Final = (
    (TrainingEntityId(long_id("entity-1")), "Scuola Edile Genovese"),
    (TrainingEntityId(long_id("entity-2")), "Centro Formazione Àncora"),
    (TrainingEntityId(long_id("entity-10")), "Ente 50%_Formazione"),
    (TrainingEntityId(long_id("entity-3")), "Società dell'Arte  e dei Mestieri"),
)
_COURSE_PARTS: Final = st.fixed_dictionaries(
    {
        "entity": st.sampled_from(_ENTITIES),
        "other_name": st.none() | st.sampled_from(COURSE_TEXTS),
        "title": st.sampled_from(COURSE_TEXTS) | _phrase(_text_words(None)),
        "description": _phrase(_text_words(None), max_size=6),
        "sector": st.sampled_from(TrainingSector),
        "course_type": st.sampled_from(CourseType),
        "certificate": st.sampled_from(Certificate),
        "with_internship": st.booleans(),
        "cost_cents": st.none() | st.sampled_from((0, 1, 25_000)),
        "max_education_level": st.none() | _LEVELS,
        "hours": st.integers(1, 400),
        "start_days": st.integers(0, 30),
        "place": _PLACE,
        "address": st.none() | st.just("Via XX Settembre 1"),
        "seats": st.none() | st.integers(1, 30),
        "published_at": _MOMENTS,
        "enrolment_closes_at": _MOMENTS,
        "enrolment_days_later": st.sampled_from((0, 1, 30, 30)),
        "withdrawn": _rarely_true(),
    }
)


def _course(course_id: str, parts: dict[str, Any]) -> Course:
    entity, entity_name = parts.pop("entity")
    other_name = parts.pop("other_name")
    published: datetime.datetime = parts["published_at"]
    starts_on = published.date() + datetime.timedelta(days=parts.pop("start_days"))
    withdrawn = parts.pop("withdrawn")
    parts["enrolment_closes_at"] += datetime.timedelta(days=parts.pop("enrolment_days_later"))
    place: str = parts.pop("place")
    return Course(
        id=CourseId(course_id),
        entity=entity,
        entity_name=other_name or entity_name,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=30),
        enrolment_deadline=starts_on,
        place=MunicipalityCode(place),
        province=ProvinceCode(LIGURIAN_PLACES[place]),
        updated_at=published,
        withdrawn_at=published + datetime.timedelta(hours=1) if withdrawn else None,
        **parts,
    )


def courses(*, course_id: str | None = None) -> st.SearchStrategy[Course]:
    """A course of the search catalogues: listed, closed or withdrawn, every filter drawn.

    Args:
        course_id: its id; by default ``course-<n>``.

    Returns:
        A strategy of new courses (version 0).
    """
    ids = (
        st.just(course_id)
        if course_id
        else st.integers(0, 300).map(lambda n: long_id(f"course-{n}"))
    )
    return st.builds(_course, ids, _COURSE_PARTS)


def course_catalogues(*, max_size: int = 30) -> st.SearchStrategy[tuple[Course, ...]]:
    """From 0 to ``max_size`` courses with distinct ids (see :func:`courses`)."""
    return _catalogues(courses(), max_size)


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _as_written(text: str) -> str:
    return text


_TYPINGS: Final[tuple[Callable[[str], str], ...]] = (
    _as_written,
    str.upper,
    str.lower,
    _without_accents,
)


@st.composite
def _part_of(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    """A piece of one of ``texts``, as typed: other case, accents dropped, blanks before."""
    text = draw(texts)
    start = draw(st.integers(0, len(text)))
    piece = text[start : start + draw(st.integers(0, 12))]
    changed = draw(st.sampled_from(_TYPINGS))(piece)
    return draw(st.sampled_from(("", " ", "  "))) + changed


_OTHER_FILTER_TEXTS: Final = st.text(alphabet="aeiouàèéòcrst %_\\'\u2019", max_size=6)


def course_queries(texts: Sequence[str] = COURSE_TEXTS) -> st.SearchStrategy[CourseQuery]:
    """Valid course queries with up to three filters set.

    Args:
        texts: titles and entity names of the catalogue searched: the name and entity
            filters are pieces of them (in another case, without accents) or other
            short texts with ``%``, ``_``, backslashes and blanks.

    Returns:
        A strategy of queries that :meth:`CourseQuery.problems` accepts.
    """
    part = _part_of(st.sampled_from(texts))
    text = st.one_of(part, part, _OTHER_FILTER_TEXTS)
    filters: dict[str, st.SearchStrategy[Any]] = {
        "with_internship": st.booleans(),
        "paid": st.booleans(),
        "sector": st.sampled_from(TrainingSector),
        "course_type": st.sampled_from(CourseType),
        "certificate": st.sampled_from(Certificate),
        "max_education_level": _LEVELS,
        "name": text,
        "entity": text,
        "place": _MUNICIPALITIES,
        "province": _PROVINCES,
    }
    return _some_filters(filters).map(lambda found: CourseQuery(**found))
