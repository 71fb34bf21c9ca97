"""Ranking by cells finds exactly the top N that scoring everyone would (MA-1, MA-5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from formlavoro_core.ids import CvId
from formlavoro_core.matching.bounds import by_bound, cv_bound, cv_facts
from formlavoro_core.matching.offer_bounds import by_offer_bound, offer_bound, offer_facts
from formlavoro_core.matching.policy import Criterion, MatchingPolicy
from formlavoro_core.matching.profiles import (
    CvCell,
    CvProfile,
    ExperienceSpan,
    OfferCell,
    OfferProfile,
)
from formlavoro_core.matching.ranking import (
    Ranked,
    Tier,
    cv_tiers,
    offer_tiers,
    rank,
    rank_rows,
    tiers,
)
from formlavoro_core.matching.scoring import passes_hard_filters, rest_for_cv, rest_for_offer, score
from formlavoro_core.offers.model import RequiredLanguage
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)
from tests.core.matching.builders import GEOGRAPHY, TODAY, offer

CODES = ("5.2.2.1.0", "5.2.2.1.9", "5.2.2.4.0", "5.2.1.1.0", "5.1.1.1.0", "2.1.1.4.1", "8.1.3.1.0")
PLACES = (("D969", "GE"), ("A001", "GE"), ("E463", "SP"), ("F205", "MI"), (None, None))

profiles = st.builds(
    lambda number, codes, place, travel, level, english, licence, months, ended: CvProfile(
        id=CvId(f"cv-{number:04d}"),
        professions=tuple(ProfessionCode(code) for code in codes),
        experiences=(
            ExperienceSpan(
                profession=ProfessionCode(codes[0]),
                start=TODAY - dt.timedelta(days=30 * months),
                end=TODAY - dt.timedelta(days=7 * months) if ended else None,
            ),
        )
        if codes and months
        else (),
        municipality=MunicipalityCode(place[0]) if place[0] else None,
        province=ProvinceCode(place[1]) if place[1] else None,
        education=level,
        studying=level,
        languages=(("en", english),) if english else (),
        licences=frozenset({DrivingLicence.B}) if licence else frozenset(),
        available_to_travel=travel,
        sectors=(SectorCode("I"),) if months % 2 else (),
        working_conditions=frozenset({WorkingCondition.FULL_TIME}) if months % 3 else frozenset(),
        contract_types=frozenset({ContractType.FIXED_TERM}) if months % 5 else frozenset(),
    ),
    st.integers(0, 9999),
    st.lists(st.sampled_from(CODES), max_size=2, unique=True),
    st.sampled_from(PLACES),
    st.sampled_from([None, True, False]),
    st.sampled_from([None, *EducationLevel]),
    st.sampled_from([None, *LanguageLevel]),
    st.booleans(),
    st.integers(0, 40),
    st.booleans(),
)


def _in(profile: CvProfile, cell: Tier) -> bool:
    if cell.provinces is not None and profile.province not in cell.provinces:
        return False
    return not cell.codes or any(
        code == root or code.startswith(f"{root}.")
        for code in profile.all_professions
        for root in cell.codes
    )


@settings(max_examples=150, deadline=None)
@given(
    people=st.lists(profiles, max_size=60, unique_by=lambda p: p.id),
    limit=st.integers(1, 12),
    hard=st.booleans(),
    wanted=st.sampled_from(CODES),
    sector=st.sampled_from([None, SectorCode("56"), SectorCode("C")]),
    conditions=st.sampled_from([frozenset(), frozenset({WorkingCondition.FULL_TIME})]),
)
def test_ma_1_ma_5_the_top_n_by_cells_is_the_top_n_of_everyone(
    *,
    people: list[CvProfile],
    limit: int,
    hard: bool,
    wanted: str,
    sector: SectorCode | None,
    conditions: frozenset[WorkingCondition],
) -> None:
    """MA-1, MA-5: the bounds never skip a CV that belongs in the top N; ties by id."""
    policy = MatchingPolicy(hard=frozenset({Criterion.LICENCES}) if hard else frozenset())
    target = offer(
        profession=ProfessionCode(wanted),
        education_level=EducationLevel.UPPER_SECONDARY,
        languages=(RequiredLanguage(language="en", level=LanguageLevel.INTERMEDIATE),),
        licences=frozenset({DrivingLicence.B}),
        sector=sector,
        working_conditions=conditions,
    )

    def scored(profile: CvProfile) -> Ranked[CvProfile]:
        found = score(profile, target, today=TODAY, policy=policy, geography=GEOGRAPHY)
        return Ranked(profile=profile, score=found)

    def order(ranked: Ranked[CvProfile]) -> tuple[object, ...]:
        return (-ranked.score.total, ranked.profile.id)

    everyone = sorted(
        (scored(p) for p in people if passes_hard_filters(p, target, policy)), key=order
    )[:limit]
    cells = tiers(
        (target.profession,),
        province=target.province,
        region=(ProvinceCode("GE"), ProvinceCode("SP"), ProvinceCode("SV")),
        policy=policy,
        rest=rest_for_offer(target, policy),
    )

    def fetch(cell: Tier) -> list[CvProfile]:
        return [p for p in people if _in(p, cell)]

    found = rank(
        cells,
        fetch,
        identify=lambda p: p.id,
        keep=lambda p: passes_hard_filters(p, target, policy),
        scored=lambda p: scored(p).score,
        order=order,
        limit=limit,
    )
    assert [(r.profile.id, r.score) for r in found] == [(r.profile.id, r.score) for r in everyone]
    bounds = [cell.bound for cell in cells]
    assert bounds == sorted(bounds, reverse=True)
    assert (cells[-1].codes, cells[-1].provinces) == ((), None)


@settings(max_examples=150, deadline=None)
@given(
    person=profiles,
    offers=st.lists(
        st.tuples(st.sampled_from(CODES), st.sampled_from(PLACES[:4]), st.booleans()),
        max_size=40,
    ),
    limit=st.integers(1, 8),
)
def test_ma_1_the_top_offers_by_cells_are_the_top_offers_of_all(
    person: CvProfile, offers: list[tuple[str, tuple[str, str], bool]], limit: int
) -> None:
    """MA-1: the citizen's side, bounded by what the CV itself can score (rest_for_cv)."""
    policy = MatchingPolicy()
    made = [
        offer(
            id=f"offer-{index:03d}",
            profession=ProfessionCode(code),
            workplace=MunicipalityCode(str(place[0])),
            province=ProvinceCode(str(place[1])),
            sector=SectorCode("56") if sector else None,
        )
        for index, (code, place, sector) in enumerate(offers)
    ]

    def total(item: OfferProfile) -> float:
        return score(person, item, today=TODAY, policy=policy, geography=GEOGRAPHY).total

    everyone = sorted(made, key=lambda item: (-total(item), item.id))[:limit]
    cells = tiers(
        person.all_professions,
        province=person.province,
        region=(ProvinceCode("GE"), ProvinceCode("SP"), ProvinceCode("SV"))
        if person.province in {"GE", "SP"}
        else (),
        policy=policy,
        rest=rest_for_cv(person, TODAY, policy),
    )

    def fetch(cell: Tier) -> list[OfferProfile]:
        return [
            item
            for item in made
            if (cell.provinces is None or item.province in cell.provinces)
            and (
                not cell.codes
                or any(
                    item.profession.startswith(f"{root}.") or item.profession == root
                    for root in cell.codes
                )
            )
        ]

    found = rank(
        cells,
        fetch,
        identify=lambda item: item.id,
        keep=lambda item: True,
        scored=lambda item: score(person, item, today=TODAY, policy=policy, geography=GEOGRAPHY),
        order=lambda ranked: (-ranked.score.total, ranked.profile.id),
        limit=limit,
    )
    assert [r.profile.id for r in found] == [item.id for item in everyone]


def _in_exactly(profile: CvProfile, cell: CvCell) -> bool:
    """The definition of a cell of CVs, on a profile (``cv_in_cell`` reads a CV)."""
    codes = profile.all_professions
    if cell.provinces is not None and profile.province not in cell.provinces:
        return False
    if cell.outside is not None and profile.province in cell.outside:
        return False
    if cell.deeper is not None and any(_under(code, cell.deeper) for code in codes):
        return False
    return cell.profession is None or any(_under(code, cell.profession) for code in codes)


def _under(code: str, root: str) -> bool:
    return code == root or code.startswith(f"{root}.")


@settings(max_examples=200, deadline=None)
@given(
    people=st.lists(profiles, max_size=60, unique_by=lambda p: p.id),
    limit=st.integers(1, 12),
    hard=st.booleans(),
    wanted=st.sampled_from(CODES),
    sector=st.sampled_from([None, SectorCode("56"), SectorCode("C")]),
    conditions=st.sampled_from([frozenset(), frozenset({WorkingCondition.FULL_TIME})]),
    asks=st.booleans(),
)
def test_ma_1_ma_5_row_bounds_find_the_top_n_of_everyone(
    *,
    people: list[CvProfile],
    limit: int,
    hard: bool,
    wanted: str,
    sector: SectorCode | None,
    conditions: frozenset[WorkingCondition],
    asks: bool,
) -> None:
    """MA-1, MA-5: cells sharing exactly a level, read by row bound, skip no top-N CV.

    Every CV is in exactly one cell; its bound is never below its score nor above its
    cell's; reading each cell highest bound first and stopping early gives the top N
    of scoring everyone, ties by id.
    """
    policy = MatchingPolicy(hard=frozenset({Criterion.LICENCES}) if hard else frozenset())
    target = offer(
        profession=ProfessionCode(wanted),
        education_level=EducationLevel.UPPER_SECONDARY if asks else None,
        languages=(RequiredLanguage(language="en", level=LanguageLevel.INTERMEDIATE),)
        if asks
        else (),
        licences=frozenset({DrivingLicence.B}) if asks else frozenset(),
        sector=sector,
        working_conditions=conditions,
    )

    def scored(profile: CvProfile) -> Ranked[CvProfile]:
        found = score(profile, target, today=TODAY, policy=policy, geography=GEOGRAPHY)
        return Ranked(profile=profile, score=found)

    def order(ranked: Ranked[CvProfile]) -> tuple[object, ...]:
        return (-ranked.score.total, ranked.profile.id)

    everyone = sorted(
        (scored(p) for p in people if passes_hard_filters(p, target, policy)), key=order
    )[:limit]
    cells = cv_tiers(
        target,
        region=(ProvinceCode("GE"), ProvinceCode("SP"), ProvinceCode("SV")),
        today=TODAY,
        policy=policy,
    )
    for person in people:
        holding = [cell for cell in cells if _in_exactly(person, cell.cell)]
        assert len(holding) == 1
        bound = cv_bound(cv_facts(person), holding[0].bound)
        assert scored(person).score.total <= bound + 0.05
        assert bound <= holding[0].most + 1e-9
    found = rank_rows(
        cells,
        lambda cell: cell.most,
        lambda cell: by_bound([p for p in people if _in_exactly(p, cell.cell)], cell.bound),
        keep=lambda p: passes_hard_filters(p, target, policy),
        scored=lambda p: scored(p).score,
        order=order,
        limit=limit,
    )
    assert [(r.profile.id, r.score) for r in found] == [(r.profile.id, r.score) for r in everyone]
    assert [cell.most for cell in cells] == sorted((cell.most for cell in cells), reverse=True)


def _offer_in(item: OfferProfile, cell: OfferCell) -> bool:
    """The definition of a cell of offers, on a profile (``offer_in_cell`` reads an offer)."""
    if cell.provinces is not None and item.province not in cell.provinces:
        return False
    if cell.outside is not None and item.province in cell.outside:
        return False
    if any(_under(item.profession, code) for code in cell.deeper):
        return False
    return not cell.professions or any(_under(item.profession, c) for c in cell.professions)


requirements = st.tuples(
    st.sampled_from(CODES),
    st.sampled_from(PLACES[:4]),
    st.booleans(),
    st.sampled_from([None, EducationLevel.UPPER_SECONDARY, EducationLevel.BACHELOR]),
    st.sampled_from([(), ("en", LanguageLevel.INTERMEDIATE), ("de", LanguageLevel.ELEMENTARY)]),
    st.sampled_from([frozenset(), frozenset({DrivingLicence.B})]),
    st.sampled_from([frozenset(), frozenset({WorkingCondition.FULL_TIME})]),
    st.sampled_from([ContractType.FIXED_TERM, ContractType.PERMANENT]),
)


@settings(max_examples=200, deadline=None)
@given(
    person=profiles,
    offers=st.lists(requirements, max_size=40),
    limit=st.integers(1, 8),
    hard=st.booleans(),
)
def test_ma_1_row_bounds_find_the_top_offers_of_all(
    person: CvProfile,
    offers: list[tuple[Any, ...]],
    limit: int,
    hard: bool,
) -> None:
    """MA-1, MA-5: offer cells of exact levels, read by row bound, skip no top-N offer.

    Every offer is in exactly one cell; its bound is never below its score nor above
    its cell's; the top N equals scoring every offer (newest, then id, on ties).
    """
    policy = MatchingPolicy(hard=frozenset({Criterion.LANGUAGES}) if hard else frozenset())
    made = [
        offer(
            id=f"offer-{index:03d}",
            profession=ProfessionCode(code),
            workplace=MunicipalityCode(str(place[0])),
            province=ProvinceCode(str(place[1])),
            sector=SectorCode("56") if sector else None,
            education_level=education,
            languages=(RequiredLanguage(language=language[0], level=language[1]),)
            if language
            else (),
            licences=licences,
            working_conditions=conditions,
            contract_type=contract,
            sort_time=dt.datetime(2026, 3, 1, tzinfo=dt.UTC) - dt.timedelta(hours=index % 3),
        )
        for index, (code, place, sector, education, language, licences, conditions, contract) in (
            enumerate(offers)
        )
    ]

    def scored(item: OfferProfile) -> Ranked[OfferProfile]:
        found = score(person, item, today=TODAY, policy=policy, geography=GEOGRAPHY)
        return Ranked(profile=item, score=found)

    def order(ranked: Ranked[OfferProfile]) -> tuple[object, ...]:
        return (-ranked.score.total, -ranked.profile.sort_time.timestamp(), ranked.profile.id)

    everyone = sorted(
        (scored(item) for item in made if passes_hard_filters(person, item, policy)), key=order
    )[:limit]
    region = (
        (ProvinceCode("GE"), ProvinceCode("SP"), ProvinceCode("SV"))
        if person.province in {"GE", "SP"}
        else ()
    )
    cells = offer_tiers(person, region=region, today=TODAY, policy=policy)
    for item in made:
        holding = [cell for cell in cells if _offer_in(item, cell.cell)]
        assert len(holding) == 1
        bound = offer_bound(offer_facts(item), holding[0].bound)
        assert scored(item).score.total <= bound + 0.05
        assert bound <= holding[0].most + 1e-9
    found = rank_rows(
        cells,
        lambda cell: cell.most,
        lambda cell: by_offer_bound([i for i in made if _offer_in(i, cell.cell)], cell.bound),
        keep=lambda item: passes_hard_filters(person, item, policy),
        scored=lambda item: scored(item).score,
        order=order,
        limit=limit,
    )
    assert [(r.profile.id, r.score) for r in found] == [(r.profile.id, r.score) for r in everyone]
