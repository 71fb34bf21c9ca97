"""The composition root: settings in, a ready ``Portal`` out.

Backends are chosen from an explicit mapping by the scheme of each setting; an unknown
value raises ``ConfigurationError`` naming the setting. Nothing here does I/O at import.
"""

from __future__ import annotations

import os
import pathlib
import secrets
import zoneinfo
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from formlavoro_adapters.clock import SystemClock
from formlavoro_adapters.files import InMemoryFileStore, LocalFolderFileStore
from formlavoro_adapters.identity.blocklist import common_passwords
from formlavoro_adapters.ids import SecretsTokenGenerator, UuidIdGenerator
from formlavoro_adapters.logs import log_use_cases
from formlavoro_adapters.mail import FolderMailer, RecordingMailer, SmtpMailer, SmtpSettings
from formlavoro_adapters.memory import InMemoryStorage
from formlavoro_adapters.passwords import Argon2PasswordHasher, ScryptPasswordHasher
from formlavoro_adapters.sealing import HmacSealer, decode_secret
from formlavoro_adapters.texts import GettextTranslator
from formlavoro_adapters.tickets import HmacTicketSigner
from formlavoro_core.config import PortalConfig
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.locale import Language
from formlavoro_core.portal import Portal
from formlavoro_core.texts import use_default

if TYPE_CHECKING:
    from formlavoro_core.ports import (
        ApplicationsReportRenderer,
        Clock,
        EventCalendar,
        FileStore,
        IdGenerator,
        Mailer,
        PasswordBlocklist,
        PasswordHasher,
        PrivacySummaryRenderer,
        Sealer,
        TicketRenderer,
        TicketSigner,
        TokenGenerator,
        UnitOfWorkFactory,
    )
    from formlavoro_core.reference import ReferenceData
    from formlavoro_core.texts import Translator

__all__ = ["Settings", "bootstrap", "mailer_for"]

_ENV_PREFIX = "FORMLAVORO_"
A = TypeVar("A")


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


def bootstrap(
    settings: Settings | None = None,
    *,
    config: PortalConfig | None = None,
    storage: UnitOfWorkFactory | None = None,
    clock: Clock | None = None,
    ids: IdGenerator | None = None,
    tokens: TokenGenerator | None = None,
    passwords: PasswordHasher | None = None,
    files: FileStore | None = None,
    mailer: Mailer | None = None,
    reference: ReferenceData | None = None,
    tickets: TicketSigner | None = None,
    ticket_renderer: TicketRenderer | None = None,
    calendar: EventCalendar | None = None,
    reports: ApplicationsReportRenderer | None = None,
    blocklist: PasswordBlocklist | None = None,
    sealer: Sealer | None = None,
    translator: Translator | None = None,
    privacy_summary: PrivacySummaryRenderer | None = None,
) -> Portal:
    """Build a :class:`~formlavoro_core.portal.Portal` from settings.

    Without ``settings``, they are read from the ``FORMLAVORO_*`` environment variables.
    Any adapter passed explicitly wins over the settings: tests pass a settable clock,
    apps pass their own mailer. ``config`` holds the policy (thresholds, dates); its
    time zone defaults to the settings' one.

    The portal holds the database connections and the mail server's session that
    bootstrap opened: close it when done (``portal.close()``), or use it in ``with``.

    >>> with bootstrap(Settings(storage="memory"), reference=_tiny_reference()) as portal:
    ...     portal.identity.notices().privacy_notice_version
    '1'
    """
    settings = settings if settings is not None else Settings.from_env()
    try:
        zone = zoneinfo.ZoneInfo(settings.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigurationError(
            f"timezone (FORMLAVORO_TIMEZONE): unknown time zone {settings.timezone!r}"
        ) from exc
    # Everything that only reads settings first: a wrong setting fails before the
    # database is touched (or a SQLite file made).
    chosen_files = files if files is not None else _choose("files", settings.files, _FILES)
    chosen_clock = clock if clock is not None else SystemClock()
    chosen_mailer = mailer if mailer is not None else mailer_for(settings, chosen_clock)
    chosen_reference = reference if reference is not None else _default_reference(settings)
    secret = _secret(settings)
    signer = tickets if tickets is not None else _ticket_signer(settings, secret)
    chosen_sealer = sealer if sealer is not None else HmacSealer(secret)
    hasher = passwords if passwords is not None else _password_hasher(settings)
    chosen_config = config if config is not None else _config(settings, zone)
    chosen_translator = (
        translator
        if translator is not None
        else GettextTranslator(overrides=settings.texts_dir, timezone=chosen_config.timezone)
    )
    # error.message speaks the portal's default language from now on.
    use_default(chosen_translator, chosen_config.default_language)
    # What bootstrap opens it closes with the portal; what the caller passed is theirs.
    closers: list[Callable[[], None]] = []
    if mailer is None and isinstance(chosen_mailer, SmtpMailer):
        closers.append(chosen_mailer.close)
    chosen_storage = storage
    if chosen_storage is None:
        chosen_storage = _storage(settings)
        dispose = getattr(chosen_storage, "dispose", None)
        if callable(dispose):
            closers.append(dispose)
        engine = getattr(chosen_storage, "engine", None)
        if engine is not None:  # SQL storage: log its slow statements
            from formlavoro_adapters.sql.slow import watch_slow_statements  # noqa: PLC0415

            watch_slow_statements(engine, settings.slow_query_ms)
    portal = Portal(
        storage=chosen_storage,
        clock=chosen_clock,
        ids=ids if ids is not None else UuidIdGenerator(),
        tokens=tokens if tokens is not None else SecretsTokenGenerator(),
        passwords=hasher,
        files=chosen_files,
        mailer=chosen_mailer,
        reference=chosen_reference,
        config=chosen_config,
        tickets=signer,
        sealer=chosen_sealer,
        ticket_renderer=ticket_renderer
        if ticket_renderer is not None
        else _documents("ticket", chosen_translator, chosen_config.default_language),
        calendar=calendar
        if calendar is not None
        else _documents("calendar", chosen_translator, chosen_config.default_language),
        reports=reports
        if reports is not None
        else _documents("report", chosen_translator, chosen_config.default_language),
        blocklist=blocklist if blocklist is not None else common_passwords(),
        privacy_summary=privacy_summary
        if privacy_summary is not None
        else _documents("privacy", chosen_translator, chosen_config.default_language),
        closers=closers,
        translator=chosen_translator,
    )
    log_use_cases(portal)
    return portal


def _config(settings: Settings, zone: zoneinfo.ZoneInfo) -> PortalConfig:
    language = _language(settings.language)
    if settings.base_url is None:
        return PortalConfig(timezone=zone, default_language=language)
    if not settings.base_url.startswith(("https://", "http://")):
        raise ConfigurationError(
            f"base_url (FORMLAVORO_BASE_URL): {settings.base_url!r} is not a web address"
        )
    return PortalConfig(timezone=zone, base_url=settings.base_url, default_language=language)


def _language(code: str) -> Language:
    try:
        return Language(code.strip().lower())
    except ValueError:
        known = ", ".join(language.value for language in Language)
        raise ConfigurationError(
            f"language (FORMLAVORO_LANGUAGE): unknown language {code!r}; choose one of {known}"
        ) from None


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


def _tiny_reference() -> ReferenceData:
    from formlavoro_core.reference import StaticReferenceData  # noqa: PLC0415

    return StaticReferenceData()
