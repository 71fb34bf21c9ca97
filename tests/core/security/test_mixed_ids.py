"""SEC-1 / issue 9 point 16: one's own id mixed with another party's, in one call.

My CV with your attachment, my entry list with your entry, your application with my
review, my event with your draft offer, your ticket at my door: each answers as if the
other party's record did not exist, changes nothing, and shows nothing of theirs. On
memory and on a SQLite file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from returns.result import Failure, Result

from formlavoro_core.applications.model import ApplicationRequest, ApplicationStatus
from formlavoro_core.courses.model import CourseDetails
from formlavoro_core.errors import DomainError
from formlavoro_core.messaging.model import Reply
from tests.core.courses.builders import course_details
from tests.core.security.parties import STORAGES, Scene, leaked, scene, stored
from tests.support import draft_offer

Mixed = Callable[[Scene], Result[Any, DomainError]]


def _a(s: Scene, role: str) -> Any:
    return s.actors[role]


def _i(s: Scene, name: str) -> Any:
    return s.ids[name].id


def _renamed(s: Scene) -> CourseDetails:
    return course_details(title="Corso rinominato")


MIXED: dict[str, tuple[str, Mixed, str]] = {
    # -- a citizen: my CV, your parts ------------------------------------------------------
    "my CV, your attachment": (
        "owner",
        lambda s: s.portal.cv.attachment_content(
            _a(s, "owner"), _i(s, "cv"), _i(s, "other_attachment")
        ),
        "attachment.not_found",
    ),
    "my CV, removing your attachment": (
        "owner",
        lambda s: s.portal.cv.remove_attachment(
            _a(s, "owner"), _i(s, "cv"), _i(s, "other_attachment")
        ),
        "attachment.not_found",
    ),
    "my CV, replacing your study": (
        "owner",
        lambda s: s.portal.cv.replace_entry(
            _a(s, "owner"),
            _i(s, "cv"),
            s.ids["other_cv"].studies[0].id,
            s.ids["cv"].studies[0].value,
        ),
        "cv_entry.not_found",
    ),
    "my CV, removing your language": (
        "owner",
        lambda s: s.portal.cv.remove_entry(
            _a(s, "owner"), _i(s, "cv"), s.ids["other_cv"].languages[0].id
        ),
        "cv_entry.not_found",
    ),
    "your CV, its status": (
        "owner",
        lambda s: s.portal.cv.publication_status(_a(s, "owner"), _i(s, "other_cv")),
        "cv.not_found",
    ),
    "my application to your company's offer, with your attachment": (
        "owner",
        lambda s: s.portal.applications.apply(
            _a(s, "owner"),
            _i(s, "other_offer"),
            ApplicationRequest(attachment=_i(s, "other_attachment")),
        ),
        "attachment.not_found",
    ),
    "your application's attachment": (
        "owner",
        lambda s: s.portal.applications.attachment(_a(s, "owner"), _i(s, "other_application")),
        "application.not_found",
    ),
    "your message's thread": (
        "owner",
        lambda s: s.portal.messages.thread(_a(s, "owner"), _i(s, "other_reply")),
        "message.not_found",
    ),
    "replying to your message": (
        "owner",
        lambda s: s.portal.messages.reply(
            _a(s, "owner"), _i(s, "other_message"), Reply(body="Anch'io")
        ),
        "message.not_found",
    ),
    "refusing your unlock request": (
        "owner",
        lambda s: s.portal.talent.refuse(_a(s, "owner"), _i(s, "other_unlock")),
        "unlock_request.not_found",
    ),
    "deleting your saved search": (
        "owner",
        lambda s: s.portal.offers.delete_search(_a(s, "owner"), _i(s, "other_search")),
        "saved_search.not_found",
    ),
    "the ticket of your event": (
        "owner",
        lambda s: s.portal.events.ticket(_a(s, "owner"), _i(s, "other_event")),
        "event.not_joined",
    ),
    # -- a company: your applications, my offers ------------------------------------------
    "reviewing the application to your offer": (
        "company",
        lambda s: s.portal.applications.review(
            _a(s, "company"), _i(s, "other_application"), ApplicationStatus.SELECTED
        ),
        "application.not_found",
    ),
    "opening the application to your offer": (
        "company",
        lambda s: s.portal.applications.get(_a(s, "company"), _i(s, "other_application")),
        "application.not_found",
    ),
    "its attachment": (
        "company",
        lambda s: s.portal.applications.attachment(_a(s, "company"), _i(s, "other_application")),
        "application.not_found",
    ),
    "the applications to your offer": (
        "company",
        lambda s: s.portal.applications.for_offer(_a(s, "company"), _i(s, "other_offer")),
        "offer.not_found",
    ),
    "publishing your draft": (
        "company",
        lambda s: s.portal.offers.publish(_a(s, "company"), _i(s, "other_draft")),
        "offer.not_found",
    ),
    "rewriting your draft": (
        "company",
        lambda s: s.portal.offers.update(_a(s, "company"), _i(s, "other_draft"), draft_offer()),
        "offer.not_found",
    ),
    "closing your offer": (
        "company",
        lambda s: s.portal.offers.close(_a(s, "company"), _i(s, "other_offer")),
        "offer.not_found",
    ),
    "the card of your draft": (
        "company",
        lambda s: s.portal.offers.card(_a(s, "company"), _i(s, "other_draft")),
        "offer.not_found",
    ),
    "answering the reply sent to you": (
        "company",
        lambda s: s.portal.messages.answer(
            _a(s, "company"), _i(s, "other_reply"), Reply(body="Risposta")
        ),
        "message.not_found",
    ),
    # -- an employment centre: my event, your offer; your event, my offer ---------------------
    "my event, your draft": (
        "cpi",
        lambda s: s.portal.events.attach_offer(
            _a(s, "cpi"), _i(s, "event"), _i(s, "other_cpi_draft"), preselection=True
        ),
        "offer.not_found",
    ),
    "your event, my draft": (
        "cpi",
        lambda s: s.portal.events.attach_offer(
            _a(s, "cpi"), _i(s, "other_event"), _i(s, "cpi_draft"), preselection=True
        ),
        "event.not_found",
    ),
    "my event, a company's draft": (
        "cpi",
        lambda s: s.portal.events.attach_offer(
            _a(s, "cpi"), _i(s, "event"), _i(s, "draft"), preselection=True
        ),
        "offer.not_found",
    ),
    "your event's participants": (
        "cpi",
        lambda s: s.portal.events.participants(_a(s, "cpi"), _i(s, "other_event")),
        "event.not_found",
    ),
    "closing your event's registration": (
        "cpi",
        lambda s: s.portal.events.set_registration(
            _a(s, "cpi"), _i(s, "other_event"), is_open=False
        ),
        "event.not_found",
    ),
    "your ticket at my door": (
        "cpi",
        lambda s: s.portal.events.check_in(_a(s, "cpi"), s.ids["other_ticket"].code),
        "event.ticket.invalid",
    ),
    "publishing my offer as yours": (
        "cpi",
        lambda s: s.portal.offers.publish(_a(s, "cpi"), _i(s, "other_cpi_draft")),
        "offer.not_found",
    ),
    # -- a training entity: your courses ----------------------------------------------------
    "changing your course": (
        "entity",
        lambda s: s.portal.courses.update(_a(s, "entity"), _i(s, "other_course"), _renamed(s)),
        "course.not_found",
    ),
    "withdrawing your course": (
        "entity",
        lambda s: s.portal.courses.withdraw(_a(s, "entity"), _i(s, "other_course")),
        "course.not_found",
    ),
}


@pytest.mark.parametrize("storage", STORAGES)
@pytest.mark.parametrize("case", sorted(MIXED))
def test_sec_1_another_partys_id_in_ones_own_call_is_not_found(case: str, storage: str) -> None:
    """SEC-1 / point 16: mixed ids are refused as unknown, change nothing, show nothing."""
    role, call, code = MIXED[case]
    s = scene(storage)
    before = stored(s)
    result = call(s)
    assert isinstance(result, Failure), f"{case}: {result!r}"
    assert result.failure().code == code, f"{case}: {result!r}"
    assert stored(s) == before, f"{case} changed data"
    assert leaked(role, result.failure().to_dict()) == [], f"{case}: {result!r}"
