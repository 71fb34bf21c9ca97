"""The identity-provider registry: loaded from metadata, listed for the chooser (ID-6)."""

from __future__ import annotations

import pathlib
import re

import attrs
import pytest

from formlavoro_adapters.identity.saml import (
    Binding,
    IdentityProviderRegistry,
    SamlServiceProvider,
    ServiceProviderSettings,
    SpCertificate,
)
from formlavoro_adapters.identity.saml.store import InMemorySamlRequestStore
from formlavoro_core.errors import ConfigurationError
from tests.adapters.identity.saml.conftest import MakeProvider
from tests.adapters.identity.saml.idp import IDP_ENTITY_ID, IDP_SSO, idp_metadata


def test_the_registry_reads_a_folder_and_lists_the_providers(
    tmp_path: pathlib.Path, idp_pair: SpCertificate
) -> None:
    (tmp_path / "a.xml").write_text(idp_metadata(idp_pair.certificate_pem), encoding="utf-8")
    (tmp_path / "b.xml").write_text(
        idp_metadata(idp_pair.certificate_pem, "https://another.example"), encoding="utf-8"
    )
    registry = IdentityProviderRegistry.from_folder(tmp_path)
    assert {entity for entity, _ in registry.choices()} == {
        IDP_ENTITY_ID,
        "https://another.example",
    }
    idp = registry.get(IDP_ENTITY_ID)
    assert idp is not None
    assert idp.display_name == "Test IdP"
    assert idp.sso_post_url == IDP_SSO
    assert idp.sso_redirect_url == IDP_SSO
    assert registry.get("https://nobody.example") is None


def test_bad_metadata_is_a_configuration_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ConfigurationError, match="idp metadata"):
        IdentityProviderRegistry.from_texts(["<not metadata"])
    with pytest.raises(ConfigurationError, match="not a folder"):
        IdentityProviderRegistry.from_folder(tmp_path / "missing")
    with pytest.raises(ConfigurationError, match="cannot be read"):
        IdentityProviderRegistry.from_files([tmp_path / "missing.xml"])


def test_a_missing_key_or_program_is_a_configuration_error(
    sp_settings: ServiceProviderSettings, tmp_path: pathlib.Path, xmlsec: str
) -> None:
    registry = IdentityProviderRegistry.from_texts([])
    store = InMemorySamlRequestStore()
    with pytest.raises(ConfigurationError, match="key_file"):
        SamlServiceProvider(
            attrs.evolve(sp_settings, key_file=tmp_path / "none.pem"), registry, store
        )
    with pytest.raises(ConfigurationError, match="xmlsec1"):
        SamlServiceProvider(
            attrs.evolve(sp_settings, xmlsec_binary=str(tmp_path / "no-xmlsec1")), registry, store
        )
    with pytest.raises(ConfigurationError, match="fiscalNumber"):
        SamlServiceProvider(
            attrs.evolve(sp_settings, requested_attributes=("name",)), registry, store
        )


def test_an_idp_with_the_post_binding_only_gets_post_requests(
    make_provider: MakeProvider, idp_pair: SpCertificate
) -> None:
    metadata = re.sub(
        r"<md:SingleSignOnService[^>]*HTTP-Redirect[^>]*/>",
        "",
        idp_metadata(idp_pair.certificate_pem),
    )
    provider = make_provider(metadata=(metadata,))
    idp = provider.registry.get(IDP_ENTITY_ID)
    assert idp is not None
    assert idp.sso_redirect_url is None
    request = provider.login(IDP_ENTITY_ID, binding=Binding.REDIRECT).unwrap()
    assert request.binding is Binding.POST
    assert request.url == IDP_SSO
