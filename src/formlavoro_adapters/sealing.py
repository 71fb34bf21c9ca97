"""Seals made with HMAC-SHA256 (standard library), behind the ``Sealer`` port.

A seal is the unpadded URL-safe base64 text (43 characters) of::

    HMAC-SHA256(key, "formlavoro.seal.v1" || 0x00 || purpose || 0x00 || text)

The context label keeps these MACs apart from the tickets' (``formlavoro.ticket.v1``),
so one portal secret can serve both; the purpose keeps each use apart from the others
(a consent receipt's seal never verifies as anything else). The text is not encrypted:
the core writes it in the clear next to its seal.

The portal's secret comes from ``FORMLAVORO_SECRET_KEY`` (see
:class:`~formlavoro_adapters.bootstrap.Settings`); :func:`decode_secret` reads it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Iterable

from formlavoro_core.errors import ConfigurationError

__all__ = ["MIN_KEY_LENGTH", "HmacSealer", "decode_secret"]

MIN_KEY_LENGTH = 32
"""Keys shorter than this many bytes are refused: 256 bits, the strength HMAC-SHA256 offers."""

_CONTEXT = b"formlavoro.seal.v1\x00"
_SEAL_LENGTH = 43  # 32 bytes in unpadded base64
_MAX_TEXT = 4096
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")


def decode_secret(secret: str, setting: str) -> bytes:
    """The bytes of a secret given as text: hexadecimal, or base64 (standard or URL-safe).

    A string of hexadecimal digit pairs is read as hexadecimal, anything else as
    base64 with or without padding. Generate one with ``python -c "import secrets;
    print(secrets.token_hex(32))"``. Errors name ``setting``, never the secret.

    Raises:
        ConfigurationError: the text is neither encoding, or decodes to fewer than
            :data:`MIN_KEY_LENGTH` bytes.

    >>> len(decode_secret("ab" * 32, "FORMLAVORO_SECRET_KEY"))
    32
    """
    text = secret.strip() if isinstance(secret, str) else ""
    key: bytes | None = None
    if _HEX.fullmatch(text):
        key = bytes.fromhex(text)
    elif _BASE64.fullmatch(text):
        unpadded = text.rstrip("=")
        standard = unpadded.replace("-", "+").replace("_", "/")
        try:
            key = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
        except binascii.Error:
            key = None
    if key is None:
        raise ConfigurationError(
            f"{setting}: not a hexadecimal or base64 secret "
            "(generate one with secrets.token_hex(32))"
        )
    if len(key) < MIN_KEY_LENGTH:
        raise ConfigurationError(
            f"{setting}: the secret decodes to {len(key)} bytes; "
            f"give at least {MIN_KEY_LENGTH} (e.g. secrets.token_hex(32))"
        )
    return key


class HmacSealer:
    """Seals texts with the portal's secret and checks seals back (ID-8).

    Args:
        key: the secret, at least :data:`MIN_KEY_LENGTH` random bytes.
        retired_keys: former keys whose seals still verify while a rotated key takes
            over; new seals use ``key``.

    Raises:
        ConfigurationError: a key is shorter than :data:`MIN_KEY_LENGTH` bytes.

    >>> sealer = HmacSealer(b"k" * 32)
    >>> seal = sealer.seal("consent-receipt", "c1.1.MQ.MQ")
    >>> len(seal), sealer.verify("consent-receipt", "c1.1.MQ.MQ", seal)
    (43, True)
    >>> sealer.verify("ticket", "c1.1.MQ.MQ", seal), HmacSealer(b"x" * 32).verify(
    ...     "consent-receipt", "c1.1.MQ.MQ", seal)
    (False, False)
    """

    def __init__(self, key: bytes, *, retired_keys: Iterable[bytes] = ()) -> None:
        keys = (key, *retired_keys)
        for candidate in keys:
            if not isinstance(candidate, bytes | bytearray) or len(candidate) < MIN_KEY_LENGTH:
                raise ConfigurationError(
                    f"sealing key: give at least {MIN_KEY_LENGTH} random bytes"
                )
        self._keys = tuple(bytes(candidate) for candidate in keys)

    @classmethod
    def from_secret(
        cls, secret: str, *, retired: Iterable[str] = (), setting: str = "FORMLAVORO_SECRET_KEY"
    ) -> HmacSealer:
        """Build a sealer from text settings (see :func:`decode_secret`).

        >>> HmacSealer.from_secret("ab" * 32).verify("p", "text", "garbage")
        False
        """
        return cls(
            decode_secret(secret, setting),
            retired_keys=tuple(decode_secret(old, setting) for old in retired),
        )

    @staticmethod
    def _mac(key: bytes, purpose: bytes, text: bytes) -> str:
        digest = hmac.new(key, _CONTEXT + purpose + b"\x00" + text, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def seal(self, purpose: str, text: str, /) -> str:
        """Return the seal of ``text`` for ``purpose`` (43 URL-safe characters).

        Raises:
            ValueError: ``purpose`` holds a zero character, or ``text`` is longer than
                4,096 characters (the core chooses both; anything else is a bug).
        """
        if "\x00" in purpose or len(text) > _MAX_TEXT:
            raise ValueError("seal purposes hold no NUL; sealed texts are at most 4096 characters")
        return self._mac(self._keys[0], purpose.encode("utf-8"), text.encode("utf-8"))

    def verify(self, purpose: str, text: str, seal: str, /) -> bool:
        """Whether ``seal`` is this portal's seal of ``text`` for ``purpose``.

        Any other value, of any type or length, gives ``False`` without raising. Seals
        are compared in constant time, against the current and the retired keys.
        """
        if not all(isinstance(value, str) for value in (purpose, text, seal)):
            return False
        if len(seal) != _SEAL_LENGTH or len(text) > _MAX_TEXT or "\x00" in purpose:
            return False
        try:
            purpose_bytes, text_bytes = purpose.encode("utf-8"), text.encode("utf-8")
            given = seal.encode("ascii")
        except UnicodeEncodeError:
            return False
        authentic = False
        for key in self._keys:
            expected = self._mac(key, purpose_bytes, text_bytes).encode("ascii")
            authentic |= hmac.compare_digest(expected, given)
        return authentic
