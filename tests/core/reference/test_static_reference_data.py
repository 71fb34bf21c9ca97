"""The in-memory reference data passes the port's contract, and builds pleasantly."""

from __future__ import annotations

import pytest

from formlavoro_core.reference import (
    Municipality,
    Profession,
    Province,
    ReferenceData,
    Sector,
    SectorLevel,
    StaticReferenceData,
)
from tests.core.reference.reference_contract import ReferenceDataContract, contract_catalogue


class TestStaticReferenceData(ReferenceDataContract):
    def make_reference_data(self) -> ReferenceData:
        return contract_catalogue()


def test_an_empty_catalogue_answers_every_question_with_nothing() -> None:
    empty = StaticReferenceData()
    assert empty.sector("I") is None
    assert list(empty.sectors()) == []
    assert list(empty.professions()) == []
    assert list(empty.find_professions("cuoco")) == []
    assert empty.municipality("D969") is None
    assert list(empty.find_municipalities("Genova")) == []
    assert list(empty.provinces()) == []


def test_a_catalogue_can_hold_a_single_classification() -> None:
    only_places = StaticReferenceData(
        provinces=(Province(code="SP", name="La Spezia", region="Liguria"),)
    )
    assert only_places.province("sp") is not None
    assert only_places.profession("5") is None


@pytest.mark.parametrize(
    ("kind", "build"),
    [
        (
            "sector",
            lambda: StaticReferenceData(
                sectors=[Sector(code="I", title="X", level=SectorLevel.SECTION)] * 2
            ),
        ),
        (
            "profession",
            lambda: StaticReferenceData(professions=[Profession(code="5", title="X")] * 2),
        ),
        (
            "municipality",
            lambda: StaticReferenceData(
                municipalities=[Municipality(code="D969", name="Genova", province="GE")] * 2
            ),
        ),
        (
            "province",
            lambda: StaticReferenceData(
                provinces=[Province(code="GE", name="Genova", region="Liguria")] * 2
            ),
        ),
    ],
)
def test_a_code_given_twice_is_a_programming_error(kind: str, build: object) -> None:
    assert callable(build)
    with pytest.raises(ValueError, match=f"duplicate {kind} code"):
        build()


def test_municipalities_with_the_same_name_are_ordered_by_province() -> None:
    places = StaticReferenceData(
        municipalities=[
            Municipality(code="B001", name="Castello", province="TO"),
            Municipality(code="B002", name="Castello", province="AL"),
            Municipality(code="B003", name="Castellone", province="AL"),
            Municipality(code="B004", name="Il Castello", province="AL"),
        ]
    )
    assert [m.code for m in places.find_municipalities("castello")] == [
        "B002",
        "B001",
        "B003",
        "B004",
    ]


def test_professions_found_by_title_come_in_code_order() -> None:
    catalogue = contract_catalogue()
    assert [p.code for p in catalogue.find_professions("ristorazione")] == ["5.2", "5.2.2"]
