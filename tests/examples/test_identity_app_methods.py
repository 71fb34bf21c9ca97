"""examples/identity_app.py: regional credentials and the card certificate, in process."""

from __future__ import annotations

import datetime as dt
import io
import urllib.parse
from typing import Any

import pytest

from formlavoro_adapters import InMemoryStorage, SettableClock, bootstrap
from formlavoro_adapters.identity.certificates import CNS_POLICY, ClientCertificateLogin
from formlavoro_adapters.identity.crl import FileCrlSource
from formlavoro_adapters.passwords import Argon2PasswordHasher
from formlavoro_core import ANONYMOUS, FiscalCode, PortalConfig
from formlavoro_core.identity.services import RegionalRegistration
from formlavoro_core.values import EmailAddress
from tests.adapters.identity.certificates_support import (
    FISCAL_CODE,
    NOW,
    Authority,
    new_key,
    nginx_header,
    pem,
)
from tests.support import ROME, load_example

PROXY = "10.0.0.2"


@pytest.fixture(scope="module")
def authorities() -> tuple[Authority, Authority]:
    root = Authority.root(key=new_key())
    return root, root.intermediate(key=new_key())


@pytest.fixture
def app(authorities: tuple[Authority, Authority]) -> Any:
    root, issuing = authorities
    clock = SettableClock(dt.datetime(2021, 1, 15, 9, 0, tzinfo=dt.UTC))
    portal = bootstrap(
        config=PortalConfig(timezone=ROME),
        storage=InMemoryStorage(),
        clock=clock,
        passwords=Argon2PasswordHasher(time_cost=1, memory_cost=64, parallelism=1),
    )
    notices = portal.identity.notices()
    receipt = portal.identity.accept_notices(
        ANONYMOUS,
        privacy_notice_version=notices.privacy_notice_version,
        citizen_regulation_version=notices.citizen_regulation_version,
    ).unwrap()
    registration = RegionalRegistration(
        fiscal_code=FiscalCode.parse("BNCLRA90A41D969K"),
        given_name="Laura",
        family_name="Bianchi",
        email=EmailAddress("laura.bianchi@example.it"),
        username="laura.b",
        password="tramonto sul porto antico",
    )
    portal.identity.register_regional(ANONYMOUS, registration, consent=receipt).unwrap()
    certificates = ClientCertificateLogin(
        ca_bundle=pem(root.certificate, issuing.certificate),
        trusted_proxies=[PROXY],
        crl_source=FileCrlSource([root.crl(), issuing.crl()]),
        clock=SettableClock(NOW),
        policies=(CNS_POLICY,),
    )
    return load_example("identity_app").IdentityApp(portal, {}, certificates, clock=clock)


def call(
    app: Any,
    method: str,
    path: str,
    *,
    form: dict[str, str] | None = None,
    peer: str = "192.0.2.7",
    headers: dict[str, str] | None = None,
) -> tuple[str, dict[str, str], str]:
    body = urllib.parse.urlencode(form or {}).encode()
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "REMOTE_ADDR": peer,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    answered: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        answered["status"] = status
        answered["headers"] = dict(response_headers)

    text = b"".join(app(environ, start_response)).decode()
    return answered["status"], answered["headers"], text


def test_sec_2_regional_login_answers_401_then_429_with_retry_after(app: Any) -> None:
    """SEC-2, SEC-6: five attempts from one address, then the sixth waits."""
    right = {"username": "laura.b", "password": "tramonto sul porto antico"}
    wrong = {"username": "laura.b", "password": "sbagliata"}
    assert call(app, "POST", "/regional/login", form=right)[0] == "200 OK"
    for _ in range(5):
        status, _, text = call(app, "POST", "/regional/login", form=wrong)
        assert status == "401 Unauthorized"
        assert text.startswith("identity.login.invalid_credentials")
    status, headers, text = call(app, "POST", "/regional/login", form=right)
    assert status == "429 Too Many Requests"
    assert headers["Retry-After"] == "30"
    assert text.startswith("identity.login.throttled")


def test_id_2_a_card_certificate_from_the_proxy_logs_the_citizen_in(
    app: Any, authorities: tuple[Authority, Authority]
) -> None:
    _, issuing = authorities
    headers = {
        "X-SSL-Client-Cert": nginx_header(issuing.leaf(key=new_key())),
        "X-SSL-Client-Verify": "SUCCESS",
    }
    status, _, text = call(app, "GET", "/cns/login", peer=PROXY, headers=headers)
    assert status == "200 OK"
    assert text.startswith(f"logged in: {FISCAL_CODE} (cns); first login: True")
    # The same headers from anywhere but the proxy are not believed.
    status, _, text = call(app, "GET", "/cns/login", peer="192.0.2.7", headers=headers)
    assert status == "403 Forbidden"
    assert text.startswith("identity.certificate.untrusted_proxy")
