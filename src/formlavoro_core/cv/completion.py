"""How complete a CV is (CV-3, CV-4).

Each section has required fields and a weight; the completion is the weighted mean of
the sections' scores. Attachments count for nothing (CV-10). The default weights:

=============== ====== ======================================================
section         weight required
=============== ====== ======================================================
personal data   30     given name, family name, fiscal code, birth date,
                       email, phone, residence (score: share filled)
experiences     20     at least one; each: job title, employer, start
studies         15     at least one; each: level, title
languages       10     at least one
skills          10     at least one
qualifications   5     at least one ministry qualification, association or licence
preferences     10     desired professions, working conditions, availability
                       to travel (score: share filled)
=============== ====== ======================================================

A list section scores as its most complete entry, so adding an entry or filling a
field never lowers the completion; the section is only complete when every entry has
its required fields. Arithmetic is exact (fractions): 65% means 65%, not 64.99999.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from fractions import Fraction

import attrs

from formlavoro_core.cv.model import CvContent, Experience, PersonalData, Preferences, Study

__all__ = ["Completion", "CompletionWeights", "Section", "SectionCompletion", "completion_of"]


class Section(enum.Enum):
    """The scored sections of a CV (CV-2; attachments are not scored)."""

    PERSONAL = "personal"
    EXPERIENCES = "experiences"
    STUDIES = "studies"
    LANGUAGES = "languages"
    SKILLS = "skills"
    QUALIFICATIONS = "qualifications"
    PREFERENCES = "preferences"


def _non_negative(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} weight must not be negative")


@attrs.frozen(kw_only=True)
class CompletionWeights:
    """Weights of the sections in the completion percentage (configuration, CV-4)."""

    personal: int = attrs.field(default=30, validator=_non_negative)
    experiences: int = attrs.field(default=20, validator=_non_negative)
    studies: int = attrs.field(default=15, validator=_non_negative)
    languages: int = attrs.field(default=10, validator=_non_negative)
    skills: int = attrs.field(default=10, validator=_non_negative)
    qualifications: int = attrs.field(default=5, validator=_non_negative)
    preferences: int = attrs.field(default=10, validator=_non_negative)

    def __attrs_post_init__(self) -> None:
        if self.total == 0:
            raise ValueError("at least one section must have a positive weight")

    @property
    def total(self) -> int:
        """The sum of the weights."""
        return sum(self.of(section) for section in Section)

    def of(self, section: Section) -> int:
        """The weight of ``section``."""
        weight: int = getattr(self, section.value)
        return weight


@attrs.frozen(kw_only=True)
class SectionCompletion:
    """One section's score in [0, 1] and the paths of its missing required fields."""

    section: Section
    weight: int
    score: Fraction
    missing: tuple[str, ...]

    @property
    def is_complete(self) -> bool:
        """Whether no required field is missing."""
        return not self.missing


@attrs.frozen(kw_only=True)
class Completion:
    """A CV's completion: per section and overall."""

    sections: tuple[SectionCompletion, ...]

    @property
    def ratio(self) -> Fraction:
        """The weighted completion in [0, 1], exact."""
        total = sum(part.weight for part in self.sections)
        return sum((part.score * part.weight for part in self.sections), Fraction(0)) / total

    @property
    def percent(self) -> int:
        """The completion as a whole percentage, rounded down (never shows more than it is)."""
        return int(self.ratio * 100)

    @property
    def missing(self) -> tuple[str, ...]:
        """Every missing required field of the weighted sections, by path (``studies[0].title``)."""
        return tuple(path for part in self.sections if part.weight for path in part.missing)

    def reaches(self, threshold_percent: int) -> bool:
        """Whether the completion is at least ``threshold_percent`` percent (CV-5)."""
        return self.ratio * 100 >= threshold_percent

    def of(self, section: Section) -> SectionCompletion:
        """The completion of one section."""
        return next(part for part in self.sections if part.section is section)


_PERSONAL_REQUIRED = (
    "given_name",
    "family_name",
    "fiscal_code",
    "birth_date",
    "email",
    "phone",
    "residence",
)
_EXPERIENCE_REQUIRED = ("job_title", "employer", "start")
_STUDY_REQUIRED = ("level", "title")


def _fields(
    prefix: str, value: PersonalData | Experience | Study, names: Sequence[str]
) -> tuple[Fraction, tuple[str, ...]]:
    missing = tuple(f"{prefix}{name}" for name in names if getattr(value, name) is None)
    return Fraction(len(names) - len(missing), len(names)), missing


def _entries(
    section: str, entries: Sequence[Experience | Study], names: Sequence[str]
) -> tuple[Fraction, tuple[str, ...]]:
    if not entries:
        return Fraction(0), (section,)
    scored = [_fields(f"{section}[{index}].", entry, names) for index, entry in enumerate(entries)]
    return max(score for score, _ in scored), tuple(path for _, paths in scored for path in paths)


def _present(section: str, present: bool) -> tuple[Fraction, tuple[str, ...]]:
    return (Fraction(1), ()) if present else (Fraction(0), (section,))


def _preferences(preferences: Preferences) -> tuple[Fraction, tuple[str, ...]]:
    missing = tuple(
        f"preferences.{name}"
        for name, filled in (
            ("professions", bool(preferences.professions)),
            ("working_conditions", bool(preferences.working_conditions)),
            ("available_to_travel", preferences.available_to_travel is not None),
        )
        if not filled
    )
    return Fraction(3 - len(missing), 3), missing


def completion_of(content: CvContent, weights: CompletionWeights) -> Completion:
    """Score a CV's content section by section (CV-3, CV-4).

    >>> from formlavoro_core.cv.model import CvContent
    >>> completion_of(CvContent(), CompletionWeights()).percent
    0
    """
    scores = {
        Section.PERSONAL: _fields("personal.", content.personal, _PERSONAL_REQUIRED),
        Section.EXPERIENCES: _entries("experiences", content.experiences, _EXPERIENCE_REQUIRED),
        Section.STUDIES: _entries("studies", content.studies, _STUDY_REQUIRED),
        Section.LANGUAGES: _present("languages", bool(content.languages)),
        Section.SKILLS: _present("skills", bool(content.skills)),
        Section.QUALIFICATIONS: _present("qualifications", not content.qualifications.is_empty),
        Section.PREFERENCES: _preferences(content.preferences),
    }
    return Completion(
        sections=tuple(
            SectionCompletion(
                section=section, weight=weights.of(section), score=score, missing=missing
            )
            for section, (score, missing) in scores.items()
        )
    )
