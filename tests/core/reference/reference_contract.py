"""The contract of the reference-data port, shared by every implementation's tests.

A test class subclasses :class:`ReferenceDataContract` and implements
``make_reference_data``. The contract asserts only facts true in the real
classifications, so it runs unchanged against the in-memory catalogue built by
:func:`contract_catalogue` (the same real records, a handful of each) and against the
default adapters that read ATECO 2025, CP2021 and the municipalities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from formlavoro_core.reference import (
    Municipality,
    Profession,
    Province,
    Sector,
    SectorLevel,
    StaticReferenceData,
    fold_text,
)

if TYPE_CHECKING:
    from formlavoro_core.reference import ReferenceData

_SECTION = SectorLevel.SECTION
_RESTAURANTS = "Attività di ristoranti"


def contract_catalogue() -> StaticReferenceData:
    """A small catalogue of real ATECO 2025, CP2021 and place records."""
    sectors = [
        Sector(code="A", title="AGRICOLTURA, SILVICOLTURA E PESCA", level=_SECTION),
        Sector(
            code="01",
            title="Produzioni vegetali e animali, caccia e servizi connessi",
            level=SectorLevel.DIVISION,
            parent="A",
        ),
        Sector(
            code="I", title="ATTIVITÀ DEI SERVIZI DI ALLOGGIO E DI RISTORAZIONE", level=_SECTION
        ),
        Sector(
            code="56",
            title="Attività di servizi di ristorazione",
            level=SectorLevel.DIVISION,
            parent="I",
        ),
        Sector(
            code="56.1",
            title="Attività di ristoranti e di servizi di ristorazione mobile",
            level=SectorLevel.GROUP,
            parent="56",
        ),
        Sector(code="56.11", title=_RESTAURANTS, level=SectorLevel.CLASS, parent="56.1"),
        Sector(
            code="56.12",
            title="Attività di servizi di ristorazione mobile",
            level=SectorLevel.CLASS,
            parent="56.1",
        ),
        Sector(
            code="56.11.1",
            title="Attività di ristoranti, escluse gelaterie e pasticcerie",
            level=SectorLevel.CATEGORY,
            parent="56.11",
        ),
        Sector(
            code="56.11.11",
            title="Attività di ristoranti con servizio al tavolo, escluse gelaterie e pasticcerie",
            level=SectorLevel.SUBCATEGORY,
            parent="56.11.1",
        ),
    ]
    professions = [
        Profession(code=code, title=title)
        for code, title in (
            ("4", "Professioni esecutive nel lavoro d'ufficio"),
            ("5", "Professioni qualificate nelle attività commerciali e nei servizi"),
            ("5.2", "Professioni qualificate nelle attività ricettive e della ristorazione"),
            ("5.2.2", "Esercenti ed addetti nelle attività di ristorazione"),
            ("5.2.2.1", "Cuochi in alberghi e ristoranti"),
            ("5.2.2.1.0", "Cuochi in alberghi e ristoranti"),
            ("5.2.2.4", "Baristi e professioni assimilate"),
            ("5.2.2.4.0", "Baristi e professioni assimilate"),
        )
    ]
    provinces = [
        Province(code="FC", name="Forlì-Cesena", region="Emilia-Romagna"),
        Province(code="GE", name="Genova", region="Liguria"),
        Province(code="IM", name="Imperia", region="Liguria"),
        Province(code="SP", name="La Spezia", region="Liguria"),
        Province(code="SV", name="Savona", region="Liguria"),
    ]
    municipalities = [
        Municipality(code="D969", name="Genova", province="GE"),
        Municipality(code="I346", name="Sant'Olcese", province="GE"),
        Municipality(code="D704", name="Forlì", province="FC"),
        Municipality(code="D705", name="Forlimpopoli", province="FC"),
        Municipality(code="I480", name="Savona", province="SV"),
    ]
    return StaticReferenceData(
        sectors=sectors, professions=professions, municipalities=municipalities, provinces=provinces
    )


class ReferenceDataContract:
    """What every :class:`~formlavoro_core.reference.ReferenceData` must do."""

    def make_reference_data(self) -> ReferenceData:
        """The implementation under test, holding at least :func:`contract_catalogue`."""
        raise NotImplementedError

    @pytest.fixture
    def reference(self) -> ReferenceData:
        return self.make_reference_data()

    # Sectors (ON-2) -----------------------------------------------------------------

    @pytest.mark.parametrize("code", ["56.11", "5611", " 56.11 ", "56.11\n"])
    def test_a_sector_is_found_by_dotted_or_compact_code(
        self, reference: ReferenceData, code: str
    ) -> None:
        """ON-2: a sector is found by its dotted or compact ATECO code."""
        sector = reference.sector(code)
        assert sector is not None
        assert (sector.code, sector.title, sector.level) == (
            "56.11",
            _RESTAURANTS,
            SectorLevel.CLASS,
        )
        assert sector.parent == "56.1"

    def test_a_section_is_found_by_its_letter_in_any_case(self, reference: ReferenceData) -> None:
        """ON-2: a section is found by its letter in any case."""
        lower, upper = reference.sector("i"), reference.sector("I")
        assert lower == upper
        assert upper is not None
        assert upper.level is _SECTION
        assert upper.parent is None

    @pytest.mark.parametrize("code", ["56.10", "", "   ", "ZZ", "5", "56.1.1", "9999999", "Q1"])
    def test_unknown_or_malformed_sector_codes_give_none(
        self, reference: ReferenceData, code: str
    ) -> None:
        assert reference.sector(code) is None

    def test_sections_are_listed_first_in_letter_order(self, reference: ReferenceData) -> None:
        sections = reference.sectors(level=_SECTION)
        codes = [sector.code for sector in sections]
        assert {"A", "I"} <= set(codes)
        assert codes == sorted(codes)
        assert all(s.level is _SECTION and s.parent is None for s in sections)
        assert reference.sectors()[0].level is _SECTION

    @pytest.mark.parametrize("parent", ["56.1", "561"])
    def test_children_of_a_sector_name_it_as_their_parent(
        self, reference: ReferenceData, parent: str
    ) -> None:
        children = reference.sectors(parent=parent)
        assert [child.code for child in children] == ["56.11", "56.12"]
        assert all(c.parent == "56.1" and c.level is SectorLevel.CLASS for c in children)

    def test_level_and_parent_filters_combine(self, reference: ReferenceData) -> None:
        assert list(reference.sectors(level=SectorLevel.GROUP, parent="56.1")) == []
        divisions = reference.sectors(level=SectorLevel.DIVISION, parent="I")
        assert "56" in {division.code for division in divisions}
        assert all(d.level is SectorLevel.DIVISION and d.parent == "I" for d in divisions)

    @pytest.mark.parametrize("parent", ["99.9", "not a code", ""])
    def test_an_unknown_parent_sector_has_no_children(
        self, reference: ReferenceData, parent: str
    ) -> None:
        assert list(reference.sectors(parent=parent)) == []

    def test_a_subcategory_walks_up_to_its_section(self, reference: ReferenceData) -> None:
        chain = []
        sector = reference.sector("56.11.11")
        while sector is not None:
            chain.append(sector.code)
            sector = None if sector.parent is None else reference.sector(sector.parent)
        assert chain == ["56.11.11", "56.11.1", "56.11", "56.1", "56", "I"]

    # Professions (ON-3) -------------------------------------------------------------

    @pytest.mark.parametrize("code", ["5.2.2.1.0", " 5.2.2.1.0 "])
    def test_a_profession_is_found_by_its_cp2021_code(
        self, reference: ReferenceData, code: str
    ) -> None:
        """ON-3: a profession is found by its CP2021 code."""
        cook = reference.profession(code)
        assert cook is not None
        assert (cook.code, cook.title, cook.level) == (
            "5.2.2.1.0",
            "Cuochi in alberghi e ristoranti",
            5,
        )

    @pytest.mark.parametrize("code", ["5.2.2.9.9", "52210", "", "cuoco"])
    def test_unknown_profession_codes_give_none(self, reference: ReferenceData, code: str) -> None:
        assert reference.profession(code) is None

    def test_every_ancestor_of_a_profession_exists(self, reference: ReferenceData) -> None:
        """ON-3: every ancestor of a profession exists."""
        barista = reference.profession("5.2.2.4.0")
        assert barista is not None
        ancestors = [reference.profession(code) for code in barista.ancestors()]
        assert [a.level for a in ancestors if a is not None] == [1, 2, 3, 4]

    def test_without_parent_the_grandi_gruppi_are_listed_in_order(
        self, reference: ReferenceData
    ) -> None:
        groups = reference.professions()
        codes = [group.code for group in groups]
        assert {"4", "5"} <= set(codes)
        assert codes == sorted(codes)
        assert all(group.level == 1 for group in groups)

    def test_children_of_a_profession_name_it_as_their_parent(
        self, reference: ReferenceData
    ) -> None:
        children = reference.professions(parent="5.2.2")
        assert {"5.2.2.1", "5.2.2.4"} <= {child.code for child in children}
        assert all(child.parent_code == "5.2.2" for child in children)
        assert [c.code for c in children] == sorted(c.code for c in children)

    @pytest.mark.parametrize("parent", ["5.2.2.1.0", "9.9.9", "nonsense"])
    def test_a_unit_or_an_unknown_code_has_no_children(
        self, reference: ReferenceData, parent: str
    ) -> None:
        assert list(reference.professions(parent=parent)) == []

    @pytest.mark.parametrize("text", ["CUOCHI", "cuochi in", "Cuochi in alberghi"])
    def test_professions_are_found_by_title_ignoring_case(
        self, reference: ReferenceData, text: str
    ) -> None:
        """ON-3: professions are found by title ignoring case."""
        assert "5.2.2.1.0" in {p.code for p in reference.find_professions(text)}

    def test_professions_are_found_by_title_ignoring_accents(
        self, reference: ReferenceData
    ) -> None:
        found = reference.find_professions("ATTIVITA COMMERCIALI", limit=50)
        assert "5" in {p.code for p in found}
        assert all("attivita commerciali" in _plain(p.title) for p in found)

    def test_profession_search_respects_its_limit_and_ignores_blank_text(
        self, reference: ReferenceData
    ) -> None:
        assert len(reference.find_professions("e", limit=3)) == 3
        assert list(reference.find_professions("e", limit=0)) == []
        assert list(reference.find_professions("   ")) == []
        assert list(reference.find_professions("astronauta lunare")) == []

    # Places (HM-3) ------------------------------------------------------------------

    @pytest.mark.parametrize("code", ["D969", "d969", " D969 "])
    def test_a_municipality_is_found_by_cadastral_code(
        self, reference: ReferenceData, code: str
    ) -> None:
        """HM-3: a municipality is found by cadastral code."""
        assert reference.municipality(code) == Municipality(
            code="D969", name="Genova", province="GE"
        )

    @pytest.mark.parametrize("code", ["Z999", "", "Genova"])
    def test_unknown_municipality_codes_give_none(
        self, reference: ReferenceData, code: str
    ) -> None:
        assert reference.municipality(code) is None

    def test_municipality_search_ignores_accents_and_puts_exact_names_first(
        self, reference: ReferenceData
    ) -> None:
        """HM-3: municipality search ignores accents and puts exact names first."""
        found = reference.find_municipalities("FORLI")
        assert found[0] == Municipality(code="D704", name="Forlì", province="FC")
        assert "D705" in {m.code for m in found}

    def test_municipality_search_accepts_typographic_apostrophes(
        self, reference: ReferenceData
    ) -> None:
        assert [m.code for m in reference.find_municipalities("Sant\u2019Olcese")] == ["I346"]

    def test_municipality_search_can_keep_one_province(self, reference: ReferenceData) -> None:
        """HM-3: municipality search can keep one province."""
        assert [m.code for m in reference.find_municipalities("genova", province="ge")] == ["D969"]
        assert list(reference.find_municipalities("genova", province="SV")) == []
        in_fc = reference.find_municipalities("forl", province="FC", limit=100)
        assert {m.province for m in in_fc} == {"FC"}

    def test_municipality_search_respects_its_limit_and_ignores_blank_text(
        self, reference: ReferenceData
    ) -> None:
        assert len(reference.find_municipalities("o", limit=2)) == 2
        assert list(reference.find_municipalities("o", limit=0)) == []
        assert list(reference.find_municipalities(" ")) == []

    @pytest.mark.parametrize("code", ["GE", "ge", " Ge "])
    def test_a_province_is_found_by_abbreviation_in_any_case(
        self, reference: ReferenceData, code: str
    ) -> None:
        """HM-3: a province is found by abbreviation in any case."""
        assert reference.province(code) == Province(code="GE", name="Genova", region="Liguria")

    def test_provinces_are_listed_once_each_in_abbreviation_order(
        self, reference: ReferenceData
    ) -> None:
        codes = [province.code for province in reference.provinces()]
        assert {"GE", "SP", "SV", "IM"} <= set(codes)
        assert codes == sorted(set(codes))
        assert reference.province("XX") is None

    def test_the_province_of_a_municipality_resolves(self, reference: ReferenceData) -> None:
        for municipality in reference.find_municipalities("a", limit=50):
            assert reference.province(municipality.province) is not None


def _plain(text: str) -> str:
    return fold_text(text)
