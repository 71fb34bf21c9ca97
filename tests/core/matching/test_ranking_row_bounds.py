"""Ranking by row bounds finds exactly the top N that scoring everyone would (MA-1, MA-5).

Within a cell, candidates are read best bound first and scoring stops when no bound left
can beat the N-th score found.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from formlavoro_core.matching.bounds import by_bound, cv_bound, cv_facts
from formlavoro_core.matching.offer_bounds import by_offer_bound, offer_bound, offer_facts
from formlavoro_core.matching.policy import Criterion, MatchingPolicy
from formlavoro_core.matching.profiles import (
    CvCell,
    CvProfile,
    OfferCell,
    OfferProfile,
)
from formlavoro_core.matching.ranking import (
    Ranked,
    cv_tiers,
    offer_tiers,
    rank_rows,
)
from formlavoro_core.matching.scoring import passes_hard_filters, score
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
from tests.core.matching.profile_strategies import CODES, PLACES, profiles


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
