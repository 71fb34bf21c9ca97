"""Password hashing with scrypt (standard library), behind the ``PasswordHasher`` port."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading

__all__ = ["ScryptPasswordHasher"]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _sane(log2_n: int, r: int, p: int) -> bool:
    return 1 <= log2_n <= 20 and 1 <= r <= 32 and 1 <= p <= 16  # noqa: PLR2004


class ScryptPasswordHasher:
    """Memory-hard password hashes: ``scrypt$<log2 n>$<r>$<p>$<salt>$<hash>``.

    The defaults (n = 2**15, r = 8, p = 1: 32 MiB per hash) follow OWASP's advice for
    scrypt; tests inject cheaper ones. Hashes made with other parameters still verify
    and report :meth:`needs_rehash`.

    >>> hasher = ScryptPasswordHasher(log2_n=4)
    >>> stored = hasher.hash("correct horse")
    >>> hasher.verify(stored, "correct horse"), hasher.verify(stored, "wrong")
    (True, False)
    """

    def __init__(self, *, log2_n: int = 15, r: int = 8, p: int = 1) -> None:
        if not _sane(log2_n, r, p):
            raise ValueError("scrypt parameters out of range: log2_n 1-20, r 1-32, p 1-16")
        self._params = (log2_n, r, p)
        self._dummy: str | None = None
        self._lock = threading.Lock()

    @staticmethod
    def _derive(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
        return hashlib.scrypt(
            password.encode("utf-8"),
            salt=salt,
            n=2**log2_n,
            r=r,
            p=p,
            maxmem=2 * 128 * r * (2**log2_n) + 1024 * 1024,
            dklen=32,
        )

    def hash(self, password: str) -> str:
        """Hash ``password`` with a fresh 16-byte salt."""
        log2_n, r, p = self._params
        salt = secrets.token_bytes(16)
        digest = self._derive(password, salt, log2_n, r, p)
        return f"scrypt${log2_n}${r}${p}${_b64(salt)}${_b64(digest)}"

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches; a malformed hash matches nothing and never raises.

        Parameters outside sane bounds (``log2 n`` 1-20, ``r`` 1-32, ``p`` 1-16) match
        nothing either, so a tampered hash cannot make verification eat the memory.
        """
        try:
            scheme, log2_n, r, p, salt, digest = password_hash.split("$")
            params = (int(log2_n), int(r), int(p))
            if scheme != "scrypt" or not _sane(*params):
                return False
            expected = _unb64(digest)
            actual = self._derive(password, _unb64(salt), *params)
        except (ValueError, TypeError, OverflowError, MemoryError):
            return False
        return hmac.compare_digest(expected, actual)

    def verify_dummy(self, password: str) -> None:
        """Spend the work of one verification, against a hash nobody's password matches."""
        with self._lock:
            if self._dummy is None:
                self._dummy = self.hash(secrets.token_urlsafe(32))
            dummy = self._dummy
        self.verify(dummy, password)

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters than the current ones."""
        parts = password_hash.split("$")
        current = ("scrypt", *(str(value) for value in self._params))
        return tuple(parts[:4]) != current
