"""Check-in codes signed with HMAC-SHA256 (standard library), behind the ``TicketSigner`` port.

A code is the RFC 4648 base32 text (upper case, no ``=`` padding) of::

    version (1 byte, 0x01) || payload (ASCII) || HMAC-SHA256(key, context || payload)[:16]

where ``context`` is the ASCII text ``formlavoro.ticket.v1`` and a zero byte, so a key
shared by mistake with another HMAC use cannot mint tickets. The 128-bit MAC makes
forgery hopeless. Base32 upper case uses only ``A-Z`` and ``2-7``: URL-safe, unambiguous
to read aloud (no ``0/O``, ``1/I``) and fit for the dense alphanumeric mode of QR codes.
The payload is encoded, not encrypted: anyone can read it, only the key holder can make
it.

A 73-character payload (two UUIDs and a dot) gives a 144-character code; the longest
payload accepted, :data:`MAX_PAYLOAD_LENGTH`, keeps every code within 200 characters.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Iterable

from formlavoro_adapters.sealing import decode_secret
from formlavoro_core.errors import ConfigurationError

__all__ = ["MAX_PAYLOAD_LENGTH", "MIN_KEY_LENGTH", "HmacTicketSigner"]

MIN_KEY_LENGTH = 32
"""Keys shorter than this many bytes are refused: 256 bits, the strength HMAC-SHA256 offers."""

MAX_PAYLOAD_LENGTH = 107
"""The longest payload signed: 1 + 107 + 16 bytes are 124, i.e. 199 base32 characters."""

_VERSION = b"\x01"
_CONTEXT = b"formlavoro.ticket.v1\x00"
_MAC_LENGTH = 16
_MAX_CODE_LENGTH = 200
_PAYLOAD = re.compile(r"[A-Za-z0-9._~-]+")


def _encode(raw: bytes) -> str:
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def _decode(code: object) -> bytes | None:
    """The bytes of a code typed or scanned, blanks and case ignored; ``None`` if malformed."""
    if not isinstance(code, str) or len(code) > 2 * _MAX_CODE_LENGTH:
        return None
    text = "".join(code.split()).upper()
    if not text or len(text) > _MAX_CODE_LENGTH:
        return None
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except (ValueError, binascii.Error):
        return None
    # Only the canonical spelling is valid: unused trailing bits must be zero.
    return raw if _encode(raw) == text else None


class HmacTicketSigner:
    """Signs check-in payloads into short codes and verifies them back (EV-3).

    Args:
        key: the secret, at least :data:`MIN_KEY_LENGTH` random bytes.
        retired_keys: former keys whose codes still verify (tickets already printed
            keep working while a rotated key takes over); new codes use ``key``.

    Raises:
        ConfigurationError: a key is shorter than :data:`MIN_KEY_LENGTH` bytes.

    >>> signer = HmacTicketSigner(b"k" * 32)
    >>> code = signer.sign("event-7.account-42")
    >>> code.isupper(), signer.verify(code), HmacTicketSigner(b"x" * 32).verify(code)
    (True, 'event-7.account-42', None)
    """

    def __init__(self, key: bytes, *, retired_keys: Iterable[bytes] = ()) -> None:
        keys = (key, *retired_keys)
        for candidate in keys:
            if not isinstance(candidate, bytes | bytearray) or len(candidate) < MIN_KEY_LENGTH:
                raise ConfigurationError(
                    f"ticket signing key: give at least {MIN_KEY_LENGTH} random bytes"
                )
        self._keys = tuple(bytes(candidate) for candidate in keys)

    @classmethod
    def from_secret(
        cls,
        secret: str,
        *,
        retired: Iterable[str] = (),
        setting: str = "FORMLAVORO_TICKET_KEY",
    ) -> HmacTicketSigner:
        """Build a signer from text settings: hexadecimal, or base64 (standard or URL-safe).

        A string of hexadecimal digit pairs is read as hexadecimal, anything else as
        base64 with or without padding. Generate one with ``python -c "import secrets;
        print(secrets.token_hex(32))"``. Errors name ``setting``, never the secret.

        Raises:
            ConfigurationError: the text is neither encoding, or decodes to too few bytes.

        >>> HmacTicketSigner.from_secret("ab" * 32).verify("garbage") is None
        True
        """
        return cls(
            cls._decode_secret(secret, setting),
            retired_keys=tuple(cls._decode_secret(old, setting) for old in retired),
        )

    @staticmethod
    def _decode_secret(secret: str, setting: str) -> bytes:
        return decode_secret(secret, setting)

    @staticmethod
    def _mac(key: bytes, payload: bytes) -> bytes:
        return hmac.new(key, _CONTEXT + payload, hashlib.sha256).digest()[:_MAC_LENGTH]

    def sign(self, payload: str, /) -> str:
        """Return the code of ``payload``: base32 upper case, at most 200 characters.

        Raises:
            ValueError: ``payload`` is empty, longer than :data:`MAX_PAYLOAD_LENGTH`, or
                not made of ASCII letters, digits and ``.``, ``_``, ``~``, ``-``
                (the core chooses payloads; anything else is a bug).
        """
        if len(payload) > MAX_PAYLOAD_LENGTH or not _PAYLOAD.fullmatch(payload):
            raise ValueError(
                f"ticket payloads are 1-{MAX_PAYLOAD_LENGTH} URL-safe ASCII characters"
            )
        data = payload.encode("ascii")
        return _encode(_VERSION + data + self._mac(self._keys[0], data))

    def verify(self, code: str, /) -> str | None:
        """Return the payload of an authentic ``code``; ``None`` for anything else.

        Lower case and blanks anywhere are accepted, so the grouped code printed on a
        ticket can be typed as shown; any other string, of any length or alphabet, gives
        ``None`` without raising. MACs are compared in constant time.
        """
        raw = _decode(code)
        if raw is None or len(raw) <= len(_VERSION) + _MAC_LENGTH or raw[:1] != _VERSION:
            return None
        data, mac = raw[1:-_MAC_LENGTH], raw[-_MAC_LENGTH:]
        authentic = False
        for key in self._keys:
            authentic |= hmac.compare_digest(self._mac(key, data), mac)
        if not authentic:
            return None
        payload = data.decode("ascii", errors="replace")
        return payload if _PAYLOAD.fullmatch(payload) else None
