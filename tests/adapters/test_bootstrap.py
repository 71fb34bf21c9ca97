"""The composition root: settings from the environment, clear errors, explicit adapters win."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import sys
import zoneinfo

import attrs
import pytest
from returns.result import Result

from formlavoro_adapters import (
    InMemoryFileStore,
    InMemoryStorage,
    LocalFolderFileStore,
    RecordingMailer,
    ScryptPasswordHasher,
    SequentialIdGenerator,
    SettableClock,
    Settings,
    bootstrap,
)
from formlavoro_core.config import PortalConfig
from formlavoro_core.cv.model import AttachmentRef, Cv
from formlavoro_core.errors import ConfigurationError, DomainError
from formlavoro_core.identity.assertion import IdentityAssertion
from formlavoro_core.identity.failures import InvalidConsent
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.identity.model import ConsentReceipt
from formlavoro_core.identity.onboarding import (
    EducationAnswer,
    ProfessionsAnswer,
    SectorsAnswer,
    WorkAnswer,
)
from formlavoro_core.portal import Portal
from formlavoro_core.principals import ANONYMOUS, CitizenPrincipal
from formlavoro_core.reference import EducationLevel
from formlavoro_core.reference.code_types import ProfessionCode, SectorCode
from tests.support import ANNA, ROME, START, failure, ok, reference

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _portal(settings: Settings | None = None, **adapters: object) -> Portal:
    """A portal from ``settings`` with cheap hashing, a set clock and the test catalogue.

    The default SQLite file would land in the working folder: these tests keep to memory
    unless they name a storage.
    """
    settings = settings or Settings()
    if settings.storage == Settings().storage:
        settings = attrs.evolve(settings, storage="memory")
    chosen: dict[str, object] = {
        "clock": SettableClock(START),
        "ids": SequentialIdGenerator(),
        "passwords": ScryptPasswordHasher(log2_n=4),
        "reference": reference(),
        **adapters,
    }
    return bootstrap(settings, **chosen)  # type: ignore[arg-type]


def _citizen_with_cv(portal: Portal) -> tuple[CitizenPrincipal, Cv]:
    """Anna accepts the notices, logs in with SPID and answers the welcome questions."""
    notices = portal.identity.notices()
    receipt = ok(
        portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=notices.privacy_notice_version,
            citizen_regulation_version=notices.citizen_regulation_version,
        )
    )
    assertion = IdentityAssertion(
        method=LoginMethod.SPID,
        fiscal_code=ANNA,
        given_name="Anna",
        family_name="Rossi",
        email=None,
    )
    citizen = ok(portal.identity.login(ANONYMOUS, assertion, consent=receipt)).principal
    for answer in (
        SectorsAnswer(sectors=(SectorCode("I"),)),
        ProfessionsAnswer(professions=(ProfessionCode("5.2.2.1.0"),)),
        EducationAnswer(in_education=False, highest_level=EducationLevel.UPPER_SECONDARY),
        WorkAnswer(has_worked=False),
    ):
        ok(portal.onboarding.answer(citizen, answer))
    return citizen, ok(portal.cv.mine(citizen))


def _attach_pdf(portal: Portal) -> tuple[CitizenPrincipal, Cv, AttachmentRef]:
    citizen, cv = _citizen_with_cv(portal)
    attachment = ok(portal.cv.add_attachment(citizen, cv.id, filename="cv.pdf", content=PDF))
    return citizen, cv, attachment


# --- settings from the environment ----------------------------------------------------


def test_no_variables_give_the_default_settings() -> None:
    assert Settings.from_env({}) == Settings()
    assert Settings() == Settings(
        storage="sqlite:///formlavoro.db",
        migrate=True,
        files="memory",
        mail="recording",
        reference="default",
        istat_file=None,
        timezone="Europe/Rome",
    )


def test_every_setting_is_read_from_its_formlavoro_variable() -> None:
    settings = Settings.from_env(
        {
            "FORMLAVORO_STORAGE": "memory",
            "FORMLAVORO_FILES": "folder:/srv/formlavoro/files",
            "FORMLAVORO_MAIL": "recording",
            "FORMLAVORO_REFERENCE": "default",
            "FORMLAVORO_ISTAT_FILE": "/srv/formlavoro/CP2021.csv",
            "FORMLAVORO_TIMEZONE": "Europe/Paris",
            "FORMLAVORO_MIGRATE": "0",
        }
    )
    assert settings == Settings(
        storage="memory",
        migrate=False,
        files="folder:/srv/formlavoro/files",
        mail="recording",
        reference="default",
        istat_file=pathlib.Path("/srv/formlavoro/CP2021.csv"),
        timezone="Europe/Paris",
    )


def test_variables_without_the_exact_prefix_are_ignored() -> None:
    settings = Settings.from_env(
        {"STORAGE": "sqlite", "formlavoro_storage": "sqlite", "FORMLAVORO_TIMEZONE": "UTC"}
    )
    assert settings == Settings(timezone="UTC")


def test_settings_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        Settings().storage = "sqlite"  # type: ignore[misc]


def test_the_time_zone_setting_becomes_the_portal_time_zone() -> None:
    portal = _portal(Settings.from_env({"FORMLAVORO_TIMEZONE": "America/New_York"}))
    assert portal.config.timezone == zoneinfo.ZoneInfo("America/New_York")


# --- wrong settings are named ---------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "setting", "variable"),
    [
        (Settings(storage="mongodb://db/portal"), "storage", "FORMLAVORO_STORAGE"),
        (Settings(files="s3:bucket"), "files", "FORMLAVORO_FILES"),
        (Settings(mail="smtp://mail.example.it"), "mail", "FORMLAVORO_MAIL"),
    ],
)
def test_an_unknown_backend_names_the_setting_its_variable_and_the_choices(
    settings: Settings, setting: str, variable: str
) -> None:
    value = getattr(settings, setting)
    with pytest.raises(ConfigurationError) as raised:
        _portal(settings)
    message = str(raised.value)
    assert message.startswith(f"{setting} ({variable})")
    assert repr(value) in message
    assert "choose one of" in message


def test_an_unknown_reference_source_names_its_variable() -> None:
    with pytest.raises(ConfigurationError, match=r"^reference \(FORMLAVORO_REFERENCE\)"):
        bootstrap(Settings(reference="istat-online"))


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../../etc/passwd", "Europe/Rome "])
def test_a_bad_time_zone_names_the_setting_and_its_variable(zone: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        _portal(Settings(timezone=zone))
    assert str(raised.value).startswith("timezone (FORMLAVORO_TIMEZONE)")
    assert repr(zone) in str(raised.value)


def test_a_folder_store_needs_its_folder() -> None:
    with pytest.raises(ConfigurationError, match=r"FORMLAVORO_FILES"):
        _portal(Settings(files="folder:"))


def test_a_folder_store_refuses_a_file_in_place_of_the_folder(tmp_path: pathlib.Path) -> None:
    not_a_folder = tmp_path / "files.txt"
    not_a_folder.write_bytes(b"")
    with pytest.raises(ConfigurationError, match=r"files"):
        _portal(Settings(files=f"folder:{not_a_folder}"))


# --- what the settings build ----------------------------------------------------------


def test_the_folder_setting_stores_attachments_in_that_folder(tmp_path: pathlib.Path) -> None:
    portal = _portal(Settings(files=f"folder:{tmp_path}"))
    citizen, cv, attachment = _attach_pdf(portal)
    assert LocalFolderFileStore(tmp_path).get(attachment.file_key) == PDF
    assert ok(portal.cv.attachment_content(citizen, cv.id, attachment.id)) == PDF


def test_default_settings_build_a_portal_on_sqlite_with_the_default_reference_data(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    portal = bootstrap()
    assert (tmp_path / "formlavoro.db").exists()
    assert portal.config.timezone == ROME
    sector = portal.reference.sector("I")
    assert sector is not None
    assert sector.code == "I"
    genova = portal.reference.municipality("D969")
    assert genova is not None
    assert genova.name == "Genova"


def test_explicit_adapters_win_over_the_settings() -> None:
    storage = InMemoryStorage()
    files = InMemoryFileStore()
    catalogue = reference()
    config = PortalConfig(timezone=zoneinfo.ZoneInfo("Europe/Paris"), portal_name="Lavoro")
    portal = _portal(
        Settings(
            storage="postgresql://db/portal",
            files="s3:bucket",
            mail="smtp://mail.example.it",
            reference="istat-online",
        ),
        storage=storage,
        files=files,
        mailer=RecordingMailer(),
        reference=catalogue,
        config=config,
        clock=SettableClock(dt.datetime(2026, 5, 4, 8, tzinfo=dt.UTC)),
    )
    assert portal.reference is catalogue
    assert portal.config is config
    _, _, attachment = _attach_pdf(portal)
    assert files.get(attachment.file_key) == PDF
    assert attachment.uploaded_at == dt.datetime(2026, 5, 4, 8, tzinfo=dt.UTC)
    (account,) = storage.dump()["account"].values()
    assert account.fiscal_code == ANNA


class _CountingFileStore(InMemoryFileStore):
    """A real file store that also tells how many files it holds (empty means falsy)."""

    def __len__(self) -> int:
        return len(self.keys())


def test_an_explicit_adapter_wins_even_when_it_is_empty() -> None:
    files = _CountingFileStore()
    portal = _portal(Settings(storage="memory"), files=files)
    _, _, attachment = _attach_pdf(portal)
    assert files.get(attachment.file_key) == PDF


def test_without_settings_bootstrap_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FORMLAVORO_TIMEZONE", "Europe/Paris")
    portal = bootstrap(reference=reference())
    assert portal.config.timezone == zoneinfo.ZoneInfo("Europe/Paris")
    monkeypatch.setenv("FORMLAVORO_STORAGE", "floppy")
    with pytest.raises(ConfigurationError, match="FORMLAVORO_STORAGE"):
        bootstrap(reference=reference())


@pytest.mark.parametrize(
    ("storage", "message"),
    [
        ("sqlite:", "sqlite:///<path>"),
        ("sqlite://relative.db", "sqlite:///<path>"),
        ("mysql://x", "choose one of sqlite:///<file>"),
    ],
)
def test_a_bad_storage_setting_names_the_variable(storage: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match="FORMLAVORO_STORAGE") as raised:
        bootstrap(Settings(storage=storage), reference=reference())
    assert message in str(raised.value)


def test_a_bad_migrate_flag_names_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="FORMLAVORO_MIGRATE"):
        Settings.from_env({"FORMLAVORO_MIGRATE": "maybe"})


def test_without_migration_an_empty_database_is_refused(tmp_path: pathlib.Path) -> None:
    settings = Settings(storage=f"sqlite:///{tmp_path / 'empty.db'}", migrate=False)
    with pytest.raises(ConfigurationError, match="formlavoro db upgrade"):
        bootstrap(settings, reference=reference())


def test_migrate_must_be_true_or_false() -> None:
    with pytest.raises(TypeError, match="migrate"):
        Settings(migrate="false")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("storage", "extra"),
    [
        ("sqlite:///portal.db", "formlavoro[sql]"),
        ("postgresql://db/portal", "formlavoro[postgres]"),
    ],
)
def test_sql_storage_without_its_extra_names_the_extra(
    storage: str, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if SQLAlchemy were not installed: importing the SQL package fails.
    monkeypatch.setitem(sys.modules, "formlavoro_adapters.sql", None)
    with pytest.raises(ConfigurationError, match=re.escape(extra)):
        bootstrap(Settings(storage=storage))


# --- the portal's secret (ID-8) ---------------------------------------------------------

SECRET = "5e" * 32


def _receipt(portal: Portal) -> ConsentReceipt:
    notices = portal.identity.notices()
    return ok(
        portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=notices.privacy_notice_version,
            citizen_regulation_version=notices.citizen_regulation_version,
        )
    )


def _spid_login(portal: Portal, receipt: ConsentReceipt) -> Result[object, DomainError]:
    assertion = IdentityAssertion(
        method=LoginMethod.SPID, fiscal_code=ANNA, given_name="Anna", family_name="Rossi"
    )
    return portal.identity.login(ANONYMOUS, assertion, consent=receipt)


def test_id_8_the_secret_key_is_read_from_its_variable_and_kept_out_of_the_repr() -> None:
    settings = Settings.from_env({"FORMLAVORO_SECRET_KEY": SECRET})
    assert settings.secret_key == SECRET
    assert SECRET not in repr(settings)


@pytest.mark.parametrize(
    "settings",
    [Settings(storage="memory", secret_key=SECRET), Settings(storage="memory", ticket_key=SECRET)],
    ids=["secret_key", "ticket_key"],
)
def test_id_8_processes_sharing_the_secret_accept_each_others_receipts(
    settings: Settings,
) -> None:
    """ID-8: one portal in several processes: a receipt of one opens a login on another."""
    storage = InMemoryStorage()
    first, second = (_portal(settings, storage=storage) for _ in range(2))
    ok(_spid_login(second, _receipt(first)))


def test_id_8_without_a_secret_each_process_seals_with_its_own_random_key() -> None:
    first, second = (_portal(Settings(storage="memory")) for _ in range(2))
    receipt = _receipt(first)
    assert failure(_spid_login(second, receipt)) == InvalidConsent()
    ok(_spid_login(first, receipt))


@pytest.mark.parametrize(
    ("settings", "variable"),
    [
        (Settings(storage="memory", secret_key="short"), "FORMLAVORO_SECRET_KEY"),
        (Settings(storage="memory", ticket_key="ab" * 8), "FORMLAVORO_TICKET_KEY"),
    ],
)
def test_id_8_a_bad_secret_names_its_variable_but_not_the_secret(
    settings: Settings, variable: str
) -> None:
    with pytest.raises(ConfigurationError, match=variable) as raised:
        _portal(settings)
    assert "short" not in str(raised.value)
    assert "ab" * 8 not in str(raised.value)
