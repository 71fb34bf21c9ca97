"""Applications to job offers, their statuses and their history (AP-1 ... AP-10)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs

from formlavoro_core.cv.model import AttachmentRef, CvContent
from formlavoro_core.errors import Problem
from formlavoro_core.ids import AccountId, ApplicationId, AttachmentId, CvId, EventId, OfferId
from formlavoro_core.offers.model import Publisher
from formlavoro_core.texts import Text, _, _p

__all__ = [
    "MAX_COVER_LETTER",
    "Application",
    "ApplicationRequest",
    "ApplicationStatus",
    "RejectionReason",
    "StatusChange",
]

MAX_COVER_LETTER = 2_000
"""AP-2 (decided): a short cover letter of at most 2,000 characters."""


class ApplicationStatus(enum.Enum):
    """AP-7: where an application stands. Statuses only move forward.

    ``OFFER_CLOSED`` (AP-12) is set by the library, never by a review: the offer closed
    or expired while the application was still open.
    """

    SUBMITTED = "submitted"
    VIEWED = "viewed"
    INTERESTED = "interested"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    OFFER_CLOSED = "offer_closed"

    @property
    def label(self) -> Text:
        """The status as people read it (TX-1)."""
        return _APPLICATION_STATUS_LABELS[self]

    @property
    def rank(self) -> int:
        """Order of progress; the outcomes share the last rank."""
        return min(list(ApplicationStatus).index(self), 3)

    @property
    def is_final(self) -> bool:
        """Whether the application has its outcome: the company decided, or the offer ended."""
        return self.rank == _FINAL_RANK

    def may_become(self, other: ApplicationStatus) -> bool:
        """Whether a review may move an application from this status to ``other``."""
        return (
            not self.is_final
            and other is not ApplicationStatus.OFFER_CLOSED
            and other.rank > self.rank
        )


_FINAL_RANK = 3

_APPLICATION_STATUS_LABELS = {
    ApplicationStatus.SUBMITTED: _p("application status", "submitted"),
    ApplicationStatus.VIEWED: _p("application status", "viewed"),
    ApplicationStatus.INTERESTED: _p("application status", "of interest"),
    ApplicationStatus.SELECTED: _p("application status", "selected"),
    ApplicationStatus.NOT_SELECTED: _p("application status", "not selected"),
    ApplicationStatus.OFFER_CLOSED: _p("application status", "offer closed"),
}


class RejectionReason(enum.Enum):
    """AP-10: the closed list of reasons a company may give for "not selected"."""

    POSITION_FILLED = "position_filled"
    PROFILE_NOT_MATCHING = "profile_not_matching"
    NOT_ENOUGH_EXPERIENCE = "not_enough_experience"
    EDUCATION_NOT_MATCHING = "education_not_matching"
    LANGUAGE_SKILLS = "language_skills"
    LOCATION = "location"
    AVAILABILITY = "availability"
    OFFER_WITHDRAWN = "offer_withdrawn"

    @property
    def label(self) -> Text:
        """The reason as the citizen reads it, in any language (TX-1)."""
        return _LABELS[self]

    @property
    def label_en(self) -> str:
        """The reason as the citizen reads it, in the English source."""
        return self.label.source()


_LABELS = {
    RejectionReason.POSITION_FILLED: _p("reason for not selecting", "The position has been filled"),
    RejectionReason.PROFILE_NOT_MATCHING: _p(
        "reason for not selecting", "Your profile does not match the role"
    ),
    RejectionReason.NOT_ENOUGH_EXPERIENCE: _p(
        "reason for not selecting", "Not enough experience for the role"
    ),
    RejectionReason.EDUCATION_NOT_MATCHING: _p(
        "reason for not selecting", "The education required is different"
    ),
    RejectionReason.LANGUAGE_SKILLS: _p(
        "reason for not selecting", "The language skills required are missing"
    ),
    RejectionReason.LOCATION: _p("reason for not selecting", "Distance from the workplace"),
    RejectionReason.AVAILABILITY: _p(
        "reason for not selecting", "Your availability does not fit the role"
    ),
    RejectionReason.OFFER_WITHDRAWN: _p("reason for not selecting", "The offer was withdrawn"),
}


@attrs.frozen(kw_only=True)
class ApplicationRequest:
    """What the citizen sends with an application (AP-2)."""

    cover_letter: str | None = None
    attachment: AttachmentId | None = None

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the request."""
        if self.cover_letter is not None and len(self.cover_letter) > MAX_COVER_LETTER:
            yield Problem(
                path="cover_letter",
                message=_("at most {maximum} characters", maximum=MAX_COVER_LETTER),
            )


@attrs.frozen(kw_only=True)
class StatusChange:
    """AP-7: one step of an application's history, with its time."""

    status: ApplicationStatus
    at: dt.datetime
    reason: RejectionReason | None = None


@attrs.frozen(kw_only=True)
class Application:
    """A citizen's application to an offer; never withdrawn or modified (AP-4).

    ``applicant`` is the CV as it was when the citizen applied: the company sees those
    personal data (AP-6), and later edits of the CV do not change what was sent.
    ``attachment`` is a copy of the chosen CV attachment, kept with the application.
    """

    id: ApplicationId
    offer: OfferId
    offer_title: str
    publisher: Publisher
    event: EventId | None = None
    citizen: AccountId
    cv: CvId
    applicant: CvContent
    cover_letter: str | None = None
    attachment: AttachmentRef | None = None
    history: tuple[StatusChange, ...]
    version: int = 0

    @property
    def status(self) -> ApplicationStatus:
        """The current status."""
        return self.history[-1].status

    @property
    def submitted_at(self) -> dt.datetime:
        """When the citizen applied."""
        return self.history[0].at

    @property
    def changed_at(self) -> dt.datetime:
        """When the status last changed."""
        return self.history[-1].at

    @property
    def reason(self) -> RejectionReason | None:
        """AP-10: why the company did not select the citizen, if it said."""
        return self.history[-1].reason

    def moved_to(
        self, status: ApplicationStatus, at: dt.datetime, reason: RejectionReason | None = None
    ) -> Application:
        """Return the application with one more status change."""
        change = StatusChange(status=status, at=at, reason=reason)
        return attrs.evolve(self, history=(*self.history, change))
