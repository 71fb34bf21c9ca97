"""Publishing a CV: the threshold, the 90-day lifetime and renewal (CV-5, CV-11, CV-13).

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

__all__ = ["PublicationPolicy", "add_local_days"]


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

    def publish(
        self, cv: Cv, completion: Completion, now: dt.datetime
    ) -> Publication | DomainError:
        """Decide whether ``cv`` may be published at ``now``, and until when."""
        if not completion.reaches(self.threshold_percent):
            return BelowThreshold(
                percent=completion.percent,
                threshold_percent=self.threshold_percent,
                missing=completion.missing,
            )
        current = cv.publication
        if current is not None and current.is_active(now):
            renewable_from = self.renewable_from(current)
            if now < renewable_from:
                return AlreadyPublished(
                    expires_at=current.expires_at, renewable_from=renewable_from
                )
        return Publication(published_at=now, expires_at=self.expiry(now))
