"""The ``formlavoro`` command: the database schema, the outbox and the scheduled jobs.

The ``outbox`` and ``jobs`` commands are described in
:mod:`formlavoro_adapters.cli_scheduler`.

``formlavoro --version`` names the library's version. ``formlavoro db upgrade`` applies
the pending schema migrations (all of them, or up to ``--to VERSION``);
``formlavoro db version`` reports the database's version and the library's latest. The
database is ``--storage URL``, else the ``FORMLAVORO_STORAGE`` setting
(``sqlite:///formlavoro.db`` by default). A problem prints one line on standard error
and exits with status 2, also when a command needs an extra that is not
installed (the line names it). Nothing here does I/O at import.

>>> import pathlib, tempfile
>>> storage = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'portal.db'}"
>>> main(["db", "upgrade", "--storage", storage])  # doctest: +ELLIPSIS
applied version 1: access and CV
applied version 2: marketplace
...
0
>>> main(["db", "upgrade", "--storage", storage])  # doctest: +ELLIPSIS
already at version ..., the latest
0
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from formlavoro_adapters.cli_scheduler import add_commands
from formlavoro_adapters.extras import missing_extra_advice
from formlavoro_core._version import __version__
from formlavoro_core.errors import ConfigurationError, FormlavoroError, StorageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

__all__ = ["main"]

_OK = 0
_PROBLEM = 2
_SQLITE_PREFIX = "///"
_POSTGRES_SCHEMES = frozenset({"postgresql", "postgres", "postgresql+psycopg"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``formlavoro`` command line.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv``.

    Returns:
        The exit status: 0 on success, 2 on a usage error or a problem with the
        settings or the database (reported in one line on standard error).
    """
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has already printed the usage or the help
        code = exit_.code
        if code is None:
            return _OK
        return code if isinstance(code, int) else _PROBLEM
    command: Callable[[argparse.Namespace], int] = arguments.run
    try:
        return command(arguments)
    except FormlavoroError as exc:
        _say(sys.stderr, f"formlavoro: {_one_line(str(exc))}")
        return _PROBLEM
    except ModuleNotFoundError as exc:
        advice = missing_extra_advice(exc)
        if advice is None:  # not an optional dependency: a broken install, or a bug
            raise
        _say(sys.stderr, f"formlavoro: {advice}")
        return _PROBLEM


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="formlavoro",
        description="Manage a formlavoro portal: its database, its outbox, its jobs.",
    )
    parser.add_argument("--version", action="version", version=f"formlavoro {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    db = commands.add_parser("db", help="the database schema", description="The database schema.")
    db_commands = db.add_subparsers(title="commands", required=True, metavar="COMMAND")

    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--storage",
        metavar="URL",
        help="sqlite:///<file> or postgresql://user@host/db[?schema=name] "
        "(default: the FORMLAVORO_STORAGE setting, else sqlite:///formlavoro.db)",
    )

    upgrade = db_commands.add_parser(
        "upgrade",
        parents=[where],
        help="apply the pending schema migrations",
        description="Apply the pending schema migrations, each in its own transaction.",
    )
    upgrade.add_argument(
        "--to", metavar="VERSION", type=int, help="stop at this version (default: the latest)"
    )
    upgrade.set_defaults(run=_upgrade)

    version = db_commands.add_parser(
        "version",
        parents=[where],
        help="show the database's schema version and the latest",
        description="Show the database's schema version and the library's latest.",
    )
    version.set_defaults(run=_version)
    add_commands(commands, where)  # outbox dispatch, outbox dead-letters, jobs run
    return parser


def _upgrade(arguments: argparse.Namespace) -> int:
    """Apply the pending migrations, printing each one applied."""
    from formlavoro_adapters.sql.migrations import (  # noqa: PLC0415 - needs [sql]
        MIGRATIONS,
        current_version,
        head,
        upgrade,
    )

    target: int | None = arguments.to
    if target is not None and not 1 <= target <= head():
        raise ConfigurationError(f"--to: the schema versions are 1 to {head()}, not {target}")
    goal = head() if target is None else target
    with _database(_storage(arguments), create=True) as engine:
        current = current_version(engine)
        pending = [step for step in MIGRATIONS if current < step.version <= goal]
        if not pending:
            upgrade(engine, target=goal)  # a no-op, or the refusal of a newer database
            latest = ", the latest" if current == head() else f" (the latest is {head()})"
            _say(sys.stdout, f"already at version {current}{latest}")
        for migration in pending:
            # One call per version, so what is applied is reported even if a later
            # migration fails.
            upgrade(engine, target=migration.version)
            _say(sys.stdout, f"applied version {migration.version}: {migration.name}")
    return _OK


def _version(arguments: argparse.Namespace) -> int:
    """Print the database's schema version and the library's latest."""
    from formlavoro_adapters.sql.migrations import (  # noqa: PLC0415 - needs [sql]
        MIGRATIONS,
        current_version,
        head,
    )

    names = {0: "empty"} | {migration.version: migration.name for migration in MIGRATIONS}
    with _database(_storage(arguments), create=False) as engine:
        current = current_version(engine)
    latest = head()
    _say(sys.stdout, f"current version: {current} ({names.get(current, 'unknown')})")
    _say(sys.stdout, f"latest version: {latest} ({names[latest]})")
    if current < latest:
        _say(sys.stdout, "run `formlavoro db upgrade` to apply the pending migrations")
    elif current > latest:
        _say(sys.stdout, "the database is newer than this library: upgrade formlavoro")
    return _OK


def _storage(arguments: argparse.Namespace) -> str:
    """The storage URL: ``--storage``, else the ``FORMLAVORO_STORAGE`` setting."""
    given: str | None = arguments.storage
    if given is not None:
        return given
    from formlavoro_adapters.bootstrap import Settings  # noqa: PLC0415 - only when needed

    return Settings.from_env().storage


@contextmanager
def _database(storage: str, *, create: bool) -> Iterator[Engine]:
    """An engine on ``storage``; the driver's errors become :class:`StorageError`.

    ``create`` allows a missing SQLite file to be made; without it a missing file is a
    problem reported as such (reading a version must not leave an empty file behind).
    """
    try:
        from sqlalchemy.engine import make_url  # noqa: PLC0415 - needs [sql]
        from sqlalchemy.exc import DBAPIError, SQLAlchemyError  # noqa: PLC0415
    except ModuleNotFoundError as exc:
        raise ConfigurationError(
            "formlavoro db needs SQL storage: install formlavoro[sql]"
        ) from exc
    engine = _engine(storage, create=create)
    where = make_url(storage).render_as_string(hide_password=True)
    try:
        yield engine
    except StorageError as exc:
        raise StorageError(f"cannot use the database {where}: {exc}") from exc
    except SQLAlchemyError as exc:
        lines = str(exc.orig if isinstance(exc, DBAPIError) else exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        raise StorageError(f"cannot use the database {where}: {reason}") from exc
    finally:
        engine.dispose()


def _engine(storage: str, *, create: bool) -> Engine:
    """The engine for a storage URL, chosen by its scheme as ``bootstrap`` does."""
    scheme, _, rest = storage.partition(":")
    if scheme == "memory":
        raise ConfigurationError("storage is memory: it keeps nothing on disk, nothing to migrate")
    from formlavoro_adapters.sql.engines import (  # noqa: PLC0415 - needs [sql]
        postgres_engine,
        sqlite_engine,
    )

    if scheme == "sqlite":
        path = rest.removeprefix(_SQLITE_PREFIX)
        if not rest.startswith(_SQLITE_PREFIX) or not path:
            raise ConfigurationError("storage: write a SQLite file as sqlite:///<path>")
        if not create and not pathlib.Path(path).exists():
            raise ConfigurationError(
                f"storage: there is no SQLite database at {path} "
                "(`formlavoro db upgrade` creates it)"
            )
        return sqlite_engine(path)
    if scheme in _POSTGRES_SCHEMES:
        return postgres_engine(storage)
    raise ConfigurationError(
        f"storage: unknown value {storage!r}; choose one of sqlite:///<file>, postgresql://…"
    )


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _say(stream: TextIO, line: str) -> None:
    stream.write(line + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
