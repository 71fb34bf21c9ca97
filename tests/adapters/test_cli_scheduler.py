"""``formlavoro outbox …`` and ``formlavoro jobs run`` as cron runs them (issue 11 point 5).

Each call is the console script's module in a process of its own, configured by
``FORMLAVORO_*`` variables as a crontab line or a systemd unit would: its exit status,
its one-line summary, and what it did to a real SQLite file.
"""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import time
import uuid

import pytest

from formlavoro_adapters import SystemClock
from formlavoro_adapters.sql import sqlite_storage
from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.locale import Language
from formlavoro_core.messaging.outbox import EmailKind, OutboxMessage, OutgoingEmail
from tests.adapters.mail.servers import free_port

ROOT = pathlib.Path(__file__).resolve().parents[2]
COMMAND = (sys.executable, "-m", "formlavoro_adapters.cli")
WAIT = 120.0
"""Seconds a command may take: generous, never a timed assertion."""


def _queue(database: pathlib.Path, count: int, *, dead: int = 0) -> list[OutboxMessageId]:
    """``count`` emails in the outbox of ``database``; the first ``dead`` dead letters."""
    storage = sqlite_storage(database)
    now = SystemClock().now()
    ids = []
    with storage() as uow:
        for number in range(count):
            message = OutboxMessage(
                id=OutboxMessageId(str(uuid.uuid4())),
                email=OutgoingEmail(
                    to=f"cittadino{number}@example.it",
                    subject=f"Messaggio {number}",
                    body="Buongiorno,\n\nun messaggio.\n",
                    kind=EmailKind.NEW_MESSAGE,
                    language=Language.ITALIAN,
                ),
                created_at=now,
            )
            stored = uow.outbox.add(message)
            if number < dead:
                uow.outbox.update(stored.buried("SMTP 550 5.1.1 at RCPT TO: refused for good", now))
            ids.append(message.id)
        uow.commit()
    storage.dispose()
    return ids


def _env(database: pathlib.Path, **settings: str) -> dict[str, str]:
    return {
        **os.environ,
        "FORMLAVORO_STORAGE": f"sqlite:///{database}",
        **{f"FORMLAVORO_{name.upper()}": value for name, value in settings.items()},
    }


def _run(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our interpreter, our command
        [*COMMAND, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )


def test_point_5_dispatch_once_sends_everything_due_and_says_so(tmp_path: pathlib.Path) -> None:
    """Point 5: ``outbox dispatch --once``: passes until nothing is due; 0 and a summary."""
    database = tmp_path / "portal.db"
    _queue(database, 5)
    folder = tmp_path / "mail"
    env = _env(database, mail=f"folder:{folder}", mail_from="Portale <portale@example.it>")
    done = _run(env, "outbox", "dispatch", "--once", "--limit", "2")
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "outbox: 5 sent, 0 to try again later, 0 new dead letters\n",
        "",
    )
    assert len(list(folder.glob("*.eml"))) == 5
    again = _run(env, "outbox", "dispatch")  # --once is the default
    assert (again.returncode, again.stdout) == (
        0,
        "outbox: 0 sent, 0 to try again later, 0 new dead letters\n",
    )


def test_point_5_dispatch_exits_1_when_the_server_is_down(tmp_path: pathlib.Path) -> None:
    """Point 5: emails kept for later: status 1, so cron or systemd can tell."""
    database = tmp_path / "portal.db"
    _queue(database, 3)
    env = _env(
        database,
        mail="smtp",
        smtp_url=f"smtp://127.0.0.1:{free_port()}?timeout=5",
        mail_from="portale@example.it",
    )
    done = _run(env, "outbox", "dispatch", "--once")
    assert (done.returncode, done.stdout) == (
        1,
        "outbox: 0 sent, 1 to try again later, 0 new dead letters\n",
    )


def test_point_5_dead_letters_are_listed_and_requeued(tmp_path: pathlib.Path) -> None:
    """Point 5: ``outbox dead-letters`` lists without personal data; ``--requeue ID`` works."""
    database = tmp_path / "portal.db"
    first, second, _ = _queue(database, 3, dead=2)
    env = _env(database)
    listed = _run(env, "outbox", "dead-letters")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[-1] == "outbox: 2 dead letters"
    assert {line.split()[0] for line in lines[:-1]} == {first, second}
    assert all("new_message" in line and "SMTP 550 5.1.1" in line for line in lines[:-1])
    assert "cittadino" not in listed.stdout
    assert "Messaggio" not in listed.stdout
    requeued = _run(env, "outbox", "dead-letters", "--requeue", first)
    assert (requeued.returncode, requeued.stdout) == (
        0,
        f"outbox: requeued {first} (new_message), due now\n",
    )
    refused = _run(env, "outbox", "dead-letters", "--requeue", first)
    assert refused.returncode == 1
    assert refused.stderr.startswith("formlavoro: dead_letter.not_found:")
    assert _run(env, "outbox", "dead-letters").stdout.splitlines()[-1] == "outbox: 1 dead letters"


def test_point_5_jobs_run_says_what_it_did(tmp_path: pathlib.Path) -> None:
    """Point 5: ``jobs run``: the due jobs, a one-line summary, status 0."""
    env = _env(tmp_path / "portal.db")
    done = _run(env, "jobs", "run")
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "jobs: 0 CV reminders, 0 CVs expired, 0 alerts, 0 applications closed, "
        "0 registrations closed\n",
        "",
    )


def test_point_5_a_wrong_setting_exits_2_with_one_line(tmp_path: pathlib.Path) -> None:
    """Point 5: a problem with the settings: status 2 and one line naming the setting."""
    env = _env(tmp_path / "portal.db", mail="smtp")
    done = _run(env, "outbox", "dispatch")
    assert done.returncode == 2
    assert done.stderr.startswith("formlavoro: smtp_url (FORMLAVORO_SMTP_URL)")
    assert done.stderr.count("\n") == 1


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM as systemd sends it")
def test_point_5_dispatch_loop_runs_until_sigterm(tmp_path: pathlib.Path) -> None:
    """Point 5: ``--loop`` keeps delivering; SIGTERM (``systemctl stop``) ends it with 0."""
    database = tmp_path / "portal.db"
    _queue(database, 2)
    folder = tmp_path / "mail"
    env = _env(database, mail=f"folder:{folder}")
    child = subprocess.Popen(  # noqa: S603 - our interpreter, our command
        [*COMMAND, "outbox", "dispatch", "--loop", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first == "outbox: 2 sent, 0 to try again later, 0 new dead letters\n"
        _queue(database, 1)  # queued while it runs: the next pass takes it
        deadline = time.monotonic() + WAIT
        while len(list(folder.glob("*.eml"))) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        child.send_signal(signal.SIGTERM)
        rest, errors = child.communicate(timeout=WAIT)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert (child.returncode, errors) == (0, "")
    assert rest.splitlines()[-1] == "outbox: stopped"
    assert len(list(folder.glob("*.eml"))) == 3
