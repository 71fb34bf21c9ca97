"""Why a client-certificate login was refused: one failure, with its own code, per check.

Every class is a :class:`~formlavoro_core.errors.DomainError` returned in a ``Failure``
by :class:`~formlavoro_adapters.identity.certificates.ClientCertificateLogin`.

No failure carries the holder's data (SEC-5): not the subject, the fiscal code or the
names it holds, nor text a browser or a proxy sent. A certificate of the chain is named
by its ``depth`` (0 the card's own, 1 its issuer, ...), an authority by the hexadecimal
key identifier certificates name it with, a problem by a word of a closed vocabulary.

>>> when = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
>>> CertificateRevoked(depth=0, serial_number="1F", revoked_at=when).to_dict()["depth"]
0
>>> FiscalCodeRejected(reason="RSSMRA85T10A562S")
Traceback (most recent call last):
...
ValueError: ("'reason' must be in ('absent', 'invalid', 'mismatch') ...
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Final

import attrs
from attrs.validators import deep_iterable, ge, in_, matches_re

from formlavoro_adapters.identity.crl import UNKNOWN_STATUSES, RevocationStatus
from formlavoro_core.errors import DomainError
from formlavoro_core.texts import Text, _

__all__ = [
    "CHAIN_PROBLEMS",
    "EC_CURVES",
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
    "UnsupportedKeyType",
    "UntrustedProxy",
    "UntrustedRoot",
    "WeakEcKey",
    "WeakRsaKey",
    "WrongPolicy",
]

_HEX: Final = r"(?:[0-9A-F]{2}){0,64}"
_OID: Final = r"[0-2](\.\d+)+"
CHAIN_PROBLEMS: Final = frozenset(
    {"extended_key_usage", "ca_constraints", "name_constraints", "signature_or_key", "other"}
)
"""What path validation found wrong, as :class:`ChainRejected` names it."""
EC_CURVES: Final = frozenset(
    {
        "brainpoolP256r1",
        "brainpoolP384r1",
        "brainpoolP512r1",
        "secp192r1",
        "secp224r1",
        "secp256k1",
        "secp256r1",
        "secp384r1",
        "secp521r1",
    }
)
"""The elliptic curves a certificate key can be read on (the names ``cryptography`` uses).

:class:`WeakEcKey` names one of them, or ``other``.
"""


def _depth() -> int:
    return attrs.field(validator=ge(0))


def _card(depth: int) -> bool:
    return depth == 0


@attrs.frozen(kw_only=True)
class CertificateLoginFailure(DomainError):
    """Base of every refusal of :class:`ClientCertificateLogin`."""

    CODE: ClassVar[str] = "identity.certificate.refused"

    @property
    def text(self) -> Text:
        """A generic refusal; subclasses say more."""
        return _("The login with the card's certificate was refused.")


@attrs.frozen(kw_only=True)
class UntrustedProxy(CertificateLoginFailure):
    """The request did not come from a configured proxy: its headers are ignored."""

    CODE: ClassVar[str] = "identity.certificate.untrusted_proxy"

    @property
    def text(self) -> Text:
        """Explains the refusal."""
        return _("Certificate headers are accepted only from the portal's proxy.")


@attrs.frozen(kw_only=True)
class CertificateMissing(CertificateLoginFailure):
    """No client certificate was presented."""

    CODE: ClassVar[str] = "identity.certificate.missing"

    @property
    def text(self) -> Text:
        """Asks for the card."""
        return _("No certificate was presented: insert the card and choose its certificate.")


@attrs.frozen(kw_only=True)
class ProxyRejected(CertificateLoginFailure):
    """The proxy's own verification did not succeed.

    ``verdict`` is ``none`` (no certificate), ``failed`` (``FAILED:...``), ``generous``
    (Apache's ``GENEROUS``) or ``other``; the proxy's text itself is not kept.
    """

    CODE: ClassVar[str] = "identity.certificate.proxy_rejected"
    verdict: str = attrs.field(validator=in_(("none", "failed", "generous", "other")))

    @property
    def text(self) -> Text:
        """Says that the proxy did not verify the certificate."""
        return _("The certificate was not verified by the proxy ({verdict}).", verdict=self.verdict)


_MALFORMED: Final = {
    "too_long": _("the header is too long"),
    "no_pem": _("no PEM certificate in the header"),
    "too_many": _("too many certificates"),
    "bad_encoding": _("damaged PEM or DER encoding"),
    "unreadable_fields": _("its fields cannot be read"),
}


@attrs.frozen(kw_only=True)
class CertificateMalformed(CertificateLoginFailure):
    """The forwarded value is not a readable X.509 certificate (``reason`` says why).

    ``reason`` is ``too_long``, ``no_pem``, ``too_many``, ``bad_encoding`` or
    ``unreadable_fields``.
    """

    CODE: ClassVar[str] = "identity.certificate.malformed"
    reason: str = attrs.field(validator=in_(tuple(_MALFORMED)))

    @property
    def text(self) -> Text:
        """States the reason."""
        return _("The certificate cannot be read: {reason}.", reason=_MALFORMED[self.reason])


@attrs.frozen(kw_only=True)
class UntrustedRoot(CertificateLoginFailure):
    """The chain leads to a certification authority that is not in the CA bundle.

    ``key_id`` is the authority key identifier (hexadecimal) that the last certificate
    of the chain names, to find that authority; empty when it names none.
    """

    CODE: ClassVar[str] = "identity.certificate.untrusted_root"
    key_id: str = attrs.field(validator=matches_re(_HEX))

    @property
    def text(self) -> Text:
        """Explains the refusal."""
        return _("The certificate comes from an authority this portal does not trust.")


@attrs.frozen(kw_only=True)
class IncompleteChain(CertificateLoginFailure):
    """An issuing authority was neither forwarded nor in the CA bundle.

    ``key_id`` is the key identifier (hexadecimal) of the missing authority, as the
    certificate it issued names it; empty when that certificate names none.
    """

    CODE: ClassVar[str] = "identity.certificate.incomplete_chain"
    key_id: str = attrs.field(validator=matches_re(_HEX))

    @property
    def text(self) -> Text:
        """Explains the refusal."""
        return _("The certificate of the issuing authority is missing.")


@attrs.frozen(kw_only=True)
class CertificateExpired(CertificateLoginFailure):
    """The certificate at ``depth`` is expired or not yet valid at ``checked_at``."""

    CODE: ClassVar[str] = "identity.certificate.expired"
    depth: int = _depth()
    not_before: dt.datetime
    not_after: dt.datetime
    checked_at: dt.datetime

    @property
    def text(self) -> Text:
        """Says which certificate and when it is valid."""
        if self.checked_at < self.not_before:
            if _card(self.depth):
                return _("The card's certificate is valid only from {at}.", at=self.not_before)
            return _(
                "The certificate of an issuing authority is valid only from {at}.",
                at=self.not_before,
            )
        if _card(self.depth):
            return _("The card's certificate expired on {at}.", at=self.not_after)
        return _("The certificate of an issuing authority expired on {at}.", at=self.not_after)


@attrs.frozen(kw_only=True)
class ChainRejected(CertificateLoginFailure):
    """Path validation refused the chain for another reason (see :data:`CHAIN_PROBLEMS`)."""

    CODE: ClassVar[str] = "identity.certificate.invalid_chain"
    problem: str = attrs.field(validator=in_(CHAIN_PROBLEMS))

    @property
    def text(self) -> Text:
        """Names the kind of problem."""
        return _(
            "The certificate chain is not valid ({problem}).",
            problem=self.problem.replace("_", " "),
        )


@attrs.frozen(kw_only=True)
class WeakRsaKey(CertificateLoginFailure):
    """The card's RSA key has fewer than 2048 bits."""

    CODE: ClassVar[str] = "identity.certificate.weak_rsa_key"
    key_size: int

    @property
    def text(self) -> Text:
        """Names the size found and the one required."""
        return _(
            "The certificate's key is too weak ({bits}-bit RSA; 2048 needed).", bits=self.key_size
        )


@attrs.frozen(kw_only=True)
class WeakEcKey(CertificateLoginFailure):
    """The card's elliptic-curve key is on a curve weaker than P-256, or not accepted."""

    CODE: ClassVar[str] = "identity.certificate.weak_ec_key"
    curve: str = attrs.field(validator=in_((*sorted(EC_CURVES), "other")))

    @property
    def text(self) -> Text:
        """Names the curve."""
        return _(
            "The certificate's key is on a curve this portal does not accept ({curve}).",
            curve=self.curve,
        )


@attrs.frozen(kw_only=True)
class UnsupportedKeyType(CertificateLoginFailure):
    """The card's key is neither RSA nor elliptic-curve (``dsa``, ``ed25519``, ...)."""

    CODE: ClassVar[str] = "identity.certificate.key_type"
    key_type: str = attrs.field(
        validator=in_(("dsa", "ed25519", "ed448", "x25519", "x448", "other"))
    )

    @property
    def text(self) -> Text:
        """Names the kind of key."""
        return _("The certificate's key type is not accepted ({key_type}).", key_type=self.key_type)


@attrs.frozen(kw_only=True)
class KeyUsageMissing(CertificateLoginFailure):
    """The certificate's key usage does not include digitalSignature."""

    CODE: ClassVar[str] = "identity.certificate.key_usage"

    @property
    def text(self) -> Text:
        """Explains the refusal."""
        return _("This certificate is not meant for authentication (no digital signature usage).")


@attrs.frozen(kw_only=True)
class WrongPolicy(CertificateLoginFailure):
    """None of the certificate's policy OIDs (``found``) is one of ``accepted``."""

    CODE: ClassVar[str] = "identity.certificate.wrong_policy"
    found: tuple[str, ...] = attrs.field(validator=deep_iterable(matches_re(_OID)))
    accepted: tuple[str, ...] = attrs.field(validator=deep_iterable(matches_re(_OID)))

    @property
    def text(self) -> Text:
        """Lists the accepted policies."""
        return _(
            "This is not a CNS or CIE authentication certificate ({accepted}).",
            accepted=", ".join(self.accepted),
        )


@attrs.frozen(kw_only=True)
class CertificateRevoked(CertificateLoginFailure):
    """The certificate at ``depth`` is listed in its issuer's CRL.

    ``serial_number`` is the certificate's serial number in hexadecimal, as the CRL
    lists it.
    """

    CODE: ClassVar[str] = "identity.certificate.revoked"
    depth: int = _depth()
    serial_number: str = attrs.field(validator=matches_re(r"[0-9A-F]{1,40}"))
    revoked_at: dt.datetime

    @property
    def text(self) -> Text:
        """Says which certificate and the revocation time."""
        if _card(self.depth):
            return _("The card's certificate was revoked on {at}.", at=self.revoked_at)
        return _("The certificate of an issuing authority was revoked on {at}.", at=self.revoked_at)


@attrs.frozen(kw_only=True)
class RevocationUnknown(CertificateLoginFailure):
    """No usable CRL for the certificate at ``depth``; ``reason`` is the status found.

    ``no_crl``, ``crl_not_covering``, ``crl_expired``, ``crl_not_yet_valid`` or
    ``crl_not_authentic`` (see :class:`~formlavoro_adapters.identity.crl.RevocationStatus`).
    """

    CODE: ClassVar[str] = "identity.certificate.revocation_unknown"
    depth: int = _depth()
    reason: RevocationStatus = attrs.field(validator=in_(UNKNOWN_STATUSES))

    @property
    def text(self) -> Text:
        """Explains that revocation could not be checked."""
        return _("Whether the certificate is revoked cannot be checked now.")


@attrs.frozen(kw_only=True)
class FiscalCodeRejected(CertificateLoginFailure):
    """The subject has no valid fiscal code: ``absent``, ``invalid`` or ``mismatch``.

    ``absent``: not exactly one common name; ``invalid``: the common name does not start
    with a valid fiscal code; ``mismatch``: the subject's serialNumber names another code.
    """

    CODE: ClassVar[str] = "identity.certificate.fiscal_code"
    reason: str = attrs.field(validator=in_(("absent", "invalid", "mismatch")))

    @property
    def text(self) -> Text:
        """Explains what is wrong with the fiscal code."""
        if self.reason == "mismatch":
            return _("The certificate's serial number names another fiscal code.")
        return _("The certificate does not carry a valid fiscal code.")


@attrs.frozen(kw_only=True)
class NamesMissing(CertificateLoginFailure):
    """The subject lacks a usable ``givenName`` or ``surname`` (listed in ``attributes``)."""

    CODE: ClassVar[str] = "identity.certificate.names"
    attributes: tuple[str, ...] = attrs.field(
        validator=deep_iterable(in_(("givenName", "surname")))
    )

    @property
    def text(self) -> Text:
        """Lists the missing attributes."""
        return _(
            "The certificate does not carry the holder's names ({attributes}).",
            attributes=", ".join(self.attributes),
        )
