"""The training course aggregate and its closed vocabularies (CO-1 ... CO-4).

A training entity publishes a course with its :class:`CourseDetails`. The course is
listed while its enrolment is open: from publication until the end of its enrolment
deadline, a calendar day of the portal's time zone (CO-1). Nobody has to close it: at
:attr:`Course.enrolment_closes_at` (the local midnight that ends the deadline day) it
leaves every list on its own. The entity may withdraw it earlier.

>>> Certificate("professional_qualification").label_it
'Attestato di qualifica professionale'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, Final

import attrs

from formlavoro_core.errors import Problem
from formlavoro_core.ids import CourseId, TrainingEntityId
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference._vocabulary import Vocabulary, register_labels
from formlavoro_core.reference.code_types import MunicipalityCode, ProvinceCode
from formlavoro_core.texts import _, _p

__all__ = [
    "MAX_ADDRESS",
    "MAX_COST_CENTS",
    "MAX_DESCRIPTION",
    "MAX_HOURS",
    "MAX_SEATS",
    "MAX_TITLE",
    "Certificate",
    "Course",
    "CourseDetails",
    "CourseType",
    "TrainingSector",
]

MAX_TITLE: Final = 200
MAX_DESCRIPTION: Final = 10_000
MAX_ADDRESS: Final = 200
MAX_HOURS: Final = 5_000
MAX_SEATS: Final = 10_000
MAX_COST_CENTS: Final = 10_000_000
"""100,000 euro: anything above is a typing mistake, not a regional course."""


class TrainingSector(Vocabulary):
    """The training sector of a course in a regional catalogue (CO-4)."""

    HEALTH_AND_SOCIAL_CARE = "health_and_social_care"
    TOURISM_AND_HOSPITALITY = "tourism_and_hospitality"
    INFORMATION_TECHNOLOGY = "information_technology"
    ADMINISTRATION = "administration"
    COMMERCE = "commerce"
    CONSTRUCTION = "construction"
    MECHANICS = "mechanics"
    MARITIME = "maritime"
    LOGISTICS = "logistics"
    AGRICULTURE = "agriculture"
    CRAFTS = "crafts"
    PERSONAL_SERVICES = "personal_services"
    CULTURE_AND_COMMUNICATION = "culture_and_communication"
    LANGUAGES = "languages"
    SAFETY_AT_WORK = "safety_at_work"
    OTHER = "other"


register_labels(
    TrainingSector,
    {
        TrainingSector.HEALTH_AND_SOCIAL_CARE: (
            "Sanità e servizi sociali",
            _p("training sector", "Health and social care"),
        ),
        TrainingSector.TOURISM_AND_HOSPITALITY: (
            "Turismo, ristorazione e ospitalità",
            _p("training sector", "Tourism and hospitality"),
        ),
        TrainingSector.INFORMATION_TECHNOLOGY: (
            "Informatica e digitale",
            _p("training sector", "IT and digital"),
        ),
        TrainingSector.ADMINISTRATION: (
            "Amministrazione, contabilità e segreteria",
            _p("training sector", "Administration, accounting and office work"),
        ),
        TrainingSector.COMMERCE: (
            "Commercio e vendite",
            _p("training sector", "Commerce and sales"),
        ),
        TrainingSector.CONSTRUCTION: ("Edilizia", _p("training sector", "Construction")),
        TrainingSector.MECHANICS: (
            "Meccanica e impiantistica",
            _p("training sector", "Mechanics and installations"),
        ),
        TrainingSector.MARITIME: (
            "Nautica, porti e mare",
            _p("training sector", "Maritime, ports and boating"),
        ),
        TrainingSector.LOGISTICS: (
            "Trasporti e logistica",
            _p("training sector", "Transport and logistics"),
        ),
        TrainingSector.AGRICULTURE: (
            "Agricoltura e agroalimentare",
            _p("training sector", "Agriculture and food"),
        ),
        TrainingSector.CRAFTS: ("Artigianato", _p("training sector", "Crafts")),
        TrainingSector.PERSONAL_SERVICES: (
            "Servizi alla persona (acconciatura, estetica)",
            _p("training sector", "Personal services (hairdressing, beauty)"),
        ),
        TrainingSector.CULTURE_AND_COMMUNICATION: (
            "Cultura, spettacolo e comunicazione",
            _p("training sector", "Culture, entertainment and communication"),
        ),
        TrainingSector.LANGUAGES: ("Lingue straniere", _p("training sector", "Foreign languages")),
        TrainingSector.SAFETY_AT_WORK: (
            "Sicurezza sul lavoro",
            _p("training sector", "Health and safety at work"),
        ),
        TrainingSector.OTHER: ("Altro", _p("training sector", "Other")),
    },
)


class CourseType(Vocabulary):
    """How a course relates to the Region (CO-4)."""

    FUNDED_BY_REGION = "funded_by_region"
    RECOGNISED_BY_REGION = "recognised_by_region"
    OTHER = "other"


register_labels(
    CourseType,
    {
        CourseType.FUNDED_BY_REGION: (
            "Finanziato dalla Regione",
            _p("course type", "Funded by the Region"),
        ),
        CourseType.RECOGNISED_BY_REGION: (
            "Riconosciuto dalla Regione",
            _p("course type", "Recognised by the Region"),
        ),
        CourseType.OTHER: ("Altro", _p("course type", "Other")),
    },
)


class Certificate(Vocabulary):
    """What a course issues to those who complete it (CO-4)."""

    NONE = "none"
    ATTENDANCE = "attendance"
    ATTENDANCE_WITH_ASSESSMENT = "attendance_with_assessment"
    SKILLS_CERTIFICATION = "skills_certification"
    PROFESSIONAL_QUALIFICATION = "professional_qualification"
    SPECIALISATION = "specialisation"
    PROFESSIONAL_LICENCE = "professional_licence"
    IFTS = "ifts"


register_labels(
    Certificate,
    {
        Certificate.NONE: ("Nessuna attestazione", _p("certificate", "No certificate")),
        Certificate.ATTENDANCE: (
            "Attestato di frequenza",
            _p("certificate", "Certificate of attendance"),
        ),
        Certificate.ATTENDANCE_WITH_ASSESSMENT: (
            "Attestato di frequenza e profitto",
            _p("certificate", "Certificate of attendance and achievement"),
        ),
        Certificate.SKILLS_CERTIFICATION: (
            "Certificazione delle competenze",
            _p("certificate", "Certification of skills"),
        ),
        Certificate.PROFESSIONAL_QUALIFICATION: (
            "Attestato di qualifica professionale",
            _p("certificate", "Professional qualification"),
        ),
        Certificate.SPECIALISATION: (
            "Attestato di specializzazione",
            _p("certificate", "Specialisation certificate"),
        ),
        Certificate.PROFESSIONAL_LICENCE: (
            "Abilitazione professionale",
            _p("certificate", "Professional licence (abilitazione)"),
        ),
        Certificate.IFTS: (
            "Certificato di specializzazione tecnica superiore (IFTS)",
            _p("certificate", "Higher technical specialisation certificate (IFTS)"),
        ),
    },
)


def _length(path: str, value: str | None, maximum: int) -> Iterator[Problem]:
    if value is not None and not 1 <= len(value.strip()) <= maximum:
        yield Problem(path=path, message=_("1 to {maximum} characters", maximum=maximum))


def _range(path: str, value: int | None, minimum: int, maximum: int) -> Iterator[Problem]:
    if value is not None and not minimum <= value <= maximum:
        yield Problem(
            path=path, message=_("{minimum} to {maximum}", minimum=minimum, maximum=maximum)
        )


@attrs.frozen(kw_only=True)
class CourseDetails:
    """What a training entity writes to publish or change a course.

    Attributes:
        title: the course's name, which the name filter searches (CO-4).
        description: contents, timetable, requirements, in the entity's words.
        sector: the training sector (CO-4).
        course_type: funded by the Region, recognised by it, or other (CO-4).
        certificate: what the course issues (CO-4).
        with_internship: whether the course includes an internship (stage) (CO-4).
        cost_cents: the fee in euro cents; ``None`` or ``0`` means free. A course is
            "paid" for CO-4 when a cost above zero is set.
        max_education_level: the highest education level a participant may hold
            (courses for people without a diploma, say); ``None`` means open to all.
        hours: the course's length in hours.
        starts_on: first day of the course.
        ends_on: last day of the course, on or after ``starts_on``.
        enrolment_deadline: the last day to enrol, a calendar day of the portal's time
            zone; on or before ``ends_on`` **(decided)**: late entries into a course
            that has started are the entity's choice, enrolling after its end is not.
        place: the municipality where the course is delivered (CO-2).
        address: street and number of the delivery place, when known.
        seats: how many places the course has, when stated.
    """

    title: str
    description: str
    sector: TrainingSector
    course_type: CourseType
    certificate: Certificate
    with_internship: bool = False
    cost_cents: int | None = None
    max_education_level: EducationLevel | None = None
    hours: int
    starts_on: dt.date
    ends_on: dt.date
    enrolment_deadline: dt.date
    place: MunicipalityCode
    address: str | None = None
    seats: int | None = None

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the details, with relative paths."""
        yield from _length("title", self.title, MAX_TITLE)
        yield from _length("description", self.description, MAX_DESCRIPTION)
        yield from _length("address", self.address, MAX_ADDRESS)
        yield from _range("cost_cents", self.cost_cents, 0, MAX_COST_CENTS)
        yield from _range("hours", self.hours, 1, MAX_HOURS)
        yield from _range("seats", self.seats, 1, MAX_SEATS)
        if self.ends_on < self.starts_on:
            yield Problem(path="ends_on", message=_("on or after the start"))
        if self.enrolment_deadline > self.ends_on:
            yield Problem(path="enrolment_deadline", message=_("on or before the last day"))

    @property
    def is_paid(self) -> bool:
        """Whether a cost above zero is set (CO-4's "paid")."""
        return self.cost_cents is not None and self.cost_cents > 0


_DETAIL_FIELDS: Final = tuple(field.name for field in attrs.fields(CourseDetails))


def _fields_of(details: CourseDetails) -> dict[str, Any]:
    """The details as keyword arguments of :class:`Course`, text trimmed."""
    values = {name: getattr(details, name) for name in _DETAIL_FIELDS}
    values["title"] = details.title.strip()
    values["description"] = details.description.strip()
    values["address"] = details.address.strip() if details.address is not None else None
    return values


@attrs.frozen(kw_only=True)
class Course:
    """A published training course (CO-1 ... CO-4).

    Besides the fields of :class:`CourseDetails` it holds who publishes it (with the
    entity's name, copied at each publication or change, for the entity filter), the
    province of its place (from the reference data, for location display and filters),
    and its lifecycle instants, all in UTC.
    """

    id: CourseId
    entity: TrainingEntityId
    entity_name: str
    title: str
    description: str
    sector: TrainingSector
    course_type: CourseType
    certificate: Certificate
    with_internship: bool = False
    cost_cents: int | None = None
    max_education_level: EducationLevel | None = None
    hours: int
    starts_on: dt.date
    ends_on: dt.date
    enrolment_deadline: dt.date
    place: MunicipalityCode
    province: ProvinceCode
    address: str | None = None
    seats: int | None = None
    published_at: dt.datetime
    updated_at: dt.datetime
    enrolment_closes_at: dt.datetime
    withdrawn_at: dt.datetime | None = None
    version: int = 0

    @classmethod
    def publish(
        cls,
        *,
        course_id: CourseId,
        entity: TrainingEntityId,
        entity_name: str,
        details: CourseDetails,
        province: ProvinceCode,
        enrolment_closes_at: dt.datetime,
        now: dt.datetime,
    ) -> Course:
        """A new course from checked ``details``, published at ``now``.

        ``enrolment_closes_at`` is the end of the deadline day in the portal's time zone
        (``PortalConfig.end_of(details.enrolment_deadline)``).
        """
        return cls(
            id=course_id,
            entity=entity,
            entity_name=entity_name,
            province=province,
            published_at=now,
            updated_at=now,
            enrolment_closes_at=enrolment_closes_at,
            **_fields_of(details),
        )

    def revised(
        self,
        details: CourseDetails,
        *,
        entity_name: str,
        province: ProvinceCode,
        enrolment_closes_at: dt.datetime,
        now: dt.datetime,
    ) -> Course:
        """The course with new ``details``; its identity and publication time stay."""
        return attrs.evolve(
            self,
            entity_name=entity_name,
            province=province,
            updated_at=now,
            enrolment_closes_at=enrolment_closes_at,
            **_fields_of(details),
        )

    def withdrawn(self, now: dt.datetime) -> Course:
        """The course withdrawn by its entity at ``now``: it is listed no more."""
        return attrs.evolve(self, withdrawn_at=now, updated_at=now)

    @property
    def details(self) -> CourseDetails:
        """The course's details, as its entity would edit them."""
        return CourseDetails(**{name: getattr(self, name) for name in _DETAIL_FIELDS})

    @property
    def is_paid(self) -> bool:
        """Whether a cost above zero is set (CO-4's "paid")."""
        return self.cost_cents is not None and self.cost_cents > 0

    @property
    def is_withdrawn(self) -> bool:
        """Whether the entity withdrew the course."""
        return self.withdrawn_at is not None

    def enrolment_open(self, now: dt.datetime) -> bool:
        """Whether the enrolment deadline has not passed at ``now`` (CO-1)."""
        return now < self.enrolment_closes_at

    def is_listed(self, now: dt.datetime) -> bool:
        """Whether the course appears in lists and searches at ``now`` (CO-1).

        It does while it is not withdrawn and its enrolment deadline has not passed.
        """
        return not self.is_withdrawn and self.enrolment_open(now)
