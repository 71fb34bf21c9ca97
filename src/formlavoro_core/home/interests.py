"""What a citizen is interested in, for the dashboard (HM-2, ON-6).

Interests come from the onboarding's answers (the sectors of question 1, the
professions of question 2) and from the CV's preferences (desired professions and
sectors, CV-9), which the onboarding seeds and the citizen may change.
Offers carry a profession (and maybe a sector); courses only a training sector; events
neither, but their offers do. So:

* an **offer** is of interest by its profession's closeness to a desired profession
  (the CP2021 hierarchy), as matching does;
* a **course** is of interest when its :class:`~formlavoro_core.courses.model.TrainingSector`
  is one the citizen's sectors or professions lead to, through the two tables below
  **(decided)**: ATECO 2025 sections to training sectors, and CP2021 professions (by
  their longest listed prefix) to training sectors;
* an **event** is of interest when one of its open offers is: its profession in the
  professional group (two CP2021 levels) of a desired profession, or its sector in one
  of the citizen's ATECO sections.

>>> sorted(sector.value for sector in training_sectors_of_profession(ProfessionCode("5.2.2.1.0")))
['tourism_and_hospitality']
>>> sorted(sector.value for sector in training_sectors_of_section(SectorCode("H")))
['logistics', 'maritime']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from formlavoro_core.courses.model import TrainingSector
from formlavoro_core.reference import profession_code_is_well_formed
from formlavoro_core.reference.code_types import ProfessionCode, SectorCode

if TYPE_CHECKING:
    from formlavoro_core.cv.model import Preferences
    from formlavoro_core.identity.model import Account
    from formlavoro_core.reference import ReferenceData

__all__ = [
    "PROFESSION_TRAINING_SECTORS",
    "SECTION_TRAINING_SECTORS",
    "Interests",
    "section_of",
    "training_sectors_of_profession",
    "training_sectors_of_section",
]

_T = TrainingSector

SECTION_TRAINING_SECTORS: Final[dict[str, frozenset[TrainingSector]]] = {
    "A": frozenset({_T.AGRICULTURE}),
    "C": frozenset({_T.MECHANICS, _T.CRAFTS}),
    "D": frozenset({_T.MECHANICS}),
    "E": frozenset({_T.SAFETY_AT_WORK}),
    "F": frozenset({_T.CONSTRUCTION}),
    "G": frozenset({_T.COMMERCE}),
    "H": frozenset({_T.LOGISTICS, _T.MARITIME}),
    "I": frozenset({_T.TOURISM_AND_HOSPITALITY}),
    "J": frozenset({_T.CULTURE_AND_COMMUNICATION}),
    "K": frozenset({_T.INFORMATION_TECHNOLOGY}),
    "L": frozenset({_T.ADMINISTRATION}),
    "M": frozenset({_T.ADMINISTRATION}),
    "N": frozenset({_T.ADMINISTRATION}),
    "O": frozenset({_T.ADMINISTRATION}),
    "P": frozenset({_T.ADMINISTRATION}),
    "R": frozenset({_T.HEALTH_AND_SOCIAL_CARE}),
    "S": frozenset({_T.CULTURE_AND_COMMUNICATION}),
    "T": frozenset({_T.PERSONAL_SERVICES}),
    "U": frozenset({_T.PERSONAL_SERVICES, _T.HEALTH_AND_SOCIAL_CARE}),
}
"""ATECO 2025 sections to the training sectors whose courses prepare for them (decided).

B (mining), Q (education) and V (extraterritorial bodies) lead to none.
"""

PROFESSION_TRAINING_SECTORS: Final[dict[str, TrainingSector]] = {
    "1": _T.ADMINISTRATION,
    "2.1.1.4": _T.INFORMATION_TECHNOLOGY,
    "2.1.1.5": _T.INFORMATION_TECHNOLOGY,
    "2.4": _T.HEALTH_AND_SOCIAL_CARE,
    "2.5.4": _T.CULTURE_AND_COMMUNICATION,
    "2.7": _T.INFORMATION_TECHNOLOGY,
    "3.1.2": _T.INFORMATION_TECHNOLOGY,
    "3.1.3": _T.MECHANICS,
    "3.1.8": _T.SAFETY_AT_WORK,
    "3.2": _T.HEALTH_AND_SOCIAL_CARE,
    "3.3": _T.ADMINISTRATION,
    "3.3.3": _T.COMMERCE,
    "3.3.4": _T.COMMERCE,
    "3.4.1": _T.TOURISM_AND_HOSPITALITY,
    "3.4.5": _T.HEALTH_AND_SOCIAL_CARE,
    "4": _T.ADMINISTRATION,
    "5.1": _T.COMMERCE,
    "5.2": _T.TOURISM_AND_HOSPITALITY,
    "5.3": _T.HEALTH_AND_SOCIAL_CARE,
    "5.4": _T.PERSONAL_SERVICES,
    "6.1": _T.CONSTRUCTION,
    "6.2": _T.MECHANICS,
    "6.3": _T.CRAFTS,
    "6.4": _T.AGRICULTURE,
    "6.5": _T.CRAFTS,
    "6.5.1": _T.AGRICULTURE,
    "7": _T.MECHANICS,
    "7.4": _T.LOGISTICS,
    "8.1.3": _T.LOGISTICS,
    "8.1.5": _T.HEALTH_AND_SOCIAL_CARE,
    "8.3": _T.AGRICULTURE,
}
"""CP2021 codes to the training sector of their courses (decided).

The longest listed prefix of a profession decides. Professions under none (teachers,
armed forces, …) lead to no training sector.
"""


def _prefixes(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:length]) for length in range(len(parts), 0, -1)]


def training_sectors_of_profession(code: ProfessionCode) -> frozenset[TrainingSector]:
    """The training sectors of a professional figure.

    Those of the longest listed prefix of ``code``, and of every listed code below it
    (``"3"`` covers all the technical professions).
    """
    if not profession_code_is_well_formed(code):
        return frozenset()
    found = {
        sector
        for listed, sector in PROFESSION_TRAINING_SECTORS.items()
        if listed.startswith(f"{code}.")
    }
    for prefix in _prefixes(code):
        if prefix in PROFESSION_TRAINING_SECTORS:
            found.add(PROFESSION_TRAINING_SECTORS[prefix])
            break
    return frozenset(found)


def training_sectors_of_section(section: SectorCode) -> frozenset[TrainingSector]:
    """The training sectors an ATECO section leads to (none for an unlisted one)."""
    return SECTION_TRAINING_SECTORS.get(section, frozenset())


def section_of(reference: ReferenceData, code: SectorCode | None) -> SectorCode | None:
    """The ATECO section of a sector code at any level, by its parents in ``reference``."""
    current = reference.sector(code) if code else None
    for _ in range(6):  # ATECO has six levels
        if current is None:
            return None
        if current.parent is None:
            return SectorCode(current.code)
        current = reference.sector(current.parent)
    return None


@attrs.frozen(kw_only=True)
class Interests:
    """A citizen's interests (ON-6): professions and ATECO sections.

    Attributes:
        professions: the onboarding's professions, then the CV's desired ones, each once.
        sections: the ATECO sections of the onboarding's first question, then those of
            the CV's sectors, each once.
    """

    professions: tuple[ProfessionCode, ...] = ()
    sections: tuple[SectorCode, ...] = ()

    @classmethod
    def of(
        cls, account: Account, preferences: Preferences | None, reference: ReferenceData
    ) -> Interests:
        """The interests of ``account`` and of its CV's ``preferences``.

        The CV's sectors may be of any ATECO level; each counts by its section.
        """
        answered = account.onboarding.professions
        preferred = preferences.professions if preferences else ()
        codes = (*(answered.professions if answered else ()), *preferred)
        chosen = account.onboarding.sectors
        sections = [
            *(chosen.sectors if chosen else ()),
            *(section_of(reference, code) for code in (preferences.sectors if preferences else ())),
        ]
        return cls(
            professions=tuple(
                dict.fromkeys(code for code in codes if profession_code_is_well_formed(code))
            ),
            sections=tuple(dict.fromkeys(code for code in sections if code is not None)),
        )

    @property
    def groups(self) -> frozenset[ProfessionCode]:
        """The professional group (two CP2021 levels, ``"5.2"``) of each profession."""
        return frozenset(ProfessionCode(".".join(code.split(".")[:2])) for code in self.professions)

    @property
    def training_sectors(self) -> frozenset[TrainingSector]:
        """The training sectors the professions and the sections lead to."""
        found: set[TrainingSector] = set()
        for code in self.professions:
            found |= training_sectors_of_profession(code)
        for section in self.sections:
            found |= training_sectors_of_section(section)
        return frozenset(found)
