"""Citizens with published CVs of chosen professions, places and licences."""

from __future__ import annotations

import attrs

from formlavoro_core.cv.model import (
    Address,
    Cv,
    LanguageSkill,
    Preferences,
    Qualifications,
    Study,
)
from formlavoro_core.principals import CitizenPrincipal
from formlavoro_core.reference import DrivingLicence, EducationLevel, LanguageLevel
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode
from formlavoro_core.values import PhoneNumber
from tests.adapters.sql.workers.scene import fiscal_code
from tests.support import World, ok

MARKERS = ("Anna", "Rossi", "anna.rossi@example.it", "+39 010 555 0199")
"""Personal data every citizen made here carries (the login's names and email)."""


def published(
    w: World,
    number: int,
    *,
    profession: str = "5.2.2.1.0",
    municipality: str = "D969",
    licences: tuple[DrivingLicence, ...] = (),
    publish: bool = True,
) -> tuple[CitizenPrincipal, Cv]:
    """Citizen ``number``, onboarded as a cook, then given a profession, a place, licences."""
    citizen = w.login(fiscal_code(number))
    cv = w.onboard(citizen)
    personal = attrs.evolve(
        cv.personal,
        phone=PhoneNumber("+39 010 555 0199"),
        residence=Address(municipality=MunicipalityCode(municipality)),
    )
    ok(w.portal.cv.set_personal_data(citizen, cv.id, personal))
    study = Study(level=EducationLevel.UPPER_SECONDARY, title="Diploma alberghiero")
    ok(w.portal.cv.replace_entry(citizen, cv.id, cv.studies[0].id, study))
    english = LanguageSkill(language="en", level=LanguageLevel.INTERMEDIATE)
    ok(w.portal.cv.add_entry(citizen, cv.id, english))
    ok(
        w.portal.cv.set_preferences(
            citizen, cv.id, Preferences(professions=(ProfessionCode(profession),))
        )
    )
    if licences:
        ok(
            w.portal.cv.set_qualifications(
                citizen, cv.id, Qualifications(driving_licences=licences)
            )
        )
    if publish:
        ok(w.portal.cv.publish(citizen, cv.id))
    return citizen, ok(w.portal.cv.mine(citizen))
