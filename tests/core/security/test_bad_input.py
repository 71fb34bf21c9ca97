"""Bad input to the marketplace use cases: a specific failure code, and nothing changed.

Each row runs one use case with one mistake (unknown ids, another person's ids, an
overlong cover letter, applying twice, an event offer without membership or without
preselection, an expired offer or course, ...) and compares the whole store before and
after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from formlavoro_core.applications.model import ApplicationRequest, ApplicationStatus
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.errors import DomainError
from formlavoro_core.ids import AttachmentId, CompanyId, CvId, EventId, OfferId
from formlavoro_core.messaging.model import Reply
from formlavoro_core.offers.alerts import SavedSearchRequest
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.organisations.model import Contacts, OrganisationDetails, TrainingEntity
from formlavoro_core.paging import PageRequest
from formlavoro_core.principals import TrainingEntityPrincipal
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.values import EmailAddress
from tests.core.courses.builders import course_details
from tests.core.security.parties import Scene, scene
from tests.support import ROME, draft_offer, ok

Setup = Callable[[Scene], Any]


def _nothing(s: Scene) -> None:
    return None


def _event_offer(preselection: bool) -> Setup:
    def setup(s: Scene) -> Any:
        cpi = s.actors["cpi"]
        offer = s.ids["cpi_draft"]
        ok(
            s.portal.events.attach_offer(
                cpi, s.ids["event"].id, offer.id, preselection=preselection
            )
        )
        return ok(s.portal.offers.publish(cpi, offer.id))

    return setup


def _expire_everything(s: Scene) -> None:
    s.w.clock.set(dt.datetime(2026, 12, 31, 12, tzinfo=ROME))


def _used_ticket(s: Scene) -> None:
    ok(s.portal.events.check_in(s.actors["cpi"], s.ids["ticket"].code))


def _closed_registration(s: Scene) -> None:
    ok(s.portal.events.set_registration(s.actors["cpi"], s.ids["event"].id, is_open=False))


def _details() -> OrganisationDetails:
    return OrganisationDetails(name="x", contacts=Contacts(email=EmailAddress("x@altro.example")))


def _entity(entity: TrainingEntity) -> TrainingEntityPrincipal:
    return TrainingEntityPrincipal(entity.id)


ROWS: dict[str, tuple[Setup, Callable[[Scene, Any], Any], str]] = {
    "unknown offer card": (
        _nothing,
        lambda s, _: s.portal.offers.card(s.actors["owner"], OfferId("no-such-offer")),
        "offer.not_found",
    ),
    "another company's draft": (
        _nothing,
        lambda s, _: s.portal.offers.update(
            s.actors["other_company"], s.ids["draft"].id, draft_offer()
        ),
        "offer.not_found",
    ),
    "offer in an unknown municipality": (
        _nothing,
        lambda s, _: s.portal.offers.create(
            s.actors["company"], draft_offer(workplace=MunicipalityCode("Z999"))
        ),
        "input.invalid",
    ),
    "publishing a published offer": (
        _nothing,
        lambda s, _: s.portal.offers.publish(s.actors["company"], s.ids["offer"].id),
        "offer.not_a_draft",
    ),
    "closing an expired offer": (
        _expire_everything,
        lambda s, _: s.portal.offers.close(s.actors["company"], s.ids["offer"].id),
        "offer.not_open",
    ),
    "a foreign page cursor": (
        _nothing,
        lambda s, _: s.portal.offers.search(
            s.actors["owner"], OfferQuery(), PageRequest(after="x")
        ),
        "input.invalid",
    ),
    "applying to an unknown offer": (
        _nothing,
        lambda s, _: s.portal.applications.apply(s.actors["owner"], OfferId("no-such-offer")),
        "offer.not_found",
    ),
    "applying twice": (
        _nothing,
        lambda s, _: s.portal.applications.apply(s.actors["owner"], s.ids["offer"].id),
        "application.already_applied",
    ),
    "an overlong cover letter": (
        lambda s: s.w.offer(s.company, title="Altra"),
        lambda s, offer: s.portal.applications.apply(
            s.actors["owner"], offer.id, ApplicationRequest(cover_letter="x" * 2001)
        ),
        "input.invalid",
    ),
    "another person's attachment": (
        lambda s: s.w.offer(s.company, title="Altra"),
        lambda s, offer: s.portal.applications.apply(
            s.actors["owner"], offer.id, ApplicationRequest(attachment=AttachmentId("not-mine"))
        ),
        "attachment.not_found",
    ),
    "an event offer without membership": (
        _event_offer(preselection=True),
        lambda s, offer: s.portal.applications.apply(s.actors["other_citizen"], offer.id),
        "application.event_membership_required",
    ),
    "an event offer without preselection": (
        _event_offer(preselection=False),
        lambda s, offer: s.portal.applications.apply(s.actors["owner"], offer.id),
        "application.no_preselection",
    ),
    "an expired offer": (
        lambda s: (
            s.w.offer(s.company, title="Breve", expires_on=dt.date(2026, 3, 5)),
            s.w.clock.set(dt.datetime(2026, 3, 6, tzinfo=ROME)),
        )[0],
        lambda s, offer: s.portal.applications.apply(s.actors["owner"], offer.id),
        "offer.not_open",
    ),
    "another person's application": (
        _nothing,
        lambda s, _: s.portal.applications.get(s.actors["other_citizen"], s.ids["application"].id),
        "application.not_found",
    ),
    "a status going backwards": (
        _nothing,
        lambda s, _: s.portal.applications.review(
            s.actors["company"], s.ids["application"].id, ApplicationStatus.SUBMITTED
        ),
        "application.status_cannot_change",
    ),
    "an expired course": (
        _expire_everything,
        lambda s, _: s.portal.courses.card(s.actors["owner"], s.ids["course"].id),
        "course.enrolment_closed",
    ),
    "another entity's course": (
        lambda s: ok(
            s.portal.organisations.register_training_entity(
                s.actors["operator"],
                attrs.evolve(_details(), name="Altro ente"),
            )
        ),
        lambda s, other: s.portal.courses.update(
            _entity(other), s.ids["course"].id, course_details()
        ),
        "course.not_found",
    ),
    "a course with bad details": (
        _nothing,
        lambda s, _: s.portal.courses.publish(s.actors["entity"], course_details(hours=0)),
        "input.invalid",
    ),
    "an unknown course filter value": (
        _nothing,
        lambda s, _: s.portal.courses.search(s.actors["owner"], CourseQuery(name="x" * 500)),
        "input.invalid",
    ),
    "joining an unknown event": (
        _nothing,
        lambda s, _: s.portal.events.join(s.actors["owner"], EventId("no-such-event")),
        "event.not_found",
    ),
    "joining twice": (
        _nothing,
        lambda s, _: s.portal.events.join(s.actors["owner"], s.ids["event"].id),
        "event.already_joined",
    ),
    "joining a closed registration": (
        _closed_registration,
        lambda s, _: s.portal.events.join(s.actors["other_citizen"], s.ids["event"].id),
        "event.registration_closed",
    ),
    "a ticket without membership": (
        _nothing,
        lambda s, _: s.portal.events.ticket(s.actors["other_citizen"], s.ids["event"].id),
        "event.not_joined",
    ),
    "a forged ticket": (
        _nothing,
        lambda s, _: s.portal.events.check_in(s.actors["cpi"], "AAAA" + s.ids["ticket"].code),
        "event.ticket.invalid",
    ),
    "a ticket used twice": (
        _used_ticket,
        lambda s, _: s.portal.events.check_in(s.actors["cpi"], s.ids["ticket"].code),
        "event.ticket.already_used",
    ),
    "another person's message": (
        _nothing,
        lambda s, _: s.portal.messages.open(s.actors["other_citizen"], s.ids["message"].id),
        "message.not_found",
    ),
    "an empty reply": (
        _nothing,
        lambda s, _: s.portal.messages.reply(
            s.actors["owner"], s.ids["message"].id, Reply(body="")
        ),
        "input.invalid",
    ),
    "interest twice": (
        _nothing,
        lambda s, _: s.portal.talent.express_interest(s.actors["company"], s.ids["cv"].id),
        "talent.interest.already_expressed",
    ),
    "an unknown CV": (
        _nothing,
        lambda s, _: s.portal.talent.view(s.actors["company"], CvId("no-such-cv")),
        "cv.not_found",
    ),
    "a bad CV search": (
        _nothing,
        lambda s, _: s.portal.talent.browse(
            s.actors["company"],
            CvQuery(municipality=MunicipalityCode("D969"), province="GE"),
        ),
        "input.invalid",
    ),
    "another person's unlock request": (
        _nothing,
        lambda s, _: s.portal.talent.unlock(s.actors["other_citizen"], s.ids["unlock"].id),
        "unlock_request.not_found",
    ),
    "revoking a pending request": (
        _nothing,
        lambda s, _: s.portal.talent.revoke(s.actors["owner"], s.ids["unlock"].id),
        "talent.unlock.not_possible",
    ),
    "another person's saved search": (
        _nothing,
        lambda s, _: s.portal.offers.delete_search(s.actors["other_citizen"], s.ids["search"].id),
        "saved_search.not_found",
    ),
    "a saved search without a name": (
        _nothing,
        lambda s, _: s.portal.offers.save_search(
            s.actors["owner"], SavedSearchRequest(name="", query=OfferQuery())
        ),
        "input.invalid",
    ),
    "an unknown company": (
        _nothing,
        lambda s, _: s.portal.organisations.company(
            s.actors["owner"], CompanyId("no-such-company")
        ),
        "company.not_found",
    ),
}


@pytest.mark.parametrize("case", sorted(ROWS))
def test_bad_input_gets_a_specific_failure_and_changes_nothing(case: str) -> None:
    """AP-3, AP-8, EV-5, EV-6, CO-1, SEC-1: refused with its code, the store untouched."""
    setup, call, code = ROWS[case]
    s = scene()
    prepared = setup(s)
    before, files = s.w.storage.dump(), s.w.files.keys()
    result = call(s, prepared)
    error = result.failure()
    assert isinstance(error, DomainError)
    assert error.code == code, error
    assert s.w.storage.dump() == before
    assert s.w.files.keys() == files
