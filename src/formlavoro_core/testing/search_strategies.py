"""Hypothesis strategies for search catalogues: offers, courses, CVs and their queries.

They feed the property tests that hold every storage adapter to the in-memory reference
(``tests/adapters/sql/test_search_equivalence.py``), and an embedding application's own
storage tests. They draw small catalogues whose values collide on purpose: publication
instants with ties (in UTC and in other offsets), a little CP2021 tree whose codes sit at
every level, a few Ligurian places, and words with Italian and French accents,
apostrophes, digits and ASCII punctuation.

The strategies live in :mod:`formlavoro_core.testing.search`, one module per catalogue;
this module gathers them under one name.
"""

from __future__ import annotations

from formlavoro_core.testing.search.courses import (
    COURSE_TEXTS,
    course_catalogues,
    course_queries,
    courses,
)
from formlavoro_core.testing.search.offers import (
    SEARCH_EVENTS,
    offer_catalogues,
    offer_queries,
    offer_words,
    offers,
)
from formlavoro_core.testing.search.talent import (
    LANGUAGE_CODES,
    cv_queries,
    talent_catalogues,
    talent_cvs,
)
from formlavoro_core.testing.search.vocabulary import (
    CP2021_TREE,
    LIGURIAN_PLACES,
    SEARCH_T0,
    SEARCH_WORDS,
    search_moments,
    search_texts,
    search_words,
)

__all__ = [
    "COURSE_TEXTS",
    "CP2021_TREE",
    "LANGUAGE_CODES",
    "LIGURIAN_PLACES",
    "SEARCH_EVENTS",
    "SEARCH_T0",
    "SEARCH_WORDS",
    "course_catalogues",
    "course_queries",
    "courses",
    "cv_queries",
    "offer_catalogues",
    "offer_queries",
    "offer_words",
    "offers",
    "search_moments",
    "search_texts",
    "search_words",
    "talent_catalogues",
    "talent_cvs",
]
