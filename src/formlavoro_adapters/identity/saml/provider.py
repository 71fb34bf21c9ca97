"""The SAML service provider for SPID or CIE: metadata, login requests, responses.

It takes and returns plain data (form fields, XML text, URLs), so any web framework can
mount it: a metadata URL answers :meth:`SamlServiceProvider.metadata_xml`, a login URL
:meth:`~SamlServiceProvider.login`, the assertion consumer service
:meth:`~SamlServiceProvider.validate_response`, whose ``IdentityAssertion`` goes to
``portal.identity.login``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from xml.etree.ElementTree import Element

from cryptography import x509
from returns.result import Failure, Result, Success

from formlavoro_adapters.clock import SystemClock
from formlavoro_adapters.identity.saml import failures as f
from formlavoro_adapters.identity.saml.authn import Binding, LoginRequest, build_authn_request
from formlavoro_adapters.identity.saml.logout import (
    LoggedOut,
    SamlLogin,
    SamlSession,
    check_logout_response,
    match_pending,
    parse_logout_response,
    xml_signature,
)
from formlavoro_adapters.identity.saml.metadata import build_metadata
from formlavoro_adapters.identity.saml.registry import IdentityProvider, IdentityProviderRegistry
from formlavoro_adapters.identity.saml.response import (
    CheckedAssertion,
    Refused,
    Window,
    check_assertion,
    check_envelope,
    parse_response,
    status_failure,
    verify_signatures,
)
from formlavoro_adapters.identity.saml.settings import (
    ExpiredCertificatePolicy,
    SamlProfile,
    ServiceProviderSettings,
)
from formlavoro_adapters.identity.saml.single_logout import SingleLogout
from formlavoro_adapters.identity.saml.store import PendingRequest, SamlRequestStore
from formlavoro_adapters.identity.saml.xmlsign import (
    Signer,
    certificate_base64,
    find_xmlsec,
    security_context,
)
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.fiscal_code import FiscalCode, FiscalCodeError
from formlavoro_core.ports import Clock
from formlavoro_core.values import EmailAddress, check_email

__all__ = ["SamlServiceProvider", "fiscal_number"]

_MAX_RESPONSE_BYTES = 256 * 1024
_FISCAL_NUMBER = re.compile(r"TINIT-([A-Z0-9]{16})")


def _new_request_id() -> str:
    return "_" + secrets.token_hex(16)


def _email(value: str | None) -> EmailAddress | None:
    if not value:
        return None
    try:
        return check_email(value)
    except ValueError:
        return None


class SamlServiceProvider:
    """One SPID or CIE service provider (the profile comes from the settings).

    Args:
        settings: Who we are and the rules' tolerances.
        registry: The identity providers we trust (their metadata).
        store: Pending requests and accepted assertion IDs, shared by all processes.
        clock: The time source (tests pass a settable clock).
        new_id: Source of AuthnRequest IDs (random by default).

    Raises:
        ConfigurationError: When the key, the certificate or ``xmlsec1`` is missing.
    """

    def __init__(
        self,
        settings: ServiceProviderSettings,
        registry: IdentityProviderRegistry,
        store: SamlRequestStore,
        *,
        clock: Clock | None = None,
        new_id: Callable[[], str] = _new_request_id,
    ) -> None:
        self.settings = settings
        self.registry = registry
        self._store = store
        self._clock = clock or SystemClock()
        self._new_id = new_id
        xmlsec = find_xmlsec(settings.xmlsec_binary)
        try:
            certificate_pem = settings.certificate_file.read_bytes()
            settings.key_file.read_bytes()
        except OSError as exc:
            raise ConfigurationError(f"key_file/certificate_file: cannot be read ({exc})") from exc
        try:
            x509.load_pem_x509_certificate(certificate_pem)
        except ValueError as exc:
            raise ConfigurationError("certificate_file: not a PEM certificate") from exc
        if not settings.requested_attributes or "fiscalNumber" not in settings.requested_attributes:
            raise ConfigurationError("requested_attributes: fiscalNumber must be requested")
        if settings.profile is SamlProfile.CIE and not settings.contact.municipality:
            raise ConfigurationError("contact.municipality: the CIE metadata needs it")
        self._certificate_b64 = certificate_base64(certificate_pem)
        self._signer = Signer(xmlsec, settings.key_file)
        self._context: Any = security_context(xmlsec, registry.metadata)
        self._metadata: str | None = None
        self.single_logout = SingleLogout(
            settings,
            registry,
            store,
            clock=self._clock,
            signer=self._signer,
            certificate_b64=self._certificate_b64,
            context=self._context,
            new_id=new_id,
        )
        """Single logout at ``slo_url``, the provider's requests too (ID-7)."""

    def metadata_xml(self) -> str:
        """Our signed metadata, to publish at the metadata URL."""
        if self._metadata is None:
            self._metadata = build_metadata(self.settings, self._signer, self._certificate_b64)
        return self._metadata

    def identity_providers(self) -> tuple[tuple[str, str], ...]:
        """``(entity_id, display_name)`` of every trusted identity provider (ID-6)."""
        return self.registry.choices()

    def _usable(self, entity_id: str, now: dt.datetime) -> IdentityProvider:
        idp = self.registry.get(entity_id)
        if idp is None:
            raise Refused(f.UnknownIdentityProvider())
        refuse = self.settings.expired_idp_certificates is ExpiredCertificatePolicy.REFUSE
        if refuse and not idp.has_valid_certificate(now):
            raise Refused(f.IdpCertificateExpired(entity_id=entity_id))
        return idp

    def login(
        self,
        idp_entity_id: str,
        *,
        relay_state: str = "",
        level: AssuranceLevel | None = None,
        binding: Binding = Binding.POST,
    ) -> Result[LoginRequest, f.SamlFailure]:
        """A signed AuthnRequest for the chosen identity provider, remembered as pending.

        Fails with ``identity.saml.unknown_idp`` or ``identity.saml.idp_certificate_expired``.
        """
        now = self._clock.now().astimezone(dt.UTC).replace(microsecond=0)
        try:
            idp = self._usable(idp_entity_id, now)
        except Refused as refused:
            return Failure(refused.failure)
        destination = idp.sso_post_url if binding is Binding.POST else idp.sso_redirect_url
        if destination is None:
            destination = idp.sso_redirect_url or idp.sso_post_url
            binding = Binding.REDIRECT if idp.sso_redirect_url else Binding.POST
        if destination is None:
            return Failure(f.UnknownIdentityProvider())
        chosen = level or self.settings.level
        request_id = self._new_id()
        request = build_authn_request(
            self.settings,
            signer=self._signer,
            certificate_b64=self._certificate_b64,
            request_id=request_id,
            destination=destination,
            level=chosen,
            issued_at=now,
            relay_state=relay_state,
            binding=binding,
        )
        self._store.remember_request(
            PendingRequest(
                id=request_id,
                idp_entity_id=idp.entity_id,
                level=chosen,
                acs_url=self.settings.acs_url,
                relay_state=relay_state,
                issued_at=now,
                expires_at=now + self.settings.request_lifetime,
            )
        )
        return Success(request)

    def purge_expired(self) -> int:
        """Forget expired pending requests and assertion IDs (call it from a scheduler)."""
        return self._store.purge(self._clock.now())

    def validate_form(self, fields: Mapping[str, str]) -> Result[IdentityAssertion, f.SamlFailure]:
        """:meth:`validate_response` on the posted form: ``SAMLResponse`` and ``RelayState``."""
        return self.validate_response(
            fields.get("SAMLResponse", ""), relay_state=fields.get("RelayState", "")
        )

    def validate_response(
        self, saml_response: str, *, relay_state: str | None = None
    ) -> Result[IdentityAssertion, f.SamlFailure]:
        """Verify the base64 ``SAMLResponse`` posted to the ACS and read the identity.

        With ``relay_state`` (what the identity provider posted back), it must be the
        one the request was sent with, so that a response cannot be carried into
        another login; ``None`` skips that check.

        Never raises on bad input: every refusal is a ``Failure`` holding a
        :class:`~formlavoro_adapters.identity.saml.failures.SamlFailure`. The pending
        request is consumed whatever the outcome: a response is usable once.
        """
        return self.validate_login(saml_response, relay_state=relay_state).map(
            lambda login: login.identity
        )

    def validate_login(
        self, saml_response: str, *, relay_state: str | None = None
    ) -> Result[SamlLogin, f.SamlFailure]:
        """:meth:`validate_response`, with the identity provider's session for logout (ID-7).

        Keep ``login.session`` with the portal's session: :meth:`logout` needs it.
        """
        try:
            return Success(self._validate(saml_response, relay_state))
        except Refused as refused:
            return Failure(refused.failure)

    def _taken(
        self, saml_response: str, relay_state: str | None, root_of: Callable[[bytes], Element]
    ) -> tuple[Element, str, PendingRequest, Window]:
        """Decode, parse and match a posted message to the request it answers (consumed)."""
        if not saml_response or len(saml_response) > _MAX_RESPONSE_BYTES:
            raise Refused(f.MalformedResponse(reason="SAMLResponse is missing or too long"))
        try:
            raw = base64.b64decode("".join(saml_response.split()), validate=True)
            xml = raw.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise Refused(f.MalformedResponse(reason="SAMLResponse is not base64 UTF-8")) from exc
        root = root_of(raw)
        now = self._clock.now().astimezone(dt.UTC)
        pending, window = match_pending(self._store, self.settings, root, relay_state, now)
        return root, xml, pending, window

    def _validate(self, saml_response: str, relay_state: str | None) -> SamlLogin:
        root, xml, pending, window = self._taken(saml_response, relay_state, parse_response)
        now = window.now
        check_envelope(root, pending, window)
        self._usable(pending.idp_entity_id, now)
        failure = status_failure(root, xml, self._context)
        if failure is not None:
            raise Refused(failure)
        assertion = verify_signatures(root, xml, self._context)
        checked = check_assertion(assertion, pending, window, self.settings)
        identity = self._identity(checked, pending)
        if not self._store.remember_assertion(checked.id, checked.expires_at, now):
            raise Refused(f.ReplayedAssertion())
        session = SamlSession(
            idp_entity_id=pending.idp_entity_id,
            name_id=checked.name_id,
            name_qualifier=checked.name_qualifier,
            session_index=checked.session_index,
        )
        return SamlLogin(identity=identity, session=session)

    # -- single logout (ID-7) -------------------------------------------------------------

    def logout(
        self, session: SamlSession, *, relay_state: str = "", binding: Binding = Binding.POST
    ) -> Result[LoginRequest, f.SamlFailure]:
        """A signed LogoutRequest ending ``session`` at its identity provider (ID-7).

        Call it after ``portal.identity.logout``; send the answer to the browser like
        a login request. Fails with ``identity.saml.slo_unsupported`` when the
        provider's metadata has no SingleLogoutService, ``identity.saml.unknown_idp``
        when it left the registry. The single logout the provider starts is
        :attr:`single_logout`'s.
        """
        return self.single_logout.request(session, relay_state=relay_state, binding=binding)

    def validate_logout_form(self, fields: Mapping[str, str]) -> Result[LoggedOut, f.SamlFailure]:
        """Check the ``LogoutResponse`` posted to the SLO URL (``SAMLResponse``, ``RelayState``).

        Never raises on bad input; the pending logout request is consumed whatever
        the outcome. An error status is ``identity.saml.logout_failed``.
        """
        try:
            root, xml, pending, window = self._taken(
                fields.get("SAMLResponse", ""), fields.get("RelayState", ""), parse_logout_response
            )
            verify = xml_signature(self._context)
            return Success(check_logout_response(root, xml, pending, window, verify))
        except Refused as refused:
            return Failure(refused.failure)

    def _identity(self, checked: CheckedAssertion, pending: PendingRequest) -> IdentityAssertion:
        fiscal_code = fiscal_number(checked.fiscal_numbers)
        if isinstance(fiscal_code, f.InvalidFiscalNumber):
            raise Refused(fiscal_code)
        try:
            return IdentityAssertion(
                method=self.settings.profile.method,
                fiscal_code=fiscal_code,
                given_name=checked.attributes.get("name", ""),
                family_name=checked.attributes.get("familyName", ""),
                email=_email(checked.attributes.get("email")),
                level=checked.level,
                issuer=pending.idp_entity_id,
            )
        except ValueError as exc:
            reason = "attributes: a name is empty or longer than the portal accepts"
            raise Refused(f.MalformedResponse(reason=reason)) from exc


def fiscal_number(values: Sequence[str]) -> FiscalCode | f.InvalidFiscalNumber:
    """The fiscal code of ``fiscalNumber``: exactly one value, ``TINIT-`` and the code.

    The value is taken as sent: no blanks around it, no lower case (SPID sends the
    canonical form; anything else is not what the identity provider registered).

    >>> str(fiscal_number(["TINIT-RSSMRA85T10A562S"]))
    'RSSMRA85T10A562S'
    >>> [fiscal_number(v).reason for v in (["tinit-rssmra85t10a562s"], ["TINIT-RSSMRA85T10A562X"])]
    ['format', 'invalid']
    >>> fiscal_number(["TINIT-RSSMRA85T10A562S"] * 2).values
    2
    """
    if len(values) != 1:
        return f.InvalidFiscalNumber(reason="count", values=len(values))
    match = _FISCAL_NUMBER.fullmatch(values[0])
    if match is None:
        return f.InvalidFiscalNumber(reason="format")
    try:
        return FiscalCode(match.group(1))
    except FiscalCodeError:
        return f.InvalidFiscalNumber(reason="invalid")
