"""Why a SAML response (SPID or CIE) was refused: one failure value per reason.

Each is returned inside ``Failure`` by the service provider, never raised. The codes are
stable (``identity.saml.…``); the SPID anomaly codes (``ErrorCode nr19`` to ``nr25``)
become failures of their own, whose messages tell the citizen what to do.

No failure carries text the identity provider or the browser sent (SEC-5): not the
``StatusMessage``, the ``fiscalNumber``, IDs, issuers or URLs from the response. What
they carry is structural: which element, how many values, a word of a closed vocabulary,
or the portal's own configuration (an identity provider of its registry, the names of
the attributes it requests). ``MalformedResponse`` and ``StaleResponse`` name the rule
broken, with the path of the element; never a value read from it.

>>> WrongIssuer(element="https://idp.example.it")
Traceback (most recent call last):
...
ValueError: ("'element' must be in ('Response', 'Assertion', 'LogoutResponse', ...

The refusals of the identity provider itself (error statuses) are in
:mod:`~formlavoro_adapters.identity.saml.idp_errors`.
"""

from __future__ import annotations

from typing import ClassVar, Final

import attrs
from attrs.validators import ge, in_

from formlavoro_core.errors import DomainError
from formlavoro_core.identity.assertion import AssuranceLevel
from formlavoro_core.texts import Text, _

__all__ = [
    "IdpCertificateExpired",
    "InsufficientLevel",
    "InvalidFiscalNumber",
    "InvalidSignature",
    "LogoutFailed",
    "MalformedResponse",
    "MissingAttributes",
    "RelayStateMismatch",
    "ReplayedAssertion",
    "ReplayedLogoutRequest",
    "SamlFailure",
    "SingleLogoutUnsupported",
    "StaleResponse",
    "UnknownIdentityProvider",
    "UnknownRequest",
    "WeakDigestAlgorithm",
    "WeakSignatureAlgorithm",
    "WrongAudience",
    "WrongDestination",
    "WrongIssuer",
]

SIGNED_ELEMENTS: Final = ("Response", "Assertion", "LogoutResponse", "LogoutRequest")


@attrs.frozen(kw_only=True)
class SamlFailure(DomainError):
    """Base of every SAML login refusal."""

    CODE: ClassVar[str] = "identity.saml.refused"

    @property
    def text(self) -> Text:
        """A generic refusal; subclasses say more."""
        return _("The login could not be completed; please try again.")


@attrs.frozen(kw_only=True)
class MalformedResponse(SamlFailure):
    """The response is not a well-formed SAML response of the SPID/CIE profile."""

    CODE: ClassVar[str] = "identity.saml.malformed"
    reason: str

    @property
    def text(self) -> Text:
        """Names what is wrong."""
        return _("The identity provider's answer is not valid: {reason}.", reason=self.reason)


@attrs.frozen(kw_only=True)
class UnknownRequest(SamlFailure):
    """``InResponseTo`` names no pending request: unknown, expired or already used."""

    CODE: ClassVar[str] = "identity.saml.unknown_request"

    @property
    def text(self) -> Text:
        """Asks to start over."""
        return _("This login answer is expired or was already used; please log in again.")


@attrs.frozen(kw_only=True)
class RelayStateMismatch(SamlFailure):
    """The posted ``RelayState`` is not the one the request was sent with."""

    CODE: ClassVar[str] = "identity.saml.relay_state_mismatch"

    @property
    def text(self) -> Text:
        """Asks to start over."""
        return _("This login answer does not belong to the login you started; please log in again.")


@attrs.frozen(kw_only=True)
class UnknownIdentityProvider(SamlFailure):
    """The entity ID asked for is not in the registry of trusted identity providers."""

    CODE: ClassVar[str] = "identity.saml.unknown_idp"

    @property
    def text(self) -> Text:
        """Asks to choose from the list."""
        return _("This identity provider is not known; please choose one from the list.")


@attrs.frozen(kw_only=True)
class IdpCertificateExpired(SamlFailure):
    """Every signing certificate in the provider's metadata has expired (policy: refuse).

    ``entity_id`` is that of an identity provider in the portal's own registry.
    """

    CODE: ClassVar[str] = "identity.saml.idp_certificate_expired"
    entity_id: str

    @property
    def text(self) -> Text:
        """Asks to choose another provider."""
        return _(
            "The identity provider {entity_id} cannot be used at the moment; "
            "please choose another one.",
            entity_id=repr(self.entity_id),
        )


@attrs.frozen(kw_only=True)
class WrongDestination(SamlFailure):
    """The response was sent to another service than our assertion consumer service.

    ``element`` says which: ``Response`` (``Destination``) or
    ``SubjectConfirmationData`` (``Recipient``).
    """

    CODE: ClassVar[str] = "identity.saml.wrong_destination"
    element: str = attrs.field(
        validator=in_(("Response", "SubjectConfirmationData", "LogoutResponse", "LogoutRequest"))
    )


@attrs.frozen(kw_only=True)
class WrongIssuer(SamlFailure):
    """The ``Issuer`` of ``element`` is not the identity provider the request went to."""

    CODE: ClassVar[str] = "identity.saml.wrong_issuer"
    element: str = attrs.field(validator=in_(SIGNED_ELEMENTS))


@attrs.frozen(kw_only=True)
class WrongAudience(SamlFailure):
    """The assertion is meant for another service provider."""

    CODE: ClassVar[str] = "identity.saml.wrong_audience"


_SIGNATURE_PROBLEMS: Final = {
    "assertion_unsigned": _("the Assertion is not signed"),
    "wrapped_assertion": _("exactly one Assertion, child of the Response, is allowed"),
    "duplicate_id": _("two elements have the same ID"),
    "response_signatures": _("the Response has more than one signature"),
    "references": _("a signature must sign exactly its own element"),
    "signed_assertion_mismatch": _("the signed Assertion is not the one read"),
    "not_verified": _("no key of the identity provider's metadata verifies it"),
    "logout_unsigned": _("the LogoutResponse is not signed (SPID requires it)"),
    "logout_request_unsigned": _("the LogoutRequest is not signed (SPID requires it)"),
    "query_unsigned": _("the redirected message has no SigAlg and Signature"),
}


@attrs.frozen(kw_only=True)
class InvalidSignature(SamlFailure):
    """A required signature is missing, wrapped, or not verified by a metadata key.

    ``reason`` is one of ``assertion_unsigned``, ``wrapped_assertion``,
    ``duplicate_id``, ``response_signatures``, ``references``,
    ``signed_assertion_mismatch``, ``not_verified``, ``logout_unsigned``,
    ``logout_request_unsigned`` and ``query_unsigned`` (HTTP-Redirect binding).
    """

    CODE: ClassVar[str] = "identity.saml.invalid_signature"
    reason: str = attrs.field(validator=in_(tuple(_SIGNATURE_PROBLEMS)))

    @property
    def text(self) -> Text:
        """Names the problem."""
        return _(
            "The identity provider's signature is not valid: {problem}.",
            problem=_SIGNATURE_PROBLEMS[self.reason],
        )


@attrs.frozen(kw_only=True)
class WeakSignatureAlgorithm(SamlFailure):
    """The signature of ``element`` uses a method weaker than SHA-256 (or an unknown one).

    ``algorithm`` is a short name (``rsa-sha1``, ``dsa-sha1``, ``rsa-md5``, ...) or
    ``other``.
    """

    CODE: ClassVar[str] = "identity.saml.weak_signature_algorithm"
    element: str = attrs.field(validator=in_(SIGNED_ELEMENTS))
    algorithm: str = attrs.field(
        validator=in_(
            (
                "rsa-sha1",
                "dsa-sha1",
                "ecdsa-sha1",
                "hmac-sha1",
                "rsa-md5",
                "rsa-sha224",
                "ecdsa-sha224",
                "other",
            )
        )
    )

    @property
    def text(self) -> Text:
        """Explains the refusal."""
        return _("The identity provider signed with an algorithm that is no longer accepted.")


@attrs.frozen(kw_only=True)
class WeakDigestAlgorithm(SamlFailure):
    """A reference of ``element``'s signature is digested with less than SHA-256.

    ``algorithm`` is ``sha1``, ``md5``, ``sha224`` or ``other``.
    """

    CODE: ClassVar[str] = "identity.saml.weak_digest_algorithm"
    element: str = attrs.field(validator=in_(SIGNED_ELEMENTS))
    algorithm: str = attrs.field(validator=in_(("sha1", "md5", "sha224", "other")))

    @property
    def text(self) -> Text:
        """Explains the refusal."""
        return _("The identity provider signed with an algorithm that is no longer accepted.")


@attrs.frozen(kw_only=True)
class StaleResponse(SamlFailure):
    """An instant of the response is outside its validity window."""

    CODE: ClassVar[str] = "identity.saml.stale"
    reason: str

    @property
    def text(self) -> Text:
        """Asks to start over."""
        return _("The login took too long or the answer is not valid now; please log in again.")


@attrs.frozen(kw_only=True)
class InsufficientLevel(SamlFailure):
    """The identity provider authenticated at a lower level than requested."""

    CODE: ClassVar[str] = "identity.saml.insufficient_level"
    requested: AssuranceLevel
    received: AssuranceLevel

    @property
    def text(self) -> Text:
        """Names the level needed."""
        return _(
            "This service needs a login at level {level} or higher.", level=self.requested.value
        )


@attrs.frozen(kw_only=True)
class MissingAttributes(SamlFailure):
    """A requested attribute is absent or has no value (``names``: the portal's own)."""

    CODE: ClassVar[str] = "identity.saml.missing_attributes"
    names: tuple[str, ...]

    @property
    def text(self) -> Text:
        """Names the attributes."""
        return _("The identity provider did not send: {names}.", names=", ".join(self.names))


@attrs.frozen(kw_only=True)
class InvalidFiscalNumber(SamlFailure):
    """``fiscalNumber`` is not exactly one ``TINIT-`` and a valid fiscal code, as sent.

    ``reason``: ``count`` (not exactly one value; ``values`` says how many), ``format``
    (not ``TINIT-`` followed by 16 upper-case letters and digits, with nothing around)
    or ``invalid`` (16 characters that are not a valid fiscal code).
    """

    CODE: ClassVar[str] = "identity.saml.invalid_fiscal_number"
    reason: str = attrs.field(validator=in_(("count", "format", "invalid")))
    values: int = attrs.field(default=1, validator=ge(0))

    @property
    def text(self) -> Text:
        """The fiscal code received cannot be used."""
        return _("The fiscal code sent by the identity provider is not valid.")


@attrs.frozen(kw_only=True)
class ReplayedAssertion(SamlFailure):
    """This assertion was already accepted once."""

    CODE: ClassVar[str] = "identity.saml.replayed"

    @property
    def text(self) -> Text:
        """Asks to start over."""
        return _("This login answer was already used; please log in again.")


@attrs.frozen(kw_only=True)
class ReplayedLogoutRequest(SamlFailure):
    """ID-7: this LogoutRequest of the identity provider was already received once."""

    CODE: ClassVar[str] = "identity.saml.replayed_logout_request"

    @property
    def text(self) -> Text:
        """Says nothing more happens."""
        return _("This logout request was already received; nothing more was done.")


@attrs.frozen(kw_only=True)
class SingleLogoutUnsupported(SamlFailure):
    """ID-7: the identity provider's metadata offers no single logout service.

    The portal's own session has ended all the same (``portal.identity.logout``).
    """

    CODE: ClassVar[str] = "identity.saml.slo_unsupported"

    @property
    def text(self) -> Text:
        """Says the portal's session ended anyway."""
        return _("You are logged out of the portal; close the browser to end the identity session.")


@attrs.frozen(kw_only=True)
class LogoutFailed(SamlFailure):
    """ID-7: the identity provider answered the logout with an error status."""

    CODE: ClassVar[str] = "identity.saml.logout_failed"
    status: str = attrs.field(validator=in_(("partial", "requester", "responder", "other")))

    @property
    def text(self) -> Text:
        """Says the portal's session ended anyway."""
        return _(
            "You are logged out of the portal, but the identity provider could not end its session."
        )
