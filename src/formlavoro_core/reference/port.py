"""The reference-data port: how the core reads official classifications.

Onboarding validates sectors (ON-2) and professions (ON-3) against it, the dashboard
and offer filters resolve places (HM-3), and matching walks the CP2021 hierarchy.
The port is split in three, one per classification, so an adapter can serve one of
them and :class:`ReferenceData` is their union.

Lookups answer ``None`` or an empty sequence for unknown or malformed codes: an unknown
code in input is an expected outcome that the calling use case reports as a
``Failure``. Implementations raise only for broken sources
(:class:`~formlavoro_core.errors.ReferenceDataError`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence

    from formlavoro_core.reference.classifications import (
        Municipality,
        Profession,
        Province,
        Sector,
        SectorLevel,
    )

__all__ = ["PlaceReference", "ProfessionReference", "ReferenceData", "SectorReference"]


class SectorReference(Protocol):
    """ATECO 2025 economic sectors."""

    def sector(self, code: str) -> Sector | None:
        """The sector with this code, or ``None``.

        Accepts dotted (``"56.11"``) and compact (``"5611"``) codes, blanks around them
        and a lower-case section letter; the answer carries the canonical dotted code.
        """
        ...

    def sectors(
        self, *, level: SectorLevel | None = None, parent: str | None = None
    ) -> Sequence[Sector]:
        """Sectors at ``level`` and/or directly under ``parent``; every sector if neither.

        ``parent`` is normalised like :meth:`sector`'s code; an unknown or malformed
        parent gives an empty sequence. Sections come first in letter order, then
        numeric codes in code order.
        """
        ...


class ProfessionReference(Protocol):
    """ISTAT CP2021 professions."""

    def profession(self, code: str) -> Profession | None:
        """The profession with this exact CP2021 code (blanks ignored), or ``None``."""
        ...

    def professions(self, *, parent: str | None = None) -> Sequence[Profession]:
        """The children of ``parent`` in code order; the grandi gruppi when ``None``.

        An unknown parent, or a unit without children, gives an empty sequence.
        """
        ...

    def find_professions(self, text: str, *, limit: int = 20) -> Sequence[Profession]:
        """Professions whose title contains ``text``, ignoring case and accents.

        At most ``limit`` results, in code order; blank text or a non-positive
        limit gives an empty sequence.
        """
        ...


class PlaceReference(Protocol):
    """Italian municipalities and provinces."""

    def municipality(self, code: str) -> Municipality | None:
        """The current municipality with this cadastral code (any case), or ``None``."""
        ...

    def find_municipalities(
        self, name: str, *, province: str | None = None, limit: int = 20
    ) -> Sequence[Municipality]:
        """Municipalities whose name contains ``name``, ignoring case and accents.

        Exact names first, then names starting with ``name``, then the rest, each
        group by name then province; ``province`` (any case) keeps only that
        province's municipalities. At most ``limit`` results; blank text or a
        non-positive limit gives an empty sequence.
        """
        ...

    def province(self, code: str) -> Province | None:
        """The province with this abbreviation (any case), or ``None``."""
        ...

    def provinces(self) -> Sequence[Province]:
        """Every province, in abbreviation order."""
        ...


class ReferenceData(SectorReference, ProfessionReference, PlaceReference, Protocol):
    """Every classification the core needs, behind one port."""
