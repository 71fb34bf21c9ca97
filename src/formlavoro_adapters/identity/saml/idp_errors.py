"""The identity provider's own refusals: error statuses and the SPID anomaly codes.

An error ``Response`` carries a ``StatusCode`` and may carry a ``StatusMessage``; SPID
puts its anomaly codes there (``ErrorCode nr19`` to ``nr25``), each of which becomes a
failure here whose message tells the citizen what to do. The ``StatusMessage`` itself
is never kept (SEC-5): whoever posts a response writes it, so it is read only from a
response whose signature was verified.

>>> AuthenticationFailed(status="RSSMRA85T10A562S")
Traceback (most recent call last):
...
ValueError: ("'status' must be in ...
"""

from __future__ import annotations

from typing import ClassVar, Final

import attrs
from attrs.validators import in_

from formlavoro_adapters.identity.saml.failures import SamlFailure
from formlavoro_core.texts import Text, _

__all__ = [
    "STATUSES",
    "AuthenticationCancelled",
    "AuthenticationFailed",
    "AuthenticationTimedOut",
    "ConsentDenied",
    "IdentitySuspended",
    "NoCredentialsForLevel",
    "TooManyAttempts",
]

_SAML_STATUS: Final = "urn:oasis:names:tc:SAML:2.0:status:"
STATUSES: Final = (
    f"{_SAML_STATUS}Requester",
    f"{_SAML_STATUS}Responder",
    f"{_SAML_STATUS}VersionMismatch",
    "other",
)
"""The top-level SAML status codes of an error, as :class:`AuthenticationFailed` keeps them."""


@attrs.frozen(kw_only=True)
class AuthenticationFailed(SamlFailure):
    """The identity provider answered with an error status (one of :data:`STATUSES`).

    Its ``StatusMessage`` is not kept: whoever posts the response writes it.
    """

    CODE: ClassVar[str] = "identity.saml.authentication_failed"
    status: str = attrs.field(validator=in_(STATUSES))

    @property
    def text(self) -> Text:
        """A generic refusal."""
        return _("The identity provider could not authenticate you; please try again.")


@attrs.frozen(kw_only=True)
class TooManyAttempts(SamlFailure):
    """SPID ErrorCode nr19: repeated wrong credentials."""

    CODE: ClassVar[str] = "identity.saml.too_many_attempts"

    @property
    def text(self) -> Text:
        """What to do."""
        return _(
            "Authentication failed after too many wrong attempts; "
            "wait and try again, or contact your identity provider."
        )


@attrs.frozen(kw_only=True)
class NoCredentialsForLevel(SamlFailure):
    """SPID ErrorCode nr20: the citizen has no credentials for the requested level."""

    CODE: ClassVar[str] = "identity.saml.no_credentials_for_level"

    @property
    def text(self) -> Text:
        """What to do."""
        return _(
            "Your digital identity has no credentials for the security level this "
            "service needs; ask your identity provider to enable them."
        )


@attrs.frozen(kw_only=True)
class AuthenticationTimedOut(SamlFailure):
    """SPID ErrorCode nr21: the authentication took too long."""

    CODE: ClassVar[str] = "identity.saml.timeout"

    @property
    def text(self) -> Text:
        """What to do."""
        return _("The authentication took too long; please log in again.")


@attrs.frozen(kw_only=True)
class ConsentDenied(SamlFailure):
    """SPID ErrorCode nr22: the citizen refused to send their data to this service."""

    CODE: ClassVar[str] = "identity.saml.consent_denied"

    @property
    def text(self) -> Text:
        """What to do."""
        return _("You did not agree to send your data to this service, so you cannot log in.")


@attrs.frozen(kw_only=True)
class IdentitySuspended(SamlFailure):
    """SPID ErrorCode nr23: the identity is suspended or revoked, or credentials blocked."""

    CODE: ClassVar[str] = "identity.saml.identity_suspended"

    @property
    def text(self) -> Text:
        """What to do."""
        return _(
            "Your digital identity is suspended or revoked, or its credentials are "
            "blocked; contact your identity provider."
        )


@attrs.frozen(kw_only=True)
class AuthenticationCancelled(SamlFailure):
    """SPID ErrorCode nr25: the citizen cancelled the authentication."""

    CODE: ClassVar[str] = "identity.saml.cancelled"

    @property
    def text(self) -> Text:
        """What to do."""
        return _("You cancelled the login.")
