"""The parts of a JSON Resume (v1.0.0) the CV reads, as classes the input codec structures.

Field names are the JSON Resume keys (camelCase), so that the codec's paths are the
file's own: ``work[2].startDate: not a date``. Each class's ``problems()`` adds what
the types cannot say (partial dates, fluency and study-type words). Keys the CV has no
place for are taken out before structuring and listed as ignored
(:func:`prune`); the codec then refuses nothing a JSON Resume may hold.

Partial dates (``2019``, ``2019-05``, ``2019-05-17``, the schema's ``iso8601``) are
read with python-dateutil's ISO parser and stand for the **first day** of their period:
``2019-05`` is 1 May 2019, ``2019`` is 1 January 2019 **(decided)**. The CV keeps
whole dates only, so the precision is not kept: such a date is written back in full.

The library's own exports carry a ``formlavoro`` object in ``basics``, in items and in
``meta`` with what JSON Resume has no field for (codes, the fiscal code, preferences);
read back, it makes the round trip exact.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Iterator, Mapping
from typing import Any, Union, get_args, get_origin

import attrs
from dateutil.parser import isoparse

from formlavoro_core.cv.exchange.vocabulary import education_level, fluency_level, language_code
from formlavoro_core.cv.model import Gender, Preferences
from formlavoro_core.errors import Problem
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.reference import (
    DrivingLicence,
    EducationLevel,
    MinistryQualification,
    SkillCategory,
)
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode
from formlavoro_core.texts import _
from formlavoro_core.values import EmailAddress, PhoneNumber, Postcode

__all__ = [
    "JsonResume",
    "ResumeBasics",
    "ResumeCertificate",
    "ResumeEducation",
    "ResumeLanguage",
    "ResumeSkill",
    "ResumeWork",
    "partial_date",
    "prune",
]

_PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_NOT_A_DATE = _("not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


def partial_date(text: str | None) -> dt.date | None:
    """The first day of a partial ISO date's period; ``None`` for none or a bad date.

    >>> partial_date("2019-05"), partial_date("2019"), partial_date("2019-02-30")
    (datetime.date(2019, 5, 1), datetime.date(2019, 1, 1), None)
    """
    if text is None or not _PARTIAL_DATE.fullmatch(text):
        return None
    try:
        return isoparse(text).date()
    except ValueError:
        return None


def _dates(**dates: str | None) -> Iterator[Problem]:
    for name, text in dates.items():
        if text is not None and partial_date(text) is None:
            yield Problem(path=name, message=_NOT_A_DATE)


@attrs.frozen(kw_only=True)
class PersonalExtension:
    """``basics.formlavoro``: the personal data JSON Resume has no field for."""

    givenName: str | None = None  # noqa: N815 - the file's key
    familyName: str | None = None  # noqa: N815
    fiscalCode: FiscalCode | None = None  # noqa: N815
    birthDate: dt.date | None = None  # noqa: N815
    gender: Gender | None = None
    citizenship: str | None = None
    municipality: MunicipalityCode | None = None


@attrs.frozen(kw_only=True)
class ResumeLocation:
    """``basics.location``."""

    address: str | None = None
    postalCode: Postcode | None = None  # noqa: N815
    city: str | None = None
    region: str | None = None
    countryCode: str | None = None  # noqa: N815


@attrs.frozen(kw_only=True)
class ResumeBasics:
    """``basics``: the person."""

    name: str | None = None
    email: EmailAddress | None = None
    phone: PhoneNumber | None = None
    summary: str | None = None
    location: ResumeLocation | None = None
    formlavoro: PersonalExtension | None = None


@attrs.frozen(kw_only=True)
class WorkExtension:
    """``work[i].formlavoro``: the CP2021 profession and the place as a code."""

    profession: ProfessionCode | None = None
    place: MunicipalityCode | None = None


@attrs.frozen(kw_only=True)
class ResumeWork:
    """An item of ``work``: one experience."""

    name: str | None = None
    position: str | None = None
    location: str | None = None
    startDate: str | None = None  # noqa: N815
    endDate: str | None = None  # noqa: N815
    summary: str | None = None
    highlights: tuple[str, ...] = ()
    formlavoro: WorkExtension | None = None

    def problems(self) -> Iterator[Problem]:
        """The dates must be partial ISO dates."""
        yield from _dates(startDate=self.startDate, endDate=self.endDate)


@attrs.frozen(kw_only=True)
class StudyExtension:
    """``education[i].formlavoro``: the exact level and whether it is in progress."""

    level: EducationLevel
    inProgress: bool = False  # noqa: N815


@attrs.frozen(kw_only=True)
class ResumeEducation:
    """An item of ``education``: one study."""

    institution: str | None = None
    area: str | None = None
    studyType: str | None = None  # noqa: N815
    startDate: str | None = None  # noqa: N815
    endDate: str | None = None  # noqa: N815
    formlavoro: StudyExtension | None = None

    def problems(self) -> Iterator[Problem]:
        """Dates as partial ISO dates; without the extension, a study type the CV knows."""
        yield from _dates(startDate=self.startDate, endDate=self.endDate)
        if self.formlavoro is None and (
            self.studyType is None or education_level(self.studyType) is None
        ):
            yield Problem(
                path="studyType",
                message=_(
                    "an education level the portal knows "
                    "(e.g. 'High school', 'Bachelor', 'Master', 'PhD')"
                ),
            )


@attrs.frozen(kw_only=True)
class ResumeLanguage:
    """An item of ``languages``."""

    language: str
    fluency: str | None = None

    def problems(self) -> Iterator[Problem]:
        """An ISO 639-1 code or a known name; a CEFR level or ``native`` (CV-6)."""
        if language_code(self.language) is None:
            yield Problem(path="language", message=_("an ISO 639-1 code or a language name"))
        if self.fluency is None or fluency_level(self.fluency) is None:
            yield Problem(path="fluency", message=_("a CEFR level (A1 to C2) or 'Native speaker'"))


@attrs.frozen(kw_only=True)
class SkillExtension:
    """``skills[i].formlavoro``: the macro-category of CV-7."""

    category: SkillCategory


@attrs.frozen(kw_only=True)
class ResumeSkill:
    """An item of ``skills``."""

    name: str
    level: str | None = None
    keywords: tuple[str, ...] = ()
    formlavoro: SkillExtension | None = None


@attrs.frozen(kw_only=True)
class CertificateExtension:
    """``certificates[i].formlavoro``: which part of the qualifications (CV-8) it is."""

    ministry: MinistryQualification | None = None
    drivingLicence: DrivingLicence | None = None  # noqa: N815
    association: bool = False

    def problems(self) -> Iterator[Problem]:
        """Exactly one of the three parts."""
        given = (self.ministry is not None) + (self.drivingLicence is not None) + self.association
        if given != 1:
            yield Problem(path="", message=_("one of ministry, drivingLicence or association"))


@attrs.frozen(kw_only=True)
class ResumeCertificate:
    """An item of ``certificates``."""

    name: str
    issuer: str | None = None
    formlavoro: CertificateExtension | None = None


@attrs.frozen(kw_only=True)
class MetaExtension:
    """``meta.formlavoro``: the preferences (CV-9), written by the library's exports."""

    preferences: Preferences = attrs.Factory(Preferences)


@attrs.frozen(kw_only=True)
class ResumeMeta:
    """``meta``."""

    formlavoro: MetaExtension | None = None


@attrs.frozen(kw_only=True)
class JsonResume:
    """The sections of a JSON Resume the CV reads."""

    basics: ResumeBasics | None = None
    work: tuple[ResumeWork, ...] = ()
    education: tuple[ResumeEducation, ...] = ()
    languages: tuple[ResumeLanguage, ...] = ()
    skills: tuple[ResumeSkill, ...] = ()
    certificates: tuple[ResumeCertificate, ...] = ()
    meta: ResumeMeta | None = None


_SILENT = frozenset({"$schema"})


def _attrs_class(annotation: Any) -> Any:
    """The attrs class inside ``X``, ``X | None`` or ``tuple[X, ...]``, or ``None``."""
    if isinstance(annotation, type) and attrs.has(annotation):
        return annotation
    if get_origin(annotation) in {Union, types.UnionType, tuple}:
        for arg in get_args(annotation):
            found = _attrs_class(arg)
            if found is not None:
                return found
    return None


def prune(data: object, cls: Any, path: str = "") -> tuple[object, tuple[str, ...]]:
    """``data`` without the keys ``cls`` has no field for, and the paths of those keys.

    Only mappings and lists are walked; anything else is left for the codec to judge.
    """
    if cls is Preferences:  # the library's own block: judged whole, unknown keys refused
        return data, ()
    if isinstance(data, list) and path:
        kept: list[object] = []
        ignored: list[str] = []
        for index, item in enumerate(data):
            pruned, dropped = prune(item, cls, f"{path}[{index}]")
            kept.append(pruned)
            ignored.extend(dropped)
        return kept, tuple(ignored)
    if not isinstance(data, Mapping):
        return data, ()
    fields = {field.name: field.type for field in attrs.fields(attrs.resolve_types(cls))}
    result: dict[object, object] = {}
    ignored = []
    for key, value in data.items():
        where = f"{path}.{key}" if path else str(key)
        if key in fields:
            inner = _attrs_class(fields[str(key)])
            if inner is None:
                result[key] = value
            else:
                result[key], dropped = prune(value, inner, where)
                ignored.extend(dropped)
        elif key not in _SILENT or path:
            ignored.append(where)
    return result, tuple(ignored)
