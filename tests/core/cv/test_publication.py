"""Publishing a CV: threshold, lifetime, locked personal data, renewal (CV-5, CV-11, CV-13)."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given
from hypothesis import strategies as st

from formlavoro_core.config import PortalConfig
from formlavoro_core.cv.completion import CompletionWeights, completion_of
from formlavoro_core.cv.failures import AlreadyPublished, BelowThreshold, PersonalDataLocked
from formlavoro_core.cv.model import (
    Address,
    Cv,
    CvContent,
    Entry,
    LanguageSkill,
    Publication,
    Skill,
)
from formlavoro_core.cv.publication import PublicationPolicy, add_local_days
from formlavoro_core.errors import InvalidInput, Problem
from formlavoro_core.ids import AccountId, CvId, EntryId
from formlavoro_core.messaging.outbox import EmailKind
from formlavoro_core.principals import SYSTEM, CitizenPrincipal
from formlavoro_core.reference import LanguageLevel, SkillCategory
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.testing.strategies import cv_contents
from formlavoro_core.values import EmailAddress, PhoneNumber
from tests.support import ROME, START, World, failure, ok, world

INSTANTS = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
)


def _cv(content: CvContent, publication: Publication | None = None) -> Cv:
    return Cv(
        id=CvId("cv"),
        owner=AccountId("a"),
        personal=content.personal,
        experiences=tuple(
            Entry(id=EntryId(f"e{i}"), value=v) for i, v in enumerate(content.experiences)
        ),
        studies=tuple(Entry(id=EntryId(f"s{i}"), value=v) for i, v in enumerate(content.studies)),
        languages=tuple(
            Entry(id=EntryId(f"l{i}"), value=v) for i, v in enumerate(content.languages)
        ),
        skills=tuple(Entry(id=EntryId(f"k{i}"), value=v) for i, v in enumerate(content.skills)),
        qualifications=content.qualifications,
        preferences=content.preferences,
        publication=publication,
        created_at=START,
        updated_at=START,
    )


@given(cv_contents(), st.integers(min_value=0, max_value=100))
def test_cv_5_publication_is_allowed_exactly_from_the_threshold(
    content: CvContent, threshold: int
) -> None:
    """CV-5: publication is allowed exactly from the threshold."""
    policy = PublicationPolicy(timezone=ROME, threshold_percent=threshold)
    completion = completion_of(content, CompletionWeights())
    outcome = policy.publish(_cv(content), completion, START)
    assert isinstance(outcome, Publication) == (completion.ratio * 100 >= threshold)
    if isinstance(outcome, BelowThreshold):
        assert outcome.missing == completion.missing
        assert outcome.percent == completion.percent


@given(INSTANTS)
def test_cv_11_expiry_is_90_calendar_days_later_in_rome(published_at: dt.datetime) -> None:
    """CV-11: expiry is 90 calendar days later in rome."""
    policy = PublicationPolicy(timezone=ROME)
    expires = policy.expiry(published_at)
    assert expires.utcoffset() == dt.timedelta(0)
    local_start, local_end = published_at.astimezone(ROME), expires.astimezone(ROME)
    assert local_end.date() - local_start.date() == dt.timedelta(days=90)
    assert (local_end.hour, local_end.minute, local_end.second) == (
        local_start.hour,
        local_start.minute,
        local_start.second,
    ) or local_end.hour == local_start.hour + 1  # the local time fell in the spring-forward gap
    elapsed = expires - published_at
    assert dt.timedelta(days=90, hours=-1) <= elapsed <= dt.timedelta(days=90, hours=1)


def test_cv_11_expiry_keeps_the_local_time_across_the_dst_change() -> None:
    """CV-11: expiry keeps the local time across the dst change."""
    published = dt.datetime(2026, 3, 1, 10, 0, tzinfo=ROME)  # CET, +01:00
    expires = PublicationPolicy(timezone=ROME).expiry(published)
    assert expires.astimezone(ROME) == dt.datetime(2026, 5, 30, 10, 0, tzinfo=ROME)  # CEST
    assert expires - published == dt.timedelta(days=90, hours=-1)


def test_cv_11_a_local_time_skipped_by_dst_moves_to_after_the_jump() -> None:
    """CV-11: a local time skipped by dst moves to after the jump."""
    zone = ROME
    start = dt.datetime(2026, 1, 29, 2, 30, tzinfo=zone)  # 29 Jan + 60 days = 29 Mar, 02:30 missing
    moved = add_local_days(start, 59, zone)
    assert moved.astimezone(zone) == dt.datetime(2026, 3, 29, 3, 30, tzinfo=zone)


# -- through the portal -----------------------------------------------------------------

SIXTY_FIVE = CompletionWeights(
    personal=65, experiences=0, studies=0, languages=0, skills=35, qualifications=0, preferences=0
)


def _filled(w: World) -> tuple[CitizenPrincipal, Cv]:
    citizen, cv = w.citizen_with_cv()
    personal = attrs.evolve(
        cv.personal,
        phone=PhoneNumber("+39 010 555 1234"),
        residence=Address(municipality=MunicipalityCode("D969")),
    )
    cv = ok(w.portal.cv.set_personal_data(citizen, cv.id, personal))
    return citizen, cv


def test_cv_5_below_the_threshold_the_refusal_gives_percentage_and_missing_fields() -> None:
    """CV-5: below the threshold the refusal gives percentage and missing fields."""
    w = world(PortalConfig(timezone=ROME, completion_weights=SIXTY_FIVE))
    citizen, cv = w.citizen_with_cv()
    before = w.storage.dump()
    error = failure(w.portal.cv.publish(citizen, cv.id))
    assert error == BelowThreshold(
        percent=46, threshold_percent=65, missing=("personal.phone", "personal.residence", "skills")
    )
    assert error.code == "cv.publish.below_threshold"
    assert "46%" in error.message
    assert w.storage.dump() == before


def test_cv_5_exactly_65_percent_publishes() -> None:
    """CV-5: exactly 65 percent publishes."""
    w = world(PortalConfig(timezone=ROME, completion_weights=SIXTY_FIVE))
    citizen, cv = _filled(w)
    assert ok(w.portal.cv.completion(citizen, cv.id)).percent == 65
    published = ok(w.portal.cv.publish(citizen, cv.id))
    assert published.publication == Publication(
        published_at=START, expires_at=PublicationPolicy(timezone=ROME).expiry(START)
    )
    assert published.is_published(START)


def test_cv_5_the_threshold_is_configuration() -> None:
    """CV-5: the threshold is configuration."""
    w = world(PortalConfig(timezone=ROME, completion_weights=SIXTY_FIVE, threshold_percent=66))
    citizen, cv = _filled(w)
    assert failure(w.portal.cv.publish(citizen, cv.id)).code == "cv.publish.below_threshold"


def _published(config: PortalConfig | None = None) -> tuple[World, CitizenPrincipal, Cv]:
    w = world(config or PortalConfig(timezone=ROME, completion_weights=SIXTY_FIVE))
    citizen, cv = _filled(w)
    return w, citizen, ok(w.portal.cv.publish(citizen, cv.id))


def test_cv_11_personal_data_are_locked_while_published_other_sections_are_not() -> None:
    """CV-11: personal data are locked while published other sections are not."""
    w, citizen, cv = _published()
    assert cv.publication is not None
    before = w.storage.dump()
    changed = attrs.evolve(cv.personal, phone=PhoneNumber("+39 333 0000000"))
    error = failure(w.portal.cv.set_personal_data(citizen, cv.id, changed))
    assert error == PersonalDataLocked(expires_at=cv.publication.expires_at)
    assert w.storage.dump() == before
    skill = Skill(category=SkillCategory.IT, description="Fogli di calcolo")
    ok(w.portal.cv.add_entry(citizen, cv.id, skill))
    ok(
        w.portal.cv.add_entry(
            citizen, cv.id, LanguageSkill(language="fr", level=LanguageLevel.ADVANCED)
        )
    )


def test_cv_11_an_import_may_not_change_personal_data_while_published() -> None:
    """CV-11: an import may not change personal data while published."""
    w, citizen, cv = _published()
    from formlavoro_core.codec import Codec  # noqa: PLC0415

    data = Codec.for_documents().unstructure(cv.content())
    data["personal"]["phone"] = "+39 333 0000000"
    assert (
        failure(w.portal.cv.import_content(citizen, cv.id, data)).code == "cv.personal_data.locked"
    )
    data["personal"]["phone"] = cv.personal.phone
    data["skills"] = [{"category": "professional", "description": "Pasticceria"}]
    ok(w.portal.cv.import_content(citizen, cv.id, data))


def test_cv_11_republication_only_after_expiry() -> None:
    """CV-11: republication only after expiry."""
    w, citizen, cv = _published()
    assert cv.publication is not None
    w.clock.set(cv.publication.expires_at - dt.timedelta(seconds=1))
    error = failure(w.portal.cv.publish(citizen, cv.id))
    assert error == AlreadyPublished(
        expires_at=cv.publication.expires_at, renewable_from=cv.publication.expires_at
    )
    w.clock.set(cv.publication.expires_at)
    assert not ok(w.portal.cv.get(citizen, cv.id)).is_published(w.clock.now())
    again = ok(w.portal.cv.publish(citizen, cv.id))
    assert again.publication is not None
    assert again.publication.published_at == cv.publication.expires_at


def test_cv_11_personal_data_unlock_once_expired() -> None:
    """CV-11: personal data unlock once expired."""
    w, citizen, cv = _published()
    assert cv.publication is not None
    w.clock.set(cv.publication.expires_at)
    changed = attrs.evolve(cv.personal, phone=PhoneNumber("+39 333 0000000"))
    ok(w.portal.cv.set_personal_data(citizen, cv.id, changed))


def test_cv_13_a_renewal_window_restarts_the_lifetime_without_a_gap() -> None:
    """CV-13: a renewal window restarts the lifetime without a gap."""
    config = PortalConfig(timezone=ROME, completion_weights=SIXTY_FIVE, cv_renewal_window_days=10)
    w, citizen, cv = _published(config)
    assert cv.publication is not None
    window_opens = add_local_days(cv.publication.expires_at, -10, ROME)
    w.clock.set(window_opens - dt.timedelta(minutes=1))
    error = failure(w.portal.cv.publish(citizen, cv.id))
    assert error == AlreadyPublished(
        expires_at=cv.publication.expires_at, renewable_from=window_opens
    )
    w.clock.set(window_opens)
    renewed = ok(w.portal.cv.publish(citizen, cv.id))
    assert renewed.publication is not None
    assert renewed.publication.published_at == window_opens
    assert renewed.publication.expires_at == add_local_days(window_opens, 90, ROME)
    assert renewed.publication.expires_at > cv.publication.expires_at


def _run_due(w: World) -> int:
    return ok(w.portal.jobs.run_due(SYSTEM)).cv_reminders


def test_cv_11_a_reminder_is_emailed_5_days_before_expiry_once() -> None:
    """CV-11: a reminder is emailed 5 days before expiry once."""
    w, _, cv = _published()
    assert cv.publication is not None
    due = add_local_days(cv.publication.expires_at, -5, ROME)
    w.clock.set(due - dt.timedelta(seconds=1))
    assert _run_due(w) == 0
    w.clock.set(due)
    assert _run_due(w) == 1
    assert _run_due(w) == 0
    ok(w.portal.mail.deliver_pending(SYSTEM))
    (reminder,) = w.mailer.sent
    assert reminder.kind is EmailKind.CV_EXPIRY_REMINDER
    assert reminder.to == "anna.rossi@example.it"
    assert str(cv.id) in reminder.body


def test_cv_11_no_reminder_for_an_expired_cv() -> None:
    """CV-11: no reminder for an expired cv."""
    w, _, cv = _published()
    assert cv.publication is not None
    w.clock.set(cv.publication.expires_at + dt.timedelta(days=1))
    assert _run_due(w) == 0


def test_scheduled_jobs_and_mail_delivery_are_for_the_system_only() -> None:
    w, citizen, _ = _published()
    assert failure(w.portal.jobs.run_due(citizen)).code == "access.forbidden"
    assert failure(w.portal.mail.deliver_pending(citizen)).code == "access.forbidden"


def test_ms_4_mail_waits_in_the_outbox_while_the_server_is_down() -> None:
    """MS-4: mail waits in the outbox while the server is down."""
    w, _, cv = _published()
    assert cv.publication is not None
    w.clock.set(add_local_days(cv.publication.expires_at, -5, ROME))
    _run_due(w)
    w.mailer.available = False
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed) == (0, 1)
    w.mailer.available = True
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 0  # the retry waits a minute
    w.clock.advance(dt.timedelta(minutes=1))
    report = ok(w.portal.mail.deliver_pending(SYSTEM))
    assert (report.sent, report.failed) == (1, 0)
    assert len(w.mailer.sent) == 1


def test_cv_2_every_problem_of_the_personal_data_is_reported_with_its_path() -> None:
    """CV-2: every problem of the personal data is reported with its path."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    before = w.storage.dump()
    bad = attrs.evolve(
        cv.personal,
        email=EmailAddress("nope"),
        phone=PhoneNumber("call me"),
        residence=Address(municipality=MunicipalityCode("X000")),
    )
    error = failure(w.portal.cv.set_personal_data(citizen, cv.id, bad))
    assert error == InvalidInput(
        problems=(
            Problem(path="email", message="not an email address"),
            Problem(path="phone", message="not a phone number"),
            Problem(path="residence.municipality", message="unknown municipality code"),
        )
    )
    assert w.storage.dump() == before
