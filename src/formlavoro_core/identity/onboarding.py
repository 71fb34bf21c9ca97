"""The first-login onboarding: four questions, in order, once (ON-1 ... ON-6)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from typing import ClassVar

import attrs

from formlavoro_core.cv.model import Experience
from formlavoro_core.errors import Problem
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference.code_types import ProfessionCode, SectorCode
from formlavoro_core.texts import Text, _

__all__ = [
    "MAX_CHOICES",
    "EducationAnswer",
    "Onboarding",
    "OnboardingAnswer",
    "OnboardingAnswers",
    "OnboardingStep",
    "ProfessionsAnswer",
    "SectorsAnswer",
    "WorkAnswer",
]

MAX_CHOICES = 3
"""ON-2, ON-3: one to three sectors, one to three professions."""


class OnboardingStep(enum.Enum):
    """The four questions, in the order they are asked."""

    SECTORS = "sectors"
    PROFESSIONS = "professions"
    EDUCATION = "education"
    WORK = "work"

    @property
    def number(self) -> int:
        """The question's number, 1 to 4."""
        return list(OnboardingStep).index(self) + 1


def _choices(path: str, values: tuple[str, ...], how_many: Text) -> Iterator[Problem]:
    if not 1 <= len(values) <= MAX_CHOICES:
        yield Problem(path=path, message=how_many)
    if len(set(values)) != len(values):
        yield Problem(path=path, message=_("contains duplicates"))


@attrs.frozen(kw_only=True)
class SectorsAnswer:
    """Question 1 (ON-2): one to three economic sectors, as ATECO 2025 sections."""

    STEP: ClassVar[OnboardingStep] = OnboardingStep.SECTORS
    sectors: tuple[SectorCode, ...]

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the answer."""
        yield from _choices(
            "sectors",
            self.sectors,
            _("choose one to {max_choices} sectors", max_choices=MAX_CHOICES),
        )
        for index, code in enumerate(self.sectors):
            if not (len(code) == 1 and code.isalpha()):
                yield Problem(path=f"sectors[{index}]", message=_("an ATECO section (a letter)"))


@attrs.frozen(kw_only=True)
class ProfessionsAnswer:
    """Question 2 (ON-3): one to three desired professions (ISTAT CP2021)."""

    STEP: ClassVar[OnboardingStep] = OnboardingStep.PROFESSIONS
    professions: tuple[ProfessionCode, ...]

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the answer."""
        yield from _choices(
            "professions",
            self.professions,
            _("choose one to {max_choices} professions", max_choices=MAX_CHOICES),
        )


@attrs.frozen(kw_only=True)
class EducationAnswer:
    """Question 3 (ON-4): still in education or training, and the highest level reached."""

    STEP: ClassVar[OnboardingStep] = OnboardingStep.EDUCATION
    in_education: bool
    highest_level: EducationLevel

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the answer (nothing: the types say it all)."""
        return iter(())


@attrs.frozen(kw_only=True)
class WorkAnswer:
    """Question 4 (ON-5): worked before and, if so, the most significant experience."""

    STEP: ClassVar[OnboardingStep] = OnboardingStep.WORK
    has_worked: bool
    experience: Experience | None = None

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the answer."""
        if not self.has_worked:
            if self.experience is not None:
                yield Problem(path="experience", message=_("only when has_worked is true"))
            return
        if self.experience is None:
            yield Problem(path="experience", message=_("required when has_worked is true"))
            return
        for name in ("job_title", "employer", "start"):
            if getattr(self.experience, name) is None:
                yield Problem(path=f"experience.{name}", message=_("required"))


OnboardingAnswer = SectorsAnswer | ProfessionsAnswer | EducationAnswer | WorkAnswer
"""Any one of the four answers."""


@attrs.frozen(kw_only=True)
class OnboardingAnswers:
    """All four answers at once, e.g. from an API client."""

    sectors: SectorsAnswer
    professions: ProfessionsAnswer
    education: EducationAnswer
    work: WorkAnswer

    def in_order(self) -> tuple[OnboardingAnswer, ...]:
        """The answers in the order of the questions."""
        return (self.sectors, self.professions, self.education, self.work)


@attrs.frozen(kw_only=True)
class Onboarding:
    """A citizen's progress through the four questions."""

    sectors: SectorsAnswer | None = None
    professions: ProfessionsAnswer | None = None
    education: EducationAnswer | None = None
    work: WorkAnswer | None = None
    completed_at: dt.datetime | None = None

    @property
    def is_completed(self) -> bool:
        """Whether the four questions were answered and the CV seeded (ON-6)."""
        return self.completed_at is not None

    @property
    def next_step(self) -> OnboardingStep | None:
        """The first unanswered question, or ``None`` when all four are answered."""
        for step in OnboardingStep:
            if getattr(self, step.value) is None:
                return step
        return None

    def may_answer(self, step: OnboardingStep) -> bool:
        """Whether ``step`` is open: answered before (to change it) or the next one."""
        upcoming = self.next_step
        return not self.is_completed and (upcoming is None or step.number <= upcoming.number)

    def with_answer(self, answer: OnboardingAnswer) -> Onboarding:
        """Return the progress with ``answer`` recorded (check :meth:`may_answer` first)."""
        if isinstance(answer, SectorsAnswer):
            return attrs.evolve(self, sectors=answer)
        if isinstance(answer, ProfessionsAnswer):
            return attrs.evolve(self, professions=answer)
        if isinstance(answer, EducationAnswer):
            return attrs.evolve(self, education=answer)
        return attrs.evolve(self, work=answer)

    def completed(self, at: dt.datetime) -> Onboarding:
        """Return the progress marked completed at ``at``."""
        return attrs.evolve(self, completed_at=at)
