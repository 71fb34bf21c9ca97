"""The settings of the composition root: which adapters a portal uses.

:class:`Settings` is a frozen attrs class built from arguments or from the
``FORMLAVORO_*`` environment variables; a malformed variable raises
``ConfigurationError`` naming it.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Mapping

import attrs

from formlavoro_core.errors import ConfigurationError

__all__ = ["Settings"]


_ENV_PREFIX = "FORMLAVORO_"


@attrs.frozen(kw_only=True)
class Settings:
    """Which adapters a portal uses. Every field has an environment variable.

    Attributes:
        storage: where the data live (``FORMLAVORO_STORAGE``): ``sqlite:///<file>``
            (the default, ``sqlite:///formlavoro.db``), ``postgresql://user@host/db``
            (optionally ``?schema=name``; needs ``formlavoro[postgres]``) or ``memory``.
        migrate: bring the database schema up to date at start-up (``FORMLAVORO_MIGRATE``,
            default true); set it false where ``formlavoro db upgrade`` runs at deploy.
        files: ``memory`` or ``folder:<path>`` (``FORMLAVORO_FILES``).
        mail: how emails leave (``FORMLAVORO_MAIL``): ``recording`` (kept in a list,
            the default), ``folder:<path>`` (each one an ``.eml`` file) or ``smtp``
            (a mail server, ``smtp_url``).
        smtp_url: the mail server (``FORMLAVORO_SMTP_URL``):
            ``smtp://user:password@host:587?starttls=1``, ``smtps://host`` for implicit
            TLS, ``smtp://host:25`` without either; ``timeout=`` and ``cafile=`` options.
        mail_from: the ``From`` of every email (``FORMLAVORO_MAIL_FROM``), e.g.
            ``Regione Liguria <lavoro@regione.liguria.it>``; needed by ``smtp``.
        mail_reply_to: the ``Reply-To`` of every email (``FORMLAVORO_MAIL_REPLY_TO``).
        base_url: the portal's address, from which emails make their links
            (``FORMLAVORO_BASE_URL``); used when no ``config`` is passed.
        reference: ``default``: ATECO 2025, the ISTAT CP2021 sample (or ``istat_file``)
            and the Italian municipalities (``FORMLAVORO_REFERENCE``).
        istat_file: ISTAT's CP2021 classification file to load instead of the sample
            (``FORMLAVORO_ISTAT_FILE``).
        timezone: the portal's IANA time zone (``FORMLAVORO_TIMEZONE``).
        passwords: how regional passwords are hashed (``FORMLAVORO_PASSWORDS``):
            ``argon2`` (the default, Argon2id; needs ``formlavoro[identity]``) or
            ``scrypt`` (standard library only). Argon2 keeps verifying scrypt hashes
            and upgrades them at the next login.
        secret_key: the portal's secret, hexadecimal or base64, at least 32 bytes
            (``FORMLAVORO_SECRET_KEY``). It seals consent receipts (ID-8) and, unless
            ``ticket_key`` is set, signs event tickets; each use is kept apart by its
            own label. Every process of the portal must share it. Without it (and
            without ``ticket_key``) a random one is made at start-up: receipts and
            tickets then stop verifying when the process restarts, and other
            processes refuse them. Set it in production.
        slow_query_ms: a SQL statement slower than this is logged (WARNING,
            ``formlavoro.adapters.sql.slow``; ``FORMLAVORO_SLOW_QUERY_MS``, default 500).
        ticket_key: the secret that signs event tickets (``FORMLAVORO_TICKET_KEY``),
            for portals that set it before ``secret_key`` existed: when set, tickets
            keep using it, and it stands in for ``secret_key`` if that is not set.
        language: the portal's default language (``FORMLAVORO_LANGUAGE``): ``it`` (the
            default), ``en``, ``fr`` or ``de``; citizens who chose none read it, and
            ``error.message`` speaks it.
        texts_dir: a folder of the portal's own catalogues (``FORMLAVORO_TEXTS_DIR``),
            ``<language>/LC_MESSAGES/formlavoro.mo``, whose entries replace the
            library's (TX-3).
    """

    storage: str = "sqlite:///formlavoro.db"
    migrate: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    files: str = "memory"
    mail: str = "recording"
    smtp_url: str | None = attrs.field(default=None, repr=False)
    mail_from: str | None = None
    mail_reply_to: str | None = None
    base_url: str | None = None
    reference: str = "default"
    istat_file: pathlib.Path | None = None
    timezone: str = "Europe/Rome"
    passwords: str = "argon2"
    secret_key: str | None = attrs.field(default=None, repr=False)
    ticket_key: str | None = attrs.field(default=None, repr=False)
    language: str = "it"
    texts_dir: pathlib.Path | None = None
    slow_query_ms: float = 500.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read ``FORMLAVORO_*`` variables; unset ones keep their defaults."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in attrs.fields(cls):
            name = _ENV_PREFIX + field.name.upper()
            raw = env.get(name)
            if raw is None:
                continue
            if field.name in {"istat_file", "texts_dir"}:
                values[field.name] = pathlib.Path(raw)
            elif field.name == "migrate":
                values[field.name] = _flag(name, raw)
            elif field.name == "slow_query_ms":
                values[field.name] = _milliseconds(name, raw)
            else:
                values[field.name] = raw
        return cls(**values)  # type: ignore[arg-type]


def _milliseconds(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise ConfigurationError(f"{name}: {raw!r} is not a number of milliseconds")
    return value


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}: {raw!r} is not true or false")
