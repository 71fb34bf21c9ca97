"""examples/identity_app.py, driven in process: metadata, login, ACS with the portal."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import urllib.parse
from typing import Any

import pytest
from defusedxml import ElementTree as SafeET

from formlavoro_adapters import Settings, bootstrap
from formlavoro_adapters.identity.saml import IdentityProviderRegistry, SamlProfile
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.principals import ANONYMOUS
from tests.adapters.identity.saml.idp import (
    IDP_ENTITY_ID,
    FakeIdentityProvider,
    ResponseSpec,
    encode,
    logout_request_xml,
    new_id,
)
from tests.support import load_example


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, idp: FakeIdentityProvider) -> Any:
    example = load_example("identity_app")
    registry = IdentityProviderRegistry.from_texts([idp.metadata])
    folder = tmp_path_factory.mktemp("app")
    providers = {
        profile.value: example.make_provider(
            profile,
            base_url="http://127.0.0.1:8000",
            folder=folder,
            registry=registry,
            allow_expired_idp_certificates=False,
        )
        for profile in SamlProfile
    }
    return example.IdentityApp(bootstrap(Settings(storage="memory")), providers)


def call(app: Any, method: str, path: str, query: str = "", body: str = "") -> tuple[str, str]:
    data = body.encode()
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.input": io.BytesIO(data),
    }
    answer: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer.append(status)

    content = b"".join(app(environ, start_response)).decode()
    return answer[0], content


def test_the_app_serves_both_metadata(app: Any) -> None:
    for scheme in ("spid", "cie"):
        status, body = call(app, "GET", f"/{scheme}/metadata")
        assert status == "200 OK"
        assert f'entityID="http://127.0.0.1:8000/{scheme}/metadata"' in body


def _logged_in(app: Any, idp: FakeIdentityProvider, scheme: str) -> tuple[str, ResponseSpec]:
    """A login through the app: the ACS form and the response's spec."""
    status, page = call(
        app, "GET", f"/{scheme}/login", urllib.parse.urlencode({"idp": IDP_ENTITY_ID})
    )
    assert status == "200 OK"
    saml_request = re.search(r'name="SAMLRequest" value="([^"]+)"', page)
    relay_state = re.search(r'name="RelayState" value="([^"]+)"', page)
    assert saml_request is not None
    assert relay_state is not None
    request = SafeET.fromstring(base64.b64decode(saml_request.group(1)))
    spec = ResponseSpec(
        request_id=str(request.get("ID")),
        acs_url=f"http://127.0.0.1:8000/{scheme}/acs",
        audience=f"http://127.0.0.1:8000/{scheme}/metadata",
        issued_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )
    form = urllib.parse.urlencode(
        {"SAMLResponse": encode(idp.response(spec)), "RelayState": relay_state.group(1)}
    )
    status, body = call(app, "POST", f"/{scheme}/acs", body=form)
    assert status == "200 OK", body
    assert "logged in: RSSNNA85T50A562J" in body
    return form, spec


@pytest.mark.parametrize("scheme", ["spid", "cie"])
def test_a_login_goes_through_the_acs_once(
    app: Any, idp: FakeIdentityProvider, scheme: str
) -> None:
    form, _ = _logged_in(app, idp, scheme)
    status, body = call(app, "POST", f"/{scheme}/acs", body=form)
    assert status == "403 Forbidden"
    assert body.startswith("identity.saml.unknown_request")


def test_an_unknown_idp_is_a_bad_request(app: Any) -> None:
    status, body = call(app, "GET", "/spid/login", "idp=https%3A%2F%2Fnobody.example")
    assert status == "400 Bad Request"
    assert body.startswith("identity.saml.unknown_idp")


def test_point7_the_run_id_is_served_only_when_given(app: Any) -> None:
    """Issue 9 point 7: /run-id tells a test harness which server answers."""
    example = load_example("identity_app")
    marked = example.IdentityApp(app.portal, app.providers, run_id="run-4f2a")

    assert call(marked, "GET", "/run-id") == ("200 OK", "run-4f2a")
    assert call(app, "GET", "/run-id")[0] == "404 Not Found"


@pytest.mark.parametrize("binding", ["post", "redirect"])
def test_id_7_the_identity_providers_logout_request_ends_the_session_of_the_login(
    app: Any, idp: FakeIdentityProvider, binding: str
) -> None:
    """ID-7: the app links each SAML login to its session; the provider's signed
    LogoutRequest at /spid/slo ends it (audited) and gets a signed LogoutResponse."""
    _, spec = _logged_in(app, idp, "spid")
    before = _provider_logouts(app)
    xml_parts = {
        "destination": "http://127.0.0.1:8000/spid/slo",
        "at": dt.datetime.now(dt.UTC).replace(microsecond=0),
        "name_id": f"_transient-{spec.assertion_id}",
        "session_indexes": (f"_s{spec.assertion_id}",),
    }
    if binding == "post":
        form = {"SAMLRequest": encode(idp.logout_request(**xml_parts)), "RelayState": "r"}  # type: ignore[arg-type]
        status, page = call(app, "POST", "/spid/slo", body=urllib.parse.urlencode(form))
    else:
        xml = logout_request_xml(request_id=new_id(), **xml_parts)  # type: ignore[arg-type]
        query = idp.redirect_query("SAMLRequest", xml, relay_state="r")
        status, page = call(app, "GET", "/spid/slo", query=query)
    assert status == "200 OK", page
    assert f'action="{IDP_ENTITY_ID}/slo"' in page  # the test provider takes answers by POST
    answer = re.search(r'name="SAMLResponse" value="([^"]+)"', page)
    assert answer is not None
    root = SafeET.fromstring(base64.b64decode(answer.group(1)))
    assert root.tag == "{urn:oasis:names:tc:SAML:2.0:protocol}LogoutResponse"
    assert _provider_logouts(app) == before + 1
    status, body = call(app, "POST", "/spid/slo", body=urllib.parse.urlencode({"SAMLRequest": "x"}))
    assert (status, body) == ("403 Forbidden", "identity.saml.malformed\n")


def _provider_logouts(app: Any) -> int:
    """How many logouts the identity provider asked for Anna, in her access log (SEC-3)."""
    portal = app.portal
    notices = portal.identity.notices()
    receipt = portal.identity.accept_notices(
        ANONYMOUS,
        privacy_notice_version=notices.privacy_notice_version,
        citizen_regulation_version=notices.citizen_regulation_version,
    ).unwrap()
    anna = IdentityAssertion(
        method=LoginMethod.SPID,
        fiscal_code=FiscalCode("RSSNNA85T50A562J"),
        given_name="Anna",
        family_name="Rossi",
        level=AssuranceLevel.SUBSTANTIAL,
    )
    principal = portal.identity.login(ANONYMOUS, anna, consent=receipt).unwrap().principal
    log = portal.privacy.access_log(principal).unwrap()
    return sum(entry.use_case == "identity.provider_logout" for entry in log)
