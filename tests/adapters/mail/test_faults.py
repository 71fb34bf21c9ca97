"""Mail that is never lost (issue 11 acceptance): a real SMTP server, real faults.

- the messages of a portal arrive parsed right, in each recipient's language;
- a server down for three simulated days, then back: every message arrives once;
- a 550: a dead letter at once;
- a dispatcher killed (SIGKILL, a real process) after sending and before marking: at
  most one duplicate, with the same ``Message-ID``;
- two dispatcher processes (the ``formlavoro`` command) on PostgreSQL: no duplicate.

A use case rolled back sends nothing: ``tests/core/messaging/test_delivery.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator

import attrs
import pytest

from formlavoro_adapters import (
    InMemoryFileStore,
    ScryptPasswordHasher,
    SettableClock,
    SystemClock,
    UuidIdGenerator,
    bootstrap,
)
from formlavoro_adapters.mail import SmtpMailer
from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_core.config import PortalConfig
from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.locale import Language
from formlavoro_core.messaging.outbox import DeliveryState, EmailKind, OutboxMessage, OutgoingEmail
from formlavoro_core.ports import Clock, Mailer, UnitOfWorkFactory
from formlavoro_core.principals import SYSTEM
from tests.adapters.mail.servers import free_port, smtp_server
from tests.postgres import create_schema, drop_schema, dsn, migrated_storage, require_server
from tests.support import ANNA, MARIO, ROME, START, World, ok, reference

ROOT = pathlib.Path(__file__).resolve().parents[3]
SENDER = "Regione Liguria — Lavoro <lavoro@regione.example>"
WAIT = 60.0
"""Seconds a child process may take to reach a point: generous, never a timed assertion."""


def _world(storage: UnitOfWorkFactory, mailer: Mailer, clock: SettableClock) -> World:
    portal = bootstrap(
        config=PortalConfig(timezone=ROME, base_url="https://lavoro.regione.example"),
        storage=storage,
        clock=clock,
        ids=UuidIdGenerator(),
        passwords=ScryptPasswordHasher(log2_n=4),
        files=InMemoryFileStore(),
        mailer=mailer,
        reference=reference(),
    )
    # World's helpers drive the portal only; its storage and mailer are typed for memory.
    return World(
        portal=portal,
        clock=clock,
        storage=storage,  # type: ignore[arg-type]
        mailer=mailer,  # type: ignore[arg-type]
        files=InMemoryFileStore(),
    )


def _queue(storage: UnitOfWorkFactory, clock: Clock, count: int) -> list[OutboxMessageId]:
    """``count`` emails in the outbox, as use cases write them."""
    ids = []
    with storage() as uow:
        for number in range(count):
            added = uow.outbox.add(
                OutboxMessage(
                    id=OutboxMessageId(str(uuid.uuid4())),
                    email=OutgoingEmail(
                        to=f"cittadino{number}@example.it",
                        recipient_name=f"Cittadino {number}",
                        subject=f"Messaggio n. {number} — è arrivato",
                        body="Buongiorno,\n\nun messaggio per lei.\n",
                        kind=EmailKind.NEW_MESSAGE,
                        language=Language.ITALIAN,
                    ),
                    created_at=clock.now(),
                )
            )
            ids.append(added.id)
        uow.commit()
    return ids


def _speaks(w: World, language: Language) -> None:
    """The last logged-in citizen reads in ``language`` (their account's setting)."""
    with w.storage() as uow:
        (account,) = [a for a in _accounts(w) if a.fiscal_code == MARIO]
        uow.accounts.update(attrs.evolve(account, language=language))
        uow.commit()


def _accounts(w: World) -> list:  # type: ignore[type-arg]
    with w.storage() as uow:
        return [a for code in (ANNA, MARIO) if (a := uow.accounts.by_fiscal_code(code))]


def test_point_3_a_portals_emails_arrive_right_in_each_recipients_language(
    tmp_path: pathlib.Path,
) -> None:
    """Point 3 / AP-12 / MS-4: acknowledgements through SMTP, in Italian and in French.

    Each message parses with the standard library: headers, both parts, encoded names
    and subjects, the ``Message-ID`` made from the outbox id, links from the base URL.
    """
    with smtp_server() as server:
        mailer = SmtpMailer(server.url, sender=SENDER, clock=SettableClock(START))
        storage = sqlite_storage(tmp_path / "portal.db")
        w = _world(storage, mailer, SettableClock(START))
        company = w.company("Trattoria «Già Nostra»")
        offer = w.offer(company, title="Cuoco/a — cucina ligure")
        anna, _ = w.citizen_with_published_cv(ANNA)
        mario, _ = w.citizen_with_published_cv(MARIO)
        _speaks(w, Language.FRENCH)
        applied = {
            "it": ok(w.portal.applications.apply(anna, offer.id)),
            "fr": ok(w.portal.applications.apply(mario, offer.id)),
        }
        report = ok(w.portal.mail.deliver_pending(SYSTEM))
        mailer.close()
        storage.dispose()
    assert (report.sent, report.failed, report.dead) == (2, 0, 0)
    by_language = {r.message["Content-Language"]: r for r in server.inbox.received}
    assert set(by_language) == {"it", "fr"}
    italian, french = by_language["it"].message, by_language["fr"].message
    assert italian["Subject"] == (
        'FormazioneLavoro: candidatura inviata per "Cuoco/a — cucina ligure"'
    )
    assert french["Subject"] == (
        "FormazioneLavoro : candidature envoyée pour « Cuoco/a — cucina ligure »"
    )
    for language, message in (("it", italian), ("fr", french)):
        application = applied[language]
        assert message["From"].addresses[0].display_name == "Regione Liguria — Lavoro"
        assert message["To"].addresses[0].addr_spec == "anna.rossi@example.it"
        text = message.get_body(preferencelist=("plain",))
        page = message.get_body(preferencelist=("html",))
        assert text is not None
        assert page is not None
        link = f"https://lavoro.regione.example/applications/{application.id}"
        assert link in text.get_content()
        assert f'<a href="{link}">' in page.get_content()
        assert "Trattoria «Già Nostra»" in text.get_content()
        assert "Trattoria «Già Nostra»" in page.get_content()
    assert "nous avons reçu votre candidature" in french.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    ids = {r.message["Message-ID"] for r in server.inbox.received}
    assert len(ids) == 2
    assert all(i.endswith("@regione.example>") for i in ids)


def test_point_2_a_server_down_for_three_days_loses_nothing_and_sends_each_once(
    tmp_path: pathlib.Path,
) -> None:
    """Point 2: down three simulated days (connections refused), then back: all arrive once."""
    port = free_port()
    clock = SettableClock(START)
    mailer = SmtpMailer(f"smtp://127.0.0.1:{port}?timeout=5", sender=SENDER, clock=clock)
    storage = sqlite_storage(tmp_path / "portal.db")
    w = _world(storage, mailer, clock)
    ids = _queue(storage, clock, 6)
    back_at = START + dt.timedelta(days=3)
    while clock.now() < back_at:  # the scheduler calls every ten minutes
        ok(w.portal.mail.deliver_pending(SYSTEM))
        clock.advance(dt.timedelta(minutes=10))
    with storage() as uow:
        waiting = [uow.outbox.get(message_id) for message_id in ids]
    assert {m.state for m in waiting if m} == {DeliveryState.PENDING}
    assert all(m and m.attempts > 5 for m in waiting)
    with smtp_server(port=port) as server:
        while clock.now() < back_at + dt.timedelta(hours=5):
            ok(w.portal.mail.deliver_pending(SYSTEM))
            clock.advance(dt.timedelta(minutes=10))
        mailer.close()
    storage.dispose()
    received = Counter(r.message["Message-ID"] for r in server.inbox.received)
    assert sorted(received) == sorted(f"<{message_id}@regione.example>" for message_id in ids)
    assert set(received.values()) == {1}


def test_point_2_a_550_makes_a_dead_letter_at_once(tmp_path: pathlib.Path) -> None:
    """Point 2: refused for good by the server: dead at once, the others delivered."""
    clock = SettableClock(START)
    with smtp_server() as server:
        server.inbox.refused_for_good.add("cittadino1@example.it")
        mailer = SmtpMailer(server.url, sender=SENDER, clock=clock)
        storage = sqlite_storage(tmp_path / "portal.db")
        w = _world(storage, mailer, clock)
        ids = _queue(storage, clock, 3)
        report = ok(w.portal.mail.deliver_pending(SYSTEM))
        mailer.close()
    assert (report.sent, report.failed, report.dead) == (2, 0, 1)
    (entry,) = ok(w.portal.mail.dead_letters(SYSTEM))
    assert entry.id == ids[1]
    assert entry.last_error == "SMTP 550 5.1.1 at RCPT TO: refused for good"
    clock.advance(dt.timedelta(days=1))
    assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 0
    storage.dispose()
    assert len(server.inbox.received) == 2


def _wait_for(path: pathlib.Path, child: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WAIT
    while not path.exists():
        if child.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(
                f"the dispatcher did not send: {child.stderr and child.stderr.read()!r}"
            )
        time.sleep(0.01)


def test_point_2_a_dispatcher_killed_between_sending_and_marking_resends_once(
    tmp_path: pathlib.Path,
) -> None:
    """Point 2: SIGKILL after the server took the email: once the lease is over, another
    dispatcher sends it again, once, with the same ``Message-ID``; the rest once."""
    database = tmp_path / "portal.db"
    storage = sqlite_storage(database)
    ids = _queue(storage, SettableClock(START), 3)
    storage.dispose()
    marker = tmp_path / "sent"
    with smtp_server() as server:
        child = subprocess.Popen(  # noqa: S603 - our interpreter, our module
            [
                sys.executable,
                "-m",
                "tests.adapters.mail.workers.dispatcher",
                str(database),
                str(server.port),
                str(marker),
                START.isoformat(),
            ],
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_for(marker, child)
            os.kill(child.pid, signal.SIGKILL)
            child.wait(WAIT)
        finally:
            if child.poll() is None:
                child.kill()
            if child.stderr is not None:
                child.stderr.close()
        assert len(server.inbox.received) == 1
        resent = marker.read_text(encoding="utf-8")
        clock = SettableClock(START)
        storage = sqlite_storage(database, migrate=False)
        mailer = SmtpMailer(server.url, sender=SENDER, clock=clock)
        w = _world(storage, mailer, clock)
        # The killed dispatcher still holds its claim: nothing goes before the lease ends.
        assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 0
        clock.advance(w.portal.config.delivery.claim_lease)
        assert ok(w.portal.mail.deliver_pending(SYSTEM)).sent == 3
        mailer.close()
    with storage() as uow:
        assert {uow.outbox.get(i).state for i in ids} == {DeliveryState.SENT}  # type: ignore[union-attr]
    storage.dispose()
    received = Counter(r.message["Message-ID"] for r in server.inbox.received)
    assert received == Counter({f"<{i}@regione.example>": 2 if i == resent else 1 for i in ids})


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    require_server()
    schema = create_schema()
    storage = migrated_storage(schema)
    storage.dispose()
    try:
        yield schema
    finally:
        drop_schema(schema)


def test_point_2_two_dispatcher_processes_on_postgresql_send_nothing_twice(
    postgres_schema: str,
) -> None:
    """Point 2 / point 5: two ``formlavoro outbox dispatch --once`` at once, small batches.

    PostgreSQL's ``FOR UPDATE SKIP LOCKED`` lets each claim what the other does not hold:
    every email arrives exactly once, and each process's summary counts its own.
    """
    url = f"{dsn()}?schema={postgres_schema}"
    storage = migrated_storage(postgres_schema)
    ids = _queue(storage, SystemClock(), 120)
    with smtp_server() as server:
        env = {
            **os.environ,
            "FORMLAVORO_STORAGE": url,
            "FORMLAVORO_MIGRATE": "0",
            "FORMLAVORO_MAIL": "smtp",
            "FORMLAVORO_SMTP_URL": server.url,
            "FORMLAVORO_MAIL_FROM": SENDER,
        }
        command = [sys.executable, "-m", "formlavoro_adapters.cli", "outbox", "dispatch"]
        children = [
            subprocess.Popen(  # noqa: S603 - our interpreter, our command
                [*command, "--once", "--limit", "3"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [child.communicate(timeout=WAIT * 5) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    sent = [int(out.split("outbox: ")[1].split(" sent")[0]) for out, _ in outputs]
    assert sum(sent) == 120
    received = Counter(r.message["Message-ID"] for r in server.inbox.received)
    assert sorted(received) == sorted(f"<{i}@regione.example>" for i in ids)
    assert set(received.values()) == {1}
    with storage() as uow:
        assert uow.outbox.pending(limit=10, now=SystemClock().now()) == []
    storage.dispose()
    assert isinstance(storage, SqlStorage)
