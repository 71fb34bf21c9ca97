"""Which index each statement of an offer search reads, and that the answers stay the same."""

from __future__ import annotations

import datetime as dt
import pathlib
import random
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from sqlalchemy import event

from formlavoro_adapters.sql import SqlStorage, search, sqlite_storage
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_core.ids import OfferId
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.query import OfferQuery, search_offers
from formlavoro_core.paging import PageRequest
from formlavoro_core.reference import ContractType, EducationLevel, WorkingCondition
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode
from formlavoro_core.testing.marketplace_samples import (
    T0,
    sample_offer,
    sample_offer_queries,
    sample_offers,
)
from tests.postgres import create_schema, drop_schema, migrated_storage, require_server

PAGES = (PageRequest(size=2), PageRequest(size=100), PageRequest(size=3, offset=2))


@pytest.fixture(scope="module")
def storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlStorage]:
    made = sqlite_storage(pathlib.Path(tmp_path_factory.mktemp("plans")) / "plans.db")
    load_offers(made, sample_offers())
    try:
        yield made
    finally:
        made.dispose()


@pytest.mark.parametrize("few", [-1, search.FEW_TEXT_MATCHES], ids=["index", "words"])
def test_both_ways_of_starting_a_text_search_give_the_reference_answer(
    storage: SqlStorage, few: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Below any count, every text search starts from an index; by default, from the words.
    monkeypatch.setattr(search, "FEW_TEXT_MATCHES", few)
    statements: list[str] = []

    def record(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(storage.engine, "before_cursor_execute", record)
    stored = [attrs.evolve(offer, version=1) for offer in sample_offers()]
    searched = [query for query in sample_offer_queries() if query.words]
    assert searched, "the samples have text queries"
    for query in searched:
        for page in PAGES:
            expected = search_offers(stored, query, page, now=T0)
            with storage() as uow:
                assert uow.offers.search(query, page, now=T0) == expected, (query, page)
            if expected.next_after is not None:
                after = PageRequest(size=page.size, after=expected.next_after)
                with storage() as uow:
                    found = uow.offers.search(query, after, now=T0)
                assert found == search_offers(stored, query, after, now=T0), (query, after)
    event.remove(storage.engine, "before_cursor_execute", record)
    from_words = [statement for statement in statements if "+offers_narrow.status" in statement]
    assert bool(from_words) == (few > 0)


# -- which index each statement of a search reads ---------------------------------------

PROVINCES = ("GE", "SP", "SV", "IM")
WORKPLACES = {"GE": "D969", "SP": "E463", "SV": "I480", "IM": "E290"}


def _catalogue(count: int) -> list[Offer]:
    """Offers spread over the filters as in life: flags mostly false, four provinces."""
    rng = random.Random(7)  # noqa: S311 - a seeded spread, not a secret
    contracts = list(ContractType)
    conditions = list(WorkingCondition)
    offers = []
    for number in range(count):
        province = rng.choice(PROVINCES)
        expires = T0 + dt.timedelta(days=rng.randint(-30, 60))
        offers.append(
            sample_offer(
                number,
                id=OfferId(f"offer-{number:05d}"),
                workplace=MunicipalityCode(WORKPLACES[province]),
                province=ProvinceCode(province),
                contract_type=rng.choice(contracts),
                working_conditions=tuple(
                    sorted(set(rng.sample(conditions, rng.randint(0, 2))), key=conditions.index)
                ),
                requires_experience=rng.random() < 0.4,
                willing_to_travel=rng.random() < 0.2,
                eures=rng.random() < 0.02,
                expires_on=expires.date(),
                expires_at=expires,
            )
        )
    return offers


@pytest.fixture(scope="module")
def catalogue() -> list[Offer]:
    return _catalogue(4_000)


# ``sqlite_stat1`` of the offers after a bulk load of the search benchmark's 1,000,000
# offers (``ANALYZE``): each index's entries, then the average entries per distinct
# prefix of its columns. The planner reads only these, so they plan a small file as
# that large one would be planned.
LARGE_STATISTICS = {
    "ix_offers_listing": "1000000 333334 1 1 1",
    "ix_offers_province": "1000000 250000 83334 1 1",
    "ix_offers_workplace": "1000000 4274 1425 1 1",
    "ix_offers_contract": "1000000 111112 27778 9260 1",
    "ix_offers_prof_1": "1000000 111112 37038 1 1",
    "ix_offers_prof_2": "1000000 25000 8334 1 1",
    "ix_offers_prof_3": "1000000 7693 2565 1 1",
    "ix_offers_prof_4": "1000000 1961 656 1 1",
    "ix_offers_prof_5": "1000000 1231 413 1 1",
    "ix_offers_conditions": "1000000 3892 1298 145 1",
    "ix_offers_event": "30019 1501 501 1 1",
    "ix_offers_publisher": "1000000 1000000 200 1 1",
    "ix_offers_expiry": "1000000 1 1",
    "ix_offers_requires_experience": "399671 44408 173 62 29 1",
    "ix_offers_willing_to_travel": "199861 22207 87 34 20 1",
    "ix_offers_car_required": "250636 27849 109 41 23 1",
    "ix_offers_income_support": "49948 5550 22 13 10 1",
    "ix_offers_motorbike_required": "29728 3304 14 9 7 1",
    "ix_offers_protected_category_art1": "40401 4489 18 11 9 1",
    "ix_offers_protected_category_art18": "19796 2200 10 7 6 1",
    "ix_offers_eures": "20216 2247 10 7 6 1",
    "sqlite_autoindex_offers_1": "1000000 1",
}


@pytest.fixture(scope="module", params=["measured", "large"])
def planned(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: list[Offer],
) -> Iterator[SqlStorage]:
    """The catalogue's file, planned with its own statistics or with those of L."""
    made = sqlite_storage(pathlib.Path(tmp_path_factory.mktemp("planned")) / "planned.db")
    load_offers(made, catalogue)
    if request.param == "large":
        with made.engine.begin() as connection:
            for index, stat in LARGE_STATISTICS.items():
                connection.exec_driver_sql(
                    "UPDATE sqlite_stat1 SET stat = ? WHERE tbl = 'offers' AND idx = ?",
                    (stat, index),
                )
        made.engine.dispose()  # new connections read the statistics again
    try:
        yield made
    finally:
        made.dispose()


def _kind(statement: str) -> str:
    if statement.startswith("SELECT count(*)"):
        return "count"
    return "masks" if "offer_condition_masks" in statement else "page"


def _plans(storage: SqlStorage, query: OfferQuery) -> dict[str, str]:
    """The search's statements (``count``, ``page``, ``masks``) with SQLite's plans."""
    statements: list[tuple[str, Any]] = []

    def record(_c: object, _cursor: object, statement: str, parameters: Any, *_: object) -> None:
        statements.append((statement, parameters))

    event.listen(storage.engine, "before_cursor_execute", record)
    try:
        with storage() as uow:
            uow.offers.search(query, PageRequest(size=20), now=T0)
    finally:
        event.remove(storage.engine, "before_cursor_execute", record)
    plans = {}
    with storage.engine.connect() as connection:
        for statement, parameters in statements:
            kind = _kind(statement)
            explained = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plans[kind] = " | ".join(row[3] for row in explained)
    return plans


@pytest.mark.parametrize(
    ("query", "count_index", "page_index"),
    [
        pytest.param(
            OfferQuery(requires_experience=True, working_conditions=(WorkingCondition.FULL_TIME,)),
            "ix_offers_requires_experience (contract_type=? AND conditions=? AND status=? "
            "AND event_id=? AND expires_at>?)",
            "ix_offers_listing (status=?)",
            id="flag-counted-on-its-partial-index",
        ),
        pytest.param(
            OfferQuery(willing_to_travel=True, contract_types=(ContractType.PERMANENT,)),
            "ix_offers_willing_to_travel (contract_type=?)",
            "ix_offers_listing (status=?)",
            id="flag-and-contract",
        ),
        pytest.param(
            OfferQuery(
                working_conditions=(WorkingCondition.PART_TIME, WorkingCondition.REMOTE_WORK)
            ),
            "ix_offers_conditions (conditions=? AND status=? AND event_id=? AND expires_at>?)",
            "ix_offers_listing (status=?)",
            id="conditions-counted-on-the-stored-masks",
        ),
        pytest.param(
            OfferQuery(province=ProvinceCode("SP"), contract_types=(ContractType.PERMANENT,)),
            "ix_offers_contract (contract_type=? AND province=? AND status=?)",
            "ix_offers_contract (contract_type=? AND province=? AND status=?)",
            id="contract-and-province",
        ),
        pytest.param(
            OfferQuery(contract_types=(ContractType.PERMANENT,)),
            "ix_offers_contract (contract_type=?",
            "ix_offers_listing (status=?)",
            id="contract-alone-paged-on-the-listing",
        ),
        pytest.param(
            OfferQuery(province=ProvinceCode("IM"), education_level=EducationLevel.UPPER_SECONDARY),
            "ix_offers_province (province=? AND status=?)",
            "ix_offers_province (province=? AND status=?)",
            id="province",
        ),
    ],
)
def test_each_statement_of_a_search_reads_its_own_index(
    planned: SqlStorage,
    catalogue: list[Offer],
    query: OfferQuery,
    count_index: str,
    page_index: str,
) -> None:
    plans = _plans(planned, query)
    assert count_index in plans["count"], plans
    assert "COVERING INDEX" in plans["count"], plans  # index entries only
    assert page_index in plans["page"], plans
    assert "TEMP B-TREE" not in plans["page"], plans  # in the listing's order, no sort
    stored = [attrs.evolve(offer, version=1) for offer in catalogue]
    with planned() as uow:
        found = uow.offers.search(query, PageRequest(size=20), now=T0)
    assert found == search_offers(stored, query, PageRequest(size=20), now=T0)


def test_a_search_from_the_words_counts_in_its_page_statement(planned: SqlStorage) -> None:
    # Two statements: how many offers hold the words (on the full-text index alone),
    # then the page, whose keys come with the count of every match.
    plans = _plans(planned, OfferQuery(province=ProvinceCode("GE"), text="cuoco"))
    assert "offers_fts" in plans["count"], plans
    assert "offers USING" not in plans["count"], plans
    assert "MATERIALIZE page_keys" in plans["page"], plans


@pytest.fixture(scope="module")
def planned_postgres(catalogue: list[Offer]) -> Iterator[SqlStorage]:
    require_server()
    schema = create_schema()
    storage = migrated_storage(schema)
    try:
        load_offers(storage, catalogue)
        yield storage
    finally:
        storage.dispose()
        drop_schema(schema)


def _postgres_plans(storage: SqlStorage, query: OfferQuery) -> dict[str, str]:
    """Like ``_plans``, on PostgreSQL, as if the table were too large to read whole."""
    statements: list[tuple[str, Any]] = []

    def record(_c: object, _cursor: object, statement: str, parameters: Any, *_: object) -> None:
        statements.append((statement, parameters))

    event.listen(storage.engine, "before_cursor_execute", record)
    try:
        with storage() as uow:
            uow.offers.search(query, PageRequest(size=20), now=T0)
    finally:
        event.remove(storage.engine, "before_cursor_execute", record)
    plans = {}
    with storage.engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        for statement, parameters in statements:
            kind = _kind(statement)
            explained = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
            plans[kind] = " | ".join(row[0].strip() for row in explained)
    return plans


def _counted_on_index(plan: str, index: str = "") -> bool:
    """Whether a count reads ``index`` (any index, when empty) for its conditions.

    PostgreSQL reads the index alone (an index-only scan) when VACUUM could mark the
    table's pages all-visible; while another session of the server holds an older
    snapshot it cannot, and the same index is read through a bitmap instead. The choice
    of index is what the schema decides; the visibility map is the server's state.
    """
    scans = (f"Index Only Scan using {index}", f"Bitmap Index Scan on {index}")
    return any(scan in plan for scan in scans)


def test_postgresql_counts_a_flag_on_its_partial_index(planned_postgres: SqlStorage) -> None:
    query = OfferQuery(willing_to_travel=True, contract_types=(ContractType.PERMANENT,))
    plans = _postgres_plans(planned_postgres, query)
    assert _counted_on_index(plans["count"], "ix_offers_willing_to_travel"), plans


def test_postgresql_counts_conditions_on_the_stored_masks(planned_postgres: SqlStorage) -> None:
    query = OfferQuery(requires_experience=True, working_conditions=(WorkingCondition.FULL_TIME,))
    plans = _postgres_plans(planned_postgres, query)
    assert _counted_on_index(plans["count"]), plans
    assert "Index Cond: ((conditions = ANY" in plans["count"] or (
        "contract_type = ANY" in plans["count"] and "conditions = ANY" in plans["count"]
    ), plans


def test_postgresql_counts_words_from_their_index_alone(planned_postgres: SqlStorage) -> None:
    plans = _postgres_plans(planned_postgres, OfferQuery(province=ProvinceCode("GE"), text="cuoco"))
    assert "Bitmap Index Scan on ix_offers_words" in plans["count"], plans
    assert "BitmapAnd" not in plans["count"], plans


def _prepared_after(storage: SqlStorage, query: OfferQuery, runs: int) -> list[str]:
    """The statements the server holds prepared after ``runs`` searches, one at a time."""
    for _ in range(runs):
        with storage() as uow:
            uow.offers.search(query, PageRequest(size=20), now=T0)
    # One search at a time reuses one pooled connection, whose prepared statements these are.
    with storage.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in rows]


def test_postgresql_plans_a_text_search_for_its_own_words(planned_postgres: SqlStorage) -> None:
    # psycopg prepares a statement after its fifth run, and the server may then plan it
    # once for any values: a text search is always sent to be planned for its words.
    planned_postgres.engine.dispose()
    text_search = OfferQuery(province=ProvinceCode("GE"), text="cuoco")
    prepared = _prepared_after(planned_postgres, text_search, runs=8)
    assert not [statement for statement in prepared if "words_tsv" in statement], prepared
    filters = OfferQuery(province=ProvinceCode("GE"), contract_types=(ContractType.PERMANENT,))
    prepared = _prepared_after(planned_postgres, filters, runs=8)
    assert [statement for statement in prepared if "FROM offers" in statement], prepared
