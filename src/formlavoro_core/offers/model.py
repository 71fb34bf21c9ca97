"""The job offer aggregate and its lifecycle (OF-1, OF-2, OF-5, OF-6).

An offer is drafted, published (active), and either closed by its publisher or expired
by its date. Expiry needs nobody: an active offer whose expiry has passed *is* expired
(:meth:`Offer.status_at`), so it leaves every list and search on its own (OF-6).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs

from formlavoro_core.errors import Problem
from formlavoro_core.ids import EventId, OfferId
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    MinistryQualification,
    WorkingCondition,
    is_language_code,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)
from formlavoro_core.texts import Text, _, _p

__all__ = [
    "MAX_DESCRIPTION",
    "MAX_TITLE",
    "Offer",
    "OfferDraft",
    "OfferStatus",
    "Publisher",
    "PublisherKind",
    "RequiredLanguage",
]

MAX_TITLE = 200
MAX_DESCRIPTION = 10_000
MAX_POSITIONS = 1_000


class OfferStatus(enum.Enum):
    """OF-5: where an offer is in its life."""

    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"
    EXPIRED = "expired"

    @property
    def label(self) -> Text:
        """The status as people read it (TX-1)."""
        return _OFFER_STATUS_LABELS[self]


_OFFER_STATUS_LABELS = {
    OfferStatus.DRAFT: _p("offer status", "draft"),
    OfferStatus.ACTIVE: _p("offer status", "active"),
    OfferStatus.CLOSED: _p("offer status", "closed"),
    OfferStatus.EXPIRED: _p("offer status", "expired"),
}


class PublisherKind(enum.Enum):
    """Who may publish offers: companies and employment centres (OF-5)."""

    COMPANY = "company"
    CPI = "cpi"


@attrs.frozen(kw_only=True)
class Publisher:
    """The publisher of an offer, with the name shown on it and searched by free text."""

    kind: PublisherKind
    id: str
    name: str


@attrs.frozen(kw_only=True)
class RequiredLanguage:
    """A language an offer asks for (ISO 639-1) and the least level that meets it (MA-1)."""

    language: str
    level: LanguageLevel


@attrs.frozen(kw_only=True)
class OfferDraft:
    """What a publisher writes in an offer (OF-3's fields among them).

    ``education_level`` ``None`` means no specific education is required (OF-3.11).
    ``expires_on`` is the last day the offer is visible, in the portal's time zone.
    An offer for a recruitment event names the ``event`` and whether there is a
    ``preselection`` (EV-6: without one, nobody applies; selection happens on site).
    """

    title: str
    description: str
    profession: ProfessionCode
    workplace: MunicipalityCode
    contract_type: ContractType
    expires_on: dt.date
    sector: SectorCode | None = None
    positions: int = 1
    working_conditions: tuple[WorkingCondition, ...] = ()
    education_level: EducationLevel | None = None
    requires_experience: bool = False
    income_support: bool = False
    motorbike_required: bool = False
    protected_category_art1: bool = False
    protected_category_art18: bool = False
    willing_to_travel: bool = False
    car_required: bool = False
    eures: bool = False
    driving_licences: tuple[DrivingLicence, ...] = ()
    languages: tuple[RequiredLanguage, ...] = ()
    qualifications: tuple[MinistryQualification, ...] = ()
    event: EventId | None = None
    preselection: bool = True

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the draft, with relative paths."""
        if not 1 <= len(self.title.strip()) <= MAX_TITLE:
            yield Problem(path="title", message=_("1 to {maximum} characters", maximum=MAX_TITLE))
        if not 1 <= len(self.description.strip()) <= MAX_DESCRIPTION:
            yield Problem(
                path="description",
                message=_("1 to {maximum} characters", maximum=MAX_DESCRIPTION),
            )
        if not 1 <= self.positions <= MAX_POSITIONS:
            yield Problem(path="positions", message=_("1 to {maximum}", maximum=MAX_POSITIONS))
        if len(set(self.working_conditions)) != len(self.working_conditions):
            yield Problem(path="working_conditions", message=_("contains duplicates"))
        if len(set(self.driving_licences)) != len(self.driving_licences):
            yield Problem(path="driving_licences", message=_("contains duplicates"))
        codes = [required.language for required in self.languages]
        if len(set(codes)) != len(codes):
            yield Problem(path="languages", message=_("contains duplicates"))
        for index, code in enumerate(codes):
            if not is_language_code(code):
                yield Problem(
                    path=f"languages[{index}].language", message=_("not an ISO 639-1 code")
                )
        if len(set(self.qualifications)) != len(self.qualifications):
            yield Problem(path="qualifications", message=_("contains duplicates"))
        if self.event is None and not self.preselection:
            yield Problem(path="preselection", message=_("only event offers can go without one"))


@attrs.frozen(kw_only=True)
class Offer:
    """A job offer (OF-5)."""

    id: OfferId
    publisher: Publisher
    title: str
    description: str
    profession: ProfessionCode
    workplace: MunicipalityCode
    province: ProvinceCode
    contract_type: ContractType
    sector: SectorCode | None = None
    positions: int = 1
    working_conditions: tuple[WorkingCondition, ...] = ()
    education_level: EducationLevel | None = None
    requires_experience: bool = False
    income_support: bool = False
    motorbike_required: bool = False
    protected_category_art1: bool = False
    protected_category_art18: bool = False
    willing_to_travel: bool = False
    car_required: bool = False
    eures: bool = False
    driving_licences: tuple[DrivingLicence, ...] = ()
    languages: tuple[RequiredLanguage, ...] = ()
    qualifications: tuple[MinistryQualification, ...] = ()
    event: EventId | None = None
    preselection: bool = True
    status: OfferStatus = OfferStatus.DRAFT
    created_at: dt.datetime
    published_at: dt.datetime | None = None
    expires_on: dt.date
    expires_at: dt.datetime
    closed_at: dt.datetime | None = None
    version: int = 0

    def status_at(self, now: dt.datetime) -> OfferStatus:
        """The status as people see it at ``now``: an active offer past expiry is expired."""
        if self.status is OfferStatus.ACTIVE and now >= self.expires_at:
            return OfferStatus.EXPIRED
        return self.status

    def is_open(self, now: dt.datetime) -> bool:
        """Whether the offer is active and not expired at ``now`` (AP-8)."""
        return self.status_at(now) is OfferStatus.ACTIVE

    @property
    def is_event_offer(self) -> bool:
        """Whether the offer belongs to a recruitment event (EV-4)."""
        return self.event is not None

    @property
    def sort_time(self) -> dt.datetime:
        """When the offer counts as new: its publication (its creation while a draft)."""
        return self.published_at or self.created_at
