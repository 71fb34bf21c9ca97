"""Sample courses of two training entities, and the queries the course search is checked on.

``sample_course(number, **changes)`` builds one course with every field set;
``sample_courses()`` a catalogue chosen to exercise every filter and the order of the
course search (CO-1, CO-4), and ``sample_course_queries()`` the queries asked of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from formlavoro_core.courses.model import Certificate, Course, CourseType, TrainingSector
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.ids import CourseId, TrainingEntityId
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.samples.scene import T0

__all__ = ["CENTRE", "SCHOOL", "sample_course", "sample_course_queries", "sample_courses"]

SCHOOL = TrainingEntityId(long_id("entity-school"))
CENTRE = TrainingEntityId(long_id("entity-centre"))
_NAMES = {SCHOOL: "Scuola Edile Genovese", CENTRE: "Centro Formazione Àncora"}
_PROVINCES = {"D969": "GE", "E463": "SP", "I480": "SV", "E290": "IM"}


def sample_course(number: int = 1, **changes: Any) -> Course:
    """A course with every field set, ``course-<number>``; ``changes`` override fields.

    Its entity is the Genoese building school unless ``entity`` is changed (the other
    entity, ``entity-centre``, gets its own name). The place sets the province.
    """
    entity = changes.pop("entity", SCHOOL)
    place = changes.pop("place", MunicipalityCode("D969"))
    fields: dict[str, Any] = {
        "id": CourseId(long_id(f"course-{number}")),
        "entity": entity,
        "entity_name": _NAMES.get(entity, "Ente di formazione"),
        "title": "Cucina mediterranea",
        "description": "Primi, secondi e dolci della tradizione ligure.",
        "sector": TrainingSector.TOURISM_AND_HOSPITALITY,
        "course_type": CourseType.FUNDED_BY_REGION,
        "certificate": Certificate.PROFESSIONAL_QUALIFICATION,
        "with_internship": True,
        "cost_cents": 25_000,
        "max_education_level": EducationLevel.UPPER_SECONDARY,
        "hours": 600,
        "starts_on": dt.date(2026, 4, 13),
        "ends_on": dt.date(2026, 12, 18),
        "enrolment_deadline": dt.date(2026, 4, 3),
        "place": place,
        "province": ProvinceCode(_PROVINCES.get(place, "GE")),
        "address": "Via XX Settembre 1",
        "seats": 18,
        "published_at": T0,
        "updated_at": T0 + dt.timedelta(minutes=5),
        "enrolment_closes_at": dt.datetime(2026, 4, 3, 22, 0, tzinfo=dt.UTC),
        "withdrawn_at": None,
    }
    fields.update(changes)
    return Course(**fields)


def _hours(number: int) -> dt.datetime:
    return T0 + dt.timedelta(hours=number)


def _days(number: int) -> dt.datetime:
    return T0 + dt.timedelta(days=number)


def sample_courses() -> tuple[Course, ...]:
    """Eight courses that differ in every filtered field, of two entities.

    Two were published at the same instant (the id breaks the tie), one is withdrawn
    and one's enrolment closes after one day.
    """
    return (
        sample_course(
            1,
            entity=CENTRE,
            cost_cents=None,
            max_education_level=None,
            published_at=_hours(1),
            enrolment_closes_at=_days(10),
        ),
        sample_course(
            2,
            entity=CENTRE,
            title="Operatore socio-sanitario (OSS)",
            sector=TrainingSector.HEALTH_AND_SOCIAL_CARE,
            cost_cents=0,
            place=MunicipalityCode("E463"),
            published_at=_hours(2),
            enrolment_closes_at=_days(20),
        ),
        sample_course(
            3,
            title="Excel avanzato",
            sector=TrainingSector.INFORMATION_TECHNOLOGY,
            course_type=CourseType.RECOGNISED_BY_REGION,
            certificate=Certificate.ATTENDANCE,
            with_internship=False,
            cost_cents=35_000,
            max_education_level=None,
            place=MunicipalityCode("I480"),
            address=None,
            seats=None,
            published_at=_hours(3),
            enrolment_closes_at=_days(5),
        ),
        sample_course(
            4,
            title="Sicurezza nei cantieri",
            sector=TrainingSector.SAFETY_AT_WORK,
            course_type=CourseType.OTHER,
            certificate=Certificate.PROFESSIONAL_LICENCE,
            with_internship=False,
            cost_cents=12_000,
            max_education_level=EducationLevel.LOWER_SECONDARY,
            published_at=_hours(4),
            enrolment_closes_at=_days(30),
        ),
        sample_course(
            5,
            entity=CENTRE,
            title="Pasticceria",
            certificate=Certificate.SPECIALISATION,
            cost_cents=None,
            max_education_level=None,
            published_at=_hours(5),
            enrolment_closes_at=_days(30),
            withdrawn_at=_hours(7),
        ),
        sample_course(
            6,
            title="Inglese per il turismo",
            sector=TrainingSector.LANGUAGES,
            course_type=CourseType.RECOGNISED_BY_REGION,
            certificate=Certificate.ATTENDANCE_WITH_ASSESSMENT,
            with_internship=False,
            cost_cents=20_000,
            max_education_level=EducationLevel.BACHELOR,
            place=MunicipalityCode("E290"),
            published_at=_hours(6),
            enrolment_closes_at=_days(15),
        ),
        sample_course(
            7,
            entity=CENTRE,
            title="Saldatura a filo",
            sector=TrainingSector.MECHANICS,
            certificate=Certificate.SKILLS_CERTIFICATION,
            cost_cents=None,
            max_education_level=EducationLevel.VOCATIONAL_DIPLOMA,
            place=MunicipalityCode("E290"),
            published_at=_hours(6),
            enrolment_closes_at=_days(25),
        ),
        sample_course(
            8,
            title="Contabilità di base",
            sector=TrainingSector.ADMINISTRATION,
            course_type=CourseType.OTHER,
            certificate=Certificate.NONE,
            with_internship=False,
            cost_cents=5_000,
            max_education_level=None,
            published_at=T0,
            enrolment_closes_at=_days(1),
        ),
    )


def sample_course_queries() -> Iterator[CourseQuery]:
    """Every filter alone with each of its values, then some combinations."""
    yield CourseQuery()
    for flag in (True, False):
        yield CourseQuery(with_internship=flag)
        yield CourseQuery(paid=flag)
    yield from (CourseQuery(sector=sector) for sector in TrainingSector)
    yield from (CourseQuery(course_type=kind) for kind in CourseType)
    yield from (CourseQuery(certificate=certificate) for certificate in Certificate)
    yield from (CourseQuery(max_education_level=level) for level in EducationLevel)
    for name in ("cucina", "CINA", "socio-san", "  inglese   PER ", "contabilita", "zzz", ""):
        yield CourseQuery(name=name)
    for entity in ("àncora", "EDILE", "scuola edile genovese", "formazione ancora x"):
        yield CourseQuery(entity=entity)
    yield from (CourseQuery(place=MunicipalityCode(code)) for code in _PROVINCES)
    yield from (CourseQuery(province=ProvinceCode(code)) for code in _PROVINCES.values())
    yield CourseQuery(with_internship=True, paid=False, entity="ancora")
    yield CourseQuery(course_type=CourseType.FUNDED_BY_REGION, province=ProvinceCode("IM"))
    yield CourseQuery(max_education_level=EducationLevel.BACHELOR, paid=True, name="e")


_COURSE_NOWS = (_days(0), _days(1) - dt.timedelta(microseconds=1), _days(1), _days(8), _days(40))
