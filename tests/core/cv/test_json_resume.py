"""INT-1: the CV as JSON Resume v1.0.0, validated by its schema, read back exactly."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import Any

import attrs
import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from formlavoro_core.codec import Codec
from formlavoro_core.cv.exchange.json_resume import read_json_resume, to_json_resume
from formlavoro_core.cv.exchange.services import JsonResumeImport
from formlavoro_core.cv.failures import FiscalCodeIsFixed, PersonalDataLocked
from formlavoro_core.cv.model import (
    CvContent,
    Experience,
    LanguageSkill,
    Preferences,
    Qualifications,
    Skill,
    Study,
)
from formlavoro_core.errors import InvalidInput, NotFound
from formlavoro_core.reference import (
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    SkillCategory,
)
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.testing.strategies import cv_contents
from tests.support import MARIO, failure, ok, reference, world

DATA = pathlib.Path(__file__).parent / "data"
SCHEMA = json.loads((DATA / "json-resume-schema-1.0.0.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
REFERENCE = reference()
CODEC = Codec.for_input(REFERENCE)


def as_json(data: Any) -> Any:
    """What a caller sends over the wire and reads back."""
    return json.loads(json.dumps(data))


def schema_errors(document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in VALIDATOR.iter_errors(document)
    ]


_WORDS = st.text(alphabet="abcdefghij ", min_size=1, max_size=40).filter(str.strip)


@st.composite
def full_contents(draw: st.DrawFn) -> CvContent:
    """``cv_contents()`` with the fields that strategy leaves empty filled in too."""
    content = draw(cv_contents())
    experiences = []
    for experience in content.experiences:
        end = None
        if experience.start is not None and draw(st.booleans()):
            end = experience.start + dt.timedelta(days=draw(st.integers(0, 4000)))
        experiences.append(attrs.evolve(experience, end=end, description=draw(st.none() | _WORDS)))
    studies = tuple(attrs.evolve(s, in_progress=draw(st.booleans())) for s in content.studies)
    preferences = attrs.evolve(content.preferences, notes=draw(st.none() | _WORDS))
    return attrs.evolve(
        content, experiences=tuple(experiences), studies=studies, preferences=preferences
    )


@settings(max_examples=60, deadline=None)
@given(full_contents())
def test_int_1_round_trip_cv_to_json_resume_to_cv_keeps_the_content(content: CvContent) -> None:
    """INT-1: CV content → JSON Resume (as JSON text) → CV content, equal; schema-valid."""
    document = as_json(to_json_resume(content, reference=REFERENCE, codec=CODEC))
    assert schema_errors(document) == []
    reading = read_json_resume(document, codec=CODEC, reference=REFERENCE, base=CvContent())
    assert not isinstance(reading, InvalidInput), reading
    assert reading.content == content
    assert reading.ignored == ()


def test_int_1_the_export_maps_each_section_and_validates_against_the_schema() -> None:
    """INT-1: basics, work, education, languages (CEFR), skills, certificates, meta."""
    w = world()
    citizen, cv = w.citizen_with_published_cv()
    ok(
        w.portal.cv.set_qualifications(
            citizen,
            cv.id,
            Qualifications(
                ministry=(MinistryQualification.BOAT_LICENCE,),
                associations=("Ordine dei cuochi",),
                driving_licences=(DrivingLicence.B,),
            ),
        )
    )
    ok(w.portal.cv.add_entry(citizen, cv.id, Skill(category=SkillCategory.IT, description="Excel")))
    document = as_json(ok(w.portal.cv.export_json_resume(citizen, cv.id)))
    assert schema_errors(document) == []
    basics = document["basics"]
    assert (basics["name"], basics["email"], basics["phone"]) == (
        "Anna Rossi",
        "anna.rossi@example.it",
        "+39 010 555 0101",
    )
    assert basics["location"] == {"city": "Genova", "region": "Liguria", "countryCode": "IT"}
    assert basics["formlavoro"]["fiscalCode"] == "RSSNNA85T50D969K"
    assert document["work"] == [
        {"name": "Trattoria da Pina", "position": "Aiuto cuoca", "startDate": "2019-05-01"}
    ]
    assert document["education"][0]["studyType"] == "Upper secondary school diploma"
    assert document["education"][0]["formlavoro"]["level"] == "upper_secondary"
    assert {"language": "en", "fluency": "B2"} in document["languages"]
    assert document["skills"] == [
        {"name": "Excel", "keywords": ["IT skills"], "formlavoro": {"category": "it"}}
    ]
    assert [c["name"] for c in document["certificates"]] == [
        "Boat licence",
        "Ordine dei cuochi",
        "Category B driving licence",
    ]
    assert document["meta"]["formlavoro"]["preferences"]["professions"] == ["5.2.2.1.0"]


def test_int_1_import_reports_every_problem_at_its_path_and_writes_nothing() -> None:
    """INT-1: paths in the file for every problem; the CV is unchanged after a failure."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    before = ok(w.portal.cv.get(citizen, cv.id))
    bad = {
        "basics": {"email": "not-an-email"},
        "work": [
            {"name": "A", "startDate": "2019"},
            {"name": "B", "startDate": "2019-05"},
            {"name": "C", "startDate": "last spring", "endDate": "2019-02-30"},
            {"name": "D", "summary": "x" * 4001},
        ],
        "education": [{"institution": "Somewhere", "studyType": "Kindergarten diploma"}],
        "languages": [{"language": "Klingon", "fluency": "C1"}, {"language": "fr"}],
        "certificates": [{"name": "x", "formlavoro": {"ministry": "space_pilot"}}],
    }
    error = failure(w.portal.cv.import_json_resume(citizen, cv.id, bad))
    assert isinstance(error, InvalidInput)
    paths = {problem.path for problem in error.problems}
    assert paths == {
        "basics.email",
        "work[2].startDate",
        "work[2].endDate",
        "education[0].studyType",
        "languages[0].language",
        "languages[1].fluency",
        "certificates[0].formlavoro.ministry",
    }
    assert "work[2].startDate: not a date (YYYY, YYYY-MM or YYYY-MM-DD)" in [
        p.text.source() for p in error.problems
    ]
    assert ok(w.portal.cv.get(citizen, cv.id)) == before
    too_long = {"work": [{"name": "A"}, {"name": "D", "summary": "x" * 4001}]}
    error = failure(w.portal.cv.import_json_resume(citizen, cv.id, too_long))
    assert [p.text.source() for p in error.problems] == [  # type: ignore[attr-defined]
        "work[1].summary: at most 4000 characters"
    ]
    assert ok(w.portal.cv.get(citizen, cv.id)) == before


def test_int_1_a_json_resume_from_elsewhere_maps_onto_the_cv() -> None:
    """INT-1: partial dates, names, places, fluency words, study types, certificates."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    document = {
        "$schema": "https://example.org/schema.json",
        "basics": {
            "name": "Anna Maria Rossi",
            "label": "Cook",
            "summary": "Cerco lavoro in cucina.",
            "location": {"city": "La Spezia", "postalCode": "19121", "address": "Via Roma 1"},
            "profiles": [{"network": "x", "username": "anna"}],
        },
        "work": [
            {
                "name": "Osteria",
                "position": "Cuoca",
                "location": "Genova, Italy",
                "startDate": "2019-05",
                "endDate": "2021",
                "summary": "Primi piatti.",
                "highlights": ["Pasta fresca", "Pesto"],
                "url": "https://osteria.example",
            },
            {"name": "Bar Londra", "location": "London", "startDate": "2018-01-15"},
        ],
        "education": [
            {
                "institution": "Università di Genova",
                "area": "Economia",
                "studyType": "Bachelor",
                "startDate": "2014",
                "endDate": "2017-07",
            },
            {"institution": "ITS", "studyType": "Master", "startDate": "2022-10"},
        ],
        "languages": [
            {"language": "Italian", "fluency": "Native speaker"},
            {"language": "English", "fluency": "Fluent"},
            {"language": "fr", "fluency": "A1"},
        ],
        "skills": [{"name": "Cucina", "level": "Master", "keywords": ["HACCP", "Pasta"]}],
        "certificates": [
            {"name": "Patente B", "date": "2010"},
            {"name": "HACCP", "issuer": "ASL 3"},
        ],
        "volunteer": [{"organization": "Croce Rossa"}],
    }
    result = ok(w.portal.cv.import_json_resume(citizen, cv.id, document))
    assert isinstance(result, JsonResumeImport)
    imported = result.cv.content()
    personal = imported.personal
    assert (personal.given_name, personal.family_name) == ("Anna Maria", "Rossi")
    assert personal.fiscal_code == cv.personal.fiscal_code  # never from the file (CV-11)
    assert personal.email == cv.personal.email  # the file gives none: kept
    assert personal.residence is not None
    assert (personal.residence.municipality, personal.residence.postcode) == ("E463", "19121")
    assert imported.experiences == (
        Experience(
            job_title="Cuoca",
            employer="Osteria",
            start=dt.date(2019, 5, 1),
            end=dt.date(2021, 1, 1),
            place=MunicipalityCode("D969"),
            description="Primi piatti.\n- Pasta fresca\n- Pesto",
        ),
        Experience(employer="Bar Londra", start=dt.date(2018, 1, 15)),
    )
    assert imported.studies == (
        Study(
            level=EducationLevel.BACHELOR,
            title="Economia",
            institution="Università di Genova",
            year=2017,
        ),
        Study(level=EducationLevel.MASTER, institution="ITS", in_progress=True),
    )
    assert imported.languages == (
        LanguageSkill(language="it", level=LanguageLevel.NATIVE),
        LanguageSkill(language="en", level=LanguageLevel.ADVANCED),
        LanguageSkill(language="fr", level=LanguageLevel.ELEMENTARY),
    )
    assert imported.skills == (
        Skill(category=SkillCategory.PROFESSIONAL, description="Cucina (Master): HACCP, Pasta"),
        Skill(category=SkillCategory.PROFESSIONAL, description="HACCP (ASL 3)"),
    )
    assert imported.qualifications == Qualifications(driving_licences=(DrivingLicence.B,))
    assert imported.preferences == attrs.evolve(cv.preferences, notes="Cerco lavoro in cucina.")
    assert set(result.ignored) == {
        "basics.label",
        "basics.profiles",
        "work[0].url",
        "work[1].location",
        "certificates[0].date",
        "volunteer",
    }


def test_int_1_export_then_import_gives_the_same_cv_through_the_portal() -> None:
    """INT-1: a citizen's own export, imported back, changes no section (even published)."""
    w = world()
    citizen, cv = w.citizen_with_published_cv()
    document = as_json(ok(w.portal.cv.export_json_resume(citizen, cv.id)))
    result = ok(w.portal.cv.import_json_resume(citizen, cv.id, document))
    assert result.cv.content() == cv.content()
    assert result.ignored == ()
    changed = as_json(document)
    changed["basics"]["formlavoro"]["fiscalCode"] = str(MARIO)
    assert failure(w.portal.cv.import_json_resume(citizen, cv.id, changed)) in (
        FiscalCodeIsFixed(),
        PersonalDataLocked(expires_at=cv.publication.expires_at),  # type: ignore[union-attr]
    )
    renamed = as_json(document)
    renamed["basics"]["formlavoro"]["givenName"] = "Annalisa"
    assert failure(w.portal.cv.import_json_resume(citizen, cv.id, renamed)) == (
        PersonalDataLocked(expires_at=cv.publication.expires_at)  # type: ignore[union-attr]
    )


def test_int_1_the_fiscal_code_of_the_file_must_be_the_cvs() -> None:
    """INT-1, CV-11: an import never changes the fiscal code."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    document = as_json(ok(w.portal.cv.export_json_resume(citizen, cv.id)))
    document["basics"]["formlavoro"]["fiscalCode"] = str(MARIO)
    assert failure(w.portal.cv.import_json_resume(citizen, cv.id, document)) == FiscalCodeIsFixed()


def test_int_1_only_the_owner_exports_or_imports() -> None:
    """INT-1, SEC-1: another citizen's CV is not found; companies are refused."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    other = w.login(MARIO)
    assert failure(w.portal.cv.export_json_resume(other, cv.id)) == NotFound(entity="cv", key=cv.id)
    assert failure(w.portal.cv.import_json_resume(other, cv.id, {})) == NotFound(
        entity="cv", key=cv.id
    )
    assert failure(w.portal.cv.export_europass(w.company(), cv.id)).code == "access.forbidden"
    assert ok(w.portal.cv.get(citizen, cv.id)) == cv


def test_int_1_preferences_come_from_the_library_block_with_their_paths() -> None:
    """INT-1: meta.formlavoro.preferences is structured by the codec, codes checked."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    document = {"meta": {"formlavoro": {"preferences": {"professions": ["9.9.9"], "x": 1}}}}
    error = failure(w.portal.cv.import_json_resume(citizen, cv.id, document))
    assert isinstance(error, InvalidInput)
    assert {p.text.source() for p in error.problems} == {
        "meta.formlavoro.preferences.professions[0]: unknown ISTAT CP2021 profession code",
        "meta.formlavoro.preferences.x: unknown field",
    }
    good = {"meta": {"formlavoro": {"preferences": {"available_to_travel": True}}}}
    imported = ok(w.portal.cv.import_json_resume(citizen, cv.id, good)).cv
    assert imported.preferences == Preferences(available_to_travel=True)
