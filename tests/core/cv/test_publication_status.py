"""CV-14: whether a CV can be published now, and otherwise from when or what is missing.

``portal.cv.publication_status`` answers without trying: nothing is stored, and
``publish`` then answers exactly what the status said (issue 9, point 17).
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from formlavoro_core.config import PortalConfig
from formlavoro_core.cv.completion import CompletionWeights
from formlavoro_core.cv.failures import AlreadyPublished, BelowThreshold
from formlavoro_core.cv.model import Address, Cv, Skill
from formlavoro_core.cv.publication import PublicationReadiness, add_local_days
from formlavoro_core.principals import CitizenPrincipal
from formlavoro_core.reference import SkillCategory
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.values import PhoneNumber
from tests.support import MARIO, ROME, START, World, failure, ok, world

SIXTY_FIVE = CompletionWeights(
    personal=65, experiences=0, studies=0, languages=0, skills=35, qualifications=0, preferences=0
)
"""Personal data alone reach 65%, the threshold; the skills are the rest."""


def _portal(renewal_window_days: int = 0) -> World:
    return world(
        PortalConfig(
            timezone=ROME,
            completion_weights=SIXTY_FIVE,
            cv_renewal_window_days=renewal_window_days,
        )
    )


def _filled(w: World) -> tuple[CitizenPrincipal, Cv]:
    citizen, cv = w.citizen_with_cv()
    personal = attrs.evolve(
        cv.personal,
        phone=PhoneNumber("+39 010 555 1234"),
        residence=Address(municipality=MunicipalityCode("D969")),
    )
    return citizen, ok(w.portal.cv.set_personal_data(citizen, cv.id, personal))


def test_cv_14_below_the_threshold_the_status_says_what_is_missing_without_trying() -> None:
    """CV-14, CV-5: the percentage, the threshold and the missing fields; nothing stored."""
    w = _portal()
    citizen, cv = w.citizen_with_cv()
    before = w.storage.dump()
    status = ok(w.portal.cv.publication_status(citizen, cv.id))
    missing = ("personal.phone", "personal.residence", "skills")
    assert status == PublicationReadiness(
        percent=46,
        threshold_percent=65,
        missing=missing,
        published_until=None,
        publishable_from=None,
        reasons=(BelowThreshold(percent=46, threshold_percent=65, missing=missing),),
    )
    assert not status.publishable_now
    assert not status.complete_enough
    assert w.storage.dump() == before
    assert failure(w.portal.cv.publish(citizen, cv.id)) == status.reasons[0]


def test_cv_14_a_complete_unpublished_cv_can_be_published_now() -> None:
    """CV-14: nothing missing, nothing to wait for."""
    w = _portal()
    citizen, cv = _filled(w)
    status = ok(w.portal.cv.publication_status(citizen, cv.id))
    assert status.publishable_now
    assert status.complete_enough
    assert (status.reasons, status.publishable_from, status.published_until) == ((), None, None)
    assert status.missing == ("skills",)  # below 100%, above the threshold
    ok(w.portal.cv.publish(citizen, cv.id))


def test_cv_14_a_published_cv_says_from_when_it_can_be_published_again() -> None:
    """CV-14, CV-11: while active, from its expiry; at the expiry, now."""
    w = _portal()
    citizen, cv = _filled(w)
    published = ok(w.portal.cv.publish(citizen, cv.id))
    assert published.publication is not None
    expires_at = published.publication.expires_at
    w.clock.set(expires_at - dt.timedelta(seconds=1))
    status = ok(w.portal.cv.publication_status(citizen, cv.id))
    assert not status.publishable_now
    assert status.complete_enough
    assert (status.published_until, status.publishable_from) == (expires_at, expires_at)
    assert status.reasons == (AlreadyPublished(expires_at=expires_at, renewable_from=expires_at),)
    assert failure(w.portal.cv.publish(citizen, cv.id)) == status.reasons[0]
    w.clock.set(expires_at)
    status = ok(w.portal.cv.publication_status(citizen, cv.id))
    assert status.publishable_now
    assert status.published_until is None
    ok(w.portal.cv.publish(citizen, cv.id))


def test_cv_14_with_a_renewal_window_the_status_gives_its_opening() -> None:
    """CV-14, CV-13: a portal renewing in the last 10 days says when they start."""
    w = _portal(renewal_window_days=10)
    citizen, cv = _filled(w)
    published = ok(w.portal.cv.publish(citizen, cv.id))
    assert published.publication is not None
    opens = add_local_days(published.publication.expires_at, -10, ROME)
    status = ok(w.portal.cv.publication_status(citizen, cv.id))
    assert status.publishable_from == opens
    assert status.published_until == published.publication.expires_at
    w.clock.set(opens)
    status = ok(w.portal.cv.publication_status(citizen, cv.id))
    assert status.publishable_now
    assert status.published_until == published.publication.expires_at
    ok(w.portal.cv.publish(citizen, cv.id))


def test_cv_14_a_published_cv_made_incomplete_gives_both_reasons() -> None:
    """CV-14: while active and below the threshold, both the wait and what is missing."""
    halves = CompletionWeights(
        personal=50,
        experiences=0,
        studies=0,
        languages=0,
        skills=50,
        qualifications=0,
        preferences=0,
    )
    w = world(PortalConfig(timezone=ROME, completion_weights=halves))
    citizen, cv = _filled(w)
    skill = Skill(category=SkillCategory.BASIC, description="Lavoro in squadra")
    cv = ok(w.portal.cv.add_entry(citizen, cv.id, skill))
    published = ok(w.portal.cv.publish(citizen, cv.id))
    assert published.publication is not None
    ok(w.portal.cv.remove_entry(citizen, cv.id, cv.skills[0].id))  # allowed while active
    status = ok(w.portal.cv.publication_status(citizen, cv.id))
    assert [reason.code for reason in status.reasons] == [
        "cv.publish.below_threshold",
        "cv.publish.still_active",
    ]
    assert (status.percent, status.missing) == (50, ("skills",))
    assert status.publishable_from == published.publication.expires_at
    assert failure(w.portal.cv.publish(citizen, cv.id)) == status.reasons[0]


@pytest.mark.parametrize("days", [0, 1, 44, 89, 90, 91])
@pytest.mark.parametrize("window", [0, 10])
def test_cv_14_publish_answers_what_the_status_said(days: int, window: int) -> None:
    """CV-14: at every point of the lifetime, the status foretells ``publish``."""
    w = _portal(renewal_window_days=window)
    citizen, cv = _filled(w)
    ok(w.portal.cv.publish(citizen, cv.id))
    w.clock.set(START + dt.timedelta(days=days))
    status = ok(w.portal.cv.publication_status(citizen, cv.id))
    outcome = w.portal.cv.publish(citizen, cv.id)
    if status.publishable_now:
        ok(outcome)
    else:
        assert failure(outcome) == status.reasons[0]


def test_cv_14_the_status_is_the_owners_only() -> None:
    """CV-14, SEC-1: another citizen gets ``cv.not_found``, a company ``access.forbidden``."""
    w = _portal()
    _, cv = w.citizen_with_cv()
    other = w.login(MARIO)
    assert failure(w.portal.cv.publication_status(other, cv.id)).code == "cv.not_found"
    company = w.company()
    assert failure(w.portal.cv.publication_status(company, cv.id)).code == "access.forbidden"
