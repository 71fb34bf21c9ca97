"""INT-1: the CV as Europass-compatible data (SkillsPassport), its structure checked.

No stable public schema file of the current Europass CV exists to validate against
(see ``formlavoro_core.cv.exchange.europass``), so these tests check the structure the
module documents: sections, Europass dates, the CEFR grid, EQF codes, licences.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from hypothesis import given, settings

from formlavoro_core.cv.exchange.europass import CEFR_GRID, to_europass
from formlavoro_core.cv.model import CvContent, Experience, LanguageSkill, Qualifications, Skill
from formlavoro_core.locale import Language
from formlavoro_core.reference import (
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    SkillCategory,
)
from formlavoro_core.testing.strategies import cv_contents
from tests.support import ok, reference, world

REFERENCE = reference()
CEFR = {"A1", "A2", "B1", "B2", "C1", "C2"}
LEARNER_SECTIONS = {
    "Identification",
    "Headline",
    "WorkExperience",
    "Education",
    "Skills",
    "Achievement",
}
SKILL_SECTIONS = {"Linguistic", "Computer", "JobRelated", "Other", "Driving"}


def check_date(value: dict[str, Any], *, full: bool) -> None:
    assert isinstance(value["Year"], int)
    if full:
        assert re.fullmatch(r"--(0[1-9]|1[0-2])", value["Month"])
        assert re.fullmatch(r"---(0[1-9]|[12][0-9]|3[01])", value["Day"])


def check_structure(document: dict[str, Any]) -> None:
    """The SkillsPassport structure the module documents; raises on any departure."""
    assert set(document) == {"SkillsPassport"}
    passport = document["SkillsPassport"]
    assert set(passport) == {"Locale", "DocumentInfo", "LearnerInfo"}
    assert passport["DocumentInfo"]["DocumentType"] == "ECV"
    learner = passport["LearnerInfo"]
    assert set(learner) <= LEARNER_SECTIONS
    birth = learner.get("Identification", {}).get("Demographics", {}).get("Birthdate")
    if birth is not None:
        check_date(birth, full=True)
    for work in learner.get("WorkExperience", []):
        for end in ("From", "To"):
            if end in work.get("Period", {}):
                check_date(work["Period"][end], full=True)
    for study in learner.get("Education", []):
        assert study["Level"]["Label"]
        assert study["Level"].get("Code", "1") in {str(n) for n in range(1, 9)}
    skills = learner.get("Skills", {})
    assert set(skills) <= SKILL_SECTIONS
    for language in skills.get("Linguistic", {}).get("ForeignLanguage", []):
        assert set(language["ProficiencyLevel"]) == set(CEFR_GRID)
        assert set(language["ProficiencyLevel"].values()) <= CEFR
    licences = skills.get("Driving", {}).get("Description", [])
    assert set(licences) <= {licence.value for licence in DrivingLicence}


@settings(max_examples=40, deadline=None)
@given(cv_contents())
def test_int_1_every_cv_gives_a_well_formed_europass_document(content: CvContent) -> None:
    """INT-1: any valid CV content gives the documented structure, as JSON."""
    document = json.loads(json.dumps(to_europass(content, reference=REFERENCE)))
    check_structure(document)
    languages = document["SkillsPassport"]["LearnerInfo"].get("Skills", {}).get("Linguistic", {})
    natives = [skill for skill in content.languages if skill.level is LanguageLevel.NATIVE]
    assert len(languages.get("MotherTongue", [])) == len(natives)
    assert len(languages.get("ForeignLanguage", [])) == len(content.languages) - len(natives)


def test_int_1_europass_maps_each_section_of_a_cv() -> None:
    """INT-1: identification, work, education (EQF), CEFR grid, skills, licences."""
    w = world()
    citizen, cv = w.citizen_with_published_cv()
    ok(
        w.portal.cv.set_qualifications(
            citizen,
            cv.id,
            Qualifications(
                ministry=(MinistryQualification.TOXIC_GASES,),
                associations=("Ordine dei cuochi",),
                driving_licences=(DrivingLicence.B, DrivingLicence.AM),
            ),
        )
    )
    for category, text in (
        (SkillCategory.IT, "Excel"),
        (SkillCategory.IT, "Word"),
        (SkillCategory.BASIC, "Lavoro in squadra"),
    ):
        ok(w.portal.cv.add_entry(citizen, cv.id, Skill(category=category, description=text)))
    document = json.loads(json.dumps(ok(w.portal.cv.export_europass(citizen, cv.id))))
    check_structure(document)
    passport = document["SkillsPassport"]
    assert passport["Locale"] == "it"
    assert passport["DocumentInfo"]["CreationDate"] == w.clock.now().isoformat()
    learner = passport["LearnerInfo"]
    identification = learner["Identification"]
    assert identification["PersonName"] == {"FirstName": "Anna", "Surname": "Rossi"}
    assert identification["ContactInfo"]["Email"] == {"Contact": "anna.rossi@example.it"}
    assert identification["ContactInfo"]["Address"]["Contact"] == {
        "Municipality": "Genova",
        "Country": {"Code": "IT"},
    }
    assert learner["Headline"]["Description"]["Label"] == "Cuochi in alberghi e ristoranti"
    assert learner["WorkExperience"] == [
        {
            "Period": {"From": {"Year": 2019, "Month": "--05", "Day": "---01"}, "Current": True},
            "Position": {"Label": "Aiuto cuoca"},
            "Employer": {"Name": "Trattoria da Pina"},
        }
    ]
    assert learner["Education"][0]["Level"] == {
        "Label": EducationLevel.UPPER_SECONDARY.label_it,
        "Code": "4",
    }
    assert learner["Skills"]["Linguistic"]["ForeignLanguage"] == [
        {"Description": {"Code": "en"}, "ProficiencyLevel": dict.fromkeys(CEFR_GRID, "B2")}
    ]
    assert learner["Skills"]["Computer"] == {"Description": "Excel\nWord"}
    assert learner["Skills"]["Other"] == {"Description": "Lavoro in squadra"}
    assert learner["Skills"]["Driving"] == {"Description": ["B", "AM"]}
    assert learner["Achievement"] == [
        {
            "Title": {"Code": "certifications"},
            "Description": MinistryQualification.TOXIC_GASES.label_it,
        },
        {"Title": {"Code": "memberships"}, "Description": "Ordine dei cuochi"},
    ]
    english = ok(w.portal.cv.export_europass(citizen, cv.id, Language.ENGLISH))
    assert english["SkillsPassport"]["Locale"] == "en"
    level = english["SkillsPassport"]["LearnerInfo"]["Education"][0]["Level"]["Label"]
    assert level == EducationLevel.UPPER_SECONDARY.label_en


def test_int_1_europass_native_speakers_are_mother_tongues() -> None:
    """INT-1: native is a mother tongue; other levels fill the CEFR grid."""
    content = CvContent(
        languages=(
            LanguageSkill(language="it", level=LanguageLevel.NATIVE),
            LanguageSkill(language="de", level=LanguageLevel.POST_INTERMEDIATE),
        )
    )
    document = to_europass(content, reference=REFERENCE)
    linguistic = document["SkillsPassport"]["LearnerInfo"]["Skills"]["Linguistic"]
    assert linguistic["MotherTongue"] == [{"Description": {"Code": "it"}}]
    assert linguistic["ForeignLanguage"][0]["ProficiencyLevel"]["Writing"] == "C1"


def test_int_1_europass_dates_of_an_ended_experience() -> None:
    """INT-1: From and To as Europass dates; no Current flag once ended."""
    content = CvContent(
        experiences=(Experience(start=dt.date(2020, 2, 3), end=dt.date(2021, 11, 30)),)
    )
    work = to_europass(content, reference=REFERENCE)["SkillsPassport"]["LearnerInfo"][
        "WorkExperience"
    ]
    assert work == [
        {
            "Period": {
                "From": {"Year": 2020, "Month": "--02", "Day": "---03"},
                "To": {"Year": 2021, "Month": "--11", "Day": "---30"},
            }
        }
    ]
