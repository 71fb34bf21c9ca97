"""SPID and CIE logins in the FastAPI reference app, against the tests' identity provider.

The provider signs its responses with xmlsec1, as real ones do: without the program
these tests are skipped, unless ``FORMLAVORO_REQUIRE_XMLSEC=1`` (CI) makes that fail.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import os
import pathlib
import re
import shutil

import pytest
from defusedxml import ElementTree as SafeET
from examples.web.fastapi_app import create_app
from fastapi.testclient import TestClient

from tests.adapters.identity.saml.idp import (
    FakeIdentityProvider,
    ResponseSpec,
    encode,
    make_idp_certificate,
)
from tests.examples.web.journey import CONSENT, new_site


@pytest.fixture(scope="module")
def idp(tmp_path_factory: pytest.TempPathFactory) -> FakeIdentityProvider:
    found = shutil.which("xmlsec1")
    if found is None:
        message = "the xmlsec1 program is missing (apt-get install xmlsec1)"
        if os.environ.get("FORMLAVORO_REQUIRE_XMLSEC") == "1":
            pytest.fail(message)
        pytest.skip(message)
    now = dt.datetime.now(dt.UTC)
    pair = make_idp_certificate(now - dt.timedelta(days=30), valid_for=dt.timedelta(days=365))
    return FakeIdentityProvider(pair, tmp_path_factory.mktemp("idp"), found)


@pytest.mark.parametrize("scheme", ["spid", "cie"])
def test_id6_a_saml_login_opens_the_session_and_the_welcome_step(
    idp: FakeIdentityProvider, tmp_path: pathlib.Path, scheme: str
) -> None:
    """ID-1, ID-2, ID-6: notices first, then the provider chosen; one response, one login."""
    client = TestClient(create_app(new_site(idp_metadata=[idp.metadata], folder=tmp_path)))
    client.post("/accesso", data=CONSENT)
    methods = client.get("/accesso/metodi").text
    link = re.search(rf'href="(/{scheme}/login\?idp=[^"]+)"', methods)
    assert link is not None, methods
    page = client.get(html.unescape(link.group(1))).text
    saml_request = re.search(r'name="SAMLRequest" value="([^"]+)"', page)
    relay_state = re.search(r'name="RelayState" value="([^"]+)"', page)
    assert saml_request is not None
    assert relay_state is not None
    request = SafeET.fromstring(base64.b64decode(saml_request.group(1)))
    spec = ResponseSpec(
        request_id=str(request.get("ID")),
        acs_url=f"http://testserver/{scheme}/acs",
        audience=f"http://testserver/{scheme}/metadata",
        issued_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )
    form = {"SAMLResponse": encode(idp.response(spec)), "RelayState": relay_state.group(1)}
    welcome = client.post(f"/{scheme}/acs", data=form)
    assert welcome.url.path == "/benvenuto"
    assert "RSSNNA85T50A562J" in welcome.text
    replayed = client.post(f"/{scheme}/acs", data=form)
    assert replayed.status_code == 401
    assert 'role="alert"' in replayed.text


def test_the_saml_login_needs_the_notices_first(
    idp: FakeIdentityProvider, tmp_path: pathlib.Path
) -> None:
    """ID-1: without the consent receipt the login page sends back to the notices."""
    client = TestClient(create_app(new_site(idp_metadata=[idp.metadata], folder=tmp_path)))
    assert client.get("/spid/login?idp=https://idp.test.example").url.path == "/accesso"
    metadata = client.get("/spid/metadata")
    assert metadata.status_code == 200
    assert 'entityID="http://testserver/spid/metadata"' in metadata.text
