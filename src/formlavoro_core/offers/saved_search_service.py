"""Saved searches and their alerts, the citizen's side (OF-7): ``portal.offers`` methods."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.errors import DomainError, InvalidInput, NotFound
from formlavoro_core.ids import SavedSearchId
from formlavoro_core.offers.alerts import MAX_SAVED_SEARCHES, SavedSearch, SavedSearchRequest
from formlavoro_core.offers.failures import TooManySavedSearches
from formlavoro_core.principals import Principal
from formlavoro_core.runtime import Dependencies, require_citizen

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["SavedSearchUseCases"]


class SavedSearchUseCases:
    """The saved-search use cases of :class:`~formlavoro_core.offers.services.OfferService`."""

    _deps: Dependencies

    def save_search(
        self, actor: Principal, request: SavedSearchRequest
    ) -> Result[SavedSearch, DomainError]:
        """OF-7: keep a search's filters as an alert, emailed daily or weekly."""
        citizen = require_citizen(actor, "save searches")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        checked = self._deps.codec.check(request)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        deps = self._deps

        def work(uow: UnitOfWork) -> SavedSearch | DomainError:
            active = [s for s in uow.saved_searches.for_citizen(citizen.account_id) if s.active]
            if len(active) >= MAX_SAVED_SEARCHES:
                return TooManySavedSearches(limit=MAX_SAVED_SEARCHES)
            return uow.saved_searches.add(
                SavedSearch(
                    id=SavedSearchId(deps.ids.new_id()),
                    citizen=citizen.account_id,
                    name=checked.name.strip(),
                    query=checked.query,
                    frequency=checked.frequency,
                    created_at=deps.clock.now(),
                    unsubscribe_token=deps.tokens.new_token(),
                    # Offers published from now on are new to this search (OF-7).
                    alerted_through=uow.offers.last_publication_number(),
                )
            )

        return deps.run(work)

    def saved_searches(self, actor: Principal) -> Result[tuple[SavedSearch, ...], DomainError]:
        """The citizen's active saved searches, oldest first."""
        citizen = require_citizen(actor, "read saved searches")
        if isinstance(citizen, DomainError):
            return Failure(citizen)
        return self._deps.run(
            lambda uow: tuple(
                s for s in uow.saved_searches.for_citizen(citizen.account_id) if s.active
            )
        )

    def delete_search(
        self, actor: Principal, search_id: SavedSearchId
    ) -> Result[SavedSearch, DomainError]:
        """Switch a saved search and its alerts off."""
        citizen = require_citizen(actor, "delete saved searches")
        if isinstance(citizen, DomainError):
            return Failure(citizen)

        def work(uow: UnitOfWork) -> SavedSearch | DomainError:
            search = uow.saved_searches.get(search_id)
            if search is None or search.citizen != citizen.account_id or not search.active:
                return NotFound(entity="saved_search", key=search_id)
            return uow.saved_searches.update(attrs.evolve(search, active=False))

        return self._deps.run(work)

    def unsubscribe(self, actor: Principal, token: str) -> Result[SavedSearch, DomainError]:
        """OF-7: the one-click link of an alert email switches that alert off."""

        def work(uow: UnitOfWork) -> SavedSearch | DomainError:
            search = uow.saved_searches.by_unsubscribe_token(token)
            if search is None:
                return NotFound(entity="saved_search", key="(unsubscribe link)")
            if not search.active:
                return search
            return uow.saved_searches.update(attrs.evolve(search, active=False))

        return self._deps.run(work)
