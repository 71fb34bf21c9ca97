"""A portal releases what bootstrap opened for it: ``close()`` and ``with`` (issue 12, point 2)."""

from __future__ import annotations

import pathlib

import pytest

from formlavoro_adapters import (
    InMemoryFileStore,
    InMemoryStorage,
    RecordingMailer,
    ScryptPasswordHasher,
    SecretsTokenGenerator,
    SequentialIdGenerator,
    SettableClock,
    Settings,
    bootstrap,
)
from formlavoro_adapters.sealing import HmacSealer
from formlavoro_adapters.sql import sqlite_storage
from formlavoro_adapters.tickets import HmacTicketSigner
from formlavoro_core.config import PortalConfig
from formlavoro_core.portal import Portal
from formlavoro_core.principals import ANONYMOUS
from tests.support import ROME, START, ok, reference

pytestmark = pytest.mark.skipif(
    not pathlib.Path("/proc/self/fd").is_dir(), reason="open files are read from /proc"
)


def _open_on(path: pathlib.Path) -> int:
    """How many of this process's file descriptors are open on ``path``."""
    count = 0
    for fd in pathlib.Path("/proc/self/fd").iterdir():
        try:
            if fd.readlink() == path:
                count += 1
        except OSError:  # closed while listed
            continue
    return count


def _portal(settings: Settings, **adapters: object) -> Portal:
    chosen: dict[str, object] = {
        "clock": SettableClock(START),
        "ids": SequentialIdGenerator(),
        "passwords": ScryptPasswordHasher(log2_n=4),
        "reference": reference(),
        **adapters,
    }
    return bootstrap(settings, **chosen)  # type: ignore[arg-type]


def _use(portal: Portal) -> None:
    notices = portal.identity.notices()
    ok(
        portal.identity.accept_notices(
            ANONYMOUS,
            privacy_notice_version=notices.privacy_notice_version,
            citizen_regulation_version=notices.citizen_regulation_version,
        )
    )


def test_closing_the_portal_closes_the_database_bootstrap_opened(tmp_path: pathlib.Path) -> None:
    database = tmp_path / "portal.db"
    portal = _portal(Settings(storage=f"sqlite:///{database}"))
    _use(portal)
    assert _open_on(database) > 0
    portal.close()
    assert _open_on(database) == 0
    portal.close()  # a second close does nothing more
    assert _open_on(database) == 0


def test_the_with_block_closes_the_portal_even_when_it_raises(tmp_path: pathlib.Path) -> None:
    database = tmp_path / "portal.db"

    def work() -> None:
        with _portal(Settings(storage=f"sqlite:///{database}")) as portal:
            _use(portal)
            assert _open_on(database) > 0
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        work()
    assert _open_on(database) == 0


def test_storage_passed_in_stays_open_for_its_owner(tmp_path: pathlib.Path) -> None:
    database = tmp_path / "portal.db"
    storage = sqlite_storage(database)
    try:
        with _portal(Settings(storage="memory"), storage=storage) as portal:
            _use(portal)
        assert _open_on(database) > 0  # the caller's pool is the caller's to dispose
        with _portal(Settings(storage="memory"), storage=storage) as again:
            _use(again)  # still usable by a second portal
    finally:
        storage.dispose()
    assert _open_on(database) == 0


def test_every_closer_runs_even_when_one_fails() -> None:
    closed: list[str] = []

    def broken() -> None:
        closed.append("broken")
        raise OSError("gone")

    key = bytes(range(32))
    built = Portal(
        storage=InMemoryStorage(),
        clock=SettableClock(START),
        ids=SequentialIdGenerator(),
        tokens=SecretsTokenGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        files=InMemoryFileStore(),
        mailer=RecordingMailer(),
        reference=reference(),
        config=PortalConfig(timezone=ROME),
        tickets=HmacTicketSigner(key),
        sealer=HmacSealer(key),
        closers=[lambda: closed.append("first"), broken, lambda: closed.append("last")],
    )
    with pytest.raises(OSError, match="gone"):
        built.close()
    assert closed == ["last", "broken", "first"]  # the reverse of opening
    built.close()
    assert closed == ["last", "broken", "first"]
