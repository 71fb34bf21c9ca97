"""An in-memory implementation of the reference-data port, built from value objects.

Tests of other contexts build a small catalogue with it; the file-backed adapters load
their sources into one, so every implementation searches and orders alike.

>>> from formlavoro_core.reference.classifications import Municipality, Province
>>> places = StaticReferenceData(
...     provinces=[Province(code="GE", name="Genova", region="Liguria")],
...     municipalities=[Municipality(code="D969", name="Genova", province="GE")],
... )
>>> [m.code for m in places.find_municipalities("GENOVA", province="ge")]
['D969']
>>> places.sector("56.11") is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypeVar

from formlavoro_core.reference.classifications import (
    Municipality,
    Profession,
    Province,
    Sector,
    SectorLevel,
    canonical_sector_code,
    fold_text,
    sector_sort_key,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

__all__ = ["StaticReferenceData"]

_K = TypeVar("_K")
_T = TypeVar("_T")

_EXACT: Final = 0
_PREFIX: Final = 1
_INSIDE: Final = 2


def _index(items: Iterable[_T], key: Callable[[_T], _K], kind: str) -> dict[_K, _T]:
    index: dict[_K, _T] = {}
    for item in items:
        if key(item) in index:
            msg = f"duplicate {kind} code {key(item)!r}"
            raise ValueError(msg)
        index[key(item)] = item
    return index


class StaticReferenceData:
    """Reference data held in dictionaries; implements :class:`~.port.ReferenceData`.

    Every argument is optional and keyword-only, so a test builds exactly the
    catalogue it needs. Codes must be unique per classification.

    Raises:
        ValueError: when a code appears twice in one classification.
    """

    def __init__(
        self,
        *,
        sectors: Iterable[Sector] = (),
        professions: Iterable[Profession] = (),
        municipalities: Iterable[Municipality] = (),
        provinces: Iterable[Province] = (),
    ) -> None:
        self._sectors = _index(sorted(sectors, key=sector_sort_key), _sector_code, "sector")
        self._professions = _index(
            sorted(professions, key=_profession_code), _profession_code, "profession"
        )
        self._municipalities = _index(municipalities, _municipality_code, "municipality")
        self._provinces = _index(sorted(provinces, key=_province_code), _province_code, "province")
        self._folded_titles = tuple(
            (fold_text(profession.title), profession) for profession in self._professions.values()
        )
        self._folded_names = tuple(
            sorted(
                ((fold_text(m.name), m) for m in self._municipalities.values()),
                key=lambda entry: (entry[0], entry[1].province, entry[1].code),
            )
        )

    def sector(self, code: str) -> Sector | None:
        """See :meth:`~.port.SectorReference.sector`."""
        canonical = canonical_sector_code(code)
        return None if canonical is None else self._sectors.get(canonical)

    def sectors(
        self, *, level: SectorLevel | None = None, parent: str | None = None
    ) -> Sequence[Sector]:
        """See :meth:`~.port.SectorReference.sectors`."""
        wanted_parent = None if parent is None else canonical_sector_code(parent)
        if parent is not None and wanted_parent is None:
            return ()
        return tuple(
            sector
            for sector in self._sectors.values()
            if (level is None or sector.level is level)
            and (wanted_parent is None or sector.parent == wanted_parent)
        )

    def profession(self, code: str) -> Profession | None:
        """See :meth:`~.port.ProfessionReference.profession`."""
        return self._professions.get(code.strip())

    def professions(self, *, parent: str | None = None) -> Sequence[Profession]:
        """See :meth:`~.port.ProfessionReference.professions`."""
        wanted = None if parent is None else parent.strip()
        return tuple(p for p in self._professions.values() if p.parent_code == wanted)

    def find_professions(self, text: str, *, limit: int = 20) -> Sequence[Profession]:
        """See :meth:`~.port.ProfessionReference.find_professions`."""
        needle = fold_text(text)
        if not needle or limit <= 0:
            return ()
        found = [profession for title, profession in self._folded_titles if needle in title]
        return tuple(found[:limit])

    def municipality(self, code: str) -> Municipality | None:
        """See :meth:`~.port.PlaceReference.municipality`."""
        return self._municipalities.get(code.strip().upper())

    def find_municipalities(
        self, name: str, *, province: str | None = None, limit: int = 20
    ) -> Sequence[Municipality]:
        """See :meth:`~.port.PlaceReference.find_municipalities`."""
        needle = fold_text(name)
        if not needle or limit <= 0:
            return ()
        wanted = None if province is None else province.strip().upper()
        groups: tuple[list[Municipality], ...] = ([], [], [])
        for folded, municipality in self._folded_names:
            if wanted is not None and municipality.province != wanted:
                continue
            if folded == needle:
                groups[_EXACT].append(municipality)
            elif folded.startswith(needle):
                groups[_PREFIX].append(municipality)
            elif needle in folded:
                groups[_INSIDE].append(municipality)
        return tuple([*groups[_EXACT], *groups[_PREFIX], *groups[_INSIDE]][:limit])

    def province(self, code: str) -> Province | None:
        """See :meth:`~.port.PlaceReference.province`."""
        return self._provinces.get(code.strip().upper())

    def provinces(self) -> Sequence[Province]:
        """See :meth:`~.port.PlaceReference.provinces`."""
        return tuple(self._provinces.values())


def _sector_code(sector: Sector) -> str:
    return sector.code


def _profession_code(profession: Profession) -> str:
    return profession.code


def _municipality_code(municipality: Municipality) -> str:
    return municipality.code


def _province_code(province: Province) -> str:
    return province.code
