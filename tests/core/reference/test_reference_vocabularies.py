"""Closed vocabularies: stable values, labels in two languages, and their extras."""

from __future__ import annotations

import re

import pytest

from formlavoro_core.reference import (
    ISO_639_1,
    CefrLevel,
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    SkillCategory,
    WorkingCondition,
    is_language_code,
)
from formlavoro_core.reference._vocabulary import Vocabulary, register_labels
from formlavoro_core.texts import Text

LOWER_SNAKE_VOCABULARIES: list[type[Vocabulary]] = [
    CefrLevel,
    ContractType,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    SkillCategory,
    WorkingCondition,
]
ALL_VOCABULARIES = [*LOWER_SNAKE_VOCABULARIES, DrivingLicence]


@pytest.mark.parametrize("vocabulary", ALL_VOCABULARIES)
def test_every_member_has_an_italian_and_an_english_label(
    vocabulary: type[Vocabulary],
) -> None:
    for member in vocabulary:
        assert member.label_it.strip()
        assert member.label_en.strip()


@pytest.mark.parametrize("vocabulary", LOWER_SNAKE_VOCABULARIES)
def test_values_are_stable_lower_snake_strings(vocabulary: type[Vocabulary]) -> None:
    for member in vocabulary:
        assert isinstance(member.value, str)
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", member.value)
        assert vocabulary(member.value) is member


def test_a_vocabulary_without_complete_labels_fails_at_import() -> None:
    class Colour(Vocabulary):
        RED = "red"
        BLUE = "blue"

    with pytest.raises(ValueError, match="Colour has no labels for BLUE"):
        register_labels(Colour, {Colour.RED: ("Rosso", Text(message="Red"))})


class TestEducationLevel:
    @pytest.mark.parametrize(
        ("level", "eqf"),
        [
            (EducationLevel.NONE, None),
            (EducationLevel.PRIMARY, None),
            (EducationLevel.LOWER_SECONDARY, 1),
            (EducationLevel.VOCATIONAL_QUALIFICATION, 3),
            (EducationLevel.VOCATIONAL_DIPLOMA, 4),
            (EducationLevel.UPPER_SECONDARY, 4),
            (EducationLevel.IFTS, 4),
            (EducationLevel.ITS, 5),
            (EducationLevel.BACHELOR, 6),
            (EducationLevel.MASTER, 7),
            (EducationLevel.DOCTORATE, 8),
        ],
    )
    def test_eqf_levels_follow_the_italian_qnq(
        self, level: EducationLevel, eqf: int | None
    ) -> None:
        """ON-4: EQF levels follow the Italian QNQ (DM 8 January 2018)."""
        assert level.eqf == eqf

    def test_levels_are_totally_ordered_and_eqf_never_decreases(self) -> None:
        """ON-4: levels are totally ordered and the EQF level never decreases."""
        ordered = EducationLevel.ordered()
        assert ordered[0] is EducationLevel.NONE
        assert ordered[-1] is EducationLevel.DOCTORATE
        assert [level.rank for level in ordered] == list(range(len(EducationLevel)))
        eqfs = [level.eqf or 0 for level in ordered]
        assert eqfs == sorted(eqfs)

    def test_at_least_compares_by_rank(self) -> None:
        """OF-3: "at least this level" compares by rank."""
        assert EducationLevel.MASTER.is_at_least(EducationLevel.BACHELOR)
        assert EducationLevel.BACHELOR.is_at_least(EducationLevel.BACHELOR)
        assert not EducationLevel.VOCATIONAL_DIPLOMA.is_at_least(EducationLevel.UPPER_SECONDARY)


class TestOfferVocabularies:
    def test_contract_types_cover_the_offer_filter(self) -> None:
        """OF-3: contract types cover the offer filter."""
        assert {c.value for c in ContractType} == {
            "fixed_term",
            "permanent",
            "apprenticeship",
            "internship",
            "temporary_agency",
            "coordinated_collaboration",
            "self_employment",
            "on_call",
            "occasional",
        }

    def test_working_conditions_include_the_manuals_examples(self) -> None:
        """OF-3, CV-9: working conditions include the manual's examples."""
        values = {c.value for c in WorkingCondition}
        assert {"full_time", "part_time", "shift_work", "night_work", "weekend_work"} <= values

    def test_every_part_time_variant_is_part_time(self) -> None:
        part_time = {c for c in WorkingCondition if c.is_part_time}
        assert part_time == {c for c in WorkingCondition if c.value.startswith("part_time")}
        assert not WorkingCondition.FULL_TIME.is_part_time


class TestCvVocabularies:
    def test_skills_come_in_three_macro_categories(self) -> None:
        """CV-7: skills come in three macro categories."""
        assert [c.value for c in SkillCategory] == ["basic", "it", "professional"]

    def test_driving_licences_are_the_eu_categories_as_written(self) -> None:
        """CV-8: driving licences are the EU categories, valued as written."""
        assert [licence.value for licence in DrivingLicence] == (
            ["AM", "A1", "A2", "A", "B1", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE"]
        )
        assert DrivingLicence("C1E") is DrivingLicence.C1E
        assert DrivingLicence.B.label_it == "Patente B"

    def test_ministry_qualifications_are_the_six_of_the_manual(self) -> None:
        """CV-8: ministry qualifications are the six of the manual."""
        assert len(MinistryQualification) == 6
        thermal = MinistryQualification.THERMAL_INSTALLATIONS
        assert thermal.legal_reference == "L. 13 luglio 1966, n. 615"
        assert MinistryQualification.TOXIC_GASES.legal_reference == "R.D. 18 giugno 1931, n. 773"
        assert MinistryQualification.BOAT_LICENCE.legal_reference is None


class TestLanguages:
    @pytest.mark.parametrize(
        ("level", "cefr"),
        [
            (LanguageLevel.ELEMENTARY, CefrLevel.A2),
            (LanguageLevel.PRE_INTERMEDIATE, CefrLevel.B1),
            (LanguageLevel.INTERMEDIATE, CefrLevel.B2),
            (LanguageLevel.POST_INTERMEDIATE, CefrLevel.C1),
            (LanguageLevel.ADVANCED, CefrLevel.C2),
            (LanguageLevel.NATIVE, None),
        ],
    )
    def test_each_portal_level_names_its_cefr_level(
        self, level: LanguageLevel, cefr: CefrLevel | None
    ) -> None:
        """CV-6: each portal level names its CEFR level."""
        assert level.cefr is cefr
        if cefr is not None:
            assert LanguageLevel.from_cefr(cefr) is level

    def test_a1_is_below_the_scale_and_maps_to_elementary(self) -> None:
        """CV-6: A1 is below the scale and maps to elementary."""
        assert LanguageLevel.from_cefr(CefrLevel.A1) is LanguageLevel.ELEMENTARY

    def test_levels_are_ordered_with_native_on_top(self) -> None:
        """CV-6: levels are ordered with native on top."""
        assert [level.rank for level in LanguageLevel] == [1, 2, 3, 4, 5, 6]
        assert [level.rank for level in CefrLevel] == [1, 2, 3, 4, 5, 6]
        assert LanguageLevel.NATIVE.is_at_least(LanguageLevel.ADVANCED)
        assert not LanguageLevel.INTERMEDIATE.is_at_least(LanguageLevel.POST_INTERMEDIATE)

    def test_iso_639_1_has_every_two_letter_code(self) -> None:
        """CV-6: ISO 639-1 has every two-letter language code."""
        assert len(ISO_639_1) == 184
        assert all(re.fullmatch(r"[a-z]{2}", code) for code in ISO_639_1)
        assert {"it", "en", "fr", "de", "es", "ar", "zh", "uk", "ro", "sq"} <= ISO_639_1

    @pytest.mark.parametrize(("code", "valid"), [("it", True), ("IT", False), ("ita", False)])
    def test_language_codes_are_checked_as_written(self, code: str, valid: bool) -> None:
        assert is_language_code(code) is valid
