"""The talent storage contract: unlock requests and the company search over published CVs.

A mixin of :class:`~formlavoro_core.testing.marketplace_contract.MarketplaceStorageContract`
using its ``storage`` fixture. The search is checked against
:func:`~formlavoro_core.cv.search.cv_matches` and
:func:`~formlavoro_core.cv.search.cv_sort_key` over the fixed catalogue of
:mod:`formlavoro_core.testing.samples.talent`, page for page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from formlavoro_core.cv.model import Cv
from formlavoro_core.cv.search import CvQuery, cv_matches, cv_sort_key
from formlavoro_core.ids import CompanyId, CvId
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.testing.ids import long_id
from formlavoro_core.testing.marketplace_checks import (
    _ALL,
    _add_all,
    _assert_unique,
    _newest_first,
    _offsets,
    _stored,
    _walk,
)
from formlavoro_core.testing.samples.scene import DAY, T0
from formlavoro_core.testing.samples.talent import (
    _CV_NOWS,
    sample_cv_queries,
    sample_talent_cvs,
    sample_unlock_request,
    sample_unlock_requests,
)

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWorkFactory


__all__ = ["TalentStorageContract"]


class TalentStorageContract:
    """Behaviour of unlock requests and of the company search over published CVs.

    One unlock request per company and CV; the search answers what ``cv_matches``
    defines, in ``cv_sort_key`` order, by cursor and by offset.
    """

    def make_storage(self) -> UnitOfWorkFactory:
        """Return a fresh, empty storage (a unit-of-work factory)."""
        raise NotImplementedError

    @pytest.fixture
    def storage(self) -> UnitOfWorkFactory:
        """A fresh storage for each test."""
        return self.make_storage()

    def test_unlock_requests_by_company_and_cv(self, storage: UnitOfWorkFactory) -> None:
        requests = sample_unlock_requests()
        _add_all(storage, lambda uow, request: uow.unlock_requests.add(request), requests)
        stored = _stored(requests)
        with storage() as uow:
            for request in stored:
                assert uow.unlock_requests.find(request.company, request.cv) == request
            assert (
                uow.unlock_requests.find(CompanyId(long_id("company-2")), CvId(long_id("cv-2")))
                is None
            )
            for cv in (long_id("cv-1"), long_id("cv-2"), long_id("cv-3"), long_id("cv-9")):
                expected = sorted((r for r in stored if r.cv == cv), key=lambda r: r.history[0].at)
                assert list(uow.unlock_requests.for_cv(CvId(cv))) == expected, cv
            for company in (long_id("company-1"), long_id("company-2"), long_id("company-9")):
                expected = sorted(
                    (r for r in stored if r.company == company), key=lambda r: r.history[0].at
                )
                found = uow.unlock_requests.for_company(CompanyId(company))
                assert list(found) == expected, company
            about_first = [r.id for r in uow.unlock_requests.for_cv(CvId(long_id("cv-1")))]
        assert about_first == [long_id("unlock-2"), long_id("unlock-1")]

    def test_one_unlock_request_per_company_and_cv(self, storage: UnitOfWorkFactory) -> None:
        """CV-12: a company asks once for a CV."""
        first = sample_unlock_request(1)
        second = sample_unlock_request(2, requested_at=T0 + DAY)
        _assert_unique(
            storage,
            lambda uow, request: uow.unlock_requests.add(request),
            lambda uow: uow.unlock_requests.find(first.company, first.cv),
            first,
            second,
        )

    def test_published_cv_search_answers_what_cv_matches_defines(
        self, storage: UnitOfWorkFactory
    ) -> None:
        """CV-12: published, unexpired CVs only, every filter, newest publication first."""
        cvs = sample_talent_cvs()
        _add_all(storage, lambda uow, cv: uow.cvs.add(cv), cvs)
        stored = _stored(cvs)
        with storage() as uow:
            for now in _CV_NOWS:
                for query in sample_cv_queries():
                    found = [cv for cv in stored if cv_matches(cv, query, now=now)]
                    expected = _newest_first(found, _ALL, cv_sort_key)
                    assert uow.cvs.search_published(query, _ALL, now=now) == expected, (query, now)
            listed = [cv.id for cv in uow.cvs.search_published(CvQuery(), _ALL, now=T0).items]
        assert listed == [
            long_id("cv-4"),
            long_id("cv-7"),
            long_id("cv-3"),
            long_id("cv-2"),
            long_id("cv-1"),
        ]

    def test_published_cv_search_pages_by_cursor_and_by_offset(
        self, storage: UnitOfWorkFactory
    ) -> None:
        cvs = sample_talent_cvs()
        _add_all(storage, lambda uow, cv: uow.cvs.add(cv), cvs)
        stored = _stored(cvs)
        with storage() as uow:
            for now in (T0, T0 + 3 * DAY):
                found = [cv for cv in stored if cv_matches(cv, CvQuery(), now=now)]

                def fetch(page: PageRequest) -> Page[Cv]:
                    return uow.cvs.search_published(CvQuery(), page, now=now)  # noqa: B023

                def expected(page: PageRequest) -> Page[Cv]:
                    return _newest_first(found, page, cv_sort_key)  # noqa: B023

                for size in (1, 2):
                    assert _walk(fetch, expected, size) == list(expected(_ALL).items)
                _offsets(fetch, expected, len(found))
