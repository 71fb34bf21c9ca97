"""Value objects and code helpers of the official classifications (ON-2, ON-3, HM-3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formlavoro_core.reference import (
    PROFESSION_LEVELS,
    Municipality,
    Profession,
    Province,
    Sector,
    SectorLevel,
    canonical_sector_code,
    fold_text,
    profession_code_is_well_formed,
    sector_level_of,
    shared_profession_levels,
)

_digit = st.sampled_from("0123456789")
profession_codes = st.builds(
    lambda first, rest: ".".join([first, *rest]),
    st.sampled_from("123456789"),
    st.lists(_digit, max_size=PROFESSION_LEVELS - 1),
)
sector_codes = st.one_of(
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUV"),
    st.builds(
        lambda digits, depth: [
            digits[:2],
            f"{digits[:2]}.{digits[2]}",
            f"{digits[:2]}.{digits[2:4]}",
            f"{digits[:2]}.{digits[2:4]}.{digits[4]}",
            f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}",
        ][depth],
        st.text(alphabet="0123456789", min_size=6, max_size=6),
        st.integers(min_value=0, max_value=4),
    ),
)


class TestSectorCodes:
    @pytest.mark.parametrize(
        ("raw", "canonical", "level"),
        [
            ("I", "I", SectorLevel.SECTION),
            (" i ", "I", SectorLevel.SECTION),
            ("56", "56", SectorLevel.DIVISION),
            ("561", "56.1", SectorLevel.GROUP),
            ("5611", "56.11", SectorLevel.CLASS),
            ("56111", "56.11.1", SectorLevel.CATEGORY),
            ("561111", "56.11.11", SectorLevel.SUBCATEGORY),
            ("01.11.00", "01.11.00", SectorLevel.SUBCATEGORY),
        ],
    )
    def test_compact_and_dotted_codes_have_one_canonical_form(
        self, raw: str, canonical: str, level: SectorLevel
    ) -> None:
        """ON-2: compact and dotted codes have one canonical form."""
        assert canonical_sector_code(raw) == canonical
        assert sector_level_of(canonical) is level

    @pytest.mark.parametrize("raw", ["", "5", "AB", "56.1.1", "56.111", "5611111", "5.61", "I1"])
    def test_malformed_sector_codes_have_no_canonical_form(self, raw: str) -> None:
        assert canonical_sector_code(raw) is None

    @given(sector_codes)
    def test_canonical_codes_are_fixed_points_and_survive_compaction(self, code: str) -> None:
        assert canonical_sector_code(code) == code
        assert canonical_sector_code(code.replace(".", "").lower()) == code
        level = sector_level_of(code)
        assert level is not None
        assert level.depth == [1, 2, 0, 3, 4, 0, 5, 6][len(code) - 1]

    def test_a_sector_must_sit_at_the_level_its_code_says(self) -> None:
        with pytest.raises(ValueError, match="not at level"):
            Sector(code="56.11", title="x", level=SectorLevel.GROUP, parent="56.1")

    def test_only_sections_have_no_parent(self) -> None:
        with pytest.raises(ValueError, match="cannot have parent"):
            Sector(code="56", title="x", level=SectorLevel.DIVISION)
        with pytest.raises(ValueError, match="cannot have parent"):
            Sector(code="I", title="x", level=SectorLevel.SECTION, parent="A")

    @pytest.mark.parametrize("code", ["5611", "i", ""])
    def test_a_sector_holds_a_canonical_code(self, code: str) -> None:
        with pytest.raises(ValueError, match="ATECO"):
            Sector(code=code, title="x", level=SectorLevel.CLASS, parent="56.1")


class TestProfessionCodes:
    @pytest.mark.parametrize("code", ["5", "5.2", "5.2.2", "5.2.2.1", "5.2.2.1.0", "9.3.1.1.0"])
    def test_the_five_cp2021_levels_are_well_formed(self, code: str) -> None:
        """ON-3: codes at the five CP2021 levels are well formed."""
        assert profession_code_is_well_formed(code)
        assert Profession(code=code, title="t").level == code.count(".") + 1

    @pytest.mark.parametrize(
        "code", ["", "0", "5.", ".5", "5.22", "5.2.2.1.0.1", "52210", " 5", "5,2", "x"]
    )
    def test_other_shapes_are_not(self, code: str) -> None:
        assert not profession_code_is_well_formed(code)
        with pytest.raises(ValueError, match="not a CP2021 code"):
            Profession(code=code, title="t")

    def test_a_unit_knows_its_parent_and_ancestors(self) -> None:
        cook = Profession(code="5.2.2.1.0", title="Cuochi in alberghi e ristoranti")
        assert cook.parent_code == "5.2.2.1"
        assert cook.ancestors() == ("5", "5.2", "5.2.2", "5.2.2.1")
        group = Profession(code="5", title="Professioni qualificate")
        assert (group.parent_code, group.ancestors()) == (None, ())

    @pytest.mark.parametrize(
        ("a", "b", "shared"),
        [
            ("5.2.2.1.0", "5.2.2.1.0", 5),
            ("5.2.2.1.0", "5.2.2.4.0", 3),
            ("5.2.2.1.0", "5.2.2", 3),
            ("5.2.2.1.0", "5.1.2.2.0", 1),
            ("5.2.2.1.0", "7.4.2.3.0", 0),
            ("2.6.4.1.0", "2.6.4.2.0", 3),
        ],
    )
    def test_shared_levels_measure_closeness_in_the_hierarchy(
        self, a: str, b: str, shared: int
    ) -> None:
        assert shared_profession_levels(a, b) == shared

    @given(profession_codes, profession_codes)
    def test_shared_levels_are_symmetric_and_bounded(self, a: str, b: str) -> None:
        shared = shared_profession_levels(a, b)
        assert shared == shared_profession_levels(b, a)
        assert 0 <= shared <= min(a.count("."), b.count(".")) + 1
        assert shared_profession_levels(a, a) == a.count(".") + 1

    @given(profession_codes)
    def test_a_code_shares_with_each_ancestor_exactly_the_ancestors_depth(self, code: str) -> None:
        profession = Profession(code=code, title="t")
        for depth, ancestor in enumerate(profession.ancestors(), start=1):
            assert shared_profession_levels(code, ancestor) == depth

    def test_comparing_a_malformed_code_is_a_programming_error(self) -> None:
        with pytest.raises(ValueError, match="not a CP2021 code"):
            shared_profession_levels("5.2.2.1.0", "cuoco")


class TestPlaces:
    def test_a_municipality_is_keyed_by_its_cadastral_code(self) -> None:
        """HM-3: a municipality is keyed by its cadastral code."""
        genova = Municipality(code="D969", name="Genova", province="GE")
        assert genova.province == "GE"

    @pytest.mark.parametrize("code", ["d969", "D96", "9969", "D9690"])
    def test_cadastral_codes_are_a_capital_and_three_digits(self, code: str) -> None:
        with pytest.raises(ValueError, match="cadastral"):
            Municipality(code=code, name="Genova", province="GE")

    @pytest.mark.parametrize("code", ["ge", "G", "GEN", "G1"])
    def test_province_abbreviations_are_two_capitals(self, code: str) -> None:
        with pytest.raises(ValueError, match="abbreviation"):
            Province(code=code, name="Genova", region="Liguria")

    def test_names_must_not_be_blank(self) -> None:
        with pytest.raises(ValueError, match="name must not be blank"):
            Province(code="GE", name="  ", region="Liguria")


class TestFolding:
    @pytest.mark.parametrize(
        ("text", "folded"),
        [
            ("Forlì", "forli"),
            ("CANTÙ", "cantu"),
            ("Sant\u2019Olcese", "sant'olcese"),
            ("  Châtillon\t ", "chatillon"),
            ("Bolzano/Bozen", "bolzano/bozen"),
        ],
    )
    def test_text_is_compared_without_case_accents_or_extra_spaces(
        self, text: str, folded: str
    ) -> None:
        assert fold_text(text) == folded

    @given(st.text())
    def test_folding_is_idempotent(self, text: str) -> None:
        assert fold_text(fold_text(text)) == fold_text(text)
