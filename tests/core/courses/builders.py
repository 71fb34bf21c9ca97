"""Builders for the course tests: training entities and course details."""

from __future__ import annotations

import datetime as dt
from typing import Any

from formlavoro_core.courses.model import Certificate, CourseDetails, CourseType, TrainingSector
from formlavoro_core.ids import OperatorId
from formlavoro_core.organisations.model import Contacts, OrganisationDetails
from formlavoro_core.principals import OperatorPrincipal, TrainingEntityPrincipal
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.values import EmailAddress, PhoneNumber
from tests.support import World, ok

OPERATOR = OperatorPrincipal(OperatorId("op"))


def register_entity(
    w: World, name: str = "Centro Formazione Àncora", *, email: str = "corsi@ancora.example.it"
) -> TrainingEntityPrincipal:
    """Register a training entity with an operator and act for it."""
    details = OrganisationDetails(
        name=name,
        contacts=Contacts(
            email=EmailAddress(email),
            phone=PhoneNumber("+39 010 555 1234"),
            website="https://ancora.example.it/corsi",
            address="Via Balbi 5",
            municipality=MunicipalityCode("D969"),
        ),
    )
    entity = ok(w.portal.organisations.register_training_entity(OPERATOR, details))
    return TrainingEntityPrincipal(entity.id)


def course_details(**changes: Any) -> CourseDetails:
    """Valid details of a course starting three weeks after the tests' start."""
    fields: dict[str, Any] = {
        "title": "Aiuto cuoco",
        "description": "Tecniche di cucina, igiene (HACCP), organizzazione della brigata.",
        "sector": TrainingSector.TOURISM_AND_HOSPITALITY,
        "course_type": CourseType.FUNDED_BY_REGION,
        "certificate": Certificate.PROFESSIONAL_QUALIFICATION,
        "with_internship": True,
        "cost_cents": None,
        "max_education_level": None,
        "hours": 600,
        "starts_on": dt.date(2026, 3, 23),
        "ends_on": dt.date(2026, 12, 18),
        "enrolment_deadline": dt.date(2026, 3, 20),
        "place": MunicipalityCode("D969"),
        "address": "Via Roma 1",
        "seats": 18,
    }
    fields.update(changes)
    return CourseDetails(**fields)
