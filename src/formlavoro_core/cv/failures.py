"""Failures of the CV context beyond those of publication (``cv/publication.py``)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError


def _when(instant: dt.datetime) -> str:
    return instant.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


__all__ = [
    "AlreadyPublished",
    "BelowThreshold",
    "FiscalCodeIsFixed",
    "PersonalDataLocked",
    "SectionFull",
    "TooManyAttachments",
]


@attrs.frozen(kw_only=True)
class TooManyAttachments(DomainError):
    """CV-10: at most three attachments."""

    CODE: ClassVar[str] = "cv.attachment.too_many"
    limit: int

    @property
    def message(self) -> str:
        return f"A CV holds at most {self.limit} attachments; remove one first."


@attrs.frozen(kw_only=True)
class SectionFull(DomainError):
    """A list section reached its size limit."""

    CODE: ClassVar[str] = "cv.section.full"
    section: str
    limit: int

    @property
    def message(self) -> str:
        return f"The {self.section} section holds at most {self.limit} entries."


@attrs.frozen(kw_only=True)
class FiscalCodeIsFixed(DomainError):
    """The fiscal code identifies the account: the CV cannot change it."""

    CODE: ClassVar[str] = "cv.personal_data.fiscal_code_fixed"

    @property
    def message(self) -> str:
        return "The fiscal code identifies your account and cannot be changed in the CV."


@attrs.frozen(kw_only=True)
class BelowThreshold(DomainError):
    """CV-5: the CV is not complete enough to be published."""

    CODE: ClassVar[str] = "cv.publish.below_threshold"
    percent: int
    threshold_percent: int
    missing: tuple[str, ...]

    @property
    def message(self) -> str:
        return (
            f"Your CV is {self.percent}% complete; {self.threshold_percent}% is needed to "
            f"publish it. Missing: {', '.join(self.missing)}."
        )


@attrs.frozen(kw_only=True)
class AlreadyPublished(DomainError):
    """CV-11, CV-13: the CV is still active and may not be published again yet."""

    CODE: ClassVar[str] = "cv.publish.still_active"
    expires_at: dt.datetime
    renewable_from: dt.datetime

    @property
    def message(self) -> str:
        return (
            f"Your CV is published until {_when(self.expires_at)}; it can be published "
            f"again from {_when(self.renewable_from)}."
        )


@attrs.frozen(kw_only=True)
class PersonalDataLocked(DomainError):
    """CV-11: personal data cannot change while the CV is published."""

    CODE: ClassVar[str] = "cv.personal_data.locked"
    expires_at: dt.datetime

    @property
    def message(self) -> str:
        return (
            "Personal data cannot be changed while the CV is published "
            f"(until {_when(self.expires_at)})."
        )
