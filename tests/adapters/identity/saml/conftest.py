"""Fixtures of the SAML tests: a service provider, a fake identity provider, a clock.

Tests that sign or verify XML need the ``xmlsec1`` program: without it they are skipped
with a message, unless ``FORMLAVORO_REQUIRE_XMLSEC=1`` (CI), which makes them fail.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import shutil
from collections.abc import Callable

import attrs
import pytest

from formlavoro_adapters.clock import SettableClock
from formlavoro_adapters.identity.saml import (
    Contact,
    IdentityProviderRegistry,
    InMemorySamlRequestStore,
    Organization,
    SamlProfile,
    SamlServiceProvider,
    ServiceProviderSettings,
    SpCertificate,
    make_sp_certificate,
)
from tests.adapters.identity.saml.idp import FakeIdentityProvider, make_idp_certificate

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SP_ENTITY_ID = "https://portal.example.it/spid/metadata"
ACS_URL = "https://portal.example.it/spid/acs"


@pytest.fixture(scope="session")
def xmlsec() -> str:
    found = shutil.which("xmlsec1")
    if found is None:
        message = "the xmlsec1 program is missing (apt-get install xmlsec1)"
        if os.environ.get("FORMLAVORO_REQUIRE_XMLSEC") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def sp_pair() -> SpCertificate:
    return make_sp_certificate(
        entity_id=SP_ENTITY_ID,
        ipa_code="c_d969",
        organization="Comune di Genova",
        locality="Genova",
        now=NOW - dt.timedelta(days=1),
    )


@pytest.fixture(scope="session")
def idp_pair() -> SpCertificate:
    return make_idp_certificate(NOW - dt.timedelta(days=30), valid_for=dt.timedelta(days=365))


@pytest.fixture(scope="session")
def saml_folder(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return tmp_path_factory.mktemp("saml")


@pytest.fixture(scope="session")
def idp(xmlsec: str, idp_pair: SpCertificate, saml_folder: pathlib.Path) -> FakeIdentityProvider:
    return FakeIdentityProvider(idp_pair, saml_folder / "idp", xmlsec)


@pytest.fixture(scope="session")
def sp_settings(sp_pair: SpCertificate, saml_folder: pathlib.Path) -> ServiceProviderSettings:
    key_file = saml_folder / "sp-key.pem"
    cert_file = saml_folder / "sp-cert.pem"
    key_file.write_bytes(sp_pair.key_pem)
    cert_file.write_bytes(sp_pair.certificate_pem)
    return ServiceProviderSettings(
        profile=SamlProfile.SPID,
        entity_id=SP_ENTITY_ID,
        acs_url=ACS_URL,
        slo_url="https://portal.example.it/spid/slo",
        key_file=key_file,
        certificate_file=cert_file,
        organization=Organization(
            name="Comune di Genova", display_name="Comune di Genova", url="https://example.it/"
        ),
        contact=Contact(
            ipa_code="c_d969",
            email="servizi@example.it",
            telephone="+39010123456",
            municipality="010025",
            province="GE",
        ),
        service_name="Portale lavoro",
    )


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(NOW)


@pytest.fixture
def store() -> InMemorySamlRequestStore:
    return InMemorySamlRequestStore()


MakeProvider = Callable[..., SamlServiceProvider]


@pytest.fixture
def make_provider(
    xmlsec: str,
    sp_settings: ServiceProviderSettings,
    idp: FakeIdentityProvider,
    clock: SettableClock,
    store: InMemorySamlRequestStore,
) -> MakeProvider:
    def make(*, metadata: tuple[str, ...] | None = None, **changes: object) -> SamlServiceProvider:
        settings = attrs.evolve(sp_settings, **changes)  # type: ignore[arg-type]
        registry = IdentityProviderRegistry.from_texts(metadata or (idp.metadata,))
        return SamlServiceProvider(settings, registry, store, clock=clock)

    return make


@pytest.fixture
def provider(make_provider: MakeProvider) -> SamlServiceProvider:
    return make_provider()
