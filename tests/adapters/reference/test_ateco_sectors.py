"""ATECO 2025 sectors read from the ``ateco`` package (ON-2)."""

from __future__ import annotations

import pytest

from formlavoro_adapters.reference import AtecoSectors
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.reference import SectorLevel


@pytest.fixture(scope="module")
def sectors() -> AtecoSectors:
    return AtecoSectors()


def test_section_i_is_accommodation_and_food_services(sectors: AtecoSectors) -> None:
    """ON-2: section I is accommodation and food services."""
    section = sectors.sector("I")
    assert section is not None
    assert section.title == "ATTIVITÀ DEI SERVIZI DI ALLOGGIO E DI RISTORAZIONE"
    assert (section.level, section.parent) == (SectorLevel.SECTION, None)


def test_restaurants_are_56_11_in_the_2025_edition(sectors: AtecoSectors) -> None:
    """ON-2: restaurants are 56.11 in ATECO 2025 (56.10 was the 2022 code)."""
    restaurants = sectors.sector("56.11")
    assert restaurants is not None
    assert (restaurants.title, restaurants.level, restaurants.parent) == (
        "Attività di ristoranti",
        SectorLevel.CLASS,
        "56.1",
    )
    assert sectors.sector("5611") == restaurants
    # 56.10 was the 2022 code; ATECO 2025 (NACE Rev. 2.1) split it.
    assert sectors.sector("56.10") is None


def test_another_edition_can_be_chosen() -> None:
    older = AtecoSectors(edition="2022")
    assert older.edition == "2022"
    restaurants_2022 = older.sector("56.10")
    assert restaurants_2022 is not None
    assert restaurants_2022.level is SectorLevel.CLASS


def test_an_unknown_edition_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="unknown ATECO edition '1999'"):
        AtecoSectors(edition="1999")


def test_the_2025_edition_has_22_sections_from_a_to_v(sectors: AtecoSectors) -> None:
    """ON-2: the 2025 edition has 22 sections, A to V."""
    sections = sectors.sectors(level=SectorLevel.SECTION)
    assert [s.code for s in sections] == list("ABCDEFGHIJKLMNOPQRSTUV")


def test_every_level_is_present_with_the_official_counts(sectors: AtecoSectors) -> None:
    counts = {level: len(sectors.sectors(level=level)) for level in SectorLevel}
    assert counts == {
        SectorLevel.SECTION: 22,
        SectorLevel.DIVISION: 87,
        SectorLevel.GROUP: 287,
        SectorLevel.CLASS: 651,
        SectorLevel.CATEGORY: 920,
        SectorLevel.SUBCATEGORY: 1290,
    }


def test_every_parent_exists_one_level_up(sectors: AtecoSectors) -> None:
    for sector in sectors.sectors():
        if sector.parent is None:
            continue
        parent = sectors.sector(sector.parent)
        assert parent is not None, sector.code
        assert parent.level.depth == sector.level.depth - 1


def test_divisions_of_section_i_are_accommodation_and_food(sectors: AtecoSectors) -> None:
    assert [d.code for d in sectors.sectors(parent="i")] == ["55", "56"]
