"""The portal's policy settings: everything SPEC.md marks as configuration."""

from __future__ import annotations

import datetime as dt

import attrs

from formlavoro_core.cv.completion import CompletionWeights
from formlavoro_core.cv.publication import PublicationPolicy
from formlavoro_core.identity.model import RegionalCredentialsPolicy
from formlavoro_core.identity.throttle import LoginThrottlePolicy
from formlavoro_core.locale import Language
from formlavoro_core.matching.policy import MatchingPolicy
from formlavoro_core.messaging.delivery import DeliveryPolicy

__all__ = ["PortalConfig"]


def _positive(_instance: object, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0):
        raise ValueError(f"{attribute.name} must be a positive duration")


def _no_end_slash(url: str) -> str:
    return url.rstrip("/")


@attrs.frozen(kw_only=True)
class PortalConfig:
    """Policy settings of one portal. Only the time zone has no default.

    Attributes:
        timezone: the portal's zone; dates of rules are calendar days in it.
        privacy_notice_version: current version of the personal-data notice (ID-1).
        citizen_regulation_version: current version of the citizens' regulation (ID-1).
        consent_receipt_lifetime: how long a receipt of ``accept_notices`` opens a login
            (ID-8); an older one is refused and the notices are shown again.
        regional_credentials: the two dates of ID-3.
        completion_weights: CV-4 section weights.
        publication: CV-5, CV-11, CV-13 thresholds and lifetimes (its time zone is
            this config's ``timezone``).
        login_throttle: when regional logins and reset requests wait (SEC-2, SEC-6, ID-4).
        reset_token_lifetime: how long a password-reset link works (ID-4).
        base_url: the portal's address; the links in emails are made from it
            (``{base_url}/messages``, ``{base_url}/offers/<id>``, …).
        reset_url: the link emailed for a reset; ``{token}`` is replaced by the token.
            By default ``{base_url}/reset-password?token={token}``.
        unsubscribe_url: the one-click link of offer alerts (OF-7), with ``{token}``.
            By default ``{base_url}/alerts/unsubscribe?token={token}``.
        delivery: how the outbox retries emails and when it gives up (MS-4).
        audit_retention: how long audit records are kept (SEC-3) before
            ``portal.privacy.prune_audit`` removes them.
        default_language: language of emails to citizens who chose none.
        portal_name: how emails and texts name the portal.
        matching: the weights, hard filters and scales of matching (MA-1, MA-5).
    """

    timezone: dt.tzinfo
    privacy_notice_version: str = "1"
    citizen_regulation_version: str = "1"
    consent_receipt_lifetime: dt.timedelta = attrs.field(
        default=dt.timedelta(hours=1), validator=_positive
    )
    regional_credentials: RegionalCredentialsPolicy = attrs.Factory(RegionalCredentialsPolicy)
    completion_weights: CompletionWeights = attrs.Factory(CompletionWeights)
    threshold_percent: int = attrs.field(default=65, validator=attrs.validators.in_(range(101)))
    cv_lifetime_days: int = attrs.field(default=90, validator=attrs.validators.ge(1))
    cv_reminder_days: int = attrs.field(default=5, validator=attrs.validators.ge(0))
    cv_renewal_window_days: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    login_throttle: LoginThrottlePolicy = attrs.Factory(LoginThrottlePolicy)
    reset_token_lifetime: dt.timedelta = dt.timedelta(minutes=30)
    base_url: str = attrs.field(default="https://formazionelavoro.example", converter=_no_end_slash)
    reset_url: str = attrs.field(
        default=attrs.Factory(
            lambda self: self.base_url + "/reset-password?token={token}", takes_self=True
        )
    )
    unsubscribe_url: str = attrs.field(
        default=attrs.Factory(
            lambda self: self.base_url + "/alerts/unsubscribe?token={token}", takes_self=True
        )
    )
    delivery: DeliveryPolicy = attrs.Factory(DeliveryPolicy)
    audit_retention: dt.timedelta = attrs.field(default=dt.timedelta(days=730), validator=_positive)
    default_language: Language = Language.ITALIAN
    portal_name: str = "FormazioneLavoro"
    matching: MatchingPolicy = attrs.Factory(MatchingPolicy)

    @property
    def publication(self) -> PublicationPolicy:
        """The CV publication policy assembled from these settings."""
        return PublicationPolicy(
            timezone=self.timezone,
            threshold_percent=self.threshold_percent,
            lifetime_days=self.cv_lifetime_days,
            reminder_days=self.cv_reminder_days,
            renewal_window_days=self.cv_renewal_window_days,
        )

    def page(self, path: str) -> str:
        """The address of one of the portal's pages, for a link in an email.

        >>> PortalConfig(timezone=dt.UTC, base_url="https://lavoro.example/").page("/cv")
        'https://lavoro.example/cv'
        """
        return self.base_url + path

    def local_date(self, instant: dt.datetime) -> dt.date:
        """The calendar day of ``instant`` in the portal's time zone."""
        return instant.astimezone(self.timezone).date()

    def end_of(self, day: dt.date) -> dt.datetime:
        """The instant ``day`` ends in the portal's time zone (the next local midnight), in UTC.

        A deadline "on 31 March" holds until this instant, exclusive.
        """
        midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), self.timezone)
        return midnight.astimezone(dt.UTC)
