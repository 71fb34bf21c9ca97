"""Profiles and a geography for scoring tests, without a portal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from formlavoro_core.ids import CvId, OfferId
from formlavoro_core.matching.profiles import CvProfile, OfferProfile
from formlavoro_core.reference import ContractType
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)

TODAY = dt.date(2026, 3, 2)

_REGIONS = {"GE": "Liguria", "SP": "Liguria", "SV": "Liguria", "MI": "Lombardia"}
_SECTIONS = {"I": "I", "56": "I", "56.10": "I", "C": "C", "10": "C"}


class Geography:
    """Four provinces in two regions, two ATECO sections."""

    def region_of(self, province: ProvinceCode) -> str | None:
        return _REGIONS.get(province)

    def section_of(self, sector: SectorCode) -> SectorCode | None:
        section = _SECTIONS.get(sector)
        return SectorCode(section) if section else None


GEOGRAPHY = Geography()


def cv(**changes: Any) -> CvProfile:
    """A cook living in Genova, with nothing else stated."""
    profile = CvProfile(
        id=CvId("cv-1"),
        professions=(ProfessionCode("5.2.2.1.0"),),
        municipality=MunicipalityCode("D969"),
        province=ProvinceCode("GE"),
    )
    return attrs.evolve(profile, **changes)


def offer(**changes: Any) -> OfferProfile:
    """A cook's offer in Genova asking for nothing in particular."""
    profile = OfferProfile(
        id=OfferId("offer-1"),
        profession=ProfessionCode("5.2.2.1.0"),
        workplace=MunicipalityCode("D969"),
        province=ProvinceCode("GE"),
        contract_type=ContractType.FIXED_TERM,
        sort_time=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )
    return attrs.evolve(profile, **changes)
