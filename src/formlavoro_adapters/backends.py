"""The adapters each setting names, chosen from explicit mappings by scheme.

An unknown value raises ``ConfigurationError`` naming the setting and the choices;
adapters of optional extras are imported only when chosen, so nothing here does I/O
at import.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from formlavoro_adapters.files import InMemoryFileStore, LocalFolderFileStore
from formlavoro_adapters.mail import FolderMailer, RecordingMailer, SmtpMailer, SmtpSettings
from formlavoro_adapters.memory import InMemoryStorage
from formlavoro_adapters.passwords import Argon2PasswordHasher, ScryptPasswordHasher
from formlavoro_adapters.sealing import decode_secret
from formlavoro_adapters.settings import Settings
from formlavoro_adapters.tickets import HmacTicketSigner
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.locale import Language

if TYPE_CHECKING:
    from formlavoro_core.ports import (
        Clock,
        FileStore,
        Mailer,
        PasswordHasher,
        TicketSigner,
        UnitOfWorkFactory,
    )
    from formlavoro_core.reference import ReferenceData
    from formlavoro_core.texts import Translator


__all__ = ["A", "mailer_for"]

A = TypeVar("A")


def _storage(settings: Settings) -> UnitOfWorkFactory:
    scheme, _, rest = settings.storage.partition(":")
    if scheme == "memory":
        return InMemoryStorage()
    if scheme == "sqlite":
        if not rest.startswith("///") or len(rest) == 3:  # noqa: PLR2004
            raise ConfigurationError(
                "storage (FORMLAVORO_STORAGE): write a SQLite file as sqlite:///<path>"
            )
        try:
            from formlavoro_adapters.sql import sqlite_storage  # noqa: PLC0415 - needs [sql]
        except ImportError as exc:
            raise ConfigurationError(
                "storage (FORMLAVORO_STORAGE): SQLite storage needs formlavoro[sql]"
            ) from exc
        return sqlite_storage(rest[3:], migrate=settings.migrate)
    if scheme in {"postgresql", "postgres", "postgresql+psycopg"}:
        try:
            from formlavoro_adapters.sql import postgres_storage  # noqa: PLC0415 - [postgres]
        except ImportError as exc:
            raise ConfigurationError(
                "storage (FORMLAVORO_STORAGE): PostgreSQL storage needs formlavoro[postgres]"
            ) from exc
        return postgres_storage(settings.storage, migrate=settings.migrate)
    raise ConfigurationError(
        f"storage (FORMLAVORO_STORAGE): unknown value {settings.storage!r}; "
        "choose one of sqlite:///<file>, postgresql://…, memory"
    )


def _choose(setting: str, value: str, choices: Mapping[str, Callable[[str], A]]) -> A:
    scheme, _, rest = value.partition(":")
    factory = choices.get(scheme)
    if factory is None:
        known = ", ".join(sorted(choices))
        raise ConfigurationError(
            f"{setting} (FORMLAVORO_{setting.upper()}): unknown value {value!r}; "
            f"choose one of {known}"
        )
    return factory(rest)


def _folder(rest: str) -> LocalFolderFileStore:
    if not rest:
        raise ConfigurationError("files (FORMLAVORO_FILES): give the folder as folder:<path>")
    return LocalFolderFileStore(rest)


_FILES: Mapping[str, Callable[[str], FileStore]] = {
    "memory": lambda _: InMemoryFileStore(),
    "folder": _folder,
}


def mailer_for(settings: Settings, clock: Clock) -> Mailer:
    """The mailer ``settings.mail`` names (each needs only the standard library).

    ``bootstrap`` calls it unless given a mailer; a script that wants to close the SMTP
    session when it is done makes the mailer here and passes it.
    """
    scheme, _, rest = settings.mail.partition(":")
    if scheme == "recording" and not rest:
        return RecordingMailer()
    if scheme == "folder":
        if not rest:
            raise ConfigurationError("mail (FORMLAVORO_MAIL): give the folder as folder:<path>")
        if settings.mail_from is None:
            return FolderMailer(rest, reply_to=settings.mail_reply_to, clock=clock)
        return FolderMailer(
            rest, sender=settings.mail_from, reply_to=settings.mail_reply_to, clock=clock
        )
    if scheme == "smtp" and not rest:
        if settings.smtp_url is None:
            raise ConfigurationError(
                "smtp_url (FORMLAVORO_SMTP_URL): mail=smtp needs the mail server's address"
            )
        if settings.mail_from is None:
            raise ConfigurationError(
                "mail_from (FORMLAVORO_MAIL_FROM): mail=smtp needs the sender's address"
            )
        return SmtpMailer(
            SmtpSettings.parse(settings.smtp_url),
            sender=settings.mail_from,
            reply_to=settings.mail_reply_to,
            clock=clock,
        )
    raise ConfigurationError(
        f"mail (FORMLAVORO_MAIL): unknown value {settings.mail!r}; "
        "choose one of folder:<path>, recording, smtp"
    )


def _default_reference(settings: Settings) -> ReferenceData:
    if settings.reference != "default":
        raise ConfigurationError(
            f"reference (FORMLAVORO_REFERENCE): unknown value {settings.reference!r}; "
            "choose default, or pass a ReferenceData to bootstrap()"
        )
    from formlavoro_adapters.reference import default_reference_data  # noqa: PLC0415

    return default_reference_data(istat_file=settings.istat_file)


def _password_hasher(settings: Settings) -> PasswordHasher:
    if settings.passwords == "scrypt":
        return ScryptPasswordHasher()
    if settings.passwords == "argon2":
        try:
            return Argon2PasswordHasher(legacy=ScryptPasswordHasher())
        except ConfigurationError as exc:
            raise ConfigurationError(
                "passwords (FORMLAVORO_PASSWORDS): argon2 needs formlavoro[identity]; "
                "install it, or choose scrypt"
            ) from exc
    raise ConfigurationError(
        f"passwords (FORMLAVORO_PASSWORDS): unknown value {settings.passwords!r}; "
        "choose argon2 or scrypt"
    )


def _secret(settings: Settings) -> bytes:
    """The portal's secret: ``secret_key``, else ``ticket_key``, else random for this process."""
    if settings.secret_key is not None:
        return decode_secret(settings.secret_key, "secret_key (FORMLAVORO_SECRET_KEY)")
    if settings.ticket_key is not None:
        return decode_secret(settings.ticket_key, "ticket_key (FORMLAVORO_TICKET_KEY)")
    return secrets.token_bytes(32)


def _ticket_signer(settings: Settings, secret: bytes) -> TicketSigner:
    # The ticket MAC's own label keeps its codes apart from the sealer's seals.
    if settings.ticket_key is None:
        return HmacTicketSigner(secret)
    return HmacTicketSigner.from_secret(settings.ticket_key)


def _documents(kind: str, translator: Translator, language: Language) -> Any:
    """The default renderer of ``kind`` when the ``[documents]`` extra is installed.

    Printed documents speak the portal's default language.
    """
    try:
        from formlavoro_adapters import documents  # noqa: PLC0415 - an optional extra

        if kind == "calendar":
            return documents.ICalendarEventCalendar()
        if kind == "privacy":
            return documents.PdfPrivacySummaryRenderer()
        made = {
            "ticket": documents.PdfTicketRenderer,
            "report": documents.PdfApplicationsReportRenderer,
        }[kind](translator=translator, language=language)
    except ConfigurationError:
        return None
    return made
