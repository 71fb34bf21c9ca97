"""The HTTP-Redirect binding (SAML bindings §3.4): a deflated message and a query signature.

A message travels in the query string: ``SAMLRequest`` or ``SAMLResponse`` (the XML,
DEFLATE-compressed then base64), ``RelayState`` if any, ``SigAlg`` and ``Signature``.
The signature covers the octets ``SAMLRequest=…&RelayState=…&SigAlg=…`` exactly as
they appear in the URL (still URL-encoded, §3.4.4.1), so :func:`read_redirect` keeps the
raw query and takes the values apart only after the signature is verified. The XML of a
redirected message carries no ``ds:Signature``.

>>> import datetime as dt
>>> from cryptography import x509
>>> from formlavoro_adapters.identity.saml.certificates import make_sp_certificate
>>> def key_of(entity_id):
...     pair = make_sp_certificate(entity_id=entity_id, ipa_code="x", organization="X",
...         locality="Roma", now=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
...     public = x509.load_pem_x509_certificate(pair.certificate_pem).public_key()
...     return pair.key_pem, public
>>> private, public = key_of("https://idp.example")
>>> url = redirect_message("https://sp.example/slo", "SAMLResponse", "<x/>", "/", private)
>>> message = read_redirect(url.split("?", 1)[1], "SAMLResponse")
>>> message.xml, message.relay_state, message.verifies(public)
('<x/>', '/', True)
>>> message.verifies(key_of("https://other.example")[1])
False
"""

from __future__ import annotations

import base64
import binascii
import urllib.parse
import zlib
from typing import Final

import attrs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from formlavoro_adapters.identity.saml import failures as f
from formlavoro_adapters.identity.saml.elements import Refused
from formlavoro_core.errors import ConfigurationError

__all__ = ["RedirectMessage", "read_redirect", "redirect_message"]

RSA_SHA256: Final = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
_HASHES: Final[dict[str, type[hashes.HashAlgorithm]]] = {
    RSA_SHA256: hashes.SHA256,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": hashes.SHA384,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": hashes.SHA512,
}
"""The ``SigAlg`` accepted: RSA (PKCS#1 v1.5) over SHA-256 or stronger."""
_WEAK: Final = {
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1": "rsa-sha1",
    "http://www.w3.org/2000/09/xmldsig#dsa-sha1": "dsa-sha1",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-md5": "rsa-md5",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha224": "rsa-sha224",
}
_MAX_QUERY: Final = 64 * 1024
_MAX_XML: Final = 256 * 1024


def redirect_message(base: str, parameter: str, xml: str, relay_state: str, key_pem: bytes) -> str:
    """``base`` with ``parameter`` (``SAMLRequest`` or ``SAMLResponse``) and its signature."""
    compressor = zlib.compressobj(wbits=-15)
    deflated = compressor.compress(xml.encode("utf-8")) + compressor.flush()
    parts = [(parameter, base64.b64encode(deflated).decode("ascii"))]
    if relay_state:
        parts.append(("RelayState", relay_state))
    parts.append(("SigAlg", RSA_SHA256))
    query = urllib.parse.urlencode(parts)
    key = serialization.load_pem_private_key(key_pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ConfigurationError("key_file: the SP key must be RSA")
    signature = key.sign(query.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    query += "&" + urllib.parse.urlencode(
        {"Signature": base64.b64encode(signature).decode("ascii")}
    )
    return f"{base}{'&' if '?' in base else '?'}{query}"


@attrs.frozen(kw_only=True)
class RedirectMessage:
    """A message read from a query string; :meth:`verifies` before trusting it."""

    xml: str
    relay_state: str
    signed: bytes
    """The octets the signature covers, as they came."""
    signature: bytes
    algorithm: type[hashes.HashAlgorithm]

    def verifies(self, key: PublicKeyTypes) -> bool:
        """Whether ``key`` (an RSA public key) verifies the query signature."""
        if not isinstance(key, rsa.RSAPublicKey):
            return False
        try:
            key.verify(self.signature, self.signed, padding.PKCS1v15(), self.algorithm())
        except InvalidSignature:
            return False
        return True


def _raw_parameters(query: str) -> dict[str, str]:
    """The query's parameters, values still URL-encoded; a repeated one is refused."""
    found: dict[str, str] = {}
    for part in query.split("&"):
        name, _, value = part.partition("=")
        name = urllib.parse.unquote_plus(name)
        if name in found:
            raise Refused(f.MalformedResponse(reason=f"the query repeats {name}"))
        found[name] = value
    return found


def _inflated(encoded: str) -> str:
    try:
        deflated = base64.b64decode(urllib.parse.unquote_plus(encoded), validate=True)
        inflater = zlib.decompressobj(wbits=-15)
        raw = inflater.decompress(deflated, _MAX_XML)
        if inflater.unconsumed_tail:
            raise Refused(f.MalformedResponse(reason="the message is too long"))
        return raw.decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeDecodeError) as exc:
        reason = "the message is not deflated base64 UTF-8"
        raise Refused(f.MalformedResponse(reason=reason)) from exc


def read_redirect(query: str, parameter: str) -> RedirectMessage:
    """Take a redirected ``parameter`` message out of the raw ``query`` (after ``?``).

    Raises :class:`Refused` when the message is missing or undecodable, when it is not
    signed (``InvalidSignature(reason="query_unsigned")``), or when ``SigAlg`` is weaker
    than RSA-SHA256 or unknown.
    """
    if not query or len(query) > _MAX_QUERY:
        raise Refused(f.MalformedResponse(reason=f"{parameter} is missing or too long"))
    found = _raw_parameters(query)
    encoded = found.get(parameter)
    if not encoded:
        raise Refused(f.MalformedResponse(reason=f"{parameter} is missing or too long"))
    xml = _inflated(encoded)
    if "SigAlg" not in found or "Signature" not in found:
        raise Refused(f.InvalidSignature(reason="query_unsigned"))
    algorithm = urllib.parse.unquote_plus(found["SigAlg"])
    chosen = _HASHES.get(algorithm)
    if chosen is None:
        element = "LogoutRequest" if parameter == "SAMLRequest" else "LogoutResponse"
        name = _WEAK.get(algorithm, "other")
        raise Refused(f.WeakSignatureAlgorithm(element=element, algorithm=name))
    try:
        signature = base64.b64decode(urllib.parse.unquote_plus(found["Signature"]), validate=True)
    except binascii.Error as exc:
        raise Refused(f.InvalidSignature(reason="not_verified")) from exc
    signed = f"{parameter}={encoded}"
    if "RelayState" in found:
        signed += f"&RelayState={found['RelayState']}"
    signed += f"&SigAlg={found['SigAlg']}"
    return RedirectMessage(
        xml=xml,
        relay_state=urllib.parse.unquote_plus(found.get("RelayState", "")),
        signed=signed.encode("ascii", errors="replace"),
        signature=signature,
        algorithm=chosen,
    )
