"""SQLite starts a text search from the words or from an index: the answers are the same."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import attrs
import pytest
from sqlalchemy import event

from formlavoro_adapters.sql import SqlStorage, search, sqlite_storage
from formlavoro_adapters.sql.bulk import load_offers
from formlavoro_core.offers.query import search_offers
from formlavoro_core.paging import PageRequest
from formlavoro_core.testing.marketplace_samples import T0, sample_offer_queries, sample_offers

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
    from_words = [statement for statement in statements if "+offers.status" in statement]
    assert bool(from_words) == (few > 0)
