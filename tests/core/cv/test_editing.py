"""Editing a CV section by section and importing it whole (CV-1, CV-2, CV-6 ... CV-9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest

from formlavoro_adapters import bootstrap
from formlavoro_adapters.memory import InMemoryStorage, InMemoryUnitOfWork
from formlavoro_core.codec import Codec
from formlavoro_core.cv.failures import FiscalCodeIsFixed
from formlavoro_core.cv.model import (
    Experience,
    LanguageSkill,
    Preferences,
    Qualifications,
    Skill,
    Study,
)
from formlavoro_core.errors import Conflict, InvalidInput, NotFound, Problem
from formlavoro_core.ids import CvId, EntryId
from formlavoro_core.principals import ANONYMOUS
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    SkillCategory,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import ProfessionCode
from tests.support import MARIO, failure, ok, world


def test_cv_1_each_cv_has_a_stable_identifier() -> None:
    """CV-1: each cv has a stable identifier."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    edited = ok(
        w.portal.cv.add_entry(
            citizen, cv.id, Skill(category=SkillCategory.BASIC, description="Puntualità")
        )
    )
    assert edited.id == cv.id
    assert ok(w.portal.cv.mine(citizen)).id == cv.id
    assert ok(w.portal.cv.get(citizen, cv.id)) == edited


def test_cv_2_list_sections_are_added_to_replaced_and_removed_by_entry_id() -> None:
    """CV-2: list sections are added to replaced and removed by entry id."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    study = Study(level=EducationLevel.BACHELOR, title="Scienze gastronomiche", institution="UniGe")
    cv = ok(w.portal.cv.add_entry(citizen, cv.id, study))
    assert [entry.value for entry in cv.studies][-1] == study
    entry_id = cv.studies[-1].id
    better = Study(level=EducationLevel.BACHELOR, title="Scienze gastronomiche", year=2010)
    cv = ok(w.portal.cv.replace_entry(citizen, cv.id, entry_id, better))
    assert cv.studies[-1].id == entry_id
    assert cv.studies[-1].value == better
    cv = ok(w.portal.cv.remove_entry(citizen, cv.id, entry_id))
    assert entry_id not in [entry.id for entry in cv.studies]
    assert failure(w.portal.cv.remove_entry(citizen, cv.id, entry_id)) == NotFound(
        entity="cv_entry", key=entry_id
    )


def test_cv_2_replacing_needs_an_entry_of_the_same_section() -> None:
    """CV-2: replacing needs an entry of the same section."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    experience_id = cv.experiences[0].id
    skill = Skill(category=SkillCategory.IT, description="Excel")
    assert failure(w.portal.cv.replace_entry(citizen, cv.id, experience_id, skill)).code == (
        "cv_entry.not_found"
    )


def test_cv_2_an_experience_cannot_end_before_it_starts() -> None:
    """CV-2: an experience cannot end before it starts."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    wrong = Experience(
        job_title="Cuoca", employer="X", start=dt.date(2020, 5, 1), end=dt.date(2020, 4, 1)
    )
    assert failure(w.portal.cv.add_entry(citizen, cv.id, wrong)) == InvalidInput(
        problems=(Problem(path="end", message="before the start"),)
    )


def test_cv_6_languages_are_iso_639_codes_with_the_six_levels() -> None:
    """CV-6: languages are iso 639 codes with the six levels."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    for code, level in (("en", LanguageLevel.ELEMENTARY), ("fr", LanguageLevel.NATIVE)):
        cv = ok(w.portal.cv.add_entry(citizen, cv.id, LanguageSkill(language=code, level=level)))
    assert [(e.value.language, e.value.level) for e in cv.languages] == [
        ("en", LanguageLevel.ELEMENTARY),
        ("fr", LanguageLevel.NATIVE),
    ]
    assert [level.cefr.name if level.cefr else None for level in LanguageLevel] == [
        "A2",
        "B1",
        "B2",
        "C1",
        "C2",
        None,
    ]
    error = failure(
        w.portal.cv.add_entry(
            citizen, cv.id, LanguageSkill(language="xx", level=LanguageLevel.ADVANCED)
        )
    )
    assert error == InvalidInput(
        problems=(Problem(path="language", message="not an ISO 639-1 language code"),)
    )


def test_cv_6_one_entry_per_language_when_adding_or_replacing() -> None:
    """CV-6 / point 9: a second entry for a listed language is refused, the CV unchanged.

    ``import_content`` already refused duplicates; adding or replacing an entry now does
    too, at the entry's ``language``. Replacing an entry by itself with another level is
    still allowed.
    """
    w = world()
    citizen, cv = w.citizen_with_cv()
    cv = ok(
        w.portal.cv.add_entry(
            citizen, cv.id, LanguageSkill(language="en", level=LanguageLevel.ELEMENTARY)
        )
    )
    cv = ok(
        w.portal.cv.add_entry(
            citizen, cv.id, LanguageSkill(language="fr", level=LanguageLevel.NATIVE)
        )
    )
    english, french = (entry.id for entry in cv.languages)
    listed = InvalidInput(
        problems=(Problem(path="language", message="already listed: one entry per language"),)
    )
    before = w.storage.dump()

    again = LanguageSkill(language="en", level=LanguageLevel.ADVANCED)
    assert failure(w.portal.cv.add_entry(citizen, cv.id, again)) == listed
    assert failure(w.portal.cv.replace_entry(citizen, cv.id, french, again)) == listed
    assert w.storage.dump() == before
    assert ok(w.portal.cv.get(citizen, cv.id)) == cv

    kept = ok(w.portal.cv.replace_entry(citizen, cv.id, english, again))
    assert [(e.id, e.value.language, e.value.level) for e in kept.languages] == [
        (english, "en", LanguageLevel.ADVANCED),
        (french, "fr", LanguageLevel.NATIVE),
    ]


def test_cv_7_skills_are_basic_it_or_professional() -> None:
    """CV-7: skills are basic it or professional."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    for category in SkillCategory:
        cv = ok(w.portal.cv.add_entry(citizen, cv.id, Skill(category=category, description="x")))
    assert {entry.value.category for entry in cv.skills} == {
        SkillCategory.BASIC,
        SkillCategory.IT,
        SkillCategory.PROFESSIONAL,
    }


def test_cv_8_qualifications_associations_and_driving_licences() -> None:
    """CV-8: qualifications associations and driving licences."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    qualifications = Qualifications(
        ministry=(
            MinistryQualification.THERMAL_INSTALLATIONS,
            MinistryQualification.CIVIL_PILOT_LICENCE,
        ),
        associations=("Ordine dei medici",),
        driving_licences=(DrivingLicence.B, DrivingLicence.C1E),
    )
    cv = ok(w.portal.cv.set_qualifications(citizen, cv.id, qualifications))
    assert cv.qualifications == qualifications
    assert [licence.value for licence in DrivingLicence] == [
        "AM",
        "A1",
        "A2",
        "A",
        "B1",
        "B",
        "BE",
        "C1",
        "C1E",
        "C",
        "CE",
        "D1",
        "D1E",
        "D",
        "DE",
    ]
    twice = Qualifications(driving_licences=(DrivingLicence.B, DrivingLicence.B))
    assert failure(w.portal.cv.set_qualifications(citizen, cv.id, twice)) == InvalidInput(
        problems=(Problem(path="driving_licences", message="contains duplicates"),)
    )


def test_cv_9_preferences_name_known_professions() -> None:
    """CV-9: preferences name known professions."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    preferences = Preferences(
        professions=(ProfessionCode("5.2.2.1.0"), ProfessionCode("5.2.2.4.0")),
        available_to_travel=True,
        working_conditions=(WorkingCondition.PART_TIME, WorkingCondition.WEEKEND_WORK),
        contract_types=(ContractType.APPRENTICESHIP,),
        notes="Preferisco il turno serale.",
    )
    assert ok(w.portal.cv.set_preferences(citizen, cv.id, preferences)).preferences == preferences
    unknown = Preferences(professions=(ProfessionCode("5.2.2.9.9"),))
    assert failure(w.portal.cv.set_preferences(citizen, cv.id, unknown)) == InvalidInput(
        problems=(Problem(path="professions[0]", message="unknown ISTAT CP2021 profession code"),)
    )


def test_the_fiscal_code_of_the_cv_cannot_be_changed() -> None:
    w = world()
    citizen, cv = w.citizen_with_cv()
    other = attrs.evolve(cv.personal, fiscal_code=MARIO)
    assert failure(w.portal.cv.set_personal_data(citizen, cv.id, other)) == FiscalCodeIsFixed()


def test_cv_2_a_whole_cv_is_imported_from_plain_data() -> None:
    """CV-2: a whole cv is imported from plain data."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    data = Codec.for_documents().unstructure(cv.content())
    data["languages"] = [{"language": "de", "level": "advanced"}]
    data["skills"] = [{"category": "it", "description": "Gestionali di magazzino"}]
    imported = ok(w.portal.cv.import_content(citizen, cv.id, data))
    assert [e.value.language for e in imported.languages] == ["de"]
    entry_ids = [e.id for e in imported.experiences] + [e.id for e in imported.studies]
    entry_ids += [e.id for e in imported.skills]
    assert len(set(entry_ids)) == 3


def test_cv_2_an_import_with_several_mistakes_lists_them_all_and_stores_nothing() -> None:
    """CV-2: an import with several mistakes lists them all and stores nothing."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    before = w.storage.dump()
    data = {
        "personal": {
            "given_name": "Anna",
            "email": "anna(at)example.it",
            "birth_date": "10/12/1985",
        },
        "experiences": [
            {"job_title": "Cuoca", "employer": "Da Pina", "start": "2019-01-01"},
            {"job_title": "Cameriera", "start": "2020-05-01", "end": "2020-04-01"},
            {"job_title": 42, "profession": "5.2.2.9.9", "start": "2021-02-30"},
        ],
        "studies": [{"level": "laurea", "title": "Scienze"}],
        "languages": [{"language": "en", "level": "B2"}],
        "skills": "cooking",
        "qualifications": {"driving_licences": ["B", "Z"]},
        "preferences": {"available_to_travel": "yes"},
        "hobbies": ["trekking"],
    }
    error = failure(w.portal.cv.import_content(citizen, cv.id, data))
    assert isinstance(error, InvalidInput)
    assert [problem.path for problem in error.problems] == [
        "personal.birth_date",
        "personal.email",
        "experiences[1].end",
        "experiences[2].job_title",
        "experiences[2].start",
        "experiences[2].profession",
        "studies[0].level",
        "languages[0].level",
        "skills",
        "qualifications.driving_licences[1]",
        "preferences.available_to_travel",
        "hobbies",
    ]
    assert w.storage.dump() == before


@pytest.mark.parametrize("action", ["get", "completion", "publish", "anonymised_preview"])
def test_another_citizens_cv_is_not_found_and_anonymous_is_forbidden(action: str) -> None:
    w = world()
    _, cv = w.citizen_with_cv()
    stranger = w.login(MARIO)
    use_case = getattr(w.portal.cv, action)
    assert failure(use_case(stranger, cv.id)) == NotFound(entity="cv", key=cv.id)
    assert failure(use_case(ANONYMOUS, cv.id)).code == "access.forbidden"
    assert failure(use_case(stranger, CvId("no-such-cv"))).code == "cv.not_found"


def test_edits_by_another_citizen_change_nothing() -> None:
    w = world()
    _, cv = w.citizen_with_cv()
    stranger = w.login(MARIO)
    before = w.storage.dump()
    skill = Skill(category=SkillCategory.BASIC, description="x")
    assert failure(w.portal.cv.add_entry(stranger, cv.id, skill)).code == "cv.not_found"
    assert failure(w.portal.cv.remove_entry(stranger, cv.id, EntryId("e"))).code == "cv.not_found"
    assert w.storage.dump() == before


class InterferingUnitOfWork(InMemoryUnitOfWork):
    """A unit of work over in-memory storage where someone else commits first."""

    def __init__(self, storage: InMemoryStorage, interfere: Callable[[], None]) -> None:
        super().__init__(storage.store)
        self._interfere = interfere

    def commit(self) -> None:
        self._interfere()
        super().commit()


def test_a_concurrent_edit_makes_the_use_case_fail_with_a_conflict_not_a_lost_update() -> None:
    w = world()
    citizen, cv = w.citizen_with_cv()

    def someone_else_edits() -> None:
        with w.storage() as uow:
            current = uow.cvs.get(cv.id)
            assert current is not None
            uow.cvs.update(attrs.evolve(current, preferences=Preferences(notes="edited elsewhere")))
            uow.commit()

    contended = bootstrap(
        config=w.portal.config,
        storage=lambda **_: InterferingUnitOfWork(w.storage, someone_else_edits),
        clock=w.clock,
        reference=w.portal.reference,
    )
    skill = Skill(category=SkillCategory.BASIC, description="Puntualità")
    assert failure(contended.cv.add_entry(citizen, cv.id, skill)) == Conflict(
        entity="cv", key=cv.id
    )
    stored = ok(w.portal.cv.get(citizen, cv.id))
    assert stored.preferences.notes == "edited elsewhere"
    assert stored.skills == ()


def test_an_edit_from_a_stale_form_is_a_conflict_and_changes_nothing() -> None:
    """An edit carries the version its form was built from; a newer CV is not overwritten."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    skill = Skill(category=SkillCategory.BASIC, description="Puntualità")
    newer = ok(w.portal.cv.add_entry(citizen, cv.id, skill, expected_version=cv.version))
    before = w.storage.dump()
    stale = w.portal.cv.set_preferences(
        citizen, cv.id, Preferences(notes="from an old form"), expected_version=cv.version
    )
    assert failure(stale) == Conflict(entity="cv", key=cv.id)
    assert w.storage.dump() == before
    ok(w.portal.cv.set_preferences(citizen, cv.id, Preferences(), expected_version=newer.version))
