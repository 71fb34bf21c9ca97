"""Failures of the applications context."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from formlavoro_core.applications.model import ApplicationStatus
from formlavoro_core.errors import DomainError
from formlavoro_core.ids import ApplicationId, EventId
from formlavoro_core.texts import Text, _

__all__ = [
    "AlreadyApplied",
    "CvNotPublished",
    "EventMembershipRequired",
    "NoPreselection",
    "StatusCannotChange",
]


@attrs.frozen(kw_only=True)
class CvNotPublished(DomainError):
    """AP-1: only a citizen with a published, unexpired CV can apply."""

    CODE: ClassVar[str] = "application.cv_not_published"

    @property
    def text(self) -> Text:
        return _("Publish your CV first: only a published CV can be sent with an application.")


@attrs.frozen(kw_only=True)
class AlreadyApplied(DomainError):
    """AP-3: one application per citizen and offer."""

    CODE: ClassVar[str] = "application.already_applied"
    application: ApplicationId
    submitted_at: dt.datetime

    @property
    def text(self) -> Text:
        return _("You applied to this offer already; an application cannot be changed.")


@attrs.frozen(kw_only=True)
class EventMembershipRequired(DomainError):
    """EV-5: applying to an event offer requires having joined the event."""

    CODE: ClassVar[str] = "application.event_membership_required"
    event: EventId

    @property
    def text(self) -> Text:
        return _("Join the recruitment day first: its offers are for its participants.")


@attrs.frozen(kw_only=True)
class NoPreselection(DomainError):
    """EV-6: without preselection there is no application; selection happens on site."""

    CODE: ClassVar[str] = "application.no_preselection"
    event: EventId

    @property
    def text(self) -> Text:
        return _(
            "This offer has no preselection: there is nothing to apply to, the selection "
            "takes place at the recruitment day."
        )


@attrs.frozen(kw_only=True)
class StatusCannotChange(DomainError):
    """AP-7: statuses only move forward, and a decision is final."""

    CODE: ClassVar[str] = "application.status_cannot_change"
    current: ApplicationStatus
    requested: ApplicationStatus

    @property
    def text(self) -> Text:
        return _(
            "An application that is {current} cannot become {requested}.",
            current=self.current.label,
            requested=self.requested.label,
        )
