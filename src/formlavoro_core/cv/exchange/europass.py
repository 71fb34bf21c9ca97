"""INT-1: the CV as Europass-compatible data (the Europass CV's ``SkillsPassport`` JSON).

What exists publicly: the Europass CV of 2004-2020 had published XML and JSON schemas
(Cedefop, ``SkillsPassport``/``LearnerInfo``, XML v3.4, JSON v3.3) that many job
portals still read. The Europass platform of 2020 on exchanges CVs as "Europass2"
XML built on HR Open Standards and the EURES schema (root ``Candidate``, documented in
the "Europass2 CV XML Schema Documentation" v3.0.0 of February 2020), but it publishes
no stable schema file to validate against. This module therefore writes the
``SkillsPassport`` JSON structure, whose sections are those of the current Europass
CV editor as well; ``docs/interop.md`` maps each part to both.

Decisions:

* Languages use the CEFR self-assessment grid: the portal records one level per
  language (CV-6), so the five parts (listening, reading, spoken interaction, spoken
  production, writing) all carry it; the native level is a mother tongue.
* Skills: IT skills are ``Computer``, professional skills ``JobRelated``, basic skills
  ``Other`` (the portal does not tell communication from organisational skills); each
  part's description holds one skill per line.
* Driving licences are ``Driving`` (the same EU categories); ministry qualifications
  and association memberships are ``Achievement`` entries (``certifications`` and
  ``memberships``).
* Desired professions are the ``preferred_job`` headline; dates are Europass dates
  (``Year``, ``Month`` as ``--MM``, ``Day`` as ``---DD``); education levels carry their
  EQF level as code when the framework gives one.
* Labels are Italian for an Italian document and English otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Final

from formlavoro_core.cv.model import CvContent, Experience, Study
from formlavoro_core.locale import Language
from formlavoro_core.reference import SkillCategory
from formlavoro_core.reference._vocabulary import Vocabulary

if TYPE_CHECKING:
    from formlavoro_core.reference import ReferenceData

__all__ = ["CEFR_GRID", "EUROPASS_VERSION", "SKILL_SECTIONS", "to_europass"]

EUROPASS_VERSION: Final = "V3.3"
"""The ``XSDVersion`` the document says it follows."""

CEFR_GRID: Final = ("Listening", "Reading", "SpokenInteraction", "SpokenProduction", "Writing")
"""The five parts of the CEFR self-assessment grid, as Europass names them."""

SKILL_SECTIONS: Final[dict[SkillCategory, str]] = {
    SkillCategory.IT: "Computer",
    SkillCategory.PROFESSIONAL: "JobRelated",
    SkillCategory.BASIC: "Other",
}
"""The Europass skills section of each macro-category of CV-7."""

_COUNTRY = re.compile(r"[A-Z]{2}")


def _label(value: Vocabulary, language: Language) -> str:
    return value.label_it if language is Language.ITALIAN else value.label_en


def _date(day: dt.date) -> dict[str, Any]:
    return {"Year": day.year, "Month": f"--{day.month:02d}", "Day": f"---{day.day:02d}"}


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in (None, {}, [], "")}


def _identification(content: CvContent, reference: ReferenceData) -> dict[str, Any]:
    personal = content.personal
    address: dict[str, Any] = {}
    if personal.residence is not None:
        place = reference.municipality(personal.residence.municipality)
        address = {
            "Contact": _compact(
                {
                    "AddressLine": personal.residence.street,
                    "PostalCode": personal.residence.postcode,
                    "Municipality": place.name if place else None,
                    "Country": {"Code": "IT"},
                }
            )
        }
    nationality = None
    if personal.citizenship:
        key = "Code" if _COUNTRY.fullmatch(personal.citizenship) else "Label"
        nationality = [{key: personal.citizenship}]
    return _compact(
        {
            "PersonName": _compact(
                {"FirstName": personal.given_name, "Surname": personal.family_name}
            ),
            "ContactInfo": _compact(
                {
                    "Address": address,
                    "Email": {"Contact": personal.email} if personal.email else None,
                    "Telephone": [{"Contact": personal.phone}] if personal.phone else None,
                }
            ),
            "Demographics": _compact(
                {
                    "Birthdate": _date(personal.birth_date) if personal.birth_date else None,
                    "Gender": {"Code": personal.gender.value} if personal.gender else None,
                    "Nationality": nationality,
                }
            ),
        }
    )


def _work(experience: Experience, reference: ReferenceData) -> dict[str, Any]:
    place = reference.municipality(experience.place) if experience.place else None
    period = _compact(
        {
            "From": _date(experience.start) if experience.start else None,
            "To": _date(experience.end) if experience.end else None,
        }
    )
    if experience.start and not experience.end:
        period["Current"] = True
    employer = _compact(
        {
            "Name": experience.employer,
            "ContactInfo": (
                {"Address": {"Contact": {"Municipality": place.name, "Country": {"Code": "IT"}}}}
                if place
                else None
            ),
        }
    )
    return _compact(
        {
            "Period": period,
            "Position": {"Label": experience.job_title} if experience.job_title else None,
            "Activities": experience.description,
            "Employer": employer,
        }
    )


def _education(study: Study, language: Language) -> dict[str, Any]:
    level: dict[str, Any] = {"Label": _label(study.level, language)}
    if study.level.eqf is not None:
        level["Code"] = str(study.level.eqf)
    period: dict[str, Any] = {}
    if study.year is not None:
        period["To"] = {"Year": study.year}
    if study.in_progress:
        period["Current"] = True
    return _compact(
        {
            "Period": period,
            "Title": study.title,
            "Organisation": {"Name": study.institution} if study.institution else None,
            "Level": level,
        }
    )


def _skills(content: CvContent) -> dict[str, Any]:
    mother = [
        {"Description": {"Code": skill.language}}
        for skill in content.languages
        if skill.level.cefr is None
    ]
    foreign = [
        {
            "Description": {"Code": skill.language},
            "ProficiencyLevel": dict.fromkeys(CEFR_GRID, skill.level.cefr.value.upper()),
        }
        for skill in content.languages
        if skill.level.cefr is not None
    ]
    skills: dict[str, Any] = {}
    linguistic = _compact({"MotherTongue": mother, "ForeignLanguage": foreign})
    if linguistic:
        skills["Linguistic"] = linguistic
    for category, section in SKILL_SECTIONS.items():
        lines = [skill.description for skill in content.skills if skill.category is category]
        if lines:
            skills[section] = {"Description": "\n".join(lines)}
    licences = content.qualifications.driving_licences
    if licences:
        skills["Driving"] = {"Description": [licence.value for licence in licences]}
    return skills


def _achievements(content: CvContent, language: Language) -> list[dict[str, Any]]:
    qualifications = content.qualifications
    found = [
        {"Title": {"Code": "certifications"}, "Description": _label(item, language)}
        for item in qualifications.ministry
    ]
    found += [
        {"Title": {"Code": "memberships"}, "Description": name}
        for name in qualifications.associations
    ]
    return found


def to_europass(
    content: CvContent,
    *,
    reference: ReferenceData,
    language: Language = Language.ITALIAN,
    generated_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """The CV content as a Europass ``SkillsPassport`` document (JSON-ready data).

    Args:
        content: what the citizen wrote.
        reference: names of municipalities and professions.
        language: the document's ``Locale`` and the language of its labels.
        generated_at: written as ``DocumentInfo.CreationDate`` when given.
    """
    titles = [
        found.title
        for code in content.preferences.professions
        if (found := reference.profession(code)) is not None
    ]
    learner = _compact(
        {
            "Identification": _identification(content, reference),
            "Headline": (
                {"Type": {"Code": "preferred_job"}, "Description": {"Label": "; ".join(titles)}}
                if titles
                else None
            ),
            "WorkExperience": [_work(experience, reference) for experience in content.experiences],
            "Education": [_education(study, language) for study in content.studies],
            "Skills": _skills(content),
            "Achievement": _achievements(content, language),
        }
    )
    info = {"DocumentType": "ECV", "XSDVersion": EUROPASS_VERSION, "Generator": "formlavoro"}
    if generated_at is not None:
        info["CreationDate"] = generated_at.astimezone(dt.UTC).isoformat()
    return {
        "SkillsPassport": {"Locale": language.value, "DocumentInfo": info, "LearnerInfo": learner}
    }
