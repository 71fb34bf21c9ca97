"""One test client for both reference apps: FastAPI's own, and Django's behind the same face.

The tests of the pages and of the API run unchanged against each app; Django's client
is wrapped to answer like FastAPI's (``status_code``, ``text``, ``url.path``,
``json()``, ``headers``, ``cookies``), following redirects as a browser does.
"""

from __future__ import annotations

import json as jsonlib
import urllib.parse
from collections.abc import Mapping
from typing import Any

import attrs
from examples.web.demo import Site


@attrs.frozen
class Url:
    path: str
    query: bytes


class DjangoAnswer:
    def __init__(self, response: Any) -> None:
        self.status_code: int = response.status_code
        self.text: str = response.content.decode()
        self.headers = response.headers
        request = response.request
        self.url = Url(request["PATH_INFO"], str(request.get("QUERY_STRING", "")).encode())

    def json(self) -> Any:
        return jsonlib.loads(self.text)


class DjangoCookies:
    def __init__(self, client: Any) -> None:
        self._client = client

    def clear(self) -> None:
        self._client.cookies.clear()

    def __getitem__(self, name: str) -> str:
        return str(self._client.cookies[name].value)


class DjangoClient:
    """django.test.Client with the methods the tests call on FastAPI's TestClient."""

    def __init__(self, site: Site) -> None:
        from django.test import Client  # noqa: PLC0415 - after the settings
        from examples.web.django_app import configure  # noqa: PLC0415

        configure(site)
        self._client = Client()
        self.cookies = DjangoCookies(self._client)

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> DjangoAnswer:
        return DjangoAnswer(self._client.get(path, follow=True, headers=dict(headers or {})))

    def post(
        self,
        path: str,
        data: Mapping[str, object] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        json: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> DjangoAnswer:
        extra = {"headers": dict(headers or {}), "follow": True}
        if json is not None:
            body = jsonlib.dumps(json)
            return DjangoAnswer(
                self._client.post(path, body, content_type="application/json", **extra)
            )
        form: dict[str, object] = dict(data or {})
        if files:
            from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

            for name, (filename, content, kind) in files.items():
                form[name] = SimpleUploadedFile(filename, content, content_type=kind)
        return DjangoAnswer(self._client.post(path, form, **extra))

    def request(
        self, method: str, path: str, json: object = None, headers: Mapping[str, str] | None = None
    ) -> DjangoAnswer:
        if method == "GET":
            return self.get(path, headers=headers)
        return self.post(path, json=json, headers=headers)


def query_of(url: str) -> str:
    """The query string of ``url``."""
    return urllib.parse.urlsplit(url).query
