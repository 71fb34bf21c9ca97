"""Repository port of the applications context."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from formlavoro_core.applications.model import Application
    from formlavoro_core.ids import AccountId, ApplicationId, OfferId

__all__ = ["ApplicationRepository"]


class ApplicationRepository(Protocol):
    """Applications: one per citizen and offer (AP-3)."""

    def get(self, application_id: ApplicationId, /) -> Application | None:
        """Return the application, or ``None``."""
        ...

    def add(self, application: Application, /) -> Application:
        """Insert a new application; ``DuplicateKeyError`` when the citizen applied already."""
        ...

    def update(self, application: Application, /) -> Application:
        """Store a changed application (version check)."""
        ...

    def find(self, offer: OfferId, citizen: AccountId, /) -> Application | None:
        """Return the citizen's application to the offer, or ``None``."""
        ...

    def for_citizen(self, citizen: AccountId, /) -> Sequence[Application]:
        """Return the citizen's applications, newest first, then by id."""
        ...

    def for_offer(self, offer: OfferId, /) -> Sequence[Application]:
        """Return the applications to an offer, oldest first, then by id."""
        ...
