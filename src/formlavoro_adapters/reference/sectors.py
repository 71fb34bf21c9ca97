"""ATECO 2025 economic sectors from the ``ateco`` package (ON-2).

The ``ateco`` package vendors ISTAT's classification files (CC BY 4.0) for the 2007,
2022 and 2025 editions; the portal uses 2025, in force since 1 January 2025. Nothing
is read at import time: a single lookup goes through the package's public ``lookup``,
and the first listing builds an index of the whole edition (3,257 nodes) once.

ATECO 2025 follows NACE Rev. 2.1, so some 2022 codes are gone: restaurants are
``56.11`` (2022: ``56.10``).

>>> sectors = AtecoSectors()
>>> sectors.sector("5611").title
'Attività di ristoranti'
>>> [s.code for s in sectors.sectors(parent="56.1")]
['56.11', '56.12']
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any

from formlavoro_adapters.reference._tables import require_module
from formlavoro_core.errors import ConfigurationError, ReferenceDataError
from formlavoro_core.reference.classifications import (
    Sector,
    SectorLevel,
    canonical_sector_code,
)
from formlavoro_core.reference.static import StaticReferenceData

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["AtecoSectors"]


class AtecoSectors:
    """ATECO sectors of one edition (2025 by default); the sector part of the port.

    Raises:
        ConfigurationError: when ``ateco`` is not installed or the edition is unknown.
    """

    def __init__(self, *, edition: str = "2025") -> None:
        self._ateco = require_module("ateco")
        try:
            self._edition: str = self._ateco.get_edition(edition).key
        except KeyError as error:
            msg = f"unknown ATECO edition {edition!r} for the sector reference data"
            raise ConfigurationError(msg) from error
        self._index: StaticReferenceData | None = None
        self._lock = threading.Lock()

    @property
    def edition(self) -> str:
        """The ATECO edition served, e.g. ``"2025"``."""
        return self._edition

    def sector(self, code: str) -> Sector | None:
        """See :meth:`formlavoro_core.reference.SectorReference.sector`."""
        canonical = canonical_sector_code(code)
        if canonical is None:
            return None
        try:
            node = self._ateco.lookup(canonical, edition=self._edition)
        except (OSError, ValueError) as error:
            msg = f"ATECO {self._edition}: cannot read the classification ({error})"
            raise ReferenceDataError(msg) from error
        if node is None:
            return None
        return _sector(node.code, node.title, node.level, node.parent)

    def sectors(
        self, *, level: SectorLevel | None = None, parent: str | None = None
    ) -> Sequence[Sector]:
        """See :meth:`formlavoro_core.reference.SectorReference.sectors`."""
        return self._all().sectors(level=level, parent=parent)

    def _all(self) -> StaticReferenceData:
        with self._lock:
            if self._index is None:
                self._index = StaticReferenceData(sectors=self._load())
            return self._index

    def _load(self) -> tuple[Sector, ...]:
        # The package has no public listing; its loader is the documented data access.
        loader = importlib.import_module("ateco._load")
        try:
            nodes: dict[str, dict[str, Any]] = loader.load_nodes(self._edition)
            return tuple(
                _sector(node["code"], node["title"], node["level"], node.get("parent"))
                for node in nodes.values()
            )
        except (OSError, ValueError, KeyError, TypeError) as error:
            msg = f"ATECO {self._edition}: cannot read the classification ({error!r})"
            raise ReferenceDataError(msg) from error


def _sector(code: str, title: str, level: str, parent: str | None) -> Sector:
    try:
        return Sector(code=code, title=title, level=SectorLevel(level), parent=parent)
    except ValueError as error:
        msg = f"ATECO node {code!r} is malformed: {error}"
        raise ReferenceDataError(msg) from error
