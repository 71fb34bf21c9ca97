"""The default reference data: one catalogue composed of one source per classification.

>>> reference = default_reference_data()
>>> reference.sector("i").code, reference.profession("7.4.2.3.0").title
('I', 'Conduttori di mezzi pesanti e camion')
>>> reference.municipality("D969").province
'GE'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from formlavoro_adapters.reference.places import MunicipalityPlaces
from formlavoro_adapters.reference.professions import Cp2021Professions
from formlavoro_adapters.reference.sectors import AtecoSectors

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from formlavoro_core.reference.classifications import (
        Municipality,
        Profession,
        Province,
        Sector,
        SectorLevel,
    )
    from formlavoro_core.reference.port import (
        PlaceReference,
        ProfessionReference,
        ReferenceData,
        SectorReference,
    )

__all__ = ["ReferenceCatalogue", "default_reference_data"]


class ReferenceCatalogue:
    """Implements :class:`~formlavoro_core.reference.ReferenceData` by delegation.

    Any source can be swapped, e.g. ISTAT's full CP2021 file for the sample, or a
    :class:`~formlavoro_core.reference.StaticReferenceData` for one classification.
    """

    def __init__(
        self,
        *,
        sectors: SectorReference,
        professions: ProfessionReference,
        places: PlaceReference,
    ) -> None:
        self._sectors = sectors
        self._professions = professions
        self._places = places

    def sector(self, code: str) -> Sector | None:
        """See :meth:`formlavoro_core.reference.SectorReference.sector`."""
        return self._sectors.sector(code)

    def sectors(
        self, *, level: SectorLevel | None = None, parent: str | None = None
    ) -> Sequence[Sector]:
        """See :meth:`formlavoro_core.reference.SectorReference.sectors`."""
        return self._sectors.sectors(level=level, parent=parent)

    def profession(self, code: str) -> Profession | None:
        """See :meth:`formlavoro_core.reference.ProfessionReference.profession`."""
        return self._professions.profession(code)

    def professions(self, *, parent: str | None = None) -> Sequence[Profession]:
        """See :meth:`formlavoro_core.reference.ProfessionReference.professions`."""
        return self._professions.professions(parent=parent)

    def find_professions(self, text: str, *, limit: int = 20) -> Sequence[Profession]:
        """See :meth:`formlavoro_core.reference.ProfessionReference.find_professions`."""
        return self._professions.find_professions(text, limit=limit)

    def municipality(self, code: str) -> Municipality | None:
        """See :meth:`formlavoro_core.reference.PlaceReference.municipality`."""
        return self._places.municipality(code)

    def find_municipalities(
        self, name: str, *, province: str | None = None, limit: int = 20
    ) -> Sequence[Municipality]:
        """See :meth:`formlavoro_core.reference.PlaceReference.find_municipalities`."""
        return self._places.find_municipalities(name, province=province, limit=limit)

    def province(self, code: str) -> Province | None:
        """See :meth:`formlavoro_core.reference.PlaceReference.province`."""
        return self._places.province(code)

    def provinces(self) -> Sequence[Province]:
        """See :meth:`formlavoro_core.reference.PlaceReference.provinces`."""
        return self._places.provinces()


def default_reference_data(*, istat_file: Path | None = None) -> ReferenceData:
    """ATECO 2025, CP2021 (the shipped sample, or ``istat_file``) and Italian places.

    Raises:
        ConfigurationError: when ``ateco`` or ``python-codicefiscale`` is missing
            (install the ``formlavoro[reference]`` extra).
        ReferenceDataError: when ``istat_file`` cannot be read or parsed.
    """
    professions = (
        Cp2021Professions.sample()
        if istat_file is None
        else Cp2021Professions.from_istat_file(istat_file)
    )
    return ReferenceCatalogue(
        sectors=AtecoSectors(), professions=professions, places=MunicipalityPlaces()
    )
