"""Repository port of the applications context."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import attrs

if TYPE_CHECKING:
    from formlavoro_core.applications.model import Application
    from formlavoro_core.cv.model import Cv
    from formlavoro_core.identity.model import Account
    from formlavoro_core.ids import AccountId, ApplicationId, OfferId
    from formlavoro_core.offers.model import Offer

__all__ = ["ApplicationRepository", "ApplyingReads"]


@attrs.frozen(kw_only=True)
class ApplyingReads:
    """What applying to an offer reads before anything is written (AP-1, AP-3, AP-8, AP-12).

    Each is ``None`` when it is not stored. A unit of work reads the four in one go
    (``uow.applying(offer, citizen)``): a SQL storage in one statement, where one by one
    they would be four round trips to the database server.
    """

    offer: Offer | None
    """The offer applied to."""
    previous: Application | None
    """The citizen's application to that offer, if they applied already (AP-3)."""
    cv: Cv | None
    """The citizen's CV (AP-1: it must be published)."""
    account: Account | None
    """The citizen's account, which the acknowledgement is written to (AP-12)."""


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
