"""Typed codes of the official classifications, validated through the reference-data port.

They are plain strings at run time; the input codec checks that each one exists in the
portal's reference data (ATECO 2025 sectors, ISTAT CP2021 professions, municipalities).
"""

from __future__ import annotations

from typing import NewType

__all__ = ["MunicipalityCode", "ProfessionCode", "ProvinceCode", "SectorCode"]

SectorCode = NewType("SectorCode", str)
"""An ATECO 2025 code in canonical dotted form (``"I"``, ``"56.11"``)."""

ProfessionCode = NewType("ProfessionCode", str)
"""An ISTAT CP2021 code at any of its five levels (``"5.2.2.1.0"``)."""

MunicipalityCode = NewType("MunicipalityCode", str)
"""A municipality's cadastral (Belfiore) code (``"D969"`` is Genova)."""

ProvinceCode = NewType("ProvinceCode", str)
"""A province abbreviation (``"GE"``, ``"SP"``, ``"SV"``, ``"IM"``)."""
