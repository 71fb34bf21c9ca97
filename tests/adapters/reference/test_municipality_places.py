"""Municipalities from python-codicefiscale and the shipped provinces (HM-3)."""

from __future__ import annotations

import collections

import pytest

from formlavoro_adapters.reference import MunicipalityPlaces
from formlavoro_core.reference import Municipality, Province


@pytest.fixture(scope="module")
def places() -> MunicipalityPlaces:
    return MunicipalityPlaces()


def test_genova_is_d969_in_ge(places: MunicipalityPlaces) -> None:
    """HM-3: Genova is D969, in the province of Genova (GE), Liguria."""
    assert places.municipality("D969") == Municipality(code="D969", name="Genova", province="GE")
    assert places.province("GE") == Province(code="GE", name="Genova", region="Liguria")


def test_the_ligurian_provinces_of_the_manual_resolve(places: MunicipalityPlaces) -> None:
    """HM-3: the manual's examples GE, SP, SV and IM are Ligurian provinces."""
    for code in ("GE", "SP", "SV", "IM"):
        province = places.province(code)
        assert province is not None
        assert province.region == "Liguria"


def test_only_active_municipalities_are_served(places: MunicipalityPlaces) -> None:
    municipalities = places.municipalities()
    assert len(municipalities) > 7800
    assert len({m.code for m in municipalities}) == len(municipalities)
    # Abbadia Cerreto moved from MI to LO in 1992: only the current record is kept.
    assert places.municipality("A004") == Municipality(
        code="A004", name="Abbadia Cerreto", province="LO"
    )


def test_every_municipalitys_province_resolves(places: MunicipalityPlaces) -> None:
    """HM-3: every municipality's province abbreviation resolves to a province."""
    unresolved = {
        m.province for m in places.municipalities() if places.province(m.province) is None
    }
    assert unresolved == set()


def test_there_are_107_provinces_in_20_regions(places: MunicipalityPlaces) -> None:
    provinces = places.provinces()
    assert len(provinces) == 107
    per_region = collections.Counter(p.region for p in provinces)
    assert len(per_region) == 20
    assert per_region["Lombardia"] == 12
    assert per_region["Liguria"] == 4


def test_every_province_has_municipalities(places: MunicipalityPlaces) -> None:
    used = {m.province for m in places.municipalities()}
    assert used == {p.code for p in places.provinces()}


@pytest.mark.parametrize(
    ("typed", "code"),
    [("cantu", "B639"), ("CANTÙ", "B639"), ("forli", "D704"), ("chatillon", "C294")],
)
def test_search_ignores_accents_and_case(places: MunicipalityPlaces, typed: str, code: str) -> None:
    """HM-3: municipality search ignores accents and case."""
    assert places.find_municipalities(typed)[0].code == code


def test_search_in_a_province(places: MunicipalityPlaces) -> None:
    """HM-3: municipality search within one province."""
    found = places.find_municipalities("sant", province="ge", limit=100)
    assert found
    assert {m.province for m in found} == {"GE"}
    assert "I346" in {m.code for m in found}
