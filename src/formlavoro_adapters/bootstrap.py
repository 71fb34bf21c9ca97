"""The composition root: settings in, a ready ``Portal`` out.

Backends are chosen from an explicit mapping by the scheme of each setting; an unknown
value raises ``ConfigurationError`` naming the setting. Nothing here does I/O at import.

The settings live in :mod:`formlavoro_adapters.settings` and the adapters each of them
names in :mod:`formlavoro_adapters.backends`; ``Settings`` and ``mailer_for`` are
re-exported here.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import TYPE_CHECKING

from formlavoro_adapters.backends import (
    _FILES,
    _choose,
    _default_reference,
    _documents,
    _password_hasher,
    _secret,
    _storage,
    _ticket_signer,
    mailer_for,
)
from formlavoro_adapters.clock import SystemClock
from formlavoro_adapters.identity.blocklist import common_passwords
from formlavoro_adapters.ids import SecretsTokenGenerator, UuidIdGenerator
from formlavoro_adapters.logs import log_use_cases
from formlavoro_adapters.mail import SmtpMailer
from formlavoro_adapters.sealing import HmacSealer
from formlavoro_adapters.settings import Settings
from formlavoro_adapters.texts import GettextTranslator
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


def _tiny_reference() -> ReferenceData:
    from formlavoro_core.reference import StaticReferenceData  # noqa: PLC0415

    return StaticReferenceData()
