"""Explained scores (MA-1, MA-2, MA-3, CV-9): pure functions over profiles."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from formlavoro_adapters.texts import GettextTranslator
from formlavoro_core.cv.attachments import AttachmentFormat
from formlavoro_core.cv.model import AttachmentRef, Qualifications
from formlavoro_core.ids import AttachmentId
from formlavoro_core.locale import Language
from formlavoro_core.matching.policy import Criterion, MatchingPolicy, PlaceLevel
from formlavoro_core.matching.profiles import CvProfile, ExperienceSpan
from formlavoro_core.matching.scoring import Score, months_between, passes_hard_filters, score
from formlavoro_core.matching.wording import explain
from formlavoro_core.offers.model import RequiredLanguage
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)
from tests.core.matching.builders import GEOGRAPHY, TODAY, cv, offer
from tests.support import world

POLICY = MatchingPolicy()

TEXTS = GettextTranslator()


def _score(cv_profile: CvProfile, **offer_changes: object) -> float:
    return score(
        cv_profile, offer(**offer_changes), today=TODAY, policy=POLICY, geography=GEOGRAPHY
    ).total


def _part(cv_profile: CvProfile, criterion: Criterion, **offer_changes: object) -> float:
    found = score(
        cv_profile, offer(**offer_changes), today=TODAY, policy=POLICY, geography=GEOGRAPHY
    )
    return found.part(criterion).points


def test_ma_1_the_closest_desired_profession_weighs_most() -> None:
    """MA-1: same unit > category > class > group > major group > elsewhere."""
    codes = ("5.2.2.1.0", "5.2.2.1.9", "5.2.2.4.0", "5.2.1.1.0", "5.1.1.1.0", "2.1.1.4.1")
    totals = [_score(cv(professions=(ProfessionCode(code),))) for code in codes]
    assert totals == sorted(totals, reverse=True)
    assert len(set(totals)) == len(totals)
    gaps = [_part(cv(professions=(ProfessionCode(c),)), Criterion.PROFESSION) for c in codes]
    assert gaps[0] == POLICY.weight(Criterion.PROFESSION) == max(POLICY.weights.values())


def test_ma_1_experience_counts_months_in_the_offers_category_with_relativedelta() -> None:
    """MA-1: years and months of experience in the profession (its CP2021 category)."""
    spans = (
        ExperienceSpan(
            profession=ProfessionCode("5.2.2.1.0"),
            start=dt.date(2025, 1, 31),
            end=dt.date(2025, 7, 30),
        ),
        # Ongoing: counted up to today (2026-03-02): 2 months.
        ExperienceSpan(profession=ProfessionCode("5.2.2.1.9"), start=dt.date(2026, 1, 1)),
        # Another category: not counted.
        ExperienceSpan(profession=ProfessionCode("5.2.2.4.0"), start=dt.date(2010, 1, 1)),
    )
    found = score(cv(experiences=spans), offer(), today=TODAY, policy=POLICY, geography=GEOGRAPHY)
    part = found.part(Criterion.EXPERIENCE)
    assert part.fact("months") == "7"  # 5 (31 Jan to 30 Jul) + 2
    assert part.points == round(15 * 7 / 24, 2)
    # relativedelta reads 29 February to 28 February as a whole year.
    assert months_between(dt.date(2024, 2, 29), dt.date(2025, 2, 28)) == 12
    full = cv(
        experiences=(
            ExperienceSpan(profession=ProfessionCode("5.2.2.1.0"), start=dt.date(2015, 1, 1)),
        )
    )
    assert _part(full, Criterion.EXPERIENCE) == POLICY.weight(Criterion.EXPERIENCE)


@pytest.mark.parametrize(
    ("municipality", "province", "travel", "level"),
    [
        ("D969", "GE", None, PlaceLevel.MUNICIPALITY),
        ("A001", "GE", None, PlaceLevel.PROVINCE),
        ("E463", "SP", None, PlaceLevel.REGION),
        ("F205", "MI", True, PlaceLevel.TRAVEL),
        ("F205", "MI", False, PlaceLevel.ELSEWHERE),
        (None, None, True, PlaceLevel.UNKNOWN),
    ],
)
def test_ma_1_cv_9_place_counts_municipality_province_region_and_travel(
    municipality: str | None, province: str | None, travel: bool | None, level: PlaceLevel
) -> None:
    """MA-1, CV-9: the nearer the residence, the more points; travel helps elsewhere."""
    profile = cv(
        municipality=MunicipalityCode(municipality) if municipality else None,
        province=ProvinceCode(province) if province else None,
        available_to_travel=travel,
    )
    found = score(profile, offer(), today=TODAY, policy=POLICY, geography=GEOGRAPHY)
    part = found.part(Criterion.PLACE)
    assert part.fact("level") == level.value
    assert part.points == POLICY.weight(Criterion.PLACE) * POLICY.place_fractions[level]


def test_ma_1_education_languages_and_licences_meet_what_the_offer_requires() -> None:
    """MA-1: a level at or above the required one; CEFR at or above; licences held."""
    wants = {
        "education_level": EducationLevel.UPPER_SECONDARY,
        "languages": (
            RequiredLanguage(language="en", level=LanguageLevel.INTERMEDIATE),
            RequiredLanguage(language="fr", level=LanguageLevel.ELEMENTARY),
        ),
        "licences": frozenset({DrivingLicence.B}),
        "qualifications": frozenset({MinistryQualification.BOAT_LICENCE}),
    }
    weak = cv(
        education=EducationLevel.LOWER_SECONDARY,
        languages=(("en", LanguageLevel.PRE_INTERMEDIATE),),
    )
    strong = cv(
        education=EducationLevel.BACHELOR,
        languages=(("en", LanguageLevel.ADVANCED), ("fr", LanguageLevel.ELEMENTARY)),
        licences=frozenset({DrivingLicence.B, DrivingLicence.A}),
        qualifications=frozenset({MinistryQualification.BOAT_LICENCE}),
    )
    weak_score = score(weak, offer(**wants), today=TODAY, policy=POLICY, geography=GEOGRAPHY)
    strong_score = score(strong, offer(**wants), today=TODAY, policy=POLICY, geography=GEOGRAPHY)
    for criterion in (Criterion.EDUCATION, Criterion.LANGUAGES, Criterion.LICENCES):
        assert strong_score.part(criterion).points == POLICY.weight(criterion)
        assert weak_score.part(criterion).points < POLICY.weight(criterion)
    missing = weak_score.part(Criterion.LANGUAGES).missing
    assert [(m.what, m.level, m.held) for m in missing] == [
        ("en", "intermediate", "pre_intermediate"),
        ("fr", "elementary", None),
    ]
    assert [m.what for m in weak_score.part(Criterion.LICENCES).missing] == ["B", "boat_licence"]


def test_cv_9_contract_type_working_conditions_and_sectors_use_the_preferences() -> None:
    """CV-9: matching uses the preferences; an unstated one counts half."""
    offered = {
        "contract_type": ContractType.PERMANENT,
        "working_conditions": frozenset({WorkingCondition.FULL_TIME}),
        "sector": SectorCode("56.10"),
    }
    fitting = cv(
        contract_types=frozenset({ContractType.PERMANENT}),
        working_conditions=frozenset({WorkingCondition.FULL_TIME, WorkingCondition.SHIFT_WORK}),
        sectors=(SectorCode("I"),),
    )
    unfitting = cv(
        contract_types=frozenset({ContractType.APPRENTICESHIP}),
        working_conditions=frozenset({WorkingCondition.PART_TIME}),
        sectors=(SectorCode("C"),),
    )
    silent = cv()
    for criterion in (Criterion.CONDITIONS, Criterion.SECTOR):
        points = [_part(p, criterion, **offered) for p in (fitting, silent, unfitting)]
        weight = POLICY.weight(criterion)
        assert points == [weight, weight / 2, 0], criterion


def test_ma_2_the_parts_add_up_to_the_total_and_name_their_facts() -> None:
    """MA-2: every score comes with the parts that made it, in criterion order."""
    found = score(cv(), offer(), today=TODAY, policy=POLICY, geography=GEOGRAPHY)
    assert [part.criterion for part in found.parts] == list(Criterion)
    assert found.total == round(sum(part.points for part in found.parts), 2)
    assert 0 <= found.total <= 100
    assert all(part.facts for part in found.parts)
    assert found.part(Criterion.PROFESSION).fact("shared_levels") == "5"


def test_ma_2_explanations_are_worded_in_italian_and_english() -> None:
    """MA-2, TX-1: each part renders as a sentence in the reader's language."""
    wants = {"languages": (RequiredLanguage(language="en", level=LanguageLevel.INTERMEDIATE),)}
    found = score(cv(), offer(**wants), today=TODAY, policy=POLICY, geography=GEOGRAPHY)
    italian = [explain(part, Language.ITALIAN, TEXTS) for part in found.parts]
    english = [explain(part, Language.ENGLISH, TEXTS) for part in found.parts]
    assert italian[0] == "Professione: la stessa professione (35 punti su 35)"
    assert english[0] == "Profession: the same profession (35 of 35 points)"
    assert italian[2] == "Luogo: nello stesso comune (15 punti su 15)"
    assert english[2] == "Place: in the same municipality (15 of 15 points)"
    assert (
        italian[4]
        == "Lingue: 0 su 1 soddisfatti; manca: inglese livello Intermedio (B2) (0 punti su 8)"
    )
    assert (
        english[4] == "Languages: 0 of 1 met; missing: English at Intermediate (B2) (0 of 8 points)"
    )
    assert english[6] == (
        "Contract and conditions: contract: no preference given, "
        "conditions: no preference given (3.5 of 7 points)"
    )
    assert italian[6].endswith("(3,5 punti su 7)")
    french = explain_all(found, Language.FRENCH)
    assert french[4] == (
        "Langues : 0 sur 1 satisfaits ; manque : anglais niveau Intermédiaire (B2) (0 points sur 8)"
    )


def test_ma_2_explanations_are_worded_in_german_from_the_catalogue() -> None:
    """MA-2, TX-1: German readers get German sentences, decimal comma included."""
    wants = {"languages": (RequiredLanguage(language="en", level=LanguageLevel.INTERMEDIATE),)}
    found = score(cv(), offer(**wants), today=TODAY, policy=POLICY, geography=GEOGRAPHY)
    german = explain_all(found, Language.GERMAN)
    assert german[0] == "Beruf: derselbe Beruf (35 von 35 Punkten)"
    assert german[2] == "Ort: in derselben Gemeinde (15 von 15 Punkten)"
    assert german[4] == (
        "Sprachen: 0 von 1 erfüllt; fehlt: Englisch auf Niveau Mittelstufe (B2) (0 von 8 Punkten)"
    )
    assert german[6].endswith("(3,5 von 7 Punkten)")
    assert german != explain_all(found, Language.ENGLISH)


def explain_all(found: Score, language: Language) -> list[str]:
    return [explain(part, language, TEXTS) for part in found.parts]


def test_ma_3_attachments_never_reach_matching() -> None:
    """MA-3, CV-10: a CV's profile (what matching reads) is the same with attachments."""
    w = world()
    _, stored = w.citizen_with_published_cv()
    stored = attrs.evolve(
        stored,
        experiences=(),
        qualifications=Qualifications(driving_licences=(DrivingLicence.B,)),
    )
    attachment = AttachmentRef(
        id=AttachmentId("att-1"),
        filename="patente-C-inglese-C2.pdf",
        format=AttachmentFormat.PDF,
        size=10,
        sha256="0" * 64,
        uploaded_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    )
    with_file = attrs.evolve(stored, attachments=(attachment,))
    assert CvProfile.of(with_file) == CvProfile.of(stored)
    assert "attachments" not in attrs.fields_dict(CvProfile)


def test_ma_5_hard_filters_mean_what_the_plain_cv_filters_mean() -> None:
    """MA-5: a hard criterion keeps exactly the CVs its plain filter keeps."""
    hard = MatchingPolicy(
        hard=frozenset({Criterion.EDUCATION, Criterion.LANGUAGES, Criterion.LICENCES})
    )
    wants = offer(
        education_level=EducationLevel.BACHELOR,
        languages=(RequiredLanguage(language="en", level=LanguageLevel.ADVANCED),),
        licences=frozenset({DrivingLicence.B}),
    )
    studying = cv(
        studying=EducationLevel.BACHELOR,
        languages=(("en", LanguageLevel.ELEMENTARY),),
        licences=frozenset({DrivingLicence.B}),
    )
    assert passes_hard_filters(studying, wants, hard)  # a study in progress, any level
    assert not passes_hard_filters(attrs.evolve(studying, licences=frozenset()), wants, hard)
    assert not passes_hard_filters(attrs.evolve(studying, languages=()), wants, hard)
    assert not passes_hard_filters(attrs.evolve(studying, studying=None), wants, hard)
    assert passes_hard_filters(cv(), wants, POLICY)  # soft by default


def test_ma_1_weights_and_hard_filters_are_validated_configuration() -> None:
    """MA-1, MA-5: weights give every criterion a share of 100; only some can filter."""
    with pytest.raises(ValueError, match="add up to 100"):
        MatchingPolicy(weights=dict.fromkeys(Criterion, 10))
    with pytest.raises(ValueError, match="hard filters"):
        MatchingPolicy(hard=frozenset({Criterion.PLACE}))
    heavy = dict(POLICY.weights) | {
        Criterion.PROFESSION: 45,
        Criterion.SECTOR: 0,
        Criterion.CONDITIONS: 1,
    }
    custom = MatchingPolicy(weights=heavy)
    found = score(cv(), offer(), today=TODAY, policy=custom, geography=GEOGRAPHY)
    assert found.part(Criterion.PROFESSION).points == 45


@given(
    shared=st.sampled_from(["5.2.2.1.0", "5.2.2.4.0", "5.1.1.1.0", "2.1.1.4.1"]),
    months=st.integers(0, 120),
    level=st.sampled_from(list(EducationLevel)),
)
def test_ma_2_every_score_lies_between_0_and_100_and_each_part_within_its_weight(
    shared: str, months: int, level: EducationLevel
) -> None:
    """MA-2: totals 0 to 100; a part never exceeds its weight."""
    start = dt.date(2016, 1, 1)
    profile = cv(
        professions=(ProfessionCode(shared),),
        experiences=(
            ExperienceSpan(
                profession=ProfessionCode(shared),
                start=start,
                end=start + dt.timedelta(days=30 * months),
            ),
        ),
        education=level,
    )
    found = score(
        profile,
        offer(education_level=EducationLevel.ITS),
        today=TODAY,
        policy=POLICY,
        geography=GEOGRAPHY,
    )
    assert 0 <= found.total <= 100
    assert all(0 <= part.points <= part.weight for part in found.parts)
