"""Training entities publish, change and withdraw their courses (CO-1, SEC-1)."""

from __future__ import annotations

import datetime as dt

import pytest

from formlavoro_core.courses.model import Course, TrainingSector
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.errors import Forbidden, InvalidInput, NotFound
from formlavoro_core.ids import AccountId, CompanyId, CourseId, TrainingEntityId
from formlavoro_core.paging import PageRequest
from formlavoro_core.principals import (
    ANONYMOUS,
    CitizenPrincipal,
    CompanyPrincipal,
    Principal,
    TrainingEntityPrincipal,
)
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference.code_types import MunicipalityCode
from tests.core.courses.builders import OPERATOR, course_details, register_entity
from tests.support import START, failure, ok, world

NOT_AN_ENTITY: list[Principal] = [
    ANONYMOUS,
    CitizenPrincipal(AccountId("anna")),
    CompanyPrincipal(CompanyId("acme")),
    OPERATOR,
]


def test_co_1_a_published_course_is_listed_with_its_entity_and_province() -> None:
    """CO-1: a published course is listed with its entity and province."""
    w = world()
    entity = register_entity(w)
    course = ok(w.portal.courses.publish(entity, course_details(title="  Aiuto cuoco  ")))
    assert course.entity == entity.entity_id
    assert course.entity_name == "Centro Formazione Àncora"
    assert course.title == "Aiuto cuoco"
    assert course.province == "GE"
    assert course.published_at == START
    assert course.withdrawn_at is None
    assert course.enrolment_closes_at == dt.datetime(2026, 3, 20, 23, 0, tzinfo=dt.UTC)
    assert course.details == course_details()
    assert course.version == 1
    listed = ok(w.portal.courses.search(ANONYMOUS, CourseQuery()))
    assert listed.items == (course,)


@pytest.mark.parametrize("actor", NOT_AN_ENTITY, ids=lambda actor: type(actor).__name__)
def test_sec_1_only_training_entities_publish_courses(actor: Principal) -> None:
    """SEC-1: only training entities publish courses."""
    w = world()
    register_entity(w)
    before = w.storage.dump()
    error = failure(w.portal.courses.publish(actor, course_details()))
    assert error == Forbidden(action="publish courses")
    assert error.code == "access.forbidden"
    assert w.storage.dump() == before


def test_an_unregistered_entity_cannot_publish() -> None:
    w = world()
    ghost = TrainingEntityPrincipal(TrainingEntityId("ghost"))
    before = w.storage.dump()
    assert failure(w.portal.courses.publish(ghost, course_details())) == NotFound(
        entity="training_entity", key="ghost"
    )
    assert w.storage.dump() == before


def test_bad_details_are_refused_with_every_problem_and_nothing_is_stored() -> None:
    w = world()
    entity = register_entity(w)
    before = w.storage.dump()
    bad = course_details(
        title="  ",
        cost_cents=-1,
        hours=0,
        seats=0,
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 4, 30),
        enrolment_deadline=dt.date(2026, 3, 1),
        address="",
    )
    error = failure(w.portal.courses.publish(entity, bad))
    assert isinstance(error, InvalidInput)
    assert error.code == "input.invalid"
    assert sorted(problem.text.source() for problem in error.problems) == [
        "address: 1 to 200 characters",
        "cost_cents: 0 to 10000000",
        "ends_on: on or after the start",
        "enrolment_deadline: today or later",
        "hours: 1 to 5000",
        "seats: 1 to 10000",
        "title: 1 to 200 characters",
    ]
    assert w.storage.dump() == before


def test_the_place_must_be_a_known_municipality() -> None:
    w = world()
    entity = register_entity(w)
    before = w.storage.dump()
    error = failure(
        w.portal.courses.publish(entity, course_details(place=MunicipalityCode("Z999")))
    )
    assert isinstance(error, InvalidInput)
    assert [problem.text.source() for problem in error.problems] == [
        "place: unknown municipality code"
    ]
    assert w.storage.dump() == before


def test_the_deadline_may_be_today_in_rome_but_not_after_the_last_day() -> None:
    w = world(start=dt.datetime(2026, 3, 2, 22, 30, tzinfo=dt.UTC))  # 23:30 in Rome
    entity = register_entity(w)
    today = ok(w.portal.courses.publish(entity, course_details(enrolment_deadline=START.date())))
    assert today.enrolment_closes_at == dt.datetime(2026, 3, 2, 23, 0, tzinfo=dt.UTC)
    late = course_details(enrolment_deadline=dt.date(2026, 12, 19))
    error = failure(w.portal.courses.publish(entity, late))
    assert isinstance(error, InvalidInput)
    assert [p.text.source() for p in error.problems] == [
        "enrolment_deadline: on or before the last day"
    ]


def test_the_owner_updates_a_course_keeping_its_id_and_publication() -> None:
    w = world()
    entity = register_entity(w)
    course = ok(w.portal.courses.publish(entity, course_details()))
    w.clock.advance(dt.timedelta(days=1))
    changed = course_details(
        title="Aiuto cuoco e pizzaiolo",
        sector=TrainingSector.CRAFTS,
        cost_cents=15_000,
        max_education_level=EducationLevel.UPPER_SECONDARY,
        place=MunicipalityCode("E463"),
        enrolment_deadline=dt.date(2026, 3, 21),
    )
    updated = ok(w.portal.courses.update(entity, course.id, changed))
    assert (updated.id, updated.published_at) == (course.id, course.published_at)
    assert updated.details == changed
    assert updated.province == "SP"
    assert updated.updated_at == START + dt.timedelta(days=1)
    assert updated.enrolment_closes_at == dt.datetime(2026, 3, 21, 23, 0, tzinfo=dt.UTC)
    assert updated.version == 2


def test_co_1_extending_the_deadline_of_a_closed_course_lists_it_again() -> None:
    """CO-1: extending the deadline of a closed course lists it again."""
    w = world()
    entity = register_entity(w)
    course = ok(w.portal.courses.publish(entity, course_details()))
    w.clock.set(dt.datetime(2026, 3, 21, 9, 0, tzinfo=dt.UTC))
    assert ok(w.portal.courses.search(ANONYMOUS, CourseQuery())).items == ()
    extended = course_details(enrolment_deadline=dt.date(2026, 3, 27))
    ok(w.portal.courses.update(entity, course.id, extended))
    assert [c.id for c in ok(w.portal.courses.search(ANONYMOUS, CourseQuery())).items] == [
        course.id
    ]


def test_sec_1_another_entitys_course_is_not_found_and_stays_unchanged() -> None:
    """SEC-1: another entity's course is not found and stays unchanged."""
    w = world()
    owner = register_entity(w)
    other = register_entity(w, "Scuola Edile Genovese", email="info@edile.example.it")
    course = ok(w.portal.courses.publish(owner, course_details()))
    before = w.storage.dump()
    not_found = NotFound(entity="course", key=course.id)
    assert failure(w.portal.courses.update(other, course.id, course_details())) == not_found
    assert failure(w.portal.courses.withdraw(other, course.id)) == not_found
    missing = CourseId("no-such-course")
    assert failure(w.portal.courses.withdraw(owner, missing)).code == "course.not_found"
    assert w.storage.dump() == before


@pytest.mark.parametrize("actor", NOT_AN_ENTITY, ids=lambda actor: type(actor).__name__)
def test_sec_1_only_training_entities_change_withdraw_and_list_their_courses(
    actor: Principal,
) -> None:
    """SEC-1: only training entities change, withdraw and list their courses."""
    w = world()
    course = ok(w.portal.courses.publish(register_entity(w), course_details()))
    before = w.storage.dump()
    assert isinstance(
        failure(w.portal.courses.update(actor, course.id, course_details())), Forbidden
    )
    assert isinstance(failure(w.portal.courses.withdraw(actor, course.id)), Forbidden)
    assert isinstance(failure(w.portal.courses.mine(actor)), Forbidden)
    assert w.storage.dump() == before


def test_co_1_a_withdrawn_course_is_listed_no_more_and_cannot_change() -> None:
    """CO-1: a withdrawn course is listed no more and cannot change."""
    w = world()
    entity = register_entity(w)
    course = ok(w.portal.courses.publish(entity, course_details()))
    w.clock.advance(dt.timedelta(hours=1))
    withdrawn = ok(w.portal.courses.withdraw(entity, course.id))
    assert withdrawn.withdrawn_at == START + dt.timedelta(hours=1)
    assert not withdrawn.is_listed(START + dt.timedelta(hours=2))
    assert ok(w.portal.courses.search(ANONYMOUS, CourseQuery())).items == ()
    before = w.storage.dump()
    again = failure(w.portal.courses.withdraw(entity, course.id))
    assert again.code == "course.withdrawn"
    changed = failure(w.portal.courses.update(entity, course.id, course_details()))
    assert changed.code == "course.withdrawn"
    assert w.storage.dump() == before


def test_an_entity_lists_its_own_courses_in_every_state() -> None:
    w = world()
    entity = register_entity(w)
    other = register_entity(w, "Scuola Edile Genovese", email="info@edile.example.it")
    first = ok(w.portal.courses.publish(entity, course_details(enrolment_deadline=START.date())))
    w.clock.advance(dt.timedelta(minutes=1))
    second = ok(w.portal.courses.publish(entity, course_details(title="Pizzaiolo")))
    w.clock.advance(dt.timedelta(minutes=1))
    third = ok(w.portal.courses.publish(entity, course_details(title="Barista")))
    ok(w.portal.courses.publish(other, course_details(title="Muratore")))
    ok(w.portal.courses.withdraw(entity, second.id))
    w.clock.advance(dt.timedelta(days=1))  # the first course's enrolment has closed
    mine = ok(w.portal.courses.mine(entity))
    assert [course.id for course in mine.items] == [third.id, second.id, first.id]
    assert not first.is_listed(w.clock.now())
    page = ok(w.portal.courses.mine(entity, PageRequest(size=2)))
    rest = ok(w.portal.courses.mine(entity, PageRequest(size=2, after=page.next_after)))
    assert [c.id for c in page.items + rest.items] == [third.id, second.id, first.id]
    bad = failure(w.portal.courses.mine(entity, PageRequest(after="garbage")))
    assert bad.code == "input.invalid"


def test_the_stored_course_is_the_returned_one() -> None:
    w = world()
    entity = register_entity(w)
    course = ok(w.portal.courses.publish(entity, course_details()))
    with w.storage() as uow:
        stored = uow.courses.get(course.id)
    assert isinstance(stored, Course)
    assert stored == course
