"""Official classifications as value objects: ATECO sectors, CP2021 professions, places.

* **ATECO 2025** (ISTAT, the Italian NACE Rev. 2.1) has six levels; its canonical codes
  are dotted: section ``"I"``, division ``"56"``, group ``"56.1"``, class ``"56.11"``,
  category ``"56.11.1"``, subcategory ``"56.11.11"`` (ON-2).
* **CP2021** (ISTAT's classification of occupations) has five levels, one digit each:
  ``"5"``, ``"5.2"``, ``"5.2.2"``, ``"5.2.2.1"``, ``"5.2.2.1.0"`` (ON-3). Codes that share
  more leading levels name closer professions, which is what matching measures.
* **Places**: provinces by their two-letter abbreviation (``"GE"``) and municipalities
  by their cadastral (Belfiore) code (``"D969"``), as HM-3 filters use them.

>>> canonical_sector_code("561111"), canonical_sector_code(" i "), canonical_sector_code("5")
('56.11.11', 'I', None)
>>> Profession(code="5.2.2.1.0", title="Cuochi in alberghi e ristoranti").ancestors()
('5', '5.2', '5.2.2', '5.2.2.1')
>>> shared_profession_levels("5.2.2.1.0", "5.2.2.4.0")
3
>>> fold_text("  Forlì   Cesena ")
'forli cesena'
"""

from __future__ import annotations

import enum
import re
import unicodedata
from typing import Final

import attrs

__all__ = [
    "PROFESSION_LEVELS",
    "Municipality",
    "Profession",
    "Province",
    "Sector",
    "SectorLevel",
    "canonical_sector_code",
    "fold_text",
    "profession_code_is_well_formed",
    "sector_level_of",
    "sector_sort_key",
    "shared_profession_levels",
]

PROFESSION_LEVELS: Final = 5
"""CP2021 levels: grande gruppo, gruppo, classe, categoria, unità professionale."""

_SECTOR_CODE: Final = re.compile(r"[A-Z]|\d{2}(?:\.\d(?:\d(?:\.\d\d?)?)?)?")
_COMPACT_SECTOR_CODE: Final = re.compile(r"\d{2,6}")
_PROFESSION_CODE: Final = re.compile(r"[1-9](?:\.\d){0,4}")
_PROVINCE_CODE: Final = re.compile(r"[A-Z]{2}")
_MUNICIPALITY_CODE: Final = re.compile(r"[A-Z]\d{3}")


class SectorLevel(enum.Enum):
    """The six levels of ATECO 2025, broadest first."""

    SECTION = "section"
    DIVISION = "division"
    GROUP = "group"
    CLASS = "class"
    CATEGORY = "category"
    SUBCATEGORY = "subcategory"

    @property
    def depth(self) -> int:
        """1 for a section down to 6 for a subcategory."""
        return _SECTOR_LEVELS.index(self) + 1


_SECTOR_LEVELS: Final = tuple(SectorLevel)
_SECTOR_LEVEL_BY_LENGTH: Final = {
    1: SectorLevel.SECTION,
    2: SectorLevel.DIVISION,
    4: SectorLevel.GROUP,
    5: SectorLevel.CLASS,
    7: SectorLevel.CATEGORY,
    8: SectorLevel.SUBCATEGORY,
}


def canonical_sector_code(raw: str) -> str | None:
    """The canonical dotted form of an ATECO code, or ``None`` if it is not one.

    Accepts dotted codes and the compact forms of registries and forms (``"5611"``,
    ``"561111"``), surrounding blanks and a lower-case section letter. Says nothing
    about whether the code exists in an edition: that is the reference data's job.
    """
    code = raw.strip().upper()
    if _COMPACT_SECTOR_CODE.fullmatch(code):
        division, group, rest = code[:2], code[2:4], code[4:]
        code = ".".join(part for part in (division, group, rest) if part)
    return code if _SECTOR_CODE.fullmatch(code) else None


def sector_level_of(code: str) -> SectorLevel | None:
    """The level a canonical ATECO code belongs to, or ``None`` if it is not canonical."""
    if not _SECTOR_CODE.fullmatch(code):
        return None
    return _SECTOR_LEVEL_BY_LENGTH.get(len(code))


def _valid_sector_code(_instance: object, _attribute: object, code: str) -> None:
    if sector_level_of(code) is None:
        msg = f"not a canonical ATECO code: {code!r}"
        raise ValueError(msg)


def _non_blank(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        msg = f"{attribute.name} must not be blank"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Sector:
    """An ATECO 2025 node: a section, division, group, class, category or subcategory.

    ``parent`` is the code of the enclosing node, ``None`` for a section.
    """

    code: str = attrs.field(validator=_valid_sector_code)
    title: str = attrs.field(validator=_non_blank)
    level: SectorLevel
    parent: str | None = None

    def __attrs_post_init__(self) -> None:
        if sector_level_of(self.code) is not self.level:
            msg = f"ATECO code {self.code!r} is not at level {self.level.value}"
            raise ValueError(msg)
        if (self.parent is None) != (self.level is SectorLevel.SECTION):
            msg = f"ATECO {self.level.value} {self.code!r} cannot have parent {self.parent!r}"
            raise ValueError(msg)


def sector_sort_key(sector: Sector) -> tuple[int, str]:
    """Sections first in letter order, then the numeric codes in code order."""
    return (0 if sector.level is SectorLevel.SECTION else 1, sector.code)


def profession_code_is_well_formed(code: str) -> bool:
    """Whether ``code`` has the shape of a CP2021 code at any of its five levels.

    >>> [profession_code_is_well_formed(c) for c in ("5", "5.2.2.1.0", "0", "5.22", "5.")]
    [True, True, False, False, False]
    """
    return _PROFESSION_CODE.fullmatch(code) is not None


def shared_profession_levels(a: str, b: str) -> int:
    """How many leading levels two CP2021 codes share, from 0 (other major group) to 5.

    Raises:
        ValueError: when either code is not well formed (a programming error: codes
            reach matching already validated).
    """
    for code in (a, b):
        if not profession_code_is_well_formed(code):
            msg = f"not a CP2021 code: {code!r}"
            raise ValueError(msg)
    shared = 0
    for left, right in zip(a.split("."), b.split("."), strict=False):
        if left != right:
            break
        shared += 1
    return shared


def _valid_profession_code(_instance: object, _attribute: object, code: str) -> None:
    if not profession_code_is_well_formed(code):
        msg = f"not a CP2021 code: {code!r}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Profession:
    """A CP2021 node, from a grande gruppo (level 1) to an unità professionale (level 5)."""

    code: str = attrs.field(validator=_valid_profession_code)
    title: str = attrs.field(validator=_non_blank)

    @property
    def level(self) -> int:
        """1 for a grande gruppo up to 5 for an unità professionale."""
        return self.code.count(".") + 1

    @property
    def parent_code(self) -> str | None:
        """The code one level up, ``None`` for a grande gruppo."""
        return self.code.rpartition(".")[0] or None

    def ancestors(self) -> tuple[str, ...]:
        """The codes of every enclosing level, the grande gruppo first, itself excluded."""
        parts = self.code.split(".")
        return tuple(".".join(parts[:depth]) for depth in range(1, len(parts)))


def _valid_province_code(_instance: object, _attribute: object, code: str) -> None:
    if not _PROVINCE_CODE.fullmatch(code):
        msg = f"not a province abbreviation: {code!r}"
        raise ValueError(msg)


def _valid_municipality_code(_instance: object, _attribute: object, code: str) -> None:
    if not _MUNICIPALITY_CODE.fullmatch(code):
        msg = f"not a cadastral (Belfiore) code: {code!r}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Province:
    """A province, metropolitan city or equivalent unit, keyed by its abbreviation."""

    code: str = attrs.field(validator=_valid_province_code)
    name: str = attrs.field(validator=_non_blank)
    region: str = attrs.field(validator=_non_blank)


@attrs.frozen(kw_only=True)
class Municipality:
    """A municipality (comune), keyed by its cadastral code, in its province."""

    code: str = attrs.field(validator=_valid_municipality_code)
    name: str = attrs.field(validator=_non_blank)
    province: str = attrs.field(validator=_valid_province_code)


def fold_text(text: str) -> str:
    """Text for case- and accent-insensitive comparison: no accents, folded, one space.

    Typographic apostrophes (U+2019) become plain ones, as users type them.
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())
