"""The ``formlavoro db`` command, in process and as the installed console script."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import subprocess
import sys
from collections.abc import Iterator

import pytest
from sqlalchemy import insert, inspect

from formlavoro_adapters.cli import main
from formlavoro_adapters.sql import current_version, head, postgres_engine, sqlite_engine
from formlavoro_adapters.sql.migrations import MIGRATIONS
from formlavoro_adapters.sql.tables import METADATA, SCHEMA_VERSION
from tests.postgres import create_schema, drop_schema, dsn, require_server

# Derived from the migrations, so that adding one changes no expected output here.
ALL_APPLIED = "".join(f"applied version {m.version}: {m.name}\n" for m in MIGRATIONS)
AFTER_THE_FIRST = ALL_APPLIED.split("\n", 1)[1]
LATEST = f"{MIGRATIONS[-1].version} ({MIGRATIONS[-1].name})"
UP_TO_DATE = f"current version: {LATEST}\nlatest version: {LATEST}\n"
ALREADY_LATEST = f"already at version {MIGRATIONS[-1].version}, the latest\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command in process: its status, standard output and standard error."""
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _sqlite(path: pathlib.Path) -> str:
    return f"sqlite:///{path}"


def _version_of(path: pathlib.Path) -> int:
    engine = sqlite_engine(path)
    try:
        return current_version(engine)
    finally:
        engine.dispose()


def _assert_one_line_problem(status: int, out: str, err: str, *fragments: str) -> None:
    assert status == 2
    assert out == ""
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert err.startswith("formlavoro: ")
    for fragment in fragments:
        assert fragment in err


# -- SQLite, in process ----------------------------------------------------------------------


def test_upgrade_an_empty_file_then_show_the_version_then_upgrade_again(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    storage = _sqlite(tmp_path / "portal.db")

    assert run(capsys, "db", "upgrade", "--storage", storage) == (0, ALL_APPLIED, "")
    assert _version_of(tmp_path / "portal.db") == head()
    assert run(capsys, "db", "version", "--storage", storage) == (0, UP_TO_DATE, "")
    assert run(capsys, "db", "upgrade", "--storage", storage) == (
        0,
        ALREADY_LATEST,
        "",
    )


def test_upgrade_to_a_version_stops_there_and_version_says_what_is_pending(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    storage = _sqlite(tmp_path / "portal.db")

    assert run(capsys, "db", "upgrade", "--storage", storage, "--to", "1") == (
        0,
        "applied version 1: access and CV\n",
        "",
    )
    assert _version_of(tmp_path / "portal.db") == 1
    assert run(capsys, "db", "version", "--storage", storage) == (
        0,
        "current version: 1 (access and CV)\n"
        f"latest version: {LATEST}\n"
        "run `formlavoro db upgrade` to apply the pending migrations\n",
        "",
    )
    assert run(capsys, "db", "upgrade", "--storage", storage, "--to", "1") == (
        0,
        f"already at version 1 (the latest is {head()})\n",
        "",
    )
    assert run(capsys, "db", "upgrade", "--storage", storage) == (
        0,
        AFTER_THE_FIRST,
        "",
    )


def test_the_storage_defaults_to_the_formlavoro_storage_setting(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORMLAVORO_STORAGE", _sqlite(tmp_path / "from-env.db"))

    assert run(capsys, "db", "upgrade") == (0, ALL_APPLIED, "")
    assert _version_of(tmp_path / "from-env.db") == head()
    # --storage wins over the setting.
    other = tmp_path / "given.db"
    assert run(capsys, "db", "upgrade", "--storage", _sqlite(other), "--to", "1")[0] == 0
    assert _version_of(other) == 1


def test_version_of_a_missing_file_is_a_problem_and_makes_no_file(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    missing = tmp_path / "missing.db"
    status, out, err = run(capsys, "db", "version", "--storage", _sqlite(missing))
    _assert_one_line_problem(status, out, err, "no SQLite database", "formlavoro db upgrade")
    assert not missing.exists()


def test_an_empty_database_has_version_zero(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()

    status, out, _ = run(capsys, "db", "version", "--storage", _sqlite(empty))
    assert status == 0
    assert out.splitlines()[0] == "current version: 0 (empty)"


def test_a_database_newer_than_the_library_is_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    storage = _sqlite(tmp_path / "portal.db")
    run(capsys, "db", "upgrade", "--storage", storage)
    engine = sqlite_engine(tmp_path / "portal.db")
    with engine.begin() as connection:
        connection.execute(
            insert(SCHEMA_VERSION).values(
                version=head() + 1,
                name="from the future",
                applied_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
            )
        )
    engine.dispose()

    status, out, err = run(capsys, "db", "upgrade", "--storage", storage)
    _assert_one_line_problem(status, out, err, "newer than this library")
    status, out, err = run(capsys, "db", "version", "--storage", storage)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"current version: {head() + 1} (unknown)",
        f"latest version: {LATEST}",
        "the database is newer than this library: upgrade formlavoro",
    ]


# -- problems: one line on standard error, status 2 ----------------------------------------


@pytest.mark.parametrize("command", ["upgrade", "version"])
@pytest.mark.parametrize(
    ("storage", "fragments"),
    [
        ("memory", ("nothing to migrate",)),
        ("mysql://user@host/portal", ("unknown value", "mysql://user@host/portal")),
        ("sqlite:portal.db", ("sqlite:///<path>",)),
        ("sqlite:///", ("sqlite:///<path>",)),
        ("postgresql://u@h/db?schema=a;b", ("not a valid schema name",)),
        (
            "postgresql://nobody:hunter2@127.0.0.1:1/x",
            ("cannot use the database postgresql://nobody:***@127.0.0.1:1/x", "port 1"),
        ),
    ],
)
def test_a_problem_is_one_line_on_standard_error_and_status_2(
    capsys: pytest.CaptureFixture[str], command: str, storage: str, fragments: tuple[str, ...]
) -> None:
    status, out, err = run(capsys, "db", command, "--storage", storage)
    _assert_one_line_problem(status, out, err, *fragments)
    assert "hunter2" not in err
    assert "Traceback" not in err


def test_a_missing_folder_is_a_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    storage = _sqlite(tmp_path / "nowhere" / "portal.db")
    status, out, err = run(capsys, "db", "upgrade", "--storage", storage)
    _assert_one_line_problem(status, out, err, "does not exist")
    assert not (tmp_path / "nowhere").exists()


def test_a_file_that_is_not_a_database_is_a_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a database, just some notes\n" * 100)
    status, out, err = run(capsys, "db", "upgrade", "--storage", _sqlite(notes))
    _assert_one_line_problem(status, out, err, "file is not a database")


@pytest.mark.parametrize("target", ["0", str(len(MIGRATIONS) + 1), "-1"])
def test_a_target_outside_the_known_versions_is_a_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path, target: str
) -> None:
    file = tmp_path / "portal.db"
    status, out, err = run(capsys, "db", "upgrade", "--storage", _sqlite(file), "--to", target)
    _assert_one_line_problem(status, out, err, "--to", f"1 to {head()}")
    assert not file.exists()


def test_a_bad_setting_is_a_problem_naming_its_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORMLAVORO_STORAGE", "memory")
    monkeypatch.setenv("FORMLAVORO_MIGRATE", "perhaps")
    status, out, err = run(capsys, "db", "version")
    _assert_one_line_problem(status, out, err, "FORMLAVORO_MIGRATE")


@pytest.mark.parametrize(
    "argv", [(), ("db",), ("db", "downgrade"), ("db", "upgrade", "--to", "two"), ("nothing",)]
)
def test_a_usage_error_prints_the_usage_and_returns_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.startswith("usage: formlavoro")


def test_help_returns_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "db", "upgrade", "--help")
    assert (status, err) == (0, "")
    assert "--storage URL" in out
    assert "--to VERSION" in out


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture
def schema() -> Iterator[str]:
    require_server()
    name = create_schema()
    try:
        yield name
    finally:
        drop_schema(name)


def _in_schema(name: str) -> str:
    url = dsn()
    return f"{url}{'&' if '?' in url else '?'}schema={name}"


def test_upgrade_an_empty_postgresql_schema(
    capsys: pytest.CaptureFixture[str], schema: str
) -> None:
    storage = _in_schema(schema)

    assert run(capsys, "db", "version", "--storage", storage)[1].startswith(
        "current version: 0 (empty)\n"
    )
    assert run(capsys, "db", "upgrade", "--storage", storage, "--to", "1") == (
        0,
        "applied version 1: access and CV\n",
        "",
    )
    assert run(capsys, "db", "upgrade", "--storage", storage) == (
        0,
        AFTER_THE_FIRST,
        "",
    )
    assert run(capsys, "db", "version", "--storage", storage) == (0, UP_TO_DATE, "")
    assert run(capsys, "db", "upgrade", "--storage", storage)[1] == ALREADY_LATEST

    engine = postgres_engine(dsn())
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names(schema=schema))
    finally:
        engine.dispose()
    assert set(METADATA.tables) <= tables


def test_a_missing_postgresql_schema_is_a_problem(
    capsys: pytest.CaptureFixture[str], schema: str
) -> None:
    drop_schema(schema)
    status, out, err = run(capsys, "db", "upgrade", "--storage", _in_schema(schema))
    _assert_one_line_problem(status, out, err, f"schema={schema}", "no schema")


# -- the installed console script ------------------------------------------------------------


def _environment() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if not name.startswith("FORMLAVORO_")}


def _command(*argv: str, cwd: pathlib.Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script or interpreter, fixed args
        argv, cwd=cwd, env=_environment(), capture_output=True, text=True, check=False, timeout=120
    )


def test_the_console_script_upgrades_the_default_file_in_the_working_folder(
    tmp_path: pathlib.Path,
) -> None:
    script = pathlib.Path(sys.executable).parent / "formlavoro"
    assert script.exists(), "reinstall: pip install -e '.[dev,sql,postgres]'"

    first = _command(str(script), "db", "upgrade", cwd=tmp_path)
    assert (first.returncode, first.stdout, first.stderr) == (0, ALL_APPLIED, "")
    assert _version_of(tmp_path / "formlavoro.db") == head()

    again = _command(str(script), "db", "upgrade", cwd=tmp_path)
    assert (again.returncode, again.stdout) == (0, ALREADY_LATEST)

    problem = _command(str(script), "db", "upgrade", "--storage", "memory", cwd=tmp_path)
    assert problem.returncode == 2
    assert problem.stderr.count("\n") == 1
    assert "nothing to migrate" in problem.stderr


def test_the_module_runs_with_python_dash_m(tmp_path: pathlib.Path) -> None:
    storage = _sqlite(tmp_path / "portal.db")
    module = (sys.executable, "-m", "formlavoro_adapters.cli")

    upgraded = _command(*module, "db", "upgrade", "--storage", storage, cwd=tmp_path)
    assert (upgraded.returncode, upgraded.stdout, upgraded.stderr) == (0, ALL_APPLIED, "")
    shown = _command(*module, "db", "version", "--storage", storage, cwd=tmp_path)
    assert (shown.returncode, shown.stdout, shown.stderr) == (0, UP_TO_DATE, "")


def test_importing_the_command_line_module_does_no_io() -> None:
    code = (
        "import sys, formlavoro_adapters.cli as cli\n"
        "assert callable(cli.main)\n"
        "assert 'sqlalchemy' not in sys.modules, 'the SQL stack is imported on use'\n"
    )
    completed = subprocess.run(  # noqa: S603 - this interpreter on a fixed snippet
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
