"""A course's card: the course, its entity's contacts and its place (CO-1, CO-2, CO-3)."""

from __future__ import annotations

import datetime as dt

from formlavoro_core.courses.failures import CourseWithdrawn, EnrolmentClosed
from formlavoro_core.courses.services import CourseCard
from formlavoro_core.errors import NotFound
from formlavoro_core.ids import AccountId, CourseId
from formlavoro_core.locale import Language
from formlavoro_core.principals import ANONYMOUS, CitizenPrincipal
from formlavoro_core.reference.code_types import MunicipalityCode
from tests.core.courses.builders import course_details, register_entity
from tests.support import START, failure, ok, world

ANNA = CitizenPrincipal(AccountId("anna"))


def test_co_2_the_card_shows_the_course_its_entity_and_its_place() -> None:
    """CO-2: the card shows the course, its training entity and its delivery location."""
    w = world()
    entity = register_entity(w)
    course = ok(w.portal.courses.publish(entity, course_details(place=MunicipalityCode("E463"))))
    card = ok(w.portal.courses.card(ANNA, course.id))
    registered = ok(w.portal.organisations.training_entity(ANNA, entity.entity_id))
    assert card.course == course
    assert card.entity_name == "Centro Formazione Àncora"
    assert card.contacts == registered.contacts
    assert card.municipality is not None
    assert card.municipality.name == "La Spezia"
    assert card.province is not None
    assert (card.province.code, card.province.name) == ("SP", "La Spezia")
    assert card.place_label == "Via Roma 1, La Spezia (SP)"


def test_co_2_a_place_without_address_is_the_municipality_and_province() -> None:
    """CO-2: a place without address is the municipality and province."""
    w = world()
    course = ok(w.portal.courses.publish(register_entity(w), course_details(address=None)))
    assert ok(w.portal.courses.card(ANONYMOUS, course.id)).place_label == "Genova (GE)"


def test_co_3_enrolment_does_not_happen_through_the_portal() -> None:
    """CO-3: enrolment does not happen through the portal: the card gives the contacts."""
    w = world()
    course = ok(w.portal.courses.publish(register_entity(w), course_details()))
    card = ok(w.portal.courses.card(ANONYMOUS, course.id))
    assert CourseCard.ENROLMENT_THROUGH_PORTAL is False
    assert card.how_to_enrol(Language.ENGLISH) == (
        "Enrolment does not happen on the portal: to enrol, contact Centro Formazione Àncora: "
        "corsi@ancora.example.it, +39 010 555 1234, https://ancora.example.it/corsi."
    )
    assert card.how_to_enrol().startswith("L'iscrizione non avviene sul portale")
    assert "corsi@ancora.example.it" in card.how_to_enrol(Language.FRENCH)
    assert not hasattr(w.portal.courses, "enrol")


def test_co_1_the_card_of_a_course_whose_enrolment_closed_says_so() -> None:
    """CO-1: the card of a course whose enrolment closed answers a specific failure."""
    w = world()
    course = ok(w.portal.courses.publish(register_entity(w), course_details()))
    w.clock.set(dt.datetime(2026, 3, 20, 23, 0, tzinfo=dt.UTC))  # midnight in Rome
    error = failure(w.portal.courses.card(ANONYMOUS, course.id))
    assert error == EnrolmentClosed(
        course_id=course.id, deadline=dt.date(2026, 3, 20), closed_at=course.enrolment_closes_at
    )
    assert error.code == "course.enrolment_closed"
    assert "20 marzo 2026" in error.message  # the portal speaks Italian (TX-1)


def test_co_1_the_card_of_a_withdrawn_course_says_so() -> None:
    """CO-1: the card of a withdrawn course answers ``course.withdrawn``."""
    w = world()
    entity = register_entity(w)
    course = ok(w.portal.courses.publish(entity, course_details()))
    ok(w.portal.courses.withdraw(entity, course.id))
    error = failure(w.portal.courses.card(ANONYMOUS, course.id))
    assert error == CourseWithdrawn(course_id=course.id, withdrawn_at=START)
    assert error.code == "course.withdrawn"
    assert error.to_dict()["withdrawn_at"] == START.isoformat()


def test_the_card_of_an_unknown_course_is_not_found() -> None:
    w = world()
    missing = CourseId("nope")
    assert failure(w.portal.courses.card(ANONYMOUS, missing)) == NotFound(
        entity="course", key="nope"
    )
