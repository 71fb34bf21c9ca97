"""Why a SAML response (SPID or CIE) was refused: one failure value per reason.

Each is returned inside ``Failure`` by the service provider, never raised. The codes are
stable (``identity.saml.…``); the SPID anomaly codes (``ErrorCode nr19`` to ``nr25``)
become failures of their own, whose messages tell the citizen what to do.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError
from formlavoro_core.identity.assertion import AssuranceLevel

__all__ = [
    "AuthenticationCancelled",
    "AuthenticationFailed",
    "AuthenticationTimedOut",
    "ConsentDenied",
    "IdentitySuspended",
    "IdpCertificateExpired",
    "InsufficientLevel",
    "InvalidFiscalNumber",
    "InvalidSignature",
    "MalformedResponse",
    "MissingAttributes",
    "NoCredentialsForLevel",
    "RelayStateMismatch",
    "ReplayedAssertion",
    "SamlFailure",
    "StaleResponse",
    "TooManyAttempts",
    "UnknownIdentityProvider",
    "UnknownRequest",
    "WrongAudience",
    "WrongDestination",
    "WrongIssuer",
]


@attrs.frozen(kw_only=True)
class SamlFailure(DomainError):
    """Base of every SAML login refusal."""

    CODE: ClassVar[str] = "identity.saml.refused"

    @property
    def message(self) -> str:
        """A generic refusal; subclasses say more."""
        return "The login could not be completed; please try again."


@attrs.frozen(kw_only=True)
class MalformedResponse(SamlFailure):
    """The response is not a well-formed SAML response of the SPID/CIE profile."""

    CODE: ClassVar[str] = "identity.saml.malformed"
    reason: str

    @property
    def message(self) -> str:
        """Names what is wrong."""
        return f"The identity provider's answer is not valid: {self.reason}."


@attrs.frozen(kw_only=True)
class UnknownRequest(SamlFailure):
    """``InResponseTo`` names no pending request: unknown, expired or already used."""

    CODE: ClassVar[str] = "identity.saml.unknown_request"
    request_id: str

    @property
    def message(self) -> str:
        """Asks to start over."""
        return "This login answer is expired or was already used; please log in again."


@attrs.frozen(kw_only=True)
class RelayStateMismatch(SamlFailure):
    """The posted ``RelayState`` is not the one the request was sent with."""

    CODE: ClassVar[str] = "identity.saml.relay_state_mismatch"

    @property
    def message(self) -> str:
        """Asks to start over."""
        return "This login answer does not belong to the login you started; please log in again."


@attrs.frozen(kw_only=True)
class UnknownIdentityProvider(SamlFailure):
    """The entity ID is not in the registry of trusted identity providers."""

    CODE: ClassVar[str] = "identity.saml.unknown_idp"
    entity_id: str

    @property
    def message(self) -> str:
        """Names the provider."""
        return f"The identity provider {self.entity_id!r} is not known."


@attrs.frozen(kw_only=True)
class IdpCertificateExpired(SamlFailure):
    """Every signing certificate in the provider's metadata has expired (policy: refuse)."""

    CODE: ClassVar[str] = "identity.saml.idp_certificate_expired"
    entity_id: str

    @property
    def message(self) -> str:
        """Asks to choose another provider."""
        return (
            f"The identity provider {self.entity_id!r} cannot be used at the moment; "
            "please choose another one."
        )


@attrs.frozen(kw_only=True)
class WrongDestination(SamlFailure):
    """``Destination`` or ``Recipient`` is not our assertion consumer service URL."""

    CODE: ClassVar[str] = "identity.saml.wrong_destination"
    expected: str
    received: str


@attrs.frozen(kw_only=True)
class WrongIssuer(SamlFailure):
    """The issuer is not the identity provider the request was sent to."""

    CODE: ClassVar[str] = "identity.saml.wrong_issuer"
    expected: str
    received: str


@attrs.frozen(kw_only=True)
class WrongAudience(SamlFailure):
    """The assertion is meant for another service provider."""

    CODE: ClassVar[str] = "identity.saml.wrong_audience"
    expected: str
    received: str


@attrs.frozen(kw_only=True)
class InvalidSignature(SamlFailure):
    """A required signature is missing, or no metadata key of the issuer verifies it."""

    CODE: ClassVar[str] = "identity.saml.invalid_signature"
    reason: str


@attrs.frozen(kw_only=True)
class StaleResponse(SamlFailure):
    """An instant of the response is outside its validity window."""

    CODE: ClassVar[str] = "identity.saml.stale"
    reason: str

    @property
    def message(self) -> str:
        """Asks to start over."""
        return "The login took too long or the answer is not valid now; please log in again."


@attrs.frozen(kw_only=True)
class InsufficientLevel(SamlFailure):
    """The identity provider authenticated at a lower level than requested."""

    CODE: ClassVar[str] = "identity.saml.insufficient_level"
    requested: AssuranceLevel
    received: str

    @property
    def message(self) -> str:
        """Names the level needed."""
        return f"This service needs a login at level {self.requested.value} or higher."


@attrs.frozen(kw_only=True)
class MissingAttributes(SamlFailure):
    """A requested attribute is absent or has no value."""

    CODE: ClassVar[str] = "identity.saml.missing_attributes"
    names: tuple[str, ...]

    @property
    def message(self) -> str:
        """Names the attributes."""
        return "The identity provider did not send: " + ", ".join(self.names) + "."


@attrs.frozen(kw_only=True)
class InvalidFiscalNumber(SamlFailure):
    """``fiscalNumber`` is not a valid Italian fiscal code (after ``TINIT-``)."""

    CODE: ClassVar[str] = "identity.saml.invalid_fiscal_number"
    value: str

    @property
    def message(self) -> str:
        """The fiscal code received cannot be used."""
        return "The fiscal code sent by the identity provider is not valid."


@attrs.frozen(kw_only=True)
class ReplayedAssertion(SamlFailure):
    """This assertion was already accepted once."""

    CODE: ClassVar[str] = "identity.saml.replayed"
    assertion_id: str

    @property
    def message(self) -> str:
        """Asks to start over."""
        return "This login answer was already used; please log in again."


@attrs.frozen(kw_only=True)
class AuthenticationFailed(SamlFailure):
    """The identity provider answered with a status other than success."""

    CODE: ClassVar[str] = "identity.saml.authentication_failed"
    status: str
    status_message: str

    @property
    def message(self) -> str:
        """A generic refusal."""
        return "The identity provider could not authenticate you; please try again."


@attrs.frozen(kw_only=True)
class TooManyAttempts(SamlFailure):
    """SPID ErrorCode nr19: repeated wrong credentials."""

    CODE: ClassVar[str] = "identity.saml.too_many_attempts"

    @property
    def message(self) -> str:
        """What to do."""
        return (
            "Authentication failed after too many wrong attempts; "
            "wait and try again, or contact your identity provider."
        )


@attrs.frozen(kw_only=True)
class NoCredentialsForLevel(SamlFailure):
    """SPID ErrorCode nr20: the citizen has no credentials for the requested level."""

    CODE: ClassVar[str] = "identity.saml.no_credentials_for_level"

    @property
    def message(self) -> str:
        """What to do."""
        return (
            "Your digital identity has no credentials for the security level this "
            "service needs; ask your identity provider to enable them."
        )


@attrs.frozen(kw_only=True)
class AuthenticationTimedOut(SamlFailure):
    """SPID ErrorCode nr21: the authentication took too long."""

    CODE: ClassVar[str] = "identity.saml.timeout"

    @property
    def message(self) -> str:
        """What to do."""
        return "The authentication took too long; please log in again."


@attrs.frozen(kw_only=True)
class ConsentDenied(SamlFailure):
    """SPID ErrorCode nr22: the citizen refused to send their data to this service."""

    CODE: ClassVar[str] = "identity.saml.consent_denied"

    @property
    def message(self) -> str:
        """What to do."""
        return "You did not agree to send your data to this service, so you cannot log in."


@attrs.frozen(kw_only=True)
class IdentitySuspended(SamlFailure):
    """SPID ErrorCode nr23: the identity is suspended or revoked, or credentials blocked."""

    CODE: ClassVar[str] = "identity.saml.identity_suspended"

    @property
    def message(self) -> str:
        """What to do."""
        return (
            "Your digital identity is suspended or revoked, or its credentials are "
            "blocked; contact your identity provider."
        )


@attrs.frozen(kw_only=True)
class AuthenticationCancelled(SamlFailure):
    """SPID ErrorCode nr25: the citizen cancelled the authentication."""

    CODE: ClassVar[str] = "identity.saml.cancelled"

    @property
    def message(self) -> str:
        """What to do."""
        return "You cancelled the login."
