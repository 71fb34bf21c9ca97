"""Why a client-certificate login was refused: one failure, with its own code, per check.

Every class is a :class:`~formlavoro_core.errors.DomainError` returned in a ``Failure``
by :class:`~formlavoro_adapters.identity.certificates.ClientCertificateLogin`.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError

__all__ = [
    "CertificateExpired",
    "CertificateLoginFailure",
    "CertificateMalformed",
    "CertificateMissing",
    "CertificateRevoked",
    "ChainRejected",
    "FiscalCodeRejected",
    "IncompleteChain",
    "KeyUsageMissing",
    "NamesMissing",
    "ProxyRejected",
    "RevocationUnknown",
    "UntrustedProxy",
    "UntrustedRoot",
    "WrongPolicy",
]


@attrs.frozen(kw_only=True)
class CertificateLoginFailure(DomainError):
    """Base of every refusal of :class:`ClientCertificateLogin`."""

    CODE: ClassVar[str] = "identity.certificate.refused"


@attrs.frozen(kw_only=True)
class UntrustedProxy(CertificateLoginFailure):
    """The request came from ``peer``, not from a configured proxy: headers ignored."""

    CODE: ClassVar[str] = "identity.certificate.untrusted_proxy"
    peer: str

    @property
    def message(self) -> str:
        """Names the address."""
        return f"Certificate headers are accepted only from the portal's proxy, not {self.peer}."


@attrs.frozen(kw_only=True)
class CertificateMissing(CertificateLoginFailure):
    """No client certificate was presented."""

    CODE: ClassVar[str] = "identity.certificate.missing"

    @property
    def message(self) -> str:
        """Asks for the card."""
        return "No certificate was presented: insert the card and choose its certificate."


@attrs.frozen(kw_only=True)
class ProxyRejected(CertificateLoginFailure):
    """The proxy's own verification did not succeed (``FAILED:...``, ``GENEROUS``, ...)."""

    CODE: ClassVar[str] = "identity.certificate.proxy_rejected"
    verify_result: str

    @property
    def message(self) -> str:
        """Quotes the proxy's result."""
        return f"The certificate was not verified by the proxy ({self.verify_result or 'none'})."


@attrs.frozen(kw_only=True)
class CertificateMalformed(CertificateLoginFailure):
    """The forwarded value is not a readable X.509 certificate (``reason`` says why)."""

    CODE: ClassVar[str] = "identity.certificate.malformed"
    reason: str

    @property
    def message(self) -> str:
        """States the reason."""
        return f"The certificate cannot be read: {self.reason}."


@attrs.frozen(kw_only=True)
class UntrustedRoot(CertificateLoginFailure):
    """The chain ends at ``root``, a certification authority not in the CA bundle."""

    CODE: ClassVar[str] = "identity.certificate.untrusted_root"
    root: str

    @property
    def message(self) -> str:
        """Names the authority."""
        return f"The certificate comes from an authority this portal does not trust: {self.root}."


@attrs.frozen(kw_only=True)
class IncompleteChain(CertificateLoginFailure):
    """The issuer ``missing_issuer`` was neither forwarded nor in the CA bundle."""

    CODE: ClassVar[str] = "identity.certificate.incomplete_chain"
    missing_issuer: str

    @property
    def message(self) -> str:
        """Names the missing intermediate authority."""
        return f"The certificate of the issuing authority is missing: {self.missing_issuer}."


@attrs.frozen(kw_only=True)
class CertificateExpired(CertificateLoginFailure):
    """A certificate of the chain is expired or not yet valid at ``checked_at``."""

    CODE: ClassVar[str] = "identity.certificate.expired"
    subject: str
    not_before: dt.datetime
    not_after: dt.datetime
    checked_at: dt.datetime

    @property
    def message(self) -> str:
        """Says which certificate and when it is valid."""
        if self.checked_at < self.not_before:
            return f"The certificate {self.subject} is valid only from {self.not_before}."
        return f"The certificate {self.subject} expired on {self.not_after}."


@attrs.frozen(kw_only=True)
class ChainRejected(CertificateLoginFailure):
    """Path validation refused the chain for another reason (constraints, algorithms)."""

    CODE: ClassVar[str] = "identity.certificate.invalid_chain"
    reason: str

    @property
    def message(self) -> str:
        """States the validator's reason."""
        return f"The certificate chain is not valid: {self.reason}."


@attrs.frozen(kw_only=True)
class KeyUsageMissing(CertificateLoginFailure):
    """The certificate's key usage does not include digitalSignature."""

    CODE: ClassVar[str] = "identity.certificate.key_usage"
    subject: str

    @property
    def message(self) -> str:
        """Explains the refusal."""
        return "This certificate is not meant for authentication (no digital signature usage)."


@attrs.frozen(kw_only=True)
class WrongPolicy(CertificateLoginFailure):
    """None of the certificate's policies (``found``) is one of ``accepted``."""

    CODE: ClassVar[str] = "identity.certificate.wrong_policy"
    found: tuple[str, ...]
    accepted: tuple[str, ...]

    @property
    def message(self) -> str:
        """Lists the accepted policies."""
        return f"This is not a CNS or CIE authentication certificate ({', '.join(self.accepted)})."


@attrs.frozen(kw_only=True)
class CertificateRevoked(CertificateLoginFailure):
    """A certificate of the chain is listed in its issuer's CRL."""

    CODE: ClassVar[str] = "identity.certificate.revoked"
    subject: str
    serial_number: str
    revoked_at: dt.datetime

    @property
    def message(self) -> str:
        """Names the certificate and the revocation time."""
        return f"The certificate {self.subject} was revoked on {self.revoked_at}."


@attrs.frozen(kw_only=True)
class RevocationUnknown(CertificateLoginFailure):
    """No usable CRL for ``subject``: ``no_crl``, ``crl_expired`` or ``crl_not_authentic``."""

    CODE: ClassVar[str] = "identity.certificate.revocation_unknown"
    subject: str
    reason: str

    @property
    def message(self) -> str:
        """Explains that revocation could not be checked."""
        return f"Whether the certificate {self.subject} is revoked cannot be checked now."


@attrs.frozen(kw_only=True)
class FiscalCodeRejected(CertificateLoginFailure):
    """The subject has no valid fiscal code: ``absent``, ``invalid`` or ``mismatch``.

    ``mismatch``: the subject's serialNumber names another code than the common name.
    """

    CODE: ClassVar[str] = "identity.certificate.fiscal_code"
    reason: str
    value: str

    @property
    def message(self) -> str:
        """Explains what is wrong with the fiscal code."""
        if self.reason == "mismatch":
            return f"The certificate's serial number {self.value!r} names another fiscal code."
        return f"The certificate does not carry a valid fiscal code ({self.value!r})."


@attrs.frozen(kw_only=True)
class NamesMissing(CertificateLoginFailure):
    """The subject lacks a usable ``givenName`` or ``surname`` (listed in ``attributes``)."""

    CODE: ClassVar[str] = "identity.certificate.names"
    attributes: tuple[str, ...]

    @property
    def message(self) -> str:
        """Lists the missing attributes."""
        return f"The certificate does not carry the holder's names ({', '.join(self.attributes)})."
