"""The identity providers we trust, read from their SAML metadata (ID-6).

The registry is what the citizen chooses from (entity IDs and display names) and the
only source of the keys that verify responses: a key sent inside a response is never
trusted.
"""

from __future__ import annotations

import base64
import datetime as dt
import pathlib
from collections.abc import Iterable
from typing import Any

import attrs
from cryptography import x509
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import Config
from saml2.mdstore import MetadataStore
from saml2.s_utils import UnsupportedBinding

from formlavoro_core.errors import ConfigurationError

__all__ = ["IdentityProvider", "IdentityProviderRegistry"]


@attrs.frozen(kw_only=True)
class IdentityProvider:
    """One identity provider: what the chooser shows and where requests go."""

    entity_id: str
    display_name: str
    sso_post_url: str | None
    sso_redirect_url: str | None
    signing_certificates: tuple[x509.Certificate, ...] = attrs.field(eq=False, repr=False)
    slo_post_url: str | None = None
    """Where single logout requests go by HTTP-POST (ID-7), if the provider offers it."""
    slo_redirect_url: str | None = None

    def has_valid_certificate(self, now: dt.datetime) -> bool:
        """Whether at least one signing certificate is valid at ``now``."""
        return any(
            cert.not_valid_before_utc <= now < cert.not_valid_after_utc
            for cert in self.signing_certificates
        )


def _certificate(text: str) -> x509.Certificate:
    der = base64.b64decode("".join(text.split()))
    return x509.load_der_x509_certificate(der)


def _display_name(store: Any, entity_id: str) -> str:
    for lang in ("it", "en"):
        name = store.name(entity_id, langpref=lang)
        if name:
            return str(name)
    return entity_id


def _logout_services(store: Any, entity_id: str) -> dict[str, list[dict[str, str]]]:
    """The provider's SingleLogoutService endpoints by binding (none: an empty dict)."""
    try:
        found = store.service(entity_id, "idpsso_descriptor", "single_logout_service")
    except UnsupportedBinding:
        return {}
    return found or {}


def _location(services: dict[str, list[dict[str, str]]], binding: str) -> str | None:
    found = services.get(binding)
    return str(found[0]["location"]) if found else None


class IdentityProviderRegistry:
    """Identity providers loaded from metadata files or texts.

    Build it with :meth:`from_folder`, :meth:`from_files` or :meth:`from_texts`.
    """

    def __init__(self, store: Any) -> None:
        self._store = store
        providers = []
        for entity_id in store.identity_providers():
            services = store.service(entity_id, "idpsso_descriptor", "single_sign_on_service") or {}
            logout = _logout_services(store, entity_id)
            certs = tuple(
                _certificate(cert) for _, cert in store.certs(entity_id, "idpsso", "signing")
            )
            providers.append(
                IdentityProvider(
                    entity_id=entity_id,
                    display_name=_display_name(store, entity_id),
                    sso_post_url=_location(services, BINDING_HTTP_POST),
                    sso_redirect_url=_location(services, BINDING_HTTP_REDIRECT),
                    signing_certificates=certs,
                    slo_post_url=_location(logout, BINDING_HTTP_POST),
                    slo_redirect_url=_location(logout, BINDING_HTTP_REDIRECT),
                )
            )
        self._providers = {provider.entity_id: provider for provider in providers}

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> IdentityProviderRegistry:
        """From metadata XML texts (``EntityDescriptor`` or ``EntitiesDescriptor``)."""
        store = MetadataStore(None, Config())
        for number, text in enumerate(texts):
            try:
                store.load("inline", text)
            except Exception as exc:
                raise ConfigurationError(f"idp metadata #{number}: not valid ({exc})") from exc
        return cls(store)

    @classmethod
    def from_files(cls, paths: Iterable[pathlib.Path | str]) -> IdentityProviderRegistry:
        """From metadata XML files."""
        texts = []
        for path in paths:
            try:
                texts.append(pathlib.Path(path).read_text(encoding="utf-8"))
            except OSError as exc:
                raise ConfigurationError(f"idp metadata {path}: cannot be read ({exc})") from exc
        return cls.from_texts(texts)

    @classmethod
    def from_folder(cls, folder: pathlib.Path | str) -> IdentityProviderRegistry:
        """From every ``*.xml`` file in ``folder``."""
        path = pathlib.Path(folder)
        if not path.is_dir():
            raise ConfigurationError(f"idp metadata folder {path}: not a folder")
        return cls.from_files(sorted(path.glob("*.xml")))

    @property
    def metadata(self) -> Any:
        """The pysaml2 metadata store (used to verify signatures)."""
        return self._store

    def get(self, entity_id: str) -> IdentityProvider | None:
        """The provider with this entity ID, if trusted."""
        return self._providers.get(entity_id)

    def providers(self) -> tuple[IdentityProvider, ...]:
        """Every provider, by display name: what a chooser lists (ID-6)."""
        return tuple(sorted(self._providers.values(), key=lambda idp: idp.display_name.casefold()))

    def choices(self) -> tuple[tuple[str, str], ...]:
        """``(entity_id, display_name)`` pairs for a chooser."""
        return tuple((idp.entity_id, idp.display_name) for idp in self.providers())
