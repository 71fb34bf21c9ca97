"""SQLite and PostgreSQL answer every search exactly as the in-memory reference (issue 4.4).

Hypothesis draws random catalogues (offers, courses, CVs) and random searches over them
(every filter, free text made of prefixes of the catalogue's words, ``now``, the events
scope, ``published_after``, page sizes, offsets and keyset cursors); the same catalogue
is loaded into in-memory storage and into the SQL storage under test, and every page
must be the same: items (whole aggregates) in the same order, total, whether the total
is exact, and the next-page cursor.

Each test runs once per SQL backend. SQLite uses one migrated file per test function,
PostgreSQL the session's schema; both are emptied between examples by deleting the rows
of the searched tables (``TRUNCATE`` of the whole schema costs about a third of a second,
too much per example). The PostgreSQL runs skip without a server unless
``FORMLAVORO_REQUIRE_POSTGRES=1``.

Totals beyond the cap, whole keyset walks and foreign cursors are in
``test_search_walks``; the differences these tests found are kept as minimal regression
tests in ``test_search_regressions``. The comparison of the two storages is in
``search_comparison``, the storage fixture in this folder's ``conftest.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.tables import COURSES, CV_PROFESSIONS, CVS, OFFERS
from formlavoro_core.courses.model import Course
from formlavoro_core.cv.model import Cv
from formlavoro_core.ids import EventId
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.query import OfferQuery, offer_filter
from formlavoro_core.testing.search_strategies import (
    COURSE_TEXTS,
    SEARCH_EVENTS,
    SEARCH_T0,
    course_catalogues,
    course_queries,
    cv_queries,
    offer_catalogues,
    offer_queries,
    offer_words,
    search_moments,
    search_words,
    talent_catalogues,
)
from tests.adapters.sql.search_comparison import (
    add_course,
    add_cv,
    add_offer,
    course_search,
    cv_search,
    offer_search,
    stores,
    walk,
)

pytestmark = pytest.mark.filterwarnings(
    # A failing example of a big catalogue has a long repr; hypothesis warns, then shows it.
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)

WORDS = search_words()
CV_QUERIES = cv_queries()
MOMENTS = search_moments()
SINCE = st.one_of(st.none(), st.none(), MOMENTS)
# Three days after T0: after every publication of the catalogues, before most expiries.
LATER = st.integers(72 * 60, 96 * 60).map(lambda minutes: SEARCH_T0 + dt.timedelta(minutes=minutes))


def _nows(instants: Sequence[dt.datetime]) -> st.SearchStrategy[dt.datetime]:
    """``now`` of a search: any moment, later than the catalogue, or one of its instants."""
    if not instants:
        return st.one_of(MOMENTS, LATER)
    return st.one_of(MOMENTS, LATER, LATER, st.sampled_from(instants))


SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _scopes() -> st.SearchStrategy[tuple[EventId, ...] | None]:
    """Standard offers (mostly), or those of a few events, possibly none or unknown ones."""
    events = st.lists(
        st.sampled_from((*SEARCH_EVENTS, EventId("event-9"))), max_size=2, unique=True
    )
    return st.one_of(st.none(), st.none(), events.map(tuple))


SCOPES = _scopes()


# -- offers ------------------------------------------------------------------------------


@settings(SETTINGS, max_examples=50)
@given(catalogue=offer_catalogues(words=WORDS), data=st.data())
def test_offer_searches_answer_as_the_in_memory_reference(
    sql_storage: SqlStorage, catalogue: tuple[Offer, ...], data: st.DataObject
) -> None:
    memory = stores(sql_storage, (OFFERS,), catalogue, add_offer)
    ids = [offer.id for offer in catalogue]
    everything = offer_words(catalogue)
    nows = _nows([t for offer in catalogue for t in (offer.sort_time, offer.expires_at)])
    sinces = (
        SINCE | st.sampled_from([offer.sort_time for offer in catalogue]) if catalogue else SINCE
    )
    for _ in range(data.draw(st.integers(1, 3), label="searches")):
        now = data.draw(nows, label="now")
        events = data.draw(SCOPES, label="events")
        since = data.draw(sinces, label="published_after")
        # Free text made of the words of an offer the search may find (so that all of
        # them might match one offer), or of the whole catalogue.
        listed = offer_filter(OfferQuery(), now=now, events=events, published_after=since)
        texts = [everything, *(offer_words([offer]) for offer in catalogue if listed(offer))]
        written = data.draw(st.sampled_from(texts), label="written")
        query = data.draw(offer_queries(written, words=WORDS), label="query")
        search = offer_search(query, now=now, events=events, published_after=since)
        context = (query, now, events, since)
        walk(data, memory, sql_storage, search, ids=ids, context=context)


# -- courses -----------------------------------------------------------------------------


@settings(SETTINGS, max_examples=40)
@given(catalogue=course_catalogues(), data=st.data())
def test_course_searches_answer_as_the_in_memory_reference(
    sql_storage: SqlStorage, catalogue: tuple[Course, ...], data: st.DataObject
) -> None:
    memory = stores(sql_storage, (COURSES,), catalogue, add_course)
    ids = [course.id for course in catalogue]
    texts = [*COURSE_TEXTS, *(c.title for c in catalogue), *(c.entity_name for c in catalogue)]
    queries = course_queries(texts)
    nows = _nows([course.enrolment_closes_at for course in catalogue])
    for _ in range(data.draw(st.integers(1, 3), label="searches")):
        query = data.draw(queries, label="query")
        now = data.draw(nows, label="now")
        search = course_search(query, now=now)
        walk(data, memory, sql_storage, search, ids=ids, context=(query, now))


# -- published CVs -----------------------------------------------------------------------


@settings(SETTINGS, max_examples=40)
@given(catalogue=talent_catalogues(), data=st.data())
def test_cv_searches_answer_as_the_in_memory_reference(
    sql_storage: SqlStorage, catalogue: tuple[Cv, ...], data: st.DataObject
) -> None:
    memory = stores(sql_storage, (CV_PROFESSIONS, CVS), catalogue, add_cv)
    ids = [cv.id for cv in catalogue]
    published = [cv.publication for cv in catalogue if cv.publication is not None]
    nows = _nows([t for p in published for t in (p.published_at, p.expires_at)])
    for _ in range(data.draw(st.integers(1, 3), label="searches")):
        query = data.draw(CV_QUERIES, label="query")
        now = data.draw(nows, label="now")
        search = cv_search(query, now=now)
        walk(data, memory, sql_storage, search, ids=ids, context=(query, now))
