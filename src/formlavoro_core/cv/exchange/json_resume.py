"""INT-1: the CV as a JSON Resume (v1.0.0) and back.

:func:`to_json_resume` gives JSON-ready data (serialising is the caller's job);
:func:`read_json_resume` turns a JSON Resume into CV content through the input codec,
with every problem at its path in the file, or nothing at all. The mapping, section by
section (``docs/interop.md`` has the tables):

* ``basics`` is the personal data: ``name`` is given and family name joined by a space
  (read back: the last word is the family name unless ``basics.formlavoro`` says the
  two), ``location.city`` the municipality's name (read back through the reference
  data, when one municipality has exactly that name); ``basics.summary`` is the
  preferences' free notes. What JSON Resume has no field for (fiscal code, birth date,
  gender, citizenship, the municipality's code) is in ``basics.formlavoro``.
* ``work`` is the experiences (``name`` employer, ``position`` job title, ``summary``
  description, read back with the ``highlights`` as ``- `` lines after it); ``education``
  the studies (``area`` title, ``studyType`` the level's English label, ``endDate`` the
  year); ``languages`` the languages with their CEFR level as ``fluency``; ``skills``
  the skills with their macro-category as keyword and in ``formlavoro``;
  ``certificates`` the qualifications of CV-8: ministry qualifications, association
  memberships and driving licences, each marked in ``formlavoro``. A certificate of
  another source is read as a driving licence when its name says one
  (``Patente B``), otherwise as a professional skill (CV-8: specific licences are
  professional skills).
* ``meta.formlavoro.preferences`` is the preferences of CV-9 (but the notes).

Reading replaces the list sections and the qualifications; personal fields and
preferences the file does not give keep the CV's values (a JSON Resume from elsewhere
has no fiscal code or preferences), and the fiscal code never changes (CV-11).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from formlavoro_core.cv.exchange.json_resume_reader import ResumeReader
from formlavoro_core.cv.exchange.json_resume_shape import JsonResume, prune
from formlavoro_core.cv.exchange.vocabulary import fluency_of
from formlavoro_core.cv.model import CvContent, Experience, Qualifications, Study
from formlavoro_core.errors import InvalidInput, Problem
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.texts import _

if TYPE_CHECKING:
    from formlavoro_core.codec import Codec
    from formlavoro_core.reference import ReferenceData

__all__ = ["SCHEMA_URL", "ResumeReading", "read_json_resume", "to_json_resume"]

SCHEMA_URL: Final = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
"""The ``$schema`` an export names: the JSON Resume schema it follows."""


@attrs.frozen(kw_only=True)
class ResumeReading:
    """CV content read from a JSON Resume, and the paths of what the CV had no place for."""

    content: CvContent
    ignored: tuple[str, ...] = ()


# -- writing ---------------------------------------------------------------------------


def _compact(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in (None, (), [], {})}


def _place_name(reference: ReferenceData, code: MunicipalityCode | None) -> str | None:
    found = reference.municipality(code) if code else None
    return found.name if found else None


def _basics(content: CvContent, reference: ReferenceData, codec: Codec) -> dict[str, Any]:
    personal = content.personal
    names = [name for name in (personal.given_name, personal.family_name) if name]
    location: dict[str, Any] = {}
    if personal.residence is not None:
        place = reference.municipality(personal.residence.municipality)
        province = reference.province(place.province) if place else None
        location = _compact(
            {
                "address": personal.residence.street,
                "postalCode": personal.residence.postcode,
                "city": place.name if place else None,
                "region": province.region if province else None,
                "countryCode": "IT",
            }
        )
    extension = _compact(
        {
            "givenName": personal.given_name,
            "familyName": personal.family_name,
            "fiscalCode": codec.unstructure(personal.fiscal_code),
            "birthDate": codec.unstructure(personal.birth_date),
            "gender": personal.gender.value if personal.gender else None,
            "citizenship": personal.citizenship,
            "municipality": personal.residence.municipality if personal.residence else None,
        }
    )
    return _compact(
        {
            "name": " ".join(names) if names else None,
            "email": personal.email,
            "phone": personal.phone,
            "summary": content.preferences.notes,
            "location": location,
            "formlavoro": extension,
        }
    )


def _work(experience: Experience, reference: ReferenceData) -> dict[str, Any]:
    return _compact(
        {
            "name": experience.employer,
            "position": experience.job_title,
            "location": _place_name(reference, experience.place),
            "startDate": experience.start.isoformat() if experience.start else None,
            "endDate": experience.end.isoformat() if experience.end else None,
            "summary": experience.description,
            "formlavoro": _compact(
                {"profession": experience.profession, "place": experience.place}
            ),
        }
    )


def _education(study: Study) -> dict[str, Any]:
    return _compact(
        {
            "institution": study.institution,
            "area": study.title,
            "studyType": study.level.label_en,
            "endDate": f"{study.year:04d}" if study.year is not None else None,
            "formlavoro": {"level": study.level.value, "inProgress": study.in_progress},
        }
    )


def _certificates(qualifications: Qualifications) -> list[dict[str, Any]]:
    found = [
        {"name": item.label_en, "formlavoro": {"ministry": item.value}}
        for item in qualifications.ministry
    ]
    found += [
        {"name": name, "formlavoro": {"association": True}} for name in qualifications.associations
    ]
    found += [
        {"name": item.label_en, "formlavoro": {"drivingLicence": item.value}}
        for item in qualifications.driving_licences
    ]
    return found


def to_json_resume(content: CvContent, *, reference: ReferenceData, codec: Codec) -> dict[str, Any]:
    """The CV content as a JSON Resume v1.0.0 document (JSON-ready data), for INT-1."""
    preferences = codec.unstructure(attrs.evolve(content.preferences, notes=None))
    return {
        "$schema": SCHEMA_URL,
        "basics": _basics(content, reference, codec),
        "work": [_work(experience, reference) for experience in content.experiences],
        "education": [_education(study) for study in content.studies],
        "languages": [
            {"language": skill.language, "fluency": fluency_of(skill.level)}
            for skill in content.languages
        ],
        "skills": [
            {
                "name": skill.description,
                "keywords": [skill.category.label_en],
                "formlavoro": {"category": skill.category.value},
            }
            for skill in content.skills
        ],
        "certificates": _certificates(content.qualifications),
        "meta": {"formlavoro": {"preferences": _compact(preferences)}},
    }


def read_json_resume(
    data: object, *, codec: Codec, reference: ReferenceData, base: CvContent
) -> ResumeReading | InvalidInput:
    """CV content from a JSON Resume, or every problem with its path in the file.

    Args:
        data: the parsed JSON document.
        codec: the portal's input codec (checks codes against the reference data).
        reference: the reference data, to find municipalities by name.
        base: the CV's current content: what the file does not give is kept from it.
    """
    if not isinstance(data, Mapping):
        return InvalidInput.at("", _("expected a JSON Resume object"))
    pruned, ignored = prune(data, JsonResume)
    resume = codec.parse(pruned, JsonResume)
    if isinstance(resume, InvalidInput):
        return resume
    reader = ResumeReader(resume, base, reference)
    content = reader.content()
    checked = codec.check(content)
    if isinstance(checked, InvalidInput):
        return InvalidInput(
            problems=tuple(
                Problem(path=reader.path_in_file(problem.path), message=problem.message)
                for problem in checked.problems
            )
        )
    return ResumeReading(content=checked, ignored=(*ignored, *reader.ignored))
