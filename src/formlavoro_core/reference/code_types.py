"""Typed codes of the official classifications, validated through the reference-data port.

They are plain strings at run time; the input codec checks that each one exists in the
portal's reference data (ATECO 2025 sectors, ISTAT CP2021 professions, municipalities).
"""

from __future__ import annotations

from typing import NewType

__all__ = [
    "MunicipalityCode",
    "ProfessionCode",
    "ProvinceCode",
    "SectorCode",
    "optional_municipality",
    "optional_profession",
    "optional_province",
]

SectorCode = NewType("SectorCode", str)
"""An ATECO 2025 code in canonical dotted form (``"I"``, ``"56.11"``)."""

ProfessionCode = NewType("ProfessionCode", str)
"""An ISTAT CP2021 code at any of its five levels (``"5.2.2.1.0"``)."""

MunicipalityCode = NewType("MunicipalityCode", str)
"""A municipality's cadastral (Belfiore) code (``"D969"`` is Genova)."""

ProvinceCode = NewType("ProvinceCode", str)
"""A province abbreviation (``"GE"``, ``"SP"``, ``"SV"``, ``"IM"``)."""


# Converters for optional code fields that callers fill with plain text: an attrs field
# with one of them takes ``str`` in ``__init__`` under mypy --strict, so
# ``OfferQuery(province="GE")`` type-checks in an app's code as it runs. At run time they
# change nothing (a NewType is its string); the codec and ``problems()`` still check.


def optional_profession(value: str | None) -> ProfessionCode | None:
    """``value`` as a profession code (``None`` stays ``None``)."""
    return None if value is None else ProfessionCode(value)


def optional_municipality(value: str | None) -> MunicipalityCode | None:
    """``value`` as a municipality code (``None`` stays ``None``)."""
    return None if value is None else MunicipalityCode(value)


def optional_province(value: str | None) -> ProvinceCode | None:
    """``value`` as a province code (``None`` stays ``None``)."""
    return None if value is None else ProvinceCode(value)
