"""XML signatures with the ``xmlsec1`` program, through pysaml2's crypto backend."""

from __future__ import annotations

import base64
import pathlib
import shutil
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from saml2.sigver import (
    CryptoBackendXmlSec1,
    SecurityContext,
    SignatureError,
)

from formlavoro_core.errors import ConfigurationError

__all__ = ["Signer", "certificate_base64", "find_xmlsec", "security_context", "signature_template"]

DSIG = "http://www.w3.org/2000/09/xmldsig#"


def find_xmlsec(binary: str | None) -> str:
    """The path of ``xmlsec1``; :class:`ConfigurationError` when it is missing."""
    found = (
        binary if binary and pathlib.Path(binary).is_file() else shutil.which(binary or "xmlsec1")
    )
    if found is None:
        raise ConfigurationError(
            "xmlsec_binary: the xmlsec1 program is needed for SPID and CIE "
            "(Debian/Ubuntu: apt-get install xmlsec1)"
        )
    return found


def certificate_base64(pem: bytes) -> str:
    """The DER certificate in base64, as ``ds:X509Certificate`` holds it."""
    certificate = x509.load_pem_x509_certificate(pem)
    return base64.b64encode(certificate.public_bytes(Encoding.DER)).decode("ascii")


def signature_template(reference_id: str, certificate_b64: str) -> str:
    """An enveloped RSA-SHA256 signature template for the element ``reference_id``."""
    return (
        f'<ds:Signature xmlns:ds="{DSIG}"><ds:SignedInfo>'
        '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
        '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
        f'<ds:Reference URI="#{reference_id}"><ds:Transforms>'
        '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>'
        '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
        "</ds:Transforms>"
        '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
        "<ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo>"
        "<ds:SignatureValue></ds:SignatureValue>"
        f"<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate_b64}"
        "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>"
    )


class Signer:
    """Signs XML documents holding a :func:`signature_template` with one key."""

    def __init__(self, xmlsec_binary: str, key_file: pathlib.Path) -> None:
        self._backend = CryptoBackendXmlSec1(xmlsec_binary)
        self._key_file = str(key_file)

    def sign(self, xml: str, node_name: str, node_id: str) -> str:
        """Sign the element ``node_id`` of type ``node_name`` (``{ns}:Local`` as xmlsec1 wants)."""
        try:
            signed: str = self._backend.sign_statement(xml, node_name, self._key_file, node_id)
        except SignatureError as exc:
            raise ConfigurationError(f"key_file: xmlsec1 cannot sign with it ({exc})") from exc
        return signed


def security_context(xmlsec_binary: str, metadata: Any) -> Any:
    """A pysaml2 security context that trusts only the keys in ``metadata``."""
    return SecurityContext(
        CryptoBackendXmlSec1(xmlsec_binary),
        metadata=metadata,
        only_use_keys_in_metadata=True,
    )
