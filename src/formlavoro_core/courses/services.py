"""Course use cases: training entities publish, change and withdraw; anyone searches.

CO-1: only courses whose enrolment deadline has not passed (and that were not
withdrawn) are listed or shown. CO-2, CO-3: a course's card gives its training entity's
name and contacts, through which people enrol, and its delivery place. CO-4: the
filters of :class:`~formlavoro_core.courses.query.CourseQuery`.

An entity changes and withdraws only its own courses; another entity's course answers
``course.not_found`` (SEC-1).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, TypeVar

import attrs
from returns.result import Failure, Result

from formlavoro_core.courses.failures import CourseWithdrawn, EnrolmentClosed
from formlavoro_core.courses.model import Course, CourseDetails
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.errors import DomainError, Forbidden, InvalidInput, NotFound, Problem
from formlavoro_core.ids import CourseId
from formlavoro_core.locale import Language
from formlavoro_core.organisations.model import Contacts
from formlavoro_core.paging import Page, PageRequest
from formlavoro_core.principals import Principal, TrainingEntityPrincipal
from formlavoro_core.reference import Municipality, Province
from formlavoro_core.reference.code_types import ProvinceCode
from formlavoro_core.runtime import Dependencies, searching
from formlavoro_core.texts import Text, _, render

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork

__all__ = ["CourseCard", "CourseService"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class CourseCard:
    """What a course's page shows (CO-2, CO-3).

    Attributes:
        course: the whole course.
        entity_name: the training entity's current name.
        contacts: the training entity's contacts, through which people enrol (CO-3).
        municipality: the delivery municipality, ``None`` if the reference data no
            longer knows its code.
        province: the delivery province, likewise.

    People do not enrol through the portal (CO-3):
    :attr:`ENROLMENT_THROUGH_PORTAL` is always ``False`` and :meth:`how_to_enrol`
    tells them whom to contact.
    """

    ENROLMENT_THROUGH_PORTAL: ClassVar[bool] = False

    course: Course
    entity_name: str
    contacts: Contacts
    municipality: Municipality | None
    province: Province | None

    @property
    def place_label(self) -> str:
        """Where the course is delivered, as people read it: ``"Via Roma 1, Genova (GE)"``."""
        town = self.municipality.name if self.municipality else self.course.place
        place = f"{town} ({self.course.province})"
        return f"{self.course.address}, {place}" if self.course.address else place

    @property
    def enrolment(self) -> Text:
        """CO-3: one sentence saying that enrolment goes through the entity's contacts."""
        reachable = ", ".join(
            value
            for value in (self.contacts.email, self.contacts.phone, self.contacts.website)
            if value is not None
        )
        if not reachable:
            return _(
                "Enrolment does not happen on the portal: to enrol, contact {entity}.",
                entity=self.entity_name,
            )
        return _(
            "Enrolment does not happen on the portal: to enrol, contact {entity}: {contacts}.",
            entity=self.entity_name,
            contacts=reachable,
        )

    def how_to_enrol(self, language: Language | None = None) -> str:
        """CO-3: :attr:`enrolment` in ``language`` (the portal's default language if none)."""
        return render(self.enrolment, language)


def _acting_entity(actor: Principal, action: str) -> TrainingEntityPrincipal | Forbidden:
    if isinstance(actor, TrainingEntityPrincipal):
        return actor
    return Forbidden(action=action)


def _owned(
    uow: UnitOfWork, entity: TrainingEntityPrincipal, course_id: CourseId
) -> Course | DomainError:
    """The entity's course, ready to change: another's answers ``course.not_found``."""
    course = uow.courses.get(course_id)
    if course is None or course.entity != entity.entity_id:
        return NotFound(entity="course", key=course_id)
    if course.withdrawn_at is not None:
        return CourseWithdrawn(course_id=course.id, withdrawn_at=course.withdrawn_at)
    return course


@attrs.frozen
class _Checked:
    details: CourseDetails
    province: ProvinceCode
    closes_at: dt.datetime


class CourseService:
    """``portal.courses``: training courses (CO-1 ... CO-4)."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def _checked(self, details: CourseDetails, now: dt.datetime) -> _Checked | InvalidInput:
        """Details checked as input, with their province and the end of enrolment.

        The enrolment deadline must be today or later in the portal's time zone: a
        course is published, or changed, to be listed (CO-1).
        """
        problems: list[Problem] = []
        checked = self._deps.codec.check(details)
        if isinstance(checked, InvalidInput):
            problems.extend(checked.problems)
        closes_at = self._deps.config.end_of(details.enrolment_deadline)
        if closes_at <= now:
            problems.append(Problem(path="enrolment_deadline", message=_("today or later")))
        if isinstance(checked, InvalidInput) or problems:
            return InvalidInput(problems=tuple(problems))
        place = self._deps.reference.municipality(checked.place)
        if place is None:  # the codec checked it; the reference data changed since
            return InvalidInput.at("place", _("unknown municipality code"))
        return _Checked(details=checked, province=ProvinceCode(place.province), closes_at=closes_at)

    # -- training entities ----------------------------------------------------------------

    def publish(self, actor: Principal, details: CourseDetails) -> Result[Course, DomainError]:
        """A training entity publishes a course; it is listed until its deadline (CO-1)."""
        entity = _acting_entity(actor, "publish courses")
        if isinstance(entity, Forbidden):
            return Failure(entity)
        now = self._deps.clock.now()
        checked = self._checked(details, now)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        course_id = CourseId(self._deps.ids.new_id())

        def work(uow: UnitOfWork) -> Course | DomainError:
            publisher = uow.training_entities.get(entity.entity_id)
            if publisher is None:
                return NotFound(entity="training_entity", key=entity.entity_id)
            course = Course.publish(
                course_id=course_id,
                entity=publisher.id,
                entity_name=publisher.name,
                details=checked.details,
                province=checked.province,
                enrolment_closes_at=checked.closes_at,
                now=now,
            )
            return uow.courses.add(course)

        return self._deps.run(work)

    def update(
        self, actor: Principal, course_id: CourseId, details: CourseDetails
    ) -> Result[Course, DomainError]:
        """The owning entity replaces a course's details; publication time and id stay.

        The new deadline must be today or later, so extending the deadline of a course
        whose enrolment closed lists it again. A withdrawn course cannot be changed
        (``course.withdrawn``).
        """
        entity = _acting_entity(actor, "change courses")
        if isinstance(entity, Forbidden):
            return Failure(entity)
        now = self._deps.clock.now()
        checked = self._checked(details, now)
        if isinstance(checked, InvalidInput):
            return Failure(checked)

        def work(uow: UnitOfWork) -> Course | DomainError:
            course = _owned(uow, entity, course_id)
            if isinstance(course, DomainError):
                return course
            publisher = uow.training_entities.get(entity.entity_id)
            revised = course.revised(
                checked.details,
                entity_name=publisher.name if publisher is not None else course.entity_name,
                province=checked.province,
                enrolment_closes_at=checked.closes_at,
                now=now,
            )
            return uow.courses.update(revised)

        return self._deps.run(work)

    def withdraw(self, actor: Principal, course_id: CourseId) -> Result[Course, DomainError]:
        """The owning entity withdraws a course: it is listed and shown no more.

        Withdrawing twice answers ``course.withdrawn``.
        """
        entity = _acting_entity(actor, "withdraw courses")
        if isinstance(entity, Forbidden):
            return Failure(entity)
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> Course | DomainError:
            course = _owned(uow, entity, course_id)
            if isinstance(course, DomainError):
                return course
            return uow.courses.update(course.withdrawn(now))

        return self._deps.run(work)

    def mine(
        self, actor: Principal, page: PageRequest | None = None
    ) -> Result[Page[Course], DomainError]:
        """The acting entity's courses in every state, newest first."""
        entity = _acting_entity(actor, "list its own courses")
        if isinstance(entity, Forbidden):
            return Failure(entity)
        request = page or PageRequest()
        return self._deps.run(
            lambda uow: searching(lambda: uow.courses.by_entity(entity.entity_id, request))
        )

    # -- everyone -------------------------------------------------------------------------

    def search(
        self, actor: Principal, query: CourseQuery, page: PageRequest | None = None
    ) -> Result[Page[Course], DomainError]:
        """CO-1, CO-4: listed courses matching every filter given, newest first.

        Anyone may search, logged in or not; an empty query lists every listed course.
        """
        checked = self._deps.codec.check(query)
        if isinstance(checked, InvalidInput):
            return Failure(checked)
        request = page or PageRequest()
        now = self._deps.clock.now()
        return self._deps.run(
            lambda uow: searching(lambda: uow.courses.search(checked, request, now=now))
        )

    def card(self, actor: Principal, course_id: CourseId) -> Result[CourseCard, DomainError]:
        """CO-2, CO-3: the course with its entity's name and contacts and its place.

        Like lists (CO-1), the card shows only listed courses: a withdrawn course
        answers ``course.withdrawn``, one whose deadline passed
        ``course.enrolment_closed``. Entities see every state of their own courses
        with :meth:`mine`.
        """
        now = self._deps.clock.now()

        def work(uow: UnitOfWork) -> CourseCard | DomainError:
            course = uow.courses.get(course_id)
            if course is None:
                return NotFound(entity="course", key=course_id)
            if course.withdrawn_at is not None:
                return CourseWithdrawn(course_id=course.id, withdrawn_at=course.withdrawn_at)
            if not course.enrolment_open(now):
                return EnrolmentClosed(
                    course_id=course.id,
                    deadline=course.enrolment_deadline,
                    closed_at=course.enrolment_closes_at,
                )
            entity = uow.training_entities.get(course.entity)
            if entity is None:
                return NotFound(entity="training_entity", key=course.entity)
            reference = self._deps.reference
            return CourseCard(
                course=course,
                entity_name=entity.name,
                contacts=entity.contacts,
                municipality=reference.municipality(course.place),
                province=reference.province(course.province),
            )

        return self._deps.run(work)
