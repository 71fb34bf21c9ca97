"""The offer search as a specification: filters, scope and order (OF, HM-3, EV-4).

Its pages (cursors, offsets and totals) are in ``test_offer_pages``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from formlavoro_core.ids import EventId
from formlavoro_core.offers.model import Offer, OfferStatus, Publisher, PublisherKind
from formlavoro_core.offers.query import (
    OfferQuery,
    offer_filter,
    offer_matches,
    search_offers,
    sort_key,
)
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference import ContractType, EducationLevel, WorkingCondition
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode
from tests.core.offers.offer_builders import DAY, NOW, keys, offer

FAIR = EventId("event-1")
OTHER_FAIR = EventId("event-2")


def found(query: OfferQuery, *offers: Offer, **scope: Any) -> set[str]:
    """The ids of the offers the query selects at NOW."""
    return {item.id for item in offers if offer_matches(item, query, now=NOW, **scope)}


class TestAdvancedFilters:
    def test_experience_required(self) -> None:
        """OF-3.1: only offers that ask for previous work experience."""
        offers = offer("asks", requires_experience=True), offer("not")
        assert found(OfferQuery(requires_experience=True), *offers) == {"asks"}
        assert found(OfferQuery(), *offers) == {"asks", "not"}

    def test_income_support(self) -> None:
        """OF-3.2: only offers for income-support beneficiaries."""
        offers = offer("yes", income_support=True), offer("no")
        assert found(OfferQuery(income_support=True), *offers) == {"yes"}

    def test_motorbike_required(self) -> None:
        """OF-3.3: only offers that need a motorbike."""
        offers = offer("yes", motorbike_required=True), offer("no")
        assert found(OfferQuery(motorbike_required=True), *offers) == {"yes"}

    def test_protected_category_art1(self) -> None:
        """OF-3.4: only offers for the protected categories of L. 68/99 art. 1."""
        offers = (
            offer("yes", protected_category_art1=True),
            offer("art18", protected_category_art18=True),
        )
        assert found(OfferQuery(protected_category_art1=True), *offers) == {"yes"}

    def test_willing_to_travel(self) -> None:
        """OF-3.5: only offers looking for people willing to travel."""
        offers = offer("yes", willing_to_travel=True), offer("no")
        assert found(OfferQuery(willing_to_travel=True), *offers) == {"yes"}

    def test_protected_category_art18(self) -> None:
        """OF-3.6: only offers for the protected categories of L. 68/99 art. 18."""
        offers = (
            offer("yes", protected_category_art18=True),
            offer("art1", protected_category_art1=True),
        )
        assert found(OfferQuery(protected_category_art18=True), *offers) == {"yes"}

    def test_car_required(self) -> None:
        """OF-3.7: only offers that need a car."""
        offers = offer("yes", car_required=True), offer("no", motorbike_required=True)
        assert found(OfferQuery(car_required=True), *offers) == {"yes"}

    def test_contract_types_any_of(self) -> None:
        """OF-3.8: offers with any of the chosen contract types."""
        offers = (
            offer("fixed", contract_type=ContractType.FIXED_TERM),
            offer("permanent", contract_type=ContractType.PERMANENT),
            offer("apprentice", contract_type=ContractType.APPRENTICESHIP),
        )
        query = OfferQuery(contract_types=(ContractType.PERMANENT, ContractType.APPRENTICESHIP))
        assert found(query, *offers) == {"permanent", "apprentice"}
        assert found(OfferQuery(contract_types=(ContractType.INTERNSHIP,)), *offers) == set()

    def test_working_conditions_at_least_one(self) -> None:
        """OF-3.9: offers stating at least one of the chosen working conditions."""
        offers = (
            offer("nights", working_conditions=(WorkingCondition.NIGHT_WORK,)),
            offer(
                "shifts",
                working_conditions=(WorkingCondition.FULL_TIME, WorkingCondition.SHIFT_WORK),
            ),
            offer("unstated"),
        )
        query = OfferQuery(
            working_conditions=(WorkingCondition.SHIFT_WORK, WorkingCondition.WEEKEND_WORK)
        )
        assert found(query, *offers) == {"shifts"}

    def test_education_level_at_most_the_citizens(self) -> None:
        """OF-3.10: offers asking at most the citizen's level (by rank), or asking none."""
        offers = (
            offer("degree", education_level=EducationLevel.BACHELOR),
            offer("diploma", education_level=EducationLevel.UPPER_SECONDARY),
            offer("middle", education_level=EducationLevel.LOWER_SECONDARY),
            offer("any"),
        )
        query = OfferQuery(education_level=EducationLevel.UPPER_SECONDARY)
        assert found(query, *offers) == {"diploma", "middle", "any"}
        assert found(OfferQuery(education_level=EducationLevel.NONE), *offers) == {"any"}
        assert len(found(OfferQuery(education_level=EducationLevel.DOCTORATE), *offers)) == 4

    def test_no_education_required(self) -> None:
        """OF-3.11: only offers that require no specific education level."""
        offers = (
            offer("unset"),
            offer("nothing", education_level=EducationLevel.NONE),
            offer("middle", education_level=EducationLevel.LOWER_SECONDARY),
        )
        assert found(OfferQuery(no_education_required=True), *offers) == {"unset", "nothing"}

    def test_action_is_accepted_and_ignored(self) -> None:
        """OF-3.12: "action" is no longer used: accepted, ignored, never an error."""
        offers = offer("one"), offer("two", car_required=True)
        query = OfferQuery(action="colloquio-di-gruppo")
        assert list(query.problems()) == []
        assert query.is_empty
        assert found(query, *offers) == found(OfferQuery(), *offers) == {"one", "two"}

    def test_eures(self) -> None:
        """OF-3.13: only EURES offers."""
        offers = offer("eures", eures=True), offer("local")
        assert found(OfferQuery(eures=True), *offers) == {"eures"}


class TestScope:
    def test_only_standard_offers_newest_first(self) -> None:
        """OF-1: the list shows active standard offers, not event offers, newest first."""
        older = offer("older", published=NOW - 3 * DAY)
        newer = offer("newer", published=NOW - DAY)
        at_event = offer("fair", event=FAIR)
        page = search_offers([older, at_event, newer], OfferQuery(), PageRequest(), now=NOW)
        assert keys(*page.items) == ["newer", "older"]
        assert page.total == 2

    def test_ties_in_time_are_broken_by_id_descending(self) -> None:
        """OF-1: the order is stable: same publication time, higher id first."""
        offers = [offer(key) for key in ("b", "c", "a")]
        assert keys(*sorted(offers, key=sort_key, reverse=True)) == ["c", "b", "a"]

    def test_expired_closed_and_draft_offers_never_match(self) -> None:
        """OF-6: an offer past its expiry leaves every list on its own; so do closed and drafts."""
        expiring = offer("expiring", expires_at=NOW + dt.timedelta(seconds=1))
        expired = offer("expired", expires_at=NOW)
        closed = offer("closed", status=OfferStatus.CLOSED, closed_at=NOW - DAY)
        draft = offer("draft", status=OfferStatus.DRAFT, published_at=None)
        marked = offer("marked", status=OfferStatus.EXPIRED)
        fair_expired = offer("fair", event=FAIR, expires_at=NOW - DAY)
        everything = (expiring, expired, closed, draft, marked, fair_expired)
        assert found(OfferQuery(), *everything) == {"expiring"}
        assert found(OfferQuery(), *everything, events=(FAIR,)) == set()
        assert not offer_matches(expiring, OfferQuery(), now=NOW + DAY)

    def test_event_offers_of_the_joined_events_only(self) -> None:
        """EV-4: event offers are those of the events the citizen joined, never standard ones."""
        offers = (
            offer("standard"),
            offer("fair", event=FAIR),
            offer("other", event=OTHER_FAIR),
        )
        assert found(OfferQuery(), *offers, events=(FAIR,)) == {"fair"}
        assert found(OfferQuery(), *offers, events=(FAIR, OTHER_FAIR)) == {"fair", "other"}
        assert found(OfferQuery(), *offers, events=()) == set()
        assert found(OfferQuery(), *offers) == {"standard"}

    def test_published_after_is_exclusive(self) -> None:
        """OF-7: an alert looks only at offers published after its last run."""
        last_run = NOW - 2 * DAY
        offers = (
            offer("before", published=last_run - DAY),
            offer("at", published=last_run),
            offer("after", published=last_run + dt.timedelta(seconds=1)),
        )
        assert found(OfferQuery(), *offers, published_after=last_run) == {"after"}


class TestFigureLocationAndText:
    def test_profession_covers_its_subtree_by_levels(self) -> None:
        """HM-3: a professional figure covers its own code and every code below it."""
        offers = (
            offer("cook", profession=ProfessionCode("5.2.2.1.0")),
            offer("waiter", profession=ProfessionCode("5.2.2.3.0")),
            offer("shop", profession=ProfessionCode("5.1.2.2.0")),
            offer("not-a-child", profession=ProfessionCode("5.21.1")),
        )
        assert found(OfferQuery(profession=ProfessionCode("5.2")), *offers) == {"cook", "waiter"}
        assert found(OfferQuery(profession=ProfessionCode("5.2.2.1.0")), *offers) == {"cook"}
        assert len(found(OfferQuery(profession=ProfessionCode("5")), *offers)) == 4
        assert found(OfferQuery(profession=ProfessionCode("6")), *offers) == set()

    def test_location_as_municipality_or_province(self) -> None:
        """HM-3: a location is a municipality or a province abbreviation."""
        offers = (
            offer("genova", workplace=MunicipalityCode("D969"), province=ProvinceCode("GE")),
            offer("chiavari", workplace=MunicipalityCode("C621"), province=ProvinceCode("GE")),
            offer("savona", workplace=MunicipalityCode("I480"), province=ProvinceCode("SV")),
        )
        assert found(OfferQuery(province=ProvinceCode("GE")), *offers) == {"genova", "chiavari"}
        assert found(OfferQuery(municipality=MunicipalityCode("I480")), *offers) == {"savona"}
        assert found(OfferQuery(province=ProvinceCode("IM")), *offers) == set()

    @pytest.mark.parametrize(
        ("typed", "municipality", "province"),
        [("GE", None, "GE"), (" sp ", None, "SP"), ("d969", "D969", None), ("", None, None)],
    )
    def test_a_typed_location_is_read_as_a_province_or_a_municipality(
        self, typed: str, municipality: str | None, province: str | None
    ) -> None:
        """HM-3: "GE" is a province, "D969" a municipality; a blank clears the location."""
        query = OfferQuery(car_required=True, province=ProvinceCode("SV")).with_location(typed)
        assert query is not None
        assert (query.municipality, query.province, query.car_required) == (
            municipality,
            province,
            True,
        )

    @pytest.mark.parametrize("typed", ["Genova", "G", "1234", "GEN", "D96"])
    def test_an_unreadable_location_is_refused(self, typed: str) -> None:
        assert OfferQuery().with_location(typed) is None

    def test_free_text_over_title_description_and_publisher(self) -> None:
        """OF-4: free text searches title, description and publisher name, accent-blind."""
        offers = (
            offer("title", title="Cuciniere capopartita"),
            offer("description", title="Barista", description="Anche mansioni di cucina."),
            offer(
                "publisher",
                title="Cameriere",
                publisher=Publisher(kind=PublisherKind.CPI, id="cpi-1", name="Caffè Cucù"),
            ),
        )
        assert found(OfferQuery(text="CUC"), *offers) == {"title", "description", "publisher"}
        assert found(OfferQuery(text="caffe cucu"), *offers) == {"publisher"}
        assert found(OfferQuery(text="cuoco barista"), *offers) == set()
        assert found(OfferQuery(text="  -- "), *offers) == {"title", "description", "publisher"}

    def test_filters_combine_with_and_and_clearing_them_gives_the_whole_list(self) -> None:
        """OF-4: OF-3 filters, figure, location and text combine with AND; cleared, all return."""
        offers = (
            offer("all", car_required=True, title="Cuoco", province=ProvinceCode("GE")),
            offer("no-car", title="Cuoco", province=ProvinceCode("GE")),
            offer("elsewhere", car_required=True, title="Cuoco", province=ProvinceCode("SV")),
            offer("other-job", car_required=True, title="Autista", province=ProvinceCode("GE")),
            offer(
                "other-figure", car_required=True, title="Cuoco", profession=ProfessionCode("8.1")
            ),
        )
        query = OfferQuery(
            car_required=True,
            province=ProvinceCode("GE"),
            profession=ProfessionCode("5.2"),
            text="cuoco",
        )
        assert not query.is_empty
        assert found(query, *offers) == {"all"}
        cleared = OfferQuery()
        assert cleared.is_empty
        assert found(cleared, *offers) == set(keys(*offers))

    def test_one_prepared_filter_answers_like_offer_matches(self) -> None:
        """OF-4: the prepared predicate and the one-offer function agree."""
        offers = [offer(str(n), car_required=n % 2 == 0, title=f"Cuoco {n}") for n in range(6)]
        query = OfferQuery(car_required=True, text="cuo")
        keep = offer_filter(query, now=NOW)
        assert [keep(item) for item in offers] == [
            offer_matches(item, query, now=NOW) for item in offers
        ]


class TestProblems:
    def test_a_valid_query_has_no_problems(self) -> None:
        query = OfferQuery(
            contract_types=(ContractType.PERMANENT,),
            profession=ProfessionCode("5.2.2"),
            municipality=MunicipalityCode("D969"),
            text="cuoco " * 33,
        )
        assert list(query.problems()) == []

    def test_every_problem_is_reported_with_its_path(self) -> None:
        query = OfferQuery(
            contract_types=(ContractType.PERMANENT, ContractType.PERMANENT),
            working_conditions=(WorkingCondition.NIGHT_WORK, WorkingCondition.NIGHT_WORK),
            profession=ProfessionCode("5.22"),
            municipality=MunicipalityCode("Genova"),
            province=ProvinceCode("ge"),
            text="x" * 201,
        )
        assert [problem.path for problem in query.problems()] == [
            "text",
            "contract_types",
            "working_conditions",
            "profession",
            "municipality",
            "province",
            "province",
        ]

    def test_a_query_of_more_than_twenty_words_is_refused(self) -> None:
        """OF-4: at most 20 distinct words; repeats do not count."""
        twenty = " ".join(f"w{n}" for n in range(20))
        assert list(OfferQuery(text=twenty).problems()) == []
        assert [str(p) for p in OfferQuery(text=f"{twenty} w99").problems()] == [
            "text: at most 20 words"
        ]
