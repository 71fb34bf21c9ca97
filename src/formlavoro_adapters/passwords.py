"""Password hashing behind the ``PasswordHasher`` port: Argon2id (SEC-2) and scrypt.

:class:`Argon2PasswordHasher` is the default (it needs ``formlavoro[identity]``);
:class:`ScryptPasswordHasher` needs only the standard library, and the Argon2 hasher can
keep verifying its hashes while upgrading them at the next login.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading

__all__ = ["Argon2PasswordHasher", "ScryptPasswordHasher"]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _sane(log2_n: int, r: int, p: int) -> bool:
    return 1 <= log2_n <= 20 and 1 <= r <= 32 and 1 <= p <= 16  # noqa: PLR2004


class _EqualWork:
    """The dummy verification that an unknown username costs, shared by both hashers."""

    def __init__(self) -> None:
        self._dummy: str | None = None
        self._lock = threading.Lock()

    def hash(self, password: str) -> str:
        """Hash ``password`` (each hasher its own way)."""
        raise NotImplementedError

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches ``password_hash`` (each hasher its own way)."""
        raise NotImplementedError

    def verify_dummy(self, password: str) -> None:
        """Spend the work of one verification, against a hash nobody's password matches."""
        with self._lock:
            if self._dummy is None:
                self._dummy = self.hash(secrets.token_urlsafe(32))
            dummy = self._dummy
        self.verify(dummy, password)


class ScryptPasswordHasher(_EqualWork):
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
        super().__init__()
        self._params = (log2_n, r, p)

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

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters than the current ones."""
        parts = password_hash.split("$")
        current = ("scrypt", *(str(value) for value in self._params))
        return tuple(parts[:4]) != current


# Bounds on the parameters a stored hash may ask for: a tampered hash must not make a
# verification eat gigabytes or minutes.
_ARGON2_MAX_MEMORY_KIB = 1024 * 1024
_ARGON2_MAX_TIME = 64
_ARGON2_MAX_LANES = 64


def _argon2_sane(time_cost: int, memory_cost: int, parallelism: int) -> bool:
    return (
        1 <= time_cost <= _ARGON2_MAX_TIME
        and 1 <= parallelism <= _ARGON2_MAX_LANES
        and 8 * parallelism <= memory_cost <= _ARGON2_MAX_MEMORY_KIB
    )


class Argon2PasswordHasher(_EqualWork):
    """Argon2id hashes in the standard PHC form (``$argon2id$v=19$m=…,t=…,p=…$salt$hash``).

    The defaults are ``argon2-cffi``'s (RFC 9106's second recommendation: 64 MiB,
    3 passes, 4 lanes); tests pass cheap ones. Hashes made with other parameters, or
    with Argon2i/Argon2d, still verify and report :meth:`needs_rehash`, so the portal
    upgrades them at the next successful login. With ``legacy``, hashes in that
    hasher's format (for example an earlier scrypt deployment) verify too and always
    need a rehash.

    >>> hasher = Argon2PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    >>> stored = hasher.hash("correct horse")
    >>> stored.startswith("$argon2id$"), hasher.verify(stored, "correct horse")
    (True, True)
    """

    def __init__(
        self,
        *,
        time_cost: int | None = None,
        memory_cost: int | None = None,
        parallelism: int | None = None,
        legacy: ScryptPasswordHasher | None = None,
    ) -> None:
        try:
            import argon2  # noqa: PLC0415 - an optional extra
        except ImportError as exc:
            from formlavoro_core.errors import ConfigurationError  # noqa: PLC0415

            raise ConfigurationError(
                "Argon2 password hashing needs formlavoro[identity] (argon2-cffi)"
            ) from exc
        defaults = argon2.PasswordHasher()
        time = time_cost if time_cost is not None else defaults.time_cost
        memory = memory_cost if memory_cost is not None else defaults.memory_cost
        lanes = parallelism if parallelism is not None else defaults.parallelism
        if not _argon2_sane(time, memory, lanes):
            raise ValueError(
                f"Argon2 parameters out of range: time_cost 1-{_ARGON2_MAX_TIME}, parallelism "
                f"1-{_ARGON2_MAX_LANES}, memory_cost 8 x parallelism to "
                f"{_ARGON2_MAX_MEMORY_KIB} KiB"
            )
        self._argon2 = argon2
        self._hasher = argon2.PasswordHasher(
            time_cost=time, memory_cost=memory, parallelism=lanes, type=argon2.Type.ID
        )
        super().__init__()
        self._legacy = legacy

    def hash(self, password: str) -> str:
        """Hash ``password`` with a fresh random salt."""
        return self._hasher.hash(password)

    def _sane(self, password_hash: str) -> bool:
        try:
            params = self._argon2.extract_parameters(password_hash)
        except (self._argon2.exceptions.InvalidHashError, ValueError, TypeError):
            return False
        return _argon2_sane(params.time_cost, params.memory_cost, params.parallelism)

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches; a malformed or unbounded hash matches nothing."""
        if self._legacy is not None and password_hash.startswith("scrypt$"):
            return self._legacy.verify(password_hash, password)
        if not password_hash.startswith("$argon2") or not self._sane(password_hash):
            return False
        try:
            return bool(self._hasher.verify(password_hash, password))
        except self._argon2.exceptions.Argon2Error:
            return False
        except (ValueError, TypeError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash is not Argon2id with the current parameters."""
        if not password_hash.startswith("$argon2id$") or not self._sane(password_hash):
            return True
        return bool(self._hasher.check_needs_rehash(password_hash))
