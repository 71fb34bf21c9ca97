"""Italian municipalities and provinces (HM-3).

* **Municipalities** come from the data that ``python-codicefiscale`` ships (itself
  built from ISTAT's and ANPR's registers): only the active ones, 7,894 in its current
  release, keyed by cadastral code, with their province abbreviation.
* **Provinces** come from ``data/provinces.csv``: the 107 provinces, metropolitan
  cities and equivalent units that ISTAT lists (2024-2025), with ISTAT's names and
  regions. Every province abbreviation used by the municipalities resolves to one.

Both are read on first use, never at import time.

>>> places = MunicipalityPlaces()
>>> genova = places.municipality("D969")
>>> genova.name, places.province(genova.province).region
('Genova', 'Liguria')
>>> [m.name for m in places.find_municipalities("forli", province="FC")]
['Forlì', 'Forlimpopoli']
"""

from __future__ import annotations

import json
import threading
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from formlavoro_adapters.reference._tables import Table, read_table, require_module
from formlavoro_core.errors import ReferenceDataError
from formlavoro_core.reference.classifications import Municipality, Province
from formlavoro_core.reference.static import StaticReferenceData

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["MunicipalityPlaces"]

_PROVINCES: Final = "provinces.csv"
_PROVINCE_COLUMNS: Final = ("sigla", "nome", "regione")


class MunicipalityPlaces:
    """Active Italian municipalities and all provinces; the place part of the port.

    Raises:
        ConfigurationError: when ``python-codicefiscale`` is not installed.
    """

    def __init__(self) -> None:
        require_module("codicefiscale")
        self._loaded: tuple[StaticReferenceData, tuple[Municipality, ...]] | None = None
        self._lock = threading.Lock()

    def municipality(self, code: str) -> Municipality | None:
        """See :meth:`formlavoro_core.reference.PlaceReference.municipality`."""
        return self._places().municipality(code)

    def find_municipalities(
        self, name: str, *, province: str | None = None, limit: int = 20
    ) -> Sequence[Municipality]:
        """See :meth:`formlavoro_core.reference.PlaceReference.find_municipalities`."""
        return self._places().find_municipalities(name, province=province, limit=limit)

    def municipalities(self) -> Sequence[Municipality]:
        """Every active municipality, in name order (an extra of this adapter)."""
        return self._load()[1]

    def province(self, code: str) -> Province | None:
        """See :meth:`formlavoro_core.reference.PlaceReference.province`."""
        return self._places().province(code)

    def provinces(self) -> Sequence[Province]:
        """See :meth:`formlavoro_core.reference.PlaceReference.provinces`."""
        return self._places().provinces()

    def _places(self) -> StaticReferenceData:
        return self._load()[0]

    def _load(self) -> tuple[StaticReferenceData, tuple[Municipality, ...]]:
        with self._lock:
            if self._loaded is None:
                municipalities = tuple(
                    sorted(_load_municipalities(), key=lambda m: (m.name, m.province))
                )
                places = StaticReferenceData(
                    municipalities=municipalities, provinces=_load_provinces()
                )
                self._loaded = (places, municipalities)
            return self._loaded


def _load_municipalities() -> tuple[Municipality, ...]:
    resource = resources.files("codicefiscale").joinpath("data", "municipalities.json")
    try:
        records: list[dict[str, Any]] = json.loads(resource.read_bytes())
        return tuple(
            Municipality(code=record["code"], name=record["name"], province=record["province"])
            for record in records
            if record.get("active")
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        msg = f"python-codicefiscale municipalities: cannot read them ({error!r})"
        raise ReferenceDataError(msg) from error


def _load_provinces() -> tuple[Province, ...]:
    resource = resources.files("formlavoro_adapters.reference").joinpath("data", _PROVINCES)
    table = read_table(resource.read_bytes(), source=f"formlavoro {_PROVINCES}")
    if tuple(name.casefold() for name in table.header) != _PROVINCE_COLUMNS:
        raise table.error(table.header_line, f"expected the columns {_PROVINCE_COLUMNS}")
    return tuple(_province(table, line, row) for line, row in table.rows)


def _province(table: Table, line: int, row: tuple[str, ...]) -> Province:
    try:
        code, name, region = row
        return Province(code=code, name=name, region=region)
    except ValueError as error:
        raise table.error(line, f"not a province row: {error}") from error
