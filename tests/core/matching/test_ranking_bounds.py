"""Ranking by cells finds exactly the top N that scoring everyone would (MA-1, MA-5)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from formlavoro_core.matching.policy import Criterion, MatchingPolicy
from formlavoro_core.matching.profiles import (
    CvProfile,
    OfferProfile,
)
from formlavoro_core.matching.ranking import (
    Ranked,
    Tier,
    rank,
    tiers,
)
from formlavoro_core.matching.scoring import passes_hard_filters, rest_for_cv, rest_for_offer, score
from formlavoro_core.offers.model import RequiredLanguage
from formlavoro_core.reference import (
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
