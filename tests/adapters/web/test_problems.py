"""Failures as HTTP answers: status, RFC 9457 problem details, Retry-After (issue 12.5)."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from formlavoro_adapters.texts import DOMAIN, GettextTranslator
from formlavoro_adapters.web import (
    PROBLEM_JSON,
    SessionExpired,
    SessionInvalid,
    SessionMissing,
    negotiate,
    problem_details,
    status_for,
)
from formlavoro_core import ANONYMOUS, Language
from formlavoro_core.config import PortalConfig
from formlavoro_core.cv.attachments import AttachmentRejected
from formlavoro_core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from formlavoro_core.identity.failures import LoginThrottled, ResetThrottled
from formlavoro_core.identity.model import RegionalCredentialsPolicy
from formlavoro_core.texts.service import TextService
from tests.support import ROME, START, failure, world

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_the_status_follows_the_failure_code() -> None:
    throttled = LoginThrottled(retry_after=NOW)
    assert status_for(throttled) == 429
    assert status_for(NotFound(entity="cv", key="cv-1")) == 404
    assert status_for(InvalidInput.at("size", "must be 1 to 100")) == 422
    assert status_for(Forbidden(action="read this CV")) == 403
    assert status_for(Conflict(entity="cv", key="cv-1")) == 409


def test_an_apps_own_failure_takes_the_status_of_its_base_class() -> None:
    class OwnRefusal(Forbidden):
        @property
        def code(self) -> str:
            return "myapp.refused"

    class Unknown(DomainError):
        pass

    assert status_for(OwnRefusal(action="x")) == 403
    assert status_for(Unknown()) == 400


def test_sec2_a_throttled_login_answers_429_with_retry_after_in_seconds() -> None:
    """SEC-2, SEC-6: the throttle's retry_after becomes Retry-After, rounded up."""
    answer = problem_details(
        LoginThrottled(retry_after=NOW + dt.timedelta(seconds=89, microseconds=1)), now=NOW
    )
    assert answer.status == 429
    assert dict(answer.headers) == {"Content-Type": PROBLEM_JSON, "Retry-After": "90"}
    reset = problem_details(ResetThrottled(retry_after=NOW - dt.timedelta(seconds=5)), now=NOW)
    assert dict(reset.headers)["Retry-After"] == "1"
    assert "Retry-After" not in dict(
        problem_details(NotFound(entity="cv", key="k"), now=NOW).headers
    )


def test_the_body_has_the_rfc9457_members_a_type_per_code_and_the_failures_data() -> None:
    error = InvalidInput.at("experiences[2].start", "not a date")
    answer = problem_details(error, now=NOW, type_base="https://portal.example.it/problems/")
    body = json.loads(answer.json())
    assert body == {
        "type": "https://portal.example.it/problems/input.invalid",
        "title": "Dati non validi",
        "status": 422,
        "detail": error.message,
        "code": "input.invalid",
        "data": {"problems": [{"path": "experiences[2].start", "message": "not a date"}]},
    }
    other = problem_details(NotFound(entity="cv", key="k"), now=NOW).body
    assert other["type"] != body["type"]
    assert problem_details(error, now=NOW, instance="/api/cv").body["instance"] == "/api/cv"


@pytest.mark.parametrize(
    ("header", "title"),
    [
        ("it-IT,it;q=0.9", "Troppi tentativi"),
        ("en-GB,en;q=0.8", "Too many attempts"),
        ("fr-CH, fr;q=0.9, en;q=0.8", "Trop de tentatives"),
        ("de-CH, de;q=0.9", "Zu viele Versuche"),
        ("es, *;q=0.5", "Troppi tentativi"),
        ("en;q=0.2, fr;q=0.7", "Trop de tentatives"),
        ("", "Troppi tentativi"),
    ],
)
def test_tx2_the_title_is_in_the_requests_language(header: str, title: str) -> None:
    """TX-2: the language comes from Accept-Language, Italian by default."""
    language = negotiate(header)
    answer = problem_details(LoginThrottled(retry_after=NOW), now=NOW, language=language)
    assert answer.body["title"] == title


@pytest.mark.parametrize(
    ("header", "start"),
    [
        ("it-IT", "Troppi tentativi non riusciti"),
        ("de-CH", "Zu viele fehlgeschlagene Versuche"),
        ("fr", "Trop de tentatives échouées"),
        ("en", "Too many failed attempts"),
    ],
)
def test_tx2_the_detail_is_the_failure_in_the_requests_language(header: str, start: str) -> None:
    """TX-2: given the portal's texts, the detail is the failure rendered in the language."""
    texts = world().portal.texts
    answer = problem_details(
        LoginThrottled(retry_after=NOW),
        now=NOW,
        language=texts.negotiate(header),
        texts=texts,
    )
    assert answer.body["detail"].startswith(start)


def test_tx1_the_session_failures_read_in_every_language() -> None:
    """TX-1: the web edge's own failures have their texts in the catalogues."""
    texts = world().portal.texts
    for refusal in (SessionMissing(), SessionInvalid(), SessionExpired()):
        rendered = {texts.render(refusal, language) for language in Language}
        assert len(rendered) == len(Language), rendered


def test_negotiation_survives_any_header() -> None:
    assert negotiate("en;q=abc, fr;q=0") is Language.ITALIAN
    assert negotiate(";;;,,,=") is Language.ITALIAN
    assert negotiate("EN-us") is Language.ENGLISH


def test_sec5_problem_details_hold_no_personal_data_of_a_refused_request() -> None:
    """SEC-5: what the person sent (names, a fiscal code, a file name) never comes back."""
    policy = RegionalCredentialsPolicy(
        self_registration_closed_from=dt.date(2030, 1, 1), login_allowed_until=dt.date(2031, 1, 1)
    )
    portal_world = world(PortalConfig(timezone=ROME, regional_credentials=policy))
    result = portal_world.portal.identity.login_regional(
        ANONYMOUS,
        username="anna.rossi@example.it",
        password="RSSNNA85T50A562J Anna Rossi",
        consent=portal_world.consent(),
        source="192.0.2.7",
    )
    body = problem_details(failure(result), now=START).body
    assert (body["code"], body["status"]) == ("identity.login.invalid_credentials", 401)
    rejected = AttachmentRejected(
        reason="empty", filename="CV Anna Rossi RSSNNA85T50A562J.pdf", size=0, detected=None
    )
    attachment = problem_details(rejected, now=START).body
    assert attachment["code"] == "cv.attachment.empty"
    assert attachment["status"] == 422
    for text in (json.dumps(body), json.dumps(attachment)):
        for secret in ("anna", "rossi", "RSSNNA85T50A562J", "192.0.2.7"):
            assert secret.lower() not in text.lower()


def test_tx3_a_portals_own_catalogue_rewords_the_title(tmp_path: pathlib.Path) -> None:
    """TX-1, TX-3: titles are catalogue entries, so the portal's texts can reword them."""
    catalogue = Catalog(locale="it")
    catalogue.add("Too many attempts", "Riprova più tardi", context="problem title")
    target = tmp_path / "it" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / f"{DOMAIN}.mo").open("wb") as handle:
        write_mo(handle, catalogue)
    texts = TextService(GettextTranslator(overrides=tmp_path), default=Language.ITALIAN)
    throttled = LoginThrottled(retry_after=NOW)
    own = problem_details(throttled, now=NOW, language=Language.ITALIAN, texts=texts)
    assert own.body["title"] == "Riprova più tardi"
    german = problem_details(throttled, now=NOW, language=Language.GERMAN, texts=texts)
    assert german.body["title"] == "Zu viele Versuche"
    assert problem_details(throttled, now=NOW).body["title"] == "Troppi tentativi"
