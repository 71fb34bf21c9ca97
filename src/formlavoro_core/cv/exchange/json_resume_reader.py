"""Reading a JSON Resume into CV content (INT-1): the rules of ``json_resume``'s docstring.

:class:`ResumeReader` builds the content from the structured file, remembering where
each list item came from, so that a problem the CV's own checks find
(``experiences[1].description: at most 4000 characters``) is reported at its place in
the file (``work[1].summary``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import attrs

from formlavoro_core.cv.exchange.json_resume_shape import (
    JsonResume,
    ResumeBasics,
    ResumeEducation,
    ResumeWork,
    partial_date,
)
from formlavoro_core.cv.exchange.vocabulary import driving_licence as licence_named
from formlavoro_core.cv.exchange.vocabulary import education_level, fluency_level, language_code
from formlavoro_core.cv.model import (
    Address,
    CvContent,
    Experience,
    LanguageSkill,
    PersonalData,
    Preferences,
    Qualifications,
    Skill,
    Study,
)
from formlavoro_core.reference import (
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    SkillCategory,
)
from formlavoro_core.reference.classifications import fold_text
from formlavoro_core.reference.code_types import MunicipalityCode

if TYPE_CHECKING:
    from formlavoro_core.reference import ReferenceData

__all__ = ["ResumeReader"]

_STATIC_PATHS: Final = (
    ("personal.given_name", "basics.name"),
    ("personal.family_name", "basics.name"),
    ("personal.email", "basics.email"),
    ("personal.phone", "basics.phone"),
    ("personal.residence.street", "basics.location.address"),
    ("personal.residence.postcode", "basics.location.postalCode"),
    ("personal.residence", "basics.location"),
    ("personal.fiscal_code", "basics.formlavoro.fiscalCode"),
    ("personal.birth_date", "basics.formlavoro.birthDate"),
    ("personal.citizenship", "basics.formlavoro.citizenship"),
    ("personal", "basics"),
    ("preferences.notes", "basics.summary"),
    ("preferences", "meta.formlavoro.preferences"),
    ("qualifications", "certificates"),
)
_FIELDS: Final[dict[str, dict[str, str]]] = {
    "work": {
        "job_title": "position",
        "employer": "name",
        "start": "startDate",
        "end": "endDate",
        "description": "summary",
        "place": "location",
        "profession": "formlavoro.profession",
    },
    "education": {"title": "area", "year": "endDate", "level": "studyType"},
    "languages": {"level": "fluency"},
    "skills": {"description": "name", "category": "formlavoro.category"},
    "certificates": {"description": "name"},
}
_ITEM = re.compile(r"([a-z_]+(?:\.[a-z_]+)?\[[0-9]+\])(?:\.(.+))?")


def _given(text: str | None) -> str | None:
    """Blank text counts as absent (JSON Resume tools often write ``""``)."""
    return text if text is not None and text.strip() else None


def _municipality(reference: ReferenceData, text: str | None) -> MunicipalityCode | None:
    name = (_given(text) or "").split(",")[0].strip()
    if not name:
        return None
    exact = [
        found
        for found in reference.find_municipalities(name, limit=10)
        if fold_text(found.name) == fold_text(name)
    ]
    return MunicipalityCode(exact[0].code) if len(exact) == 1 else None


class ResumeReader:
    """One reading: the file's parts, the CV's current content, what was set aside."""

    def __init__(self, resume: JsonResume, base: CvContent, reference: ReferenceData) -> None:
        self.resume = resume
        self.base = base
        self.reference = reference
        self.ignored: list[str] = []
        self.origins: dict[str, tuple[str, str]] = {}

    def personal(self, basics: ResumeBasics | None) -> PersonalData:
        """The personal data: the file's fields over the CV's; the fiscal code stays."""
        base = self.base.personal
        if basics is None:
            return base
        extension = basics.formlavoro
        changes: dict[str, Any] = {}
        if extension is not None:
            changes.update(
                given_name=extension.givenName,
                family_name=extension.familyName,
                fiscal_code=extension.fiscalCode or base.fiscal_code,
                birth_date=extension.birthDate,
                gender=extension.gender,
                citizenship=extension.citizenship,
            )
        elif _given(basics.name):
            *given, family = (basics.name or "").split()
            changes.update(given_name=" ".join(given) or None, family_name=family)
        for name in ("email", "phone"):
            if getattr(basics, name) is not None:
                changes[name] = getattr(basics, name)
        location = basics.location
        municipality = extension.municipality if extension else None
        if municipality is None and extension is None and location is not None:
            municipality = _municipality(self.reference, location.city)
            if municipality is None:
                self.ignored.append("basics.location")
        if municipality is not None:
            changes["residence"] = Address(
                municipality=municipality,
                street=_given(location.address) if location else None,
                postcode=location.postalCode if location else None,
            )
        elif extension is not None:
            changes["residence"] = None
        return attrs.evolve(base, **changes)

    def experience(self, index: int, work: ResumeWork) -> Experience:
        """One experience from ``work[index]``; an unknown place is set aside."""
        extension = work.formlavoro
        place = extension.place if extension else _municipality(self.reference, work.location)
        if extension is None and _given(work.location) and place is None:
            self.ignored.append(f"work[{index}].location")
        lines = [_given(work.summary), *(f"- {line}" for line in work.highlights if line.strip())]
        description = "\n".join(line for line in lines if line) or None
        return Experience(
            job_title=_given(work.position),
            employer=_given(work.name),
            start=partial_date(work.startDate),
            end=partial_date(work.endDate),
            profession=extension.profession if extension else None,
            place=place,
            description=description,
        )

    @staticmethod
    def study(education: ResumeEducation) -> Study:
        """One study from an ``education`` item."""
        extension = education.formlavoro
        end = partial_date(education.endDate)
        level = extension.level if extension else None
        if level is None:  # the shape's problems() refused a study type without a level
            level = education_level(education.studyType or "") or EducationLevel.NONE
        return Study(
            level=level,
            title=_given(education.area),
            institution=_given(education.institution),
            year=end.year if end else None,
            in_progress=(
                extension.inProgress
                if extension
                else education.startDate is not None and education.endDate is None
            ),
        )

    def content(self) -> CvContent:
        """The whole content, remembering where each list item came from."""
        resume = self.resume
        skills: list[Skill] = []
        for index, item in enumerate(resume.skills):
            self.origins[f"skills[{len(skills)}]"] = (f"skills[{index}]", "skills")
            if item.formlavoro is not None:
                skills.append(Skill(category=item.formlavoro.category, description=item.name))
                continue
            text = item.name + (f" ({item.level})" if _given(item.level) else "")
            keywords = ", ".join(word for word in item.keywords if word.strip())
            description = f"{text}: {keywords}" if keywords else text
            skills.append(Skill(category=SkillCategory.PROFESSIONAL, description=description))
        ministry: list[MinistryQualification] = []
        associations: list[str] = []
        licences: list[DrivingLicence] = []
        for index, certificate in enumerate(resume.certificates):
            marked = certificate.formlavoro
            if marked is not None and marked.ministry is not None:
                ministry.append(marked.ministry)
            elif marked is not None and marked.drivingLicence is not None:
                licences.append(marked.drivingLicence)
            elif marked is not None:
                self.origins[f"qualifications.associations[{len(associations)}]"] = (
                    f"certificates[{index}]",
                    "certificates",
                )
                associations.append(certificate.name)
            elif (found := licence_named(certificate.name)) is not None:
                if found not in licences:
                    licences.append(found)
            else:
                self.origins[f"skills[{len(skills)}]"] = (f"certificates[{index}]", "certificates")
                issuer = f" ({certificate.issuer})" if _given(certificate.issuer) else ""
                skills.append(
                    Skill(
                        category=SkillCategory.PROFESSIONAL,
                        description=f"{certificate.name}{issuer}",
                    )
                )
        for section, source, count in (
            ("experiences", "work", len(resume.work)),
            ("studies", "education", len(resume.education)),
            ("languages", "languages", len(resume.languages)),
        ):
            for index in range(count):
                self.origins[f"{section}[{index}]"] = (f"{source}[{index}]", source)
        return CvContent(
            personal=self.personal(resume.basics),
            experiences=tuple(self.experience(i, work) for i, work in enumerate(resume.work)),
            studies=tuple(self.study(education) for education in resume.education),
            languages=tuple(
                LanguageSkill(
                    language=language_code(item.language) or item.language,
                    # the shape's problems() refused a fluency without a level
                    level=fluency_level(item.fluency or "") or LanguageLevel.ELEMENTARY,
                )
                for item in resume.languages
            ),
            skills=tuple(skills),
            qualifications=Qualifications(
                ministry=tuple(ministry),
                associations=tuple(associations),
                driving_licences=tuple(licences),
            ),
            preferences=self.preferences(),
        )

    def preferences(self) -> Preferences:
        """The preferences: the file's own block, or the CV's with the file's summary."""
        basics, meta = self.resume.basics, self.resume.meta
        summary = _given(basics.summary) if basics else None
        if meta is not None and meta.formlavoro is not None:
            return attrs.evolve(meta.formlavoro.preferences, notes=summary)
        if summary is None:
            return self.base.preferences
        return attrs.evolve(self.base.preferences, notes=summary)

    def path_in_file(self, path: str) -> str:
        """Where in the file a problem of the built content comes from."""
        found = _ITEM.fullmatch(path)
        if found and found.group(1) in self.origins:
            prefix, kind = self.origins[found.group(1)]
            rest = found.group(2)
            return f"{prefix}.{_FIELDS[kind].get(rest, rest)}" if rest else prefix
        for domain, file in _STATIC_PATHS:
            if path == domain or path.startswith((f"{domain}.", f"{domain}[")):
                return file + path[len(domain) :]
        for domain, file in (("experiences", "work"), ("studies", "education")):
            if path.startswith(domain):
                return file + path[len(domain) :]
        return path
