"""The reference apps, driven through the frameworks' test clients (issue 12 point 6).

The same tests run against the FastAPI app (FastAPI's test client) and the Django app
(Django's). The pages walk the citizen journey as a browser posts its forms; the JSON
API answers failures as RFC 9457 problem details with the status of their code.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from examples.web.fastapi_app import create_app
from examples.web.glue import COOKIE
from fastapi.testclient import TestClient

from tests.examples.web.clients import DjangoClient
from tests.examples.web.journey import (
    ANSWERS,
    CONSENT,
    CREDENTIALS,
    CV_FORMS,
    ONBOARDING_JSON,
    PDF,
    new_site,
)


def make_client(app: str) -> Any:
    if app == "fastapi":
        return TestClient(create_app(new_site()))
    return DjangoClient(new_site())


@pytest.fixture(params=["fastapi", "django"])
def client(request: pytest.FixtureRequest) -> Any:
    return make_client(request.param)


def _first_offer(client: Any, query: str) -> str:
    page = client.get(f"/offerte?{query}")
    assert page.status_code == 200
    found = re.search(r'href="/offerte/([^"?]+)"', page.text)
    assert found is not None, page.text
    return found.group(1)


def test_the_citizen_journey_through_the_pages(client: Any) -> None:
    """ID-1, ID-3, ON-1..ON-6, CV-5, CV-10, OF-3, AP-1, AP-5, AP-12, MS-1, HM-1."""
    assert client.get("/").url.path == "/accesso"  # nobody signed in yet
    assert client.get("/accesso/metodi").url.path == "/accesso"  # ID-1: notices first
    assert client.post("/accesso", data=CONSENT).url.path == "/accesso/metodi"
    welcome = client.post("/accesso/regionale", data=CREDENTIALS)
    assert welcome.url.path == "/benvenuto"
    assert "RSSNNA85T50D969K" in welcome.text  # ON-1: the welcome step shows the fiscal code
    for step, answer in ANSWERS:
        assert client.post(f"/benvenuto/{step}", data=answer).status_code == 200
    home = client.get("/")
    assert "La tua area personale" in home.text
    assert "Completamento del CV" in home.text
    for path, form in CV_FORMS:
        assert client.post(path, data=form).url.query == b"fatto=1"
    uploaded = client.post("/cv/allegati", files={"file": ("cv.pdf", PDF, "application/pdf")})
    assert "cv.pdf" in uploaded.text
    assert "Il CV è pubblicato" in client.post("/cv/pubblica").text

    offer = _first_offer(client, "text=cuoco&location=GE")
    card = client.get(f"/offerte/{offer}")
    assert "Candidati" in card.text
    applications = client.post(f"/offerte/{offer}/candidatura", data={"cover_letter": "Salve"})
    assert applications.url.path == "/candidature"
    assert "Inviata" in applications.text  # AP-5
    assert "Ti sei candidata/o" in client.get(f"/offerte/{offer}").text
    inbox = client.get("/messaggi")
    message = re.search(r'href="(/messaggi/[^"]+)"', inbox.text)
    assert message is not None  # AP-12: the application is acknowledged
    assert "(non letto)" in inbox.text
    assert client.get(message.group(1)).status_code == 200
    assert "(non letto)" not in client.get("/messaggi").text  # MS-2

    assert client.post("/esci").url.path == "/accesso"  # ID-7
    assert client.get("/cv").url.path == "/accesso"


def test_refused_forms_show_their_problems_with_the_status(client: Any) -> None:
    half = {**CONSENT, "accetto": ["informativa"]}
    refused = client.post("/accesso", data=half)
    assert refused.status_code == 422
    assert 'role="alert"' in refused.text
    client.post("/accesso", data=CONSENT)
    wrong = client.post("/accesso/regionale", data={**CREDENTIALS, "password": "sbagliata"})
    assert wrong.status_code == 401
    assert "Accesso richiesto" in wrong.text
    client.post("/accesso/regionale", data=CREDENTIALS)
    too_many = client.post("/benvenuto/sectors", data={"sectors": ["I", "G", "J", "C"]})
    assert too_many.status_code == 422
    assert "sectors" in too_many.text
    assert "Domanda 1 di 4" in too_many.text
    bad_search = client.get("/offerte?size=500")
    assert bad_search.status_code == 422
    assert "size: deve essere tra 1 e 100" in bad_search.text


def test_a_cv_below_the_threshold_is_not_published(client: Any) -> None:
    """CV-5: the refusal is shown on the CV page, with 409."""
    client.post("/accesso", data=CONSENT)
    client.post("/accesso/regionale", data=CREDENTIALS)
    for step, answer in ANSWERS:
        client.post(f"/benvenuto/{step}", data=answer)
    refused = client.post("/cv/pubblica")
    assert refused.status_code == 409
    assert "Il mio CV" in refused.text
    assert 'role="alert"' in refused.text


def test_sec7_a_hostile_upload_is_refused(client: Any) -> None:
    """CV-10, SEC-7: content decides, not the name."""
    client.post("/accesso", data=CONSENT)
    client.post("/accesso/regionale", data=CREDENTIALS)
    for step, answer in ANSWERS:
        client.post(f"/benvenuto/{step}", data=answer)
    exe = b"MZ" + b"\x00" * 200
    refused = client.post("/cv/allegati", files={"file": ("cv.pdf", exe, "application/pdf")})
    assert refused.status_code == 422
    assert "cv.pdf" not in refused.text.split('role="alert"')[1].split("</div>")[0]


def test_the_json_api_journey(client: Any) -> None:
    """ID-8: the consent token opens the login; the session token the rest."""
    notices = client.get("/api/notices").json()
    consent = client.post("/api/consent", json=notices).json()["token"]
    client.cookies.clear()
    bearer = {"Authorization": f"Bearer {consent}"}
    login = client.post("/api/login/regional", json=CREDENTIALS, headers=bearer).json()
    assert login["onboarding_pending"] is True
    session = {"Authorization": f"Bearer {login['token']}"}
    client.cookies.clear()
    assert client.post("/api/onboarding", json=ONBOARDING_JSON, headers=session).json() == {
        "completed": True
    }
    assert client.get("/api/cv", headers=session).json()["studies"][0]["value"]["level"] == (
        "upper_secondary"
    )
    offers = client.get("/api/offers?car_required=true", headers=session).json()
    assert offers["total"] == 1
    assert offers["items"][0]["car_required"] is True
    offer = offers["items"][0]["id"]
    refused = client.post(f"/api/offers/{offer}/applications", json={}, headers=session)
    assert refused.status_code == 409  # AP-1: the CV is not published
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "application.cv_not_published"
    assert client.get("/api/messages", headers=session).json()["total"] >= 0
    assert client.get("/api/applications", headers=session).json() == []


@pytest.mark.parametrize(
    ("request_", "status", "code"),
    [
        (("get", "/api/cv", None), 401, "web.session.missing"),
        (("get", "/api/offers?size=0", None), 422, "input.invalid"),
        (("get", "/api/offers?car_requierd=1", None), 422, "input.invalid"),
        (("post", "/api/consent", {"privacy_notice_version": "0"}), 422, "input.invalid"),
        (("post", "/api/login/regional", CREDENTIALS), 403, "identity.login.consent_required"),
    ],
)
def test_api_failures_are_problem_details(
    client: Any, request_: tuple[str, str, object], status: int, code: str
) -> None:
    method, path, body = request_
    answer = client.request(method.upper(), path, json=body, headers={"Accept-Language": "en"})
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert (problem["status"], problem["code"], problem["instance"]) == (
        status,
        code,
        path.split("?", maxsplit=1)[0],
    )
    assert problem["type"].endswith(code)


def test_a_tampered_session_cookie_is_refused(client: Any) -> None:
    client.post("/accesso", data=CONSENT)
    client.post("/accesso/regionale", data=CREDENTIALS)
    token = client.cookies[COOKIE]
    client.cookies.clear()
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    answer = client.get("/api/cv", headers={"Authorization": f"Bearer {forged}"})
    assert (answer.status_code, answer.json()["code"]) == (401, "web.session.invalid")


def test_sec2_throttled_logins_answer_429_with_retry_after(client: Any) -> None:
    """SEC-2, SEC-6: the throttle's time to wait comes back as Retry-After."""
    consent = client.post(
        "/api/consent", json={"privacy_notice_version": "1", "citizen_regulation_version": "1"}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {consent}"}
    statuses = []
    for _ in range(30):
        answer = client.post(
            "/api/login/regional",
            json={"username": "anna.rossi", "password": "no"},
            headers=headers,
        )
        statuses.append(answer.status_code)
        if answer.status_code == 429:
            assert int(answer.headers["Retry-After"]) >= 1
            assert answer.json()["code"] == "identity.login.throttled"
            break
    assert statuses[0] == 401
    assert statuses[-1] == 429
