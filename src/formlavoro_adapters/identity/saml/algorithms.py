"""The XML-signature algorithms a SAML response may use: SHA-256 or stronger only.

pysaml2 and ``xmlsec1`` verify whatever algorithm a signature names, SHA-1 included.
:func:`algorithm_refusal` reads the ``SignedInfo`` of a signature before it is
verified and refuses a ``SignatureMethod`` or a ``DigestMethod`` not in
:data:`SIGNATURE_METHODS` / :data:`DIGEST_METHODS`, each with its own code. A SAML
signature signs exactly one element (SAML core §5.4.2): one ``Reference``.

>>> sorted(name.rsplit("#", 1)[1] for name in DIGEST_METHODS)
['sha256', 'sha3-256', 'sha3-384', 'sha3-512', 'sha384', 'sha512']
"""

from __future__ import annotations

from typing import Final
from xml.etree.ElementTree import Element

from formlavoro_adapters.identity.saml import failures as f

__all__ = ["DIGEST_METHODS", "SIGNATURE_METHODS", "algorithm_refusal"]

DS: Final = "{http://www.w3.org/2000/09/xmldsig#}"
_MORE: Final = "http://www.w3.org/2001/04/xmldsig-more#"
_MORE_2007: Final = "http://www.w3.org/2007/05/xmldsig-more#"
_DSIG: Final = "http://www.w3.org/2000/09/xmldsig#"
_ENC: Final = "http://www.w3.org/2001/04/xmlenc#"

SIGNATURE_METHODS: Final = frozenset(
    {
        f"{_MORE}rsa-sha256",
        f"{_MORE}rsa-sha384",
        f"{_MORE}rsa-sha512",
        f"{_MORE}ecdsa-sha256",
        f"{_MORE}ecdsa-sha384",
        f"{_MORE}ecdsa-sha512",
        f"{_MORE_2007}sha256-rsa-MGF1",
        f"{_MORE_2007}sha384-rsa-MGF1",
        f"{_MORE_2007}sha512-rsa-MGF1",
    }
)
"""RSA (PKCS#1 v1.5 or PSS) and ECDSA signatures over SHA-256, SHA-384 or SHA-512."""
DIGEST_METHODS: Final = frozenset(
    {
        f"{_ENC}sha256",
        f"{_MORE}sha384",
        f"{_ENC}sha512",
        f"{_MORE_2007}sha3-256",
        f"{_MORE_2007}sha3-384",
        f"{_MORE_2007}sha3-512",
    }
)
"""SHA-256, SHA-384, SHA-512 and SHA-3 of those sizes."""

_WEAK_SIGNATURES: Final = {
    f"{_DSIG}rsa-sha1": "rsa-sha1",
    f"{_DSIG}dsa-sha1": "dsa-sha1",
    f"{_MORE}ecdsa-sha1": "ecdsa-sha1",
    f"{_DSIG}hmac-sha1": "hmac-sha1",
    f"{_MORE}rsa-md5": "rsa-md5",
    f"{_MORE}rsa-sha224": "rsa-sha224",
    f"{_MORE}ecdsa-sha224": "ecdsa-sha224",
}
_WEAK_DIGESTS: Final = {
    f"{_DSIG}sha1": "sha1",
    f"{_MORE}md5": "md5",
    f"{_MORE}sha224": "sha224",
}


def algorithm_refusal(signature: Element, element: str) -> f.SamlFailure | None:
    """Why the ``ds:Signature`` of ``element`` (``Response`` or ``Assertion``) is refused.

    ``None`` when its method and its one reference's digest are accepted; the
    signature itself is verified afterwards.
    """
    signed_info = signature.find(f"{DS}SignedInfo")
    method = None if signed_info is None else signed_info.find(f"{DS}SignatureMethod")
    algorithm = "" if method is None else method.get("Algorithm", "")
    if algorithm not in SIGNATURE_METHODS:
        name = _WEAK_SIGNATURES.get(algorithm, "other")
        return f.WeakSignatureAlgorithm(element=element, algorithm=name)
    references = [] if signed_info is None else signed_info.findall(f"{DS}Reference")
    if len(references) != 1:
        return f.InvalidSignature(reason="references")
    digest = references[0].find(f"{DS}DigestMethod")
    algorithm = "" if digest is None else digest.get("Algorithm", "")
    if algorithm not in DIGEST_METHODS:
        return f.WeakDigestAlgorithm(
            element=element, algorithm=_WEAK_DIGESTS.get(algorithm, "other")
        )
    return None
