"""Why a web request carries no open session: its session token.

Returned inside ``Failure`` like the library's own failures, with stable codes that the
status table of :mod:`~formlavoro_adapters.web.statuses` knows. None of them repeats
what the request sent (SEC-5).
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError
from formlavoro_core.texts import Text, _

__all__ = ["SessionExpired", "SessionInvalid", "SessionMissing"]


@attrs.frozen(kw_only=True)
class SessionMissing(DomainError):
    """The request carries no signed-in session: log in first."""

    CODE: ClassVar[str] = "web.session.missing"

    @property
    def text(self) -> Text:
        """Asks to log in."""
        return _("Please log in first.")


@attrs.frozen(kw_only=True)
class SessionInvalid(DomainError):
    """A session token that this portal did not sign, or that was changed after signing."""

    CODE: ClassVar[str] = "web.session.invalid"

    @property
    def text(self) -> Text:
        """Asks to log in again, saying nothing of what was wrong with the token."""
        return _("Your session is not valid: please log in again.")


@attrs.frozen(kw_only=True)
class SessionExpired(DomainError):
    """A session token older than its lifetime."""

    CODE: ClassVar[str] = "web.session.expired"

    @property
    def text(self) -> Text:
        """Asks to log in again."""
        return _("Your session has expired: please log in again.")
