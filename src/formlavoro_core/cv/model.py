"""The CV aggregate and its sections (CV-1, CV-2, CV-6 ... CV-9).

A :class:`Cv` is an immutable value: every change returns a new one through
``attrs.evolve``. Fields a citizen may leave empty while drafting are optional here;
completion (``cv/completion.py``) tells which required ones are still missing (CV-3).
Invariants that always hold (lengths, ranges, formats) are checked by
:meth:`CvContent.problems` and the entry classes' ``problems`` methods, which the input
codec runs on everything that comes from outside.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from typing import Generic, TypeVar

import attrs

from formlavoro_core.cv.attachments import AttachmentFormat
from formlavoro_core.errors import Problem
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.ids import AccountId, AttachmentId, CvId, EntryId
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    SkillCategory,
    WorkingCondition,
    is_language_code,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)
from formlavoro_core.texts import _
from formlavoro_core.values import EmailAddress, PhoneNumber, Postcode

__all__ = [
    "Address",
    "AttachmentId",
    "AttachmentRef",
    "Cv",
    "CvContent",
    "CvId",
    "Entry",
    "EntryId",
    "Experience",
    "Gender",
    "LanguageSkill",
    "PersonalData",
    "Preferences",
    "Publication",
    "Qualifications",
    "Skill",
    "Study",
]


T = TypeVar("T")

SHORT_TEXT = 200
LONG_TEXT = 4000
MAX_DESIRED_PROFESSIONS = 5


def _text(path: str, value: str | None, limit: int = SHORT_TEXT) -> Iterator[Problem]:
    if value is None:
        return
    if not value.strip():
        yield Problem(path=path, message=_("must not be blank (leave it out instead)"))
    elif len(value) > limit:
        yield Problem(path=path, message=_("at most {maximum} characters", maximum=limit))


def _unique(path: str, values: tuple[object, ...]) -> Iterator[Problem]:
    if len(set(values)) != len(values):
        yield Problem(path=path, message=_("contains duplicates"))


class Gender(enum.Enum):
    """Gender as recorded in the fiscal code."""

    MALE = "M"
    FEMALE = "F"


@attrs.frozen(kw_only=True)
class Address:
    """A place of residence: the municipality is what matching and filters use."""

    municipality: MunicipalityCode
    street: str | None = None
    postcode: Postcode | None = None

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the address, with paths relative to it."""
        yield from _text("street", self.street)


@attrs.frozen(kw_only=True)
class PersonalData:
    """Basic data: the section a company never sees without the citizen's consent."""

    given_name: str | None = None
    family_name: str | None = None
    fiscal_code: FiscalCode | None = None
    birth_date: dt.date | None = None
    gender: Gender | None = None
    citizenship: str | None = None
    email: EmailAddress | None = None
    phone: PhoneNumber | None = None
    residence: Address | None = None

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the personal data, with relative paths."""
        yield from _text("given_name", self.given_name)
        yield from _text("family_name", self.family_name)
        yield from _text("citizenship", self.citizenship)
        if self.birth_date is not None and self.birth_date.year < 1900:  # noqa: PLR2004
            yield Problem(path="birth_date", message=_("before 1900"))
        if self.residence is not None:
            for problem in self.residence.problems():
                yield Problem(path=f"residence.{problem.path}", message=problem.message)


@attrs.frozen(kw_only=True)
class Experience:
    """A work experience (CV-2). ``end`` is ``None`` while it is ongoing."""

    job_title: str | None = None
    employer: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    profession: ProfessionCode | None = None
    place: MunicipalityCode | None = None
    description: str | None = None

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the experience, with relative paths."""
        yield from _text("job_title", self.job_title)
        yield from _text("employer", self.employer)
        yield from _text("description", self.description, LONG_TEXT)
        if self.start is not None and self.end is not None and self.end < self.start:
            yield Problem(path="end", message=_("before the start"))


@attrs.frozen(kw_only=True)
class Study:
    """A qualification obtained or in progress (CV-2)."""

    level: EducationLevel
    title: str | None = None
    institution: str | None = None
    year: int | None = None
    in_progress: bool = False

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the study, with relative paths."""
        yield from _text("title", self.title)
        yield from _text("institution", self.institution)
        if self.year is not None and not 1900 <= self.year <= 2100:  # noqa: PLR2004
            yield Problem(path="year", message=_("a year between 1900 and 2100"))


@attrs.frozen(kw_only=True)
class LanguageSkill:
    """A language (ISO 639-1) and the level of CV-6."""

    language: str
    level: LanguageLevel

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the language entry, with relative paths."""
        if not is_language_code(self.language):
            yield Problem(path="language", message=_("not an ISO 639-1 language code"))


@attrs.frozen(kw_only=True)
class Skill:
    """A skill in one of the three macro-categories of CV-7."""

    category: SkillCategory
    description: str

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the skill, with relative paths."""
        yield from _text("description", self.description, 500)


@attrs.frozen(kw_only=True)
class Qualifications:
    """CV-8: ministry qualifications, professional associations, driving licences."""

    ministry: tuple[MinistryQualification, ...] = ()
    associations: tuple[str, ...] = ()
    driving_licences: tuple[DrivingLicence, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether the citizen declared nothing in this section."""
        return not (self.ministry or self.associations or self.driving_licences)

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the qualifications, with relative paths."""
        yield from _unique("ministry", self.ministry)
        yield from _unique("associations", self.associations)
        yield from _unique("driving_licences", self.driving_licences)
        for index, association in enumerate(self.associations):
            yield from _text(f"associations[{index}]", association)


@attrs.frozen(kw_only=True)
class Preferences:
    """CV-9: what the citizen looks for; automatic matching uses it."""

    professions: tuple[ProfessionCode, ...] = ()
    sectors: tuple[SectorCode, ...] = ()
    available_to_travel: bool | None = None
    working_conditions: tuple[WorkingCondition, ...] = ()
    contract_types: tuple[ContractType, ...] = ()
    notes: str | None = None

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the preferences, with relative paths."""
        if len(self.professions) > MAX_DESIRED_PROFESSIONS:
            yield Problem(
                path="professions",
                message=_(
                    "at most {max_desired_professions}",
                    max_desired_professions=MAX_DESIRED_PROFESSIONS,
                ),
            )
        yield from _unique("professions", self.professions)
        yield from _unique("sectors", self.sectors)
        yield from _unique("working_conditions", self.working_conditions)
        yield from _unique("contract_types", self.contract_types)
        yield from _text("notes", self.notes, LONG_TEXT)


@attrs.frozen(kw_only=True)
class Entry(Generic[T]):
    """An item of a list section with the stable id the citizen edits it by."""

    id: EntryId
    value: T


@attrs.frozen(kw_only=True)
class CvContent:
    """Everything a citizen writes in a CV, without ids: the shape of a CV import."""

    personal: PersonalData = PersonalData()
    experiences: tuple[Experience, ...] = ()
    studies: tuple[Study, ...] = ()
    languages: tuple[LanguageSkill, ...] = ()
    skills: tuple[Skill, ...] = ()
    qualifications: Qualifications = Qualifications()
    preferences: Preferences = Preferences()

    def problems(self) -> Iterator[Problem]:
        """Yield every problem of the content with its path (``experiences[2].end``)."""
        languages = tuple(skill.language for skill in self.languages)
        yield from _unique("languages", languages)


@attrs.frozen(kw_only=True)
class AttachmentRef:
    """An attachment's metadata; its bytes live in the ``FileStore`` (CV-10)."""

    id: AttachmentId
    filename: str
    format: AttachmentFormat
    size: int
    sha256: str
    uploaded_at: dt.datetime

    @property
    def file_key(self) -> str:
        """The key of the bytes in the file store."""
        return f"attachments/{self.id}"


@attrs.frozen(kw_only=True)
class Publication:
    """When the CV was published and until when it stays active (CV-11)."""

    published_at: dt.datetime
    expires_at: dt.datetime
    reminder_sent_at: dt.datetime | None = None

    def is_active(self, now: dt.datetime) -> bool:
        """Whether the CV is still published at ``now`` (expiry is exclusive)."""
        return self.published_at <= now < self.expires_at


@attrs.frozen(kw_only=True)
class Cv:
    """A citizen's CV: one per citizen, with a stable id shown to them (CV-1).

    ``residence_province`` is derived from the municipality of residence whenever the
    personal data change, so that searches by province need no reference data.
    """

    id: CvId
    owner: AccountId
    personal: PersonalData
    experiences: tuple[Entry[Experience], ...] = ()
    studies: tuple[Entry[Study], ...] = ()
    languages: tuple[Entry[LanguageSkill], ...] = ()
    skills: tuple[Entry[Skill], ...] = ()
    qualifications: Qualifications = Qualifications()
    preferences: Preferences = Preferences()
    attachments: tuple[AttachmentRef, ...] = ()
    publication: Publication | None = None
    residence_province: ProvinceCode | None = None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = 0

    def is_published(self, now: dt.datetime) -> bool:
        """Whether the CV is published and not expired at ``now``."""
        return self.publication is not None and self.publication.is_active(now)

    def lists_language_of(self, value: object, *, besides: EntryId | None = None) -> bool:
        """Whether ``value`` is a language another entry already lists (CV-6).

        Args:
            value: an entry's value; only a :class:`LanguageSkill` can repeat a language.
            besides: the entry being replaced, which does not count.
        """
        if not isinstance(value, LanguageSkill):
            return False
        return any(
            entry.value.language == value.language and entry.id != besides
            for entry in self.languages
        )

    def content(self) -> CvContent:
        """Return what the citizen wrote, without ids, attachments or publication."""
        return CvContent(
            personal=self.personal,
            experiences=tuple(entry.value for entry in self.experiences),
            studies=tuple(entry.value for entry in self.studies),
            languages=tuple(entry.value for entry in self.languages),
            skills=tuple(entry.value for entry in self.skills),
            qualifications=self.qualifications,
            preferences=self.preferences,
        )
