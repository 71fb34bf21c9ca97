"""Query strings of offer and course searches read into queries, as a Result (issue 12.5)."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Success

from formlavoro_adapters.web import (
    parse_course_search,
    parse_offer_search,
    search_query_string,
)
from formlavoro_core.courses.model import CourseType
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference import ContractType, EducationLevel, WorkingCondition
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode
from tests.support import failure, ok


def test_of3_every_filter_is_read_from_its_parameter() -> None:
    """OF-3, OF-4, HM-3: yes/no filters, lists, a level, a place and text."""
    search = ok(
        parse_offer_search(
            "requires_experience=true&income_support=1&motorbike_required=on"
            "&protected_category_art1=yes&willing_to_travel=si&protected_category_art18=true"
            "&car_required=TRUE&contract_types=permanent&contract_types=fixed_term"
            "&working_conditions=part_time,shift_work&education_level=upper_secondary"
            "&eures=true&action=42&profession=5.2.2.1.0&location=ge&text=cuoco+ligure"
        )
    )
    query = search.query
    flags = [name for name, value in attrs.asdict(query).items() if value is True]
    assert sorted(flags) == [
        "car_required",
        "eures",
        "income_support",
        "motorbike_required",
        "protected_category_art1",
        "protected_category_art18",
        "requires_experience",
        "willing_to_travel",
    ]
    assert query.contract_types == (ContractType.PERMANENT, ContractType.FIXED_TERM)
    assert query.working_conditions == (WorkingCondition.PART_TIME, WorkingCondition.SHIFT_WORK)
    assert query.education_level is EducationLevel.UPPER_SECONDARY
    assert (query.profession, query.province, query.municipality) == ("5.2.2.1.0", "GE", None)
    assert query.text == "cuoco ligure"
    assert search.page == PageRequest()


def test_of4_blank_or_false_parameters_are_no_filter() -> None:
    """OF-4: clearing the form's fields gives the unfiltered list."""
    search = ok(parse_offer_search("car_required=&text=&location=&eures=false&contract_types="))
    assert search.query == OfferQuery()
    assert ok(parse_offer_search("")).query.is_empty


def test_a_municipality_code_is_a_location_too() -> None:
    query = ok(parse_offer_search({"location": " d969 "})).query
    assert (query.municipality, query.province) == (MunicipalityCode("D969"), None)


def test_paging_parameters_choose_the_page() -> None:
    page = ok(parse_offer_search([("size", "50"), ("offset", "100"), ("after", "abc")])).page
    assert page == PageRequest(size=50, offset=100, after="abc")


@pytest.mark.parametrize(
    ("query_string", "problems"),
    [
        ("size=500", ["size: must be 1 to 100"]),
        ("size=ten", ["size: a whole number"]),
        ("offset=-1", ["offset: must be 0 to 10000"]),
        ("size=99999999999999999999", ["size: a whole number"]),
        ("car_required=maybe", ["car_required: true or false"]),
        ("car_requierd=true", ["car_requierd: unknown parameter"]),
        ("text=a&text=b", ["text: give one value"]),
        ("location=Genova", ["location: a province (GE) or a municipality code (D969)"]),
        ("location=GE&location=SV", ["location: give one value"]),
        ("province=Genova", ["province: not a province abbreviation"]),
        (
            "municipality=D969&province=GE",
            ["province: give a municipality or a province, not both"],
        ),
        ("text=" + "x" * 201, ["text: at most 200 characters"]),
    ],
)
def test_bad_parameters_are_the_librarys_input_failure(
    query_string: str, problems: list[str]
) -> None:
    """Never a ValueError: every mistake is reported with its parameter."""
    error = failure(parse_offer_search(query_string))
    assert error.code == "input.invalid"
    assert [str(problem) for problem in error.problems] == problems  # type: ignore[attr-defined]


def test_an_unknown_contract_type_is_reported_with_its_position() -> None:
    error = failure(parse_offer_search("contract_types=permanent,forever"))
    assert [problem.path for problem in error.problems] == ["contract_types[1]"]  # type: ignore[attr-defined]


def test_every_mistake_is_reported_at_once() -> None:
    error = failure(parse_offer_search("size=0&car_required=x&location=Genova&nope=1"))
    paths = sorted(problem.path for problem in error.problems)  # type: ignore[attr-defined]
    assert paths == ["car_required", "location", "nope", "size"]


def test_an_apps_own_parameters_can_be_passed_over() -> None:
    assert isinstance(parse_offer_search("lang=en&text=cuoco", ignore={"lang"}), Success)
    assert isinstance(parse_offer_search("lang=en&text=cuoco"), Failure)


def test_co4_course_filters_are_read_alike() -> None:
    """CO-4: the course filters, optional yes/no included (false is a filter there)."""
    query = ok(
        parse_course_search(
            "with_internship=false&paid=true&course_type=funded_by_region&name=cucina"
            "&province=GE&size=10"
        )
    )
    assert query.query.with_internship is False
    assert query.query.paid is True
    assert query.query.course_type is CourseType.FUNDED_BY_REGION
    assert (query.query.name, query.query.province) == ("cucina", ProvinceCode("GE"))
    assert query.page.size == 10
    error = failure(parse_course_search("place=D969&province=GE&location=GE"))
    assert sorted(str(p) for p in error.problems) == [  # type: ignore[attr-defined]
        "location: unknown parameter",
        "province: give a place or a province, not both",
    ]


flags = st.sampled_from(["car_required", "eures", "requires_experience", "income_support"])


@given(
    chosen=st.sets(flags),
    contracts=st.lists(st.sampled_from(list(ContractType)), unique=True, max_size=3),
    text=st.none() | st.text(min_size=1, max_size=30).filter(lambda t: t.strip() == t and t),
    size=st.integers(min_value=1, max_value=100),
)
def test_a_query_written_as_a_link_reads_back_the_same(
    chosen: set[str], contracts: list[ContractType], text: str | None, size: int
) -> None:
    flagged: dict[str, Any] = dict.fromkeys(chosen, True)
    query = attrs.evolve(OfferQuery(contract_types=tuple(contracts), text=text), **flagged)
    page = PageRequest(size=size)
    search = ok(parse_offer_search(search_query_string(query, page)))
    assert (search.query, search.page) == (query, page)


@given(st.text(max_size=200))
def test_no_query_string_raises(query_string: str) -> None:
    assert isinstance(parse_offer_search(query_string), Success | Failure)
    assert isinstance(parse_course_search(query_string), Success | Failure)
