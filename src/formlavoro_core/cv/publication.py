"""Publishing a CV: the threshold, the 90-day lifetime and renewal (CV-5, CV-11, CV-13).

:meth:`PublicationPolicy.readiness` tells, without trying, whether a CV can be published
now and otherwise from when or what is missing (CV-14); :meth:`PublicationPolicy.publish`
decides by the same reading, so the two never disagree.

Lifetimes are counted in calendar days of the portal's time zone (Europe/Rome by
default): a CV published at 10:00 on 1 March expires at 10:00 on 30 May, local time,
whatever daylight-saving change lies between. Should that local time not exist (the
spring-forward hour), the expiry is the instant the clock jumps to, an hour later.
"""

from __future__ import annotations

import datetime as dt

import attrs

from formlavoro_core.cv.completion import Completion
from formlavoro_core.cv.failures import AlreadyPublished, BelowThreshold
from formlavoro_core.cv.model import Cv, Publication
from formlavoro_core.errors import DomainError

__all__ = ["PublicationPolicy", "PublicationReadiness", "add_local_days"]


def add_local_days(instant: dt.datetime, days: int, zone: dt.tzinfo) -> dt.datetime:
    """Return ``instant`` moved by ``days`` calendar days in ``zone``, in UTC.

    >>> from zoneinfo import ZoneInfo
    >>> rome = ZoneInfo("Europe/Rome")
    >>> start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)  # 10:00 in Rome (CET)
    >>> add_local_days(start, 90, rome)  # 30 May, 10:00 in Rome (CEST)
    datetime.datetime(2026, 5, 30, 8, 0, tzinfo=datetime.timezone.utc)
    """
    local = instant.astimezone(zone)
    moved = (local + dt.timedelta(days=days)).replace(fold=0)
    return moved.astimezone(dt.UTC)


@attrs.frozen(kw_only=True)
class PublicationReadiness:
    """CV-14: whether a CV can be published now and, if not, from when or what is missing.

    Attributes:
        percent: the completion percentage now (CV-4).
        threshold_percent: the percentage publication needs (CV-5).
        missing: the required fields still empty (CV-3); what to fill while
            ``percent`` is below the threshold.
        published_until: when the current publication ends; ``None`` when the CV is
            not published now.
        publishable_from: from when time no longer stands in the way: the end of the
            current publication, or the start of the renewal window (CV-11, CV-13);
            ``None`` when there is nothing to wait for.
        reasons: what ``publish`` would answer now, in the order it checks them
            (``cv.publish.below_threshold``, then ``cv.publish.still_active``); empty
            when it would publish.
    """

    percent: int
    threshold_percent: int
    missing: tuple[str, ...]
    published_until: dt.datetime | None
    publishable_from: dt.datetime | None
    reasons: tuple[BelowThreshold | AlreadyPublished, ...]

    @property
    def publishable_now(self) -> bool:
        """Whether ``publish`` would succeed now."""
        return not self.reasons

    @property
    def complete_enough(self) -> bool:
        """Whether the completion reaches the threshold (CV-5)."""
        return self.percent >= self.threshold_percent


@attrs.frozen(kw_only=True)
class PublicationPolicy:
    """The configurable publication rules.

    Attributes:
        timezone: the zone whose calendar days count (Europe/Rome for Liguria).
        threshold_percent: minimum completion to publish (CV-5).
        lifetime_days: how long a published CV stays active (CV-11).
        reminder_days: how many days before expiry the reminder email goes (CV-11).
        renewal_window_days: CV-13; 0 means publish again only after expiry, N > 0
            allows renewal in the last N days, restarting the lifetime without a gap.
    """

    timezone: dt.tzinfo
    threshold_percent: int = attrs.field(default=65, validator=attrs.validators.in_(range(101)))
    lifetime_days: int = attrs.field(default=90, validator=attrs.validators.ge(1))
    reminder_days: int = attrs.field(default=5, validator=attrs.validators.ge(0))
    renewal_window_days: int = attrs.field(default=0, validator=attrs.validators.ge(0))

    def expiry(self, published_at: dt.datetime) -> dt.datetime:
        """When a CV published at ``published_at`` stops being active."""
        return add_local_days(published_at, self.lifetime_days, self.timezone)

    def renewable_from(self, publication: Publication) -> dt.datetime:
        """From when an active publication may be renewed."""
        return add_local_days(publication.expires_at, -self.renewal_window_days, self.timezone)

    def reminder_due_from(self, publication: Publication) -> dt.datetime:
        """From when the expiry reminder is due."""
        return add_local_days(publication.expires_at, -self.reminder_days, self.timezone)

    def readiness(self, cv: Cv, completion: Completion, now: dt.datetime) -> PublicationReadiness:
        """CV-14: whether ``cv`` (completed as ``completion``) may be published at ``now``."""
        reasons: list[BelowThreshold | AlreadyPublished] = []
        if not completion.reaches(self.threshold_percent):
            reasons.append(
                BelowThreshold(
                    percent=completion.percent,
                    threshold_percent=self.threshold_percent,
                    missing=completion.missing,
                )
            )
        current = cv.publication
        active = current is not None and current.is_active(now)
        wait_until = None
        if current is not None and active:
            renewable_from = self.renewable_from(current)
            if now < renewable_from:
                wait_until = renewable_from
                reasons.append(
                    AlreadyPublished(expires_at=current.expires_at, renewable_from=renewable_from)
                )
        return PublicationReadiness(
            percent=completion.percent,
            threshold_percent=self.threshold_percent,
            missing=completion.missing,
            published_until=current.expires_at if current is not None and active else None,
            publishable_from=wait_until,
            reasons=tuple(reasons),
        )

    def publish(
        self, cv: Cv, completion: Completion, now: dt.datetime
    ) -> Publication | DomainError:
        """Decide whether ``cv`` may be published at ``now``, and until when.

        The answer is :meth:`readiness`'s first reason, or a publication from ``now``.
        """
        readiness = self.readiness(cv, completion, now)
        if readiness.reasons:
            return readiness.reasons[0]
        return Publication(published_at=now, expires_at=self.expiry(now))
