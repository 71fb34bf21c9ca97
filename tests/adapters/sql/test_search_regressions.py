"""Differences the SQL search equivalence tests found, fixed since: minimal regressions.

Each runs on SQLite and PostgreSQL, and names what the SQL backend did differently.
"""

from __future__ import annotations

from typing import Any

import pytest

from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.tables import CV_PROFESSIONS, CVS, OFFERS
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from formlavoro_core.ports import UnitOfWorkFactory
from formlavoro_core.testing.marketplace_samples import T0, sample_offer, sample_talent_cv
from tests.adapters.sql.search_comparison import (
    Search,
    add_cv,
    add_offer,
    cv_search,
    offer_search,
    search_page,
    stores,
)


def _one_search(storage: UnitOfWorkFactory, search: Search[Any]) -> list[str]:
    page = search_page(storage, search, PageRequest())
    assert not isinstance(page, str)
    return [item.id for item in page.items]


def test_a_word_of_digits_e_digits_letters_is_kept_whole(sql_storage: SqlStorage) -> None:
    # PostgreSQL's text-search parser read "1e5x" as the number 1e5 and the word "x", so
    # the query "x" found the offer; its only word is "1e5x".
    offer = sample_offer(1, title="Magazzino 1e5x", description="Scaffali 2e3.")
    memory = stores(sql_storage, (OFFERS,), [offer], add_offer)
    for text, found in (
        ("x", []),
        ("1e5x", [offer.id]),
        ("1e5", [offer.id]),
        ("2e3", [offer.id]),
    ):
        search = offer_search(OfferQuery(text=text), now=T0)
        assert _one_search(sql_storage, search) == _one_search(memory, search) == found, text


def test_a_prefix_of_a_very_long_word_is_found(sql_storage: SqlStorage) -> None:
    # PostgreSQL leaves words longer than 2,047 bytes out of a tsvector, so no query found
    # them; the reference matches their prefixes.
    offer = sample_offer(1, description=f"Codice {'x' * 2048}.")
    memory = stores(sql_storage, (OFFERS,), [offer], add_offer)
    search = offer_search(OfferQuery(text="xxx"), now=T0)
    assert _one_search(sql_storage, search) == _one_search(memory, search) == [offer.id]


def _search_languages(storage: UnitOfWorkFactory, code: str) -> list[str]:
    return _one_search(storage, cv_search(CvQuery(languages=(code,)), now=T0))


@pytest.mark.parametrize("code", ["e_", "%", "EN", "en,"])
def test_cv_language_codes_are_compared_exactly(sql_storage: SqlStorage, code: str) -> None:
    # Languages were matched with LIKE '%,<code>,%' unescaped: "_" and "%" were wildcards,
    # and SQLite's LIKE ignores ASCII case. CvQuery does not validate its codes.
    cv = sample_talent_cv(1, languages=("en",))
    memory = stores(sql_storage, (CV_PROFESSIONS, CVS), [cv], add_cv)
    assert _search_languages(sql_storage, code) == _search_languages(memory, code) == []
    assert _search_languages(sql_storage, "en") == _search_languages(memory, "en") == [cv.id]
