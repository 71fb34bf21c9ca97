"""SPID and CIE login over SAML 2.0, service-provider side (needs the ``[spid]`` extra).

Built on pysaml2 and the ``xmlsec1`` program. :class:`SamlServiceProvider` publishes
signed metadata, makes signed AuthnRequests (HTTP-POST or HTTP-Redirect) and validates
responses against the SPID technical rules, returning the core's ``IdentityAssertion``
or a failure value with a stable ``identity.saml.…`` code. Pending requests and accepted
assertion IDs live behind the :class:`SamlRequestStore` port. Single logout (ID-7), by
HTTP-POST and HTTP-Redirect, started by the portal or by the identity provider, is
:class:`SingleLogout` (``provider.single_logout``).
"""

from __future__ import annotations

from formlavoro_adapters.identity.saml.authn import Binding, LoginRequest
from formlavoro_adapters.identity.saml.certificates import SpCertificate, make_sp_certificate
from formlavoro_adapters.identity.saml.failures import (
    IdpCertificateExpired,
    InsufficientLevel,
    InvalidFiscalNumber,
    InvalidSignature,
    LogoutFailed,
    MalformedResponse,
    MissingAttributes,
    RelayStateMismatch,
    ReplayedAssertion,
    ReplayedLogoutRequest,
    SamlFailure,
    SingleLogoutUnsupported,
    StaleResponse,
    UnknownIdentityProvider,
    UnknownRequest,
    WeakDigestAlgorithm,
    WeakSignatureAlgorithm,
    WrongAudience,
    WrongDestination,
    WrongIssuer,
)
from formlavoro_adapters.identity.saml.idp_errors import (
    AuthenticationCancelled,
    AuthenticationFailed,
    AuthenticationTimedOut,
    ConsentDenied,
    IdentitySuspended,
    NoCredentialsForLevel,
    TooManyAttempts,
)
from formlavoro_adapters.identity.saml.logout import LoggedOut, SamlLogin, SamlSession
from formlavoro_adapters.identity.saml.provider import SamlServiceProvider
from formlavoro_adapters.identity.saml.registry import IdentityProvider, IdentityProviderRegistry
from formlavoro_adapters.identity.saml.settings import (
    CIE_ATTRIBUTES,
    SPID_ATTRIBUTES,
    Comparison,
    Contact,
    ExpiredCertificatePolicy,
    Organization,
    SamlProfile,
    ServiceProviderSettings,
)
from formlavoro_adapters.identity.saml.single_logout import LogoutOrder, SingleLogout
from formlavoro_adapters.identity.saml.store import (
    InMemorySamlRequestStore,
    PendingRequest,
    SamlRequestStore,
    SessionLink,
)

__all__ = [
    "CIE_ATTRIBUTES",
    "SPID_ATTRIBUTES",
    "AuthenticationCancelled",
    "AuthenticationFailed",
    "AuthenticationTimedOut",
    "Binding",
    "Comparison",
    "ConsentDenied",
    "Contact",
    "ExpiredCertificatePolicy",
    "IdentityProvider",
    "IdentityProviderRegistry",
    "IdentitySuspended",
    "IdpCertificateExpired",
    "InMemorySamlRequestStore",
    "InsufficientLevel",
    "InvalidFiscalNumber",
    "InvalidSignature",
    "LoggedOut",
    "LoginRequest",
    "LogoutFailed",
    "LogoutOrder",
    "MalformedResponse",
    "MissingAttributes",
    "NoCredentialsForLevel",
    "Organization",
    "PendingRequest",
    "RelayStateMismatch",
    "ReplayedAssertion",
    "ReplayedLogoutRequest",
    "SamlFailure",
    "SamlLogin",
    "SamlProfile",
    "SamlRequestStore",
    "SamlServiceProvider",
    "SamlSession",
    "ServiceProviderSettings",
    "SessionLink",
    "SingleLogout",
    "SingleLogoutUnsupported",
    "SpCertificate",
    "StaleResponse",
    "TooManyAttempts",
    "UnknownIdentityProvider",
    "UnknownRequest",
    "WeakDigestAlgorithm",
    "WeakSignatureAlgorithm",
    "WrongAudience",
    "WrongDestination",
    "WrongIssuer",
    "make_sp_certificate",
]
