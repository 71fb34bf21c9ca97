"""Failures of the CV context beyond those of publication (``cv/publication.py``)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError
from formlavoro_core.texts import Text, _, _n, _p

_SECTIONS = {
    "experiences": _p("CV section", "work experience"),
    "studies": _p("CV section", "education and training"),
    "languages": _p("CV section", "languages"),
    "skills": _p("CV section", "skills"),
}


def section_label(section: str) -> Text | str:
    """How people call a list section of the CV (its field name otherwise)."""
    return _SECTIONS.get(section, section)


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
    def text(self) -> Text:
        return _n(
            "A CV holds at most {count} attachment; remove it first.",
            "A CV holds at most {count} attachments; remove one first.",
            self.limit,
        )


@attrs.frozen(kw_only=True)
class SectionFull(DomainError):
    """A list section reached its size limit."""

    CODE: ClassVar[str] = "cv.section.full"
    section: str
    limit: int

    @property
    def text(self) -> Text:
        return _n(
            "The section {section} holds at most {count} entry.",
            "The section {section} holds at most {count} entries.",
            self.limit,
            section=section_label(self.section),
        )


@attrs.frozen(kw_only=True)
class FiscalCodeIsFixed(DomainError):
    """The fiscal code identifies the account: the CV cannot change it."""

    CODE: ClassVar[str] = "cv.personal_data.fiscal_code_fixed"

    @property
    def text(self) -> Text:
        return _("The fiscal code identifies your account and cannot be changed in the CV.")


@attrs.frozen(kw_only=True)
class BelowThreshold(DomainError):
    """CV-5: the CV is not complete enough to be published."""

    CODE: ClassVar[str] = "cv.publish.below_threshold"
    percent: int
    threshold_percent: int
    missing: tuple[str, ...]

    @property
    def text(self) -> Text:
        return _(
            "Your CV is {percent}% complete; {threshold}% is needed to publish it. "
            "Missing: {missing}.",
            percent=self.percent,
            threshold=self.threshold_percent,
            missing=", ".join(self.missing),
        )


@attrs.frozen(kw_only=True)
class AlreadyPublished(DomainError):
    """CV-11, CV-13: the CV is still active and may not be published again yet."""

    CODE: ClassVar[str] = "cv.publish.still_active"
    expires_at: dt.datetime
    renewable_from: dt.datetime

    @property
    def text(self) -> Text:
        return _(
            "Your CV is published until {expires_at}; it can be published again from "
            "{renewable_from}.",
            expires_at=self.expires_at,
            renewable_from=self.renewable_from,
        )


@attrs.frozen(kw_only=True)
class PersonalDataLocked(DomainError):
    """CV-11: personal data cannot change while the CV is published."""

    CODE: ClassVar[str] = "cv.personal_data.locked"
    expires_at: dt.datetime

    @property
    def text(self) -> Text:
        return _(
            "Personal data cannot be changed while the CV is published (until {expires_at}).",
            expires_at=self.expires_at,
        )
