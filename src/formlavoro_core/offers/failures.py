"""Failures of the offers context."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.texts import Text, _, _n

__all__ = ["ExpiryPassed", "NoJobPosting", "NotADraft", "OfferNotOpen", "TooManySavedSearches"]


@attrs.frozen(kw_only=True)
class NotADraft(DomainError):
    """Only a draft can be edited, published or attached to an event."""

    CODE: ClassVar[str] = "offer.not_a_draft"
    status: OfferStatus

    @property
    def text(self) -> Text:
        return _("The offer is {status}; only drafts can change.", status=self.status.label)


@attrs.frozen(kw_only=True)
class OfferNotOpen(DomainError):
    """AP-8, OF-6: the offer is not active any more (closed or expired)."""

    CODE: ClassVar[str] = "offer.not_open"
    status: OfferStatus

    @property
    def text(self) -> Text:
        return _(
            "The offer is not open (it is {status}): it accepts no applications.",
            status=self.status.label,
        )


@attrs.frozen(kw_only=True)
class ExpiryPassed(DomainError):
    """An offer cannot be published after its expiry date."""

    CODE: ClassVar[str] = "offer.expiry_passed"
    expires_at: dt.datetime

    @property
    def text(self) -> Text:
        return _("The expiry date of the offer has passed; set a later one first.")


@attrs.frozen(kw_only=True)
class TooManySavedSearches(DomainError):
    """OF-7: a citizen keeps a bounded number of saved searches."""

    CODE: ClassVar[str] = "offer.saved_search.too_many"
    limit: int

    @property
    def text(self) -> Text:
        return _n(
            "You can keep at most {count} saved search; delete it first.",
            "You can keep at most {count} saved searches; delete one first.",
            self.limit,
        )


@attrs.frozen(kw_only=True)
class NoJobPosting(DomainError):
    """INT-2: only an active offer has structured data for search engines."""

    CODE: ClassVar[str] = "offer.job_posting.not_active"
    status: OfferStatus

    @property
    def text(self) -> Text:
        return _(
            "The offer is {status}: only active offers are published as JobPosting.",
            status=self.status.label,
        )
