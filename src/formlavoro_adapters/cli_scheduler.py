"""The scheduler's commands of ``formlavoro``: the outbox dispatcher and the due jobs.

- ``formlavoro outbox dispatch [--once|--loop]``: deliver the due emails. ``--once`` (the
  default) runs passes until nothing is due, for cron or a systemd timer; ``--loop``
  keeps running, a pass every ``--interval`` seconds, until SIGTERM or Ctrl-C.
- ``formlavoro outbox dead-letters [--requeue ID]``: list the emails that could not be
  delivered (no address, subject or body: kind, dates, attempts, last error), or put
  one back in the queue.
- ``formlavoro jobs run``: the time-driven rules (``portal.jobs.run_due``).

Each ends with a one-line summary. Exit status: 0 when all went well; 1 when some emails
could not be delivered (to be tried again, or new dead letters), a dead letter could not
be requeued, or the jobs met a conflict; 2 for a problem with the settings or the
database. The portal comes from the ``FORMLAVORO_*`` settings (``--storage`` overrides
the storage), as ``bootstrap`` makes it.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import attrs
from returns.result import Failure, Success

from formlavoro_core.ids import OutboxMessageId
from formlavoro_core.principals import SYSTEM

if TYPE_CHECKING:
    from formlavoro_core.messaging.delivery import DeliveryReport
    from formlavoro_core.portal import Portal

__all__ = ["add_commands"]

_OK, _NOT_ALL, _PROBLEM = 0, 1, 2


def add_commands(commands: Any, where: argparse.ArgumentParser) -> None:
    """Add ``outbox`` and ``jobs`` to the ``formlavoro`` command's sub-commands."""
    outbox = commands.add_parser(
        "outbox", help="deliver the email outbox", description="The email outbox."
    )
    outbox_commands = outbox.add_subparsers(title="commands", required=True, metavar="COMMAND")
    dispatch = outbox_commands.add_parser(
        "dispatch",
        parents=[where],
        help="deliver the due emails",
        description="Deliver the due emails through the configured mailer.",
    )
    mode = dispatch.add_mutually_exclusive_group()
    mode.add_argument(
        "--once", action="store_true", help="run until nothing is due, then stop (the default)"
    )
    mode.add_argument("--loop", action="store_true", help="keep running until stopped")
    dispatch.add_argument(
        "--interval", type=float, default=60.0, metavar="SECONDS", help="between passes (--loop)"
    )
    dispatch.add_argument(
        "--limit", type=int, default=100, metavar="N", help="emails claimed per pass"
    )
    dispatch.set_defaults(run=_dispatch)
    dead = outbox_commands.add_parser(
        "dead-letters",
        parents=[where],
        help="list the emails that could not be delivered, or requeue one",
        description="List the dead letters, most recent first, or put one back in the queue.",
    )
    dead.add_argument("--requeue", metavar="ID", help="put this dead letter back in the queue")
    dead.add_argument("--limit", type=int, default=100, metavar="N", help="how many to list")
    dead.set_defaults(run=_dead_letters)
    jobs = commands.add_parser("jobs", help="the time-driven rules", description="Scheduled jobs.")
    jobs_commands = jobs.add_subparsers(title="commands", required=True, metavar="COMMAND")
    run = jobs_commands.add_parser(
        "run",
        parents=[where],
        help="run the jobs that are due",
        description="Run the due jobs: reminders, alerts, expiries, registration closing.",
    )
    run.set_defaults(run=_jobs)


@contextmanager
def _portal(arguments: argparse.Namespace) -> Iterator[Portal]:
    """The portal of the settings, closed at the end (its database, its mail session)."""
    from formlavoro_adapters.bootstrap import Settings, bootstrap  # noqa: PLC0415 - when run

    settings = Settings.from_env()
    if arguments.storage is not None:
        settings = attrs.evolve(settings, storage=arguments.storage)
    with bootstrap(settings) as portal:
        yield portal


def _summary(sent: int, failed: int, dead: int) -> str:
    return f"outbox: {sent} sent, {failed} to try again later, {dead} new dead letters"


def _pass(portal: Portal, limit: int) -> tuple[int, int, int]:
    """Passes until nothing more is due; the totals sent, failed and dead."""
    sent = failed = dead = 0
    while True:
        report: DeliveryReport
        match portal.mail.deliver_pending(SYSTEM, limit=limit):
            case Success(report):
                pass
            case Failure(error):
                raise _Refused(error.message)
        sent, failed, dead = sent + report.sent, failed + report.failed, dead + report.dead
        if not report.more:
            return sent, failed, dead


class _Refused(Exception):
    """A use case answered a failure: reported in one line, exit status 1 or 2."""


def _dispatch(arguments: argparse.Namespace) -> int:
    if arguments.limit < 1 or arguments.interval <= 0:
        print("formlavoro: --limit and --interval must be positive", file=sys.stderr)  # noqa: T201
        return _PROBLEM
    with _portal(arguments) as portal:
        if not arguments.loop:
            try:
                totals = _pass(portal, arguments.limit)
            except _Refused as exc:
                print(f"formlavoro: {exc}", file=sys.stderr)  # noqa: T201
                return _PROBLEM
            print(_summary(*totals))  # noqa: T201
            return _OK if totals[1:] == (0, 0) else _NOT_ALL
        return _loop(portal, arguments.limit, arguments.interval)


def _loop(portal: Portal, limit: int, interval: float) -> int:
    """A pass every ``interval`` seconds until SIGTERM or SIGINT; a line per busy pass."""
    stop = threading.Event()
    previous = {
        number: signal.signal(number, lambda *_: stop.set())
        for number in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        while not stop.is_set():
            try:
                totals = _pass(portal, limit)
            except _Refused as exc:
                print(f"formlavoro: {exc}", file=sys.stderr)  # noqa: T201
                return _PROBLEM
            if any(totals):
                print(_summary(*totals), flush=True)  # noqa: T201
            stop.wait(interval)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    print("outbox: stopped", flush=True)  # noqa: T201
    return _OK


def _dead_letters(arguments: argparse.Namespace) -> int:
    with _portal(arguments) as portal:
        if arguments.requeue is not None:
            match portal.mail.requeue(SYSTEM, OutboxMessageId(arguments.requeue)):
                case Success(entry):
                    print(f"outbox: requeued {entry.id} ({entry.kind.value}), due now")  # noqa: T201
                    return _OK
                case Failure(error):
                    print(f"formlavoro: {error.code}: {error.message}", file=sys.stderr)  # noqa: T201
                    return _NOT_ALL
        match portal.mail.dead_letters(SYSTEM, limit=arguments.limit):
            case Success(entries):
                for entry in entries:
                    dead_at = entry.dead_at.isoformat(timespec="seconds") if entry.dead_at else ""
                    print(  # noqa: T201
                        f"{entry.id}  {entry.kind.value}  dead since {dead_at}  "
                        f"{entry.attempts} attempt(s)  {entry.last_error or ''}"
                    )
                print(f"outbox: {len(entries)} dead letters")  # noqa: T201
                return _OK
            case Failure(error):
                print(f"formlavoro: {error.code}: {error.message}", file=sys.stderr)  # noqa: T201
                return _PROBLEM
    return _PROBLEM  # pragma: no cover - every answer is matched above


def _jobs(arguments: argparse.Namespace) -> int:
    with _portal(arguments) as portal:
        match portal.jobs.run_due(SYSTEM):
            case Success(report):
                print(  # noqa: T201
                    f"jobs: {report.cv_reminders} CV reminders, {report.cvs_expired} CVs "
                    f"expired, {report.offer_alerts} alerts, {report.applications_closed} "
                    f"applications closed, {report.registrations_closed} registrations closed"
                )
                return _OK
            case Failure(error):
                print(f"formlavoro: {error.code}: {error.message}", file=sys.stderr)  # noqa: T201
                return _NOT_ALL
    return _PROBLEM  # pragma: no cover - every answer is matched above
