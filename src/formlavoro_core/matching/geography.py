"""Regions of provinces and sections of sectors, from the reference data, for one run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from formlavoro_core.home.interests import section_of
from formlavoro_core.reference.code_types import ProvinceCode, SectorCode

if TYPE_CHECKING:
    from formlavoro_core.reference import ReferenceData

__all__ = ["ReferenceGeography"]


class ReferenceGeography:
    """:class:`~formlavoro_core.matching.scoring.Geography` over the reference-data port.

    Answers are remembered for the life of the object (one ranking).
    """

    def __init__(self, reference: ReferenceData) -> None:
        self._reference = reference
        self._regions: dict[str, str | None] = {}
        self._sections: dict[str, SectorCode | None] = {}

    def region_of(self, province: ProvinceCode) -> str | None:
        """The region of ``province``, ``None`` when the reference data lack it."""
        if province not in self._regions:
            found = self._reference.province(province)
            self._regions[province] = found.region if found else None
        return self._regions[province]

    def section_of(self, sector: SectorCode) -> SectorCode | None:
        """The ATECO section of ``sector``, ``None`` when unknown."""
        if sector not in self._sections:
            self._sections[sector] = section_of(self._reference, sector)
        return self._sections[sector]

    def region_provinces(self, province: ProvinceCode | None) -> tuple[ProvinceCode, ...]:
        """Every province of ``province``'s region (empty when unknown)."""
        region = self.region_of(province) if province else None
        if region is None:
            return ()
        return tuple(
            ProvinceCode(item.code) for item in self._reference.provinces() if item.region == region
        )
