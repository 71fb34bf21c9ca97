"""The reference apps served by their own process on 127.0.0.1, over real HTTP."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping

import pytest

from tests.examples.web.journey import ANSWERS, CONSENT, CREDENTIALS
from tests.examples.web.servers import serving

APPS = ["examples.web.fastapi_app", "examples.web.django_app"]


@pytest.fixture(scope="module", params=APPS)
def base_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with serving(request.param, tmp_path_factory.mktemp("served")) as url:
        yield url


class Browser:
    """Cookies, redirects and forms over urllib: what a browser does without scripts."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def send(self, path: str, form: Mapping[str, object] | None = None) -> tuple[int, str, str]:
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode()
        request = urllib.request.Request(self.base_url + path, data=data)  # noqa: S310 - loopback
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, urllib.parse.urlsplit(answer.url).path, answer.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, path, refused.read().decode()


def test_the_journey_over_real_http(base_url: str) -> None:
    """ID-1, ID-3, ON-1: consent, regional login and the four questions, served for real."""
    browser = Browser(base_url)
    assert browser.send("/")[1] == "/accesso"
    assert browser.send("/accesso", CONSENT)[1] == "/accesso/metodi"
    status, path, page = browser.send("/accesso/regionale", CREDENTIALS)
    assert (status, path) == (200, "/benvenuto")
    assert '<html lang="it">' in page
    for step, answer in ANSWERS:
        assert browser.send(f"/benvenuto/{step}", answer)[0] == 200
    status, path, page = browser.send("/")
    assert (status, path) == (200, "/")
    assert "Completamento del CV" in page


def test_problem_details_over_real_http(base_url: str) -> None:
    status, _, body = Browser(base_url).send("/api/offers?size=0")
    problem = json.loads(body)
    assert (status, problem["status"], problem["code"]) == (422, 422, "input.invalid")
    status, _, body = Browser(base_url).send("/api/cv")
    assert (status, json.loads(body)["code"]) == (401, "web.session.missing")
