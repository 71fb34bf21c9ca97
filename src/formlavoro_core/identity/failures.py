"""Failures of the access context (ID, ON rules)."""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError
from formlavoro_core.identity.onboarding import OnboardingStep
from formlavoro_core.texts import Text, _

_REASONS = {
    "it is one of the most commonly used passwords": _(
        "it is one of the most commonly used passwords"
    ),
    "it repeats one character or runs through a sequence": _(
        "it repeats one character or runs through a sequence"
    ),
    "it contains your username, your name, your fiscal code or the portal's name": _(
        "it contains your username, your name, your fiscal code or the portal's name"
    ),
    "it is only blanks": _("it is only blanks"),
    "it is taken": _("it is taken"),
    "3 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit": _(
        "3 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit"
    ),
}


def reason_label(reason: str) -> Text | str:
    """A refused username's or password's reason, as people read it."""
    if reason in _REASONS:
        return _REASONS[reason]
    at_least = re.fullmatch(r"use at least (\d+) characters", reason)
    if at_least:
        return _("use at least {count} characters", count=int(at_least[1]))
    at_most = re.fullmatch(r"use at most (\d+) characters", reason)
    if at_most:
        return _("use at most {count} characters", count=int(at_most[1]))
    return reason


__all__ = [
    "AccountExists",
    "ConsentRequired",
    "InvalidConsent",
    "InvalidCredentials",
    "InvalidResetToken",
    "LoginThrottled",
    "OnboardingCompleted",
    "OnboardingRequired",
    "OutdatedNotices",
    "PasswordRejected",
    "RegionalCredentialsRetired",
    "ResetThrottled",
    "SelfRegistrationClosed",
    "SessionEnded",
    "StepOutOfOrder",
    "UsernameRejected",
]


@attrs.frozen(kw_only=True)
class OutdatedNotices(DomainError):
    """ID-1: the versions accepted are not the current ones (reload the page)."""

    CODE: ClassVar[str] = "identity.consent.outdated"
    privacy_notice_version: str
    citizen_regulation_version: str

    @property
    def text(self) -> Text:
        return _(
            "The notices changed: please read and accept the current versions "
            "(personal-data notice {privacy_notice_version}, "
            "citizens' regulation {citizen_regulation_version}).",
            privacy_notice_version=self.privacy_notice_version,
            citizen_regulation_version=self.citizen_regulation_version,
        )


@attrs.frozen(kw_only=True)
class ConsentRequired(DomainError):
    """ID-1: no login before the personal-data notice and the regulation are accepted."""

    CODE: ClassVar[str] = "identity.login.consent_required"

    @property
    def text(self) -> Text:
        return _("Accept the personal-data notice and the citizens' regulation to log in.")


@attrs.frozen(kw_only=True)
class InvalidConsent(DomainError):
    """ID-8: the consent receipt was not issued by this portal, was changed, or is too old.

    One answer for a forged, tampered, malformed, expired or future-dated receipt: show
    the notices page again and take a new acceptance.
    """

    CODE: ClassVar[str] = "identity.consent.invalid"

    @property
    def text(self) -> Text:
        return _(
            "Your acceptance of the notices could not be confirmed: please read and accept "
            "them again."
        )


@attrs.frozen(kw_only=True)
class RegionalCredentialsRetired(DomainError):
    """ID-3: regional credentials stopped working after ``last_day``."""

    CODE: ClassVar[str] = "identity.regional.retired"
    last_day: dt.date

    @property
    def text(self) -> Text:
        return _(
            "Regional credentials could be used until {last_day}; "
            "log in with SPID, CIE or CNS instead.",
            last_day=self.last_day,
        )


@attrs.frozen(kw_only=True)
class SelfRegistrationClosed(DomainError):
    """ID-3: new regional credentials cannot be created from ``closed_from`` on."""

    CODE: ClassVar[str] = "identity.regional.registration_closed"
    closed_from: dt.date

    @property
    def text(self) -> Text:
        return _(
            "New regional credentials cannot be requested since {closed_from}; "
            "log in with SPID, CIE or CNS.",
            closed_from=self.closed_from,
        )


@attrs.frozen(kw_only=True)
class InvalidCredentials(DomainError):
    """Wrong username or password: the same answer for both, by design."""

    CODE: ClassVar[str] = "identity.login.invalid_credentials"

    @property
    def text(self) -> Text:
        return _("Wrong username or password.")


@attrs.frozen(kw_only=True)
class LoginThrottled(DomainError):
    """SEC-2, SEC-6: too many attempts lately for this username or address; wait a while.

    Unknown usernames are throttled like known ones, so the answer reveals nothing.
    """

    CODE: ClassVar[str] = "identity.login.throttled"
    retry_after: dt.datetime

    @property
    def text(self) -> Text:
        return _(
            "Too many failed attempts: try again after {retry_after}.", retry_after=self.retry_after
        )


@attrs.frozen(kw_only=True)
class ResetThrottled(DomainError):
    """ID-4: too many reset requests lately for this username or from this address.

    Unknown usernames are throttled like known ones, so the answer reveals nothing.
    """

    CODE: ClassVar[str] = "identity.reset.throttled"
    retry_after: dt.datetime

    @property
    def text(self) -> Text:
        return _(
            "Too many password-reset requests: try again after {retry_after}.",
            retry_after=self.retry_after,
        )


@attrs.frozen(kw_only=True)
class AccountExists(DomainError):
    """A citizen with this fiscal code already has an account."""

    CODE: ClassVar[str] = "identity.register.account_exists"

    @property
    def text(self) -> Text:
        return _("An account with this fiscal code exists already: log in with it.")


@attrs.frozen(kw_only=True)
class UsernameRejected(DomainError):
    """The username is malformed or taken."""

    CODE: ClassVar[str] = "identity.register.username_rejected"
    reason: str

    @property
    def text(self) -> Text:
        return _("This username cannot be used: {reason}.", reason=reason_label(self.reason))


@attrs.frozen(kw_only=True)
class PasswordRejected(DomainError):
    """The new password does not follow the password rules."""

    CODE: ClassVar[str] = "identity.password.rejected"
    reason: str

    @property
    def text(self) -> Text:
        return _("This password cannot be used: {reason}.", reason=reason_label(self.reason))


@attrs.frozen(kw_only=True)
class InvalidResetToken(DomainError):
    """ID-4: unknown, used, superseded or expired reset link (one answer for all)."""

    CODE: ClassVar[str] = "identity.reset.invalid_token"

    @property
    def text(self) -> Text:
        return _("This password-reset link is not valid any more; ask for a new one.")


@attrs.frozen(kw_only=True)
class OnboardingRequired(DomainError):
    """ON-6: the four questions come first."""

    CODE: ClassVar[str] = "onboarding.required"
    next_step: OnboardingStep | None

    @property
    def text(self) -> Text:
        return _("Answer the four welcome questions first.")


@attrs.frozen(kw_only=True)
class OnboardingCompleted(DomainError):
    """ON-6: onboarding runs once; it is over."""

    CODE: ClassVar[str] = "onboarding.already_completed"

    @property
    def text(self) -> Text:
        return _("The welcome questions were already answered.")


@attrs.frozen(kw_only=True)
class StepOutOfOrder(DomainError):
    """ON-6: each question is answered before the next."""

    CODE: ClassVar[str] = "onboarding.step_out_of_order"
    step: OnboardingStep
    expected: OnboardingStep | None

    @property
    def text(self) -> Text:
        if self.expected is None:
            return _(
                "Question {step} cannot be answered: no question is left.", step=self.step.number
            )
        return _(
            "Question {step} cannot be answered yet; next is {expected}.",
            step=self.step.number,
            expected=self.expected.number,
        )


@attrs.frozen(kw_only=True)
class SessionEnded(DomainError):
    """ID-7: the session was ended by a logout (or never belonged to this citizen)."""

    CODE: ClassVar[str] = "identity.session.ended"

    @property
    def text(self) -> Text:
        return _("This session has ended: log in again.")
