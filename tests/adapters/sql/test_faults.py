"""A use case that fails at any statement leaves the store exactly as it was (issue 4.5).

For each use case (apply with a cover letter and an attachment, publish a CV, join an
event, unlock personal data) a first run on a fresh scene counts its statements K; then,
for every N in 1..K, the same use case runs on an identical fresh scene with the driver
failing at statement N (SQLite: ``disk I/O error``; PostgreSQL: ``disk full``). The use
case must raise :class:`StorageError` and every row of every table (SQLite: also the
full-text index and the schema) and every file of the file store must be as before.

Statements are counted where SQLAlchemy hands them to a cursor: SQLite's explicit
``BEGIN`` is one of them, PostgreSQL's implicit one is not, and neither backend's
``COMMIT`` is. The commit therefore gets cases of its own: refused (nothing reached the
database: the store stays as it was, and the storage must work again afterwards) and
acknowledgement lost (the commit reached the database, its answer did not): the outcome,
database and files together, must be all or nothing.
"""

from __future__ import annotations

import hashlib
import pathlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import pytest
from returns.result import Result, Success
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.tables import METADATA
from formlavoro_core.applications.model import ApplicationRequest
from formlavoro_core.errors import DomainError, StorageError
from formlavoro_core.principals import CitizenPrincipal
from tests.adapters.sql.workers.scene import Scene, build_scene, open_storage, sql_world
from tests.postgres import create_schema, drop_schema, migrated_storage, require_server
from tests.support import World

Dump = dict[str, list[str]]
UseCase = Callable[[World, Scene], Result[Any, DomainError]]

USE_CASES: dict[str, UseCase] = {
    "apply": lambda w, s: w.portal.applications.apply(
        CitizenPrincipal(s.anna),
        s.offers[0],
        ApplicationRequest(cover_letter="Ho lavorato tre anni in cucina.", attachment=s.attachment),
    ),
    "publish": lambda w, s: w.portal.cv.publish(CitizenPrincipal(s.mario), s.mario_cv),
    "join": lambda w, s: w.portal.events.join(CitizenPrincipal(s.anna), s.event),
    "unlock": lambda w, s: w.portal.talent.unlock(CitizenPrincipal(s.anna), s.request),
}


def driver_error(dialect: str) -> Exception:
    """What the driver raises when the disk fails under it."""
    if dialect == "sqlite":
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = 10  # SQLITE_IOERR
        error.sqlite_errorname = "SQLITE_IOERR"
        return error
    import psycopg  # noqa: PLC0415 - PostgreSQL only

    return psycopg.errors.DiskFull("could not extend file: No space left on device")


def files_in(root: pathlib.Path) -> dict[str, str]:
    """Every file under ``root`` (temporary ones too) with the hash of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class Injector:
    """Counts the statements sent through the engine's cursors; fails one on demand."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[str] = []
        self.fail_at: int | None = None
        self.failed: str | None = None

    def _before(
        self,
        _connection: Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        self.statements.append(statement)
        if len(self.statements) == self.fail_at:
            self.failed = statement
            # Raised where the driver would raise: SQLAlchemy wraps it as it wraps the
            # driver's own errors.
            raise driver_error(self.engine.dialect.name)

    @contextmanager
    def armed(self, fail_at: int | None = None) -> Iterator[None]:
        """Count (and fail statement ``fail_at``) inside the block only."""
        self.statements, self.fail_at, self.failed = [], fail_at, None
        event.listen(self.engine, "before_cursor_execute", self._before)
        try:
            yield
        finally:
            event.remove(self.engine, "before_cursor_execute", self._before)


@contextmanager
def failing_commit(engine: Engine, *, reaches_database: bool) -> Iterator[None]:
    """Make the next commit fail: before it reaches the database, or after."""

    def commit(connection: Connection) -> None:
        if reaches_database:
            connection.connection.dbapi_connection.commit()  # type: ignore[union-attr]
        raise OperationalError("COMMIT", None, driver_error(engine.dialect.name))

    event.listen(engine, "commit", commit)
    try:
        yield
    finally:
        event.remove(engine, "commit", commit)


@attrs.frozen
class Copy:
    """One fresh copy of the scene: its portal, storage and file folder."""

    world: World
    scene: Scene
    storage: SqlStorage
    files: pathlib.Path
    dump: Callable[[], Dump]


class SqliteScenes:
    """The scene built once in a template file, copied for every run."""

    def __init__(self, folder: pathlib.Path) -> None:
        self.folder = folder
        self.template = folder / "template.db"
        storage = open_storage(f"sqlite:{self.template}")
        self.scene = build_scene(sql_world(storage, folder / "template-files", ids="scene"))
        with storage.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        storage.dispose()
        self.runs = 0

    @contextmanager
    def fresh(self) -> Iterator[Copy]:
        self.runs += 1
        run = self.folder / f"run-{self.runs}"
        run.mkdir()
        for suffix in ("", "-wal"):
            source = self.template.with_name(self.template.name + suffix)
            if source.exists():
                shutil.copyfile(source, run / f"portal.db{suffix}")
        shutil.copytree(self.folder / "template-files", run / "files")
        path = run / "portal.db"
        storage = open_storage(f"sqlite:{path}")
        try:
            yield Copy(
                world=sql_world(storage, run / "files", ids="run"),
                scene=self.scene,
                storage=storage,
                files=run / "files",
                dump=lambda: sqlite_dump(path),
            )
        finally:
            storage.dispose()

    def close(self) -> None:
        """Nothing to drop: the files go with the temporary folder."""


def sqlite_dump(path: pathlib.Path) -> Dump:
    """Every row of every table, the full-text index's own tables and the schema."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        assert {table.name for table in METADATA.sorted_tables} <= set(tables)
        assert "offers_fts_data" in tables
        dump = {
            name: sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{name}"'))  # noqa: S608
            for name in tables
        }
        dump["sqlite_master"] = sorted(
            repr(row) for row in connection.execute("SELECT type, name, sql FROM sqlite_master")
        )
    finally:
        connection.close()
    return dump


class PostgresScenes:
    """The scene built once in a template schema, copied into a work schema per run.

    Each run gets an engine of its own, disposed at the end, so that whatever a failed
    run leaves in its connection pool does not reach the next run; copies and dumps go
    through a third engine.
    """

    def __init__(self, folder: pathlib.Path) -> None:
        self.folder = folder
        self.template_schema = create_schema()
        self.work_schema = create_schema()
        template = migrated_storage(self.template_schema)
        self.scene = build_scene(sql_world(template, folder / "template-files", ids="scene"))
        template.dispose()
        self.admin = migrated_storage(self.work_schema)
        self.runs = 0

    @contextmanager
    def fresh(self) -> Iterator[Copy]:
        self.runs += 1
        run = self.folder / f"run-{self.runs}"
        shutil.copytree(self.folder / "template-files", run / "files")
        tables = list(METADATA.sorted_tables)
        with self.admin.engine.begin() as connection:
            connection.execute(text("SET LOCAL synchronous_commit = off"))
            for table in reversed(tables):
                connection.execute(table.delete())
            for table in tables:
                columns = ", ".join(f'"{column.name}"' for column in table.columns)
                connection.execute(
                    text(
                        f"INSERT INTO {table.name} ({columns}) "  # noqa: S608
                        f"SELECT {columns} FROM {self.template_schema}.{table.name}"
                    )
                )
        storage = open_storage(f"postgresql:{self.work_schema}")
        try:
            yield Copy(
                world=sql_world(storage, run / "files", ids="run"),
                scene=self.scene,
                storage=storage,
                files=run / "files",
                dump=lambda: postgres_dump(self.admin),
            )
        finally:
            storage.dispose()

    def close(self) -> None:
        self.admin.dispose()
        drop_schema(self.template_schema)
        drop_schema(self.work_schema)


def postgres_dump(storage: SqlStorage) -> Dump:
    """Every row (generated columns too) of every table of the schema."""
    with storage.engine.connect() as connection:
        tables = connection.execute(
            text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() ORDER BY table_name"
            )
        ).scalars()
        names = list(tables)
        assert {table.name for table in METADATA.sorted_tables} <= set(names)
        return {
            name: sorted(
                repr(tuple(row))
                for row in connection.execute(text(f'SELECT * FROM "{name}"'))  # noqa: S608
            )
            for name in names
        }


Scenes = SqliteScenes | PostgresScenes


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def scenes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scenes]:
    folder = tmp_path_factory.mktemp(f"faults-{request.param}")
    built: Scenes
    if request.param == "sqlite":
        built = SqliteScenes(folder)
    else:
        require_server()
        built = PostgresScenes(folder)
    try:
        yield built
    finally:
        built.close()


@attrs.frozen
class Baseline:
    """What the use case does when nothing fails."""

    statements: tuple[str, ...]
    dump: Dump
    files: dict[str, str]


def baseline(scenes: Scenes, use_case: UseCase) -> Baseline:
    """Run the use case on a fresh scene without failures; it succeeds and writes."""
    with scenes.fresh() as copy:
        before = copy.dump()
        injector = Injector(copy.storage.engine)
        with injector.armed():
            result = use_case(copy.world, copy.scene)
        assert isinstance(result, Success), result
        after = copy.dump()
        assert after != before, "the use case wrote nothing"
        return Baseline(tuple(injector.statements), after, files_in(copy.files))


@pytest.mark.parametrize("name", list(USE_CASES))
def test_a_use_case_failing_at_any_statement_leaves_the_store_as_it_was(
    scenes: Scenes, name: str
) -> None:
    use_case = USE_CASES[name]
    statements = baseline(scenes, use_case).statements
    assert any(s.lstrip().upper().startswith(("INSERT", "UPDATE")) for s in statements)
    for n in range(1, len(statements) + 1):
        with scenes.fresh() as copy:
            before, files = copy.dump(), files_in(copy.files)
            injector = Injector(copy.storage.engine)
            with injector.armed(fail_at=n), pytest.raises(StorageError):
                use_case(copy.world, copy.scene)
            assert injector.failed == statements[n - 1], f"statement {n} was not the same"
            assert copy.dump() == before, f"{name}: failing at statement {n} changed the store"
            assert files_in(copy.files) == files, f"{name}: statement {n} left files"


@pytest.mark.parametrize("name", list(USE_CASES))
def test_a_refused_commit_leaves_the_store_as_it_was(scenes: Scenes, name: str) -> None:
    with scenes.fresh() as copy:
        before, files = copy.dump(), files_in(copy.files)
        with (
            failing_commit(copy.storage.engine, reaches_database=False),
            pytest.raises(StorageError),
        ):
            USE_CASES[name](copy.world, copy.scene)
        assert copy.dump() == before
        assert files_in(copy.files) == files


@pytest.mark.parametrize("name", list(USE_CASES))
def test_the_storage_works_again_after_a_refused_commit(scenes: Scenes, name: str) -> None:
    with scenes.fresh() as copy:
        with (
            failing_commit(copy.storage.engine, reaches_database=False),
            pytest.raises(StorageError),
        ):
            USE_CASES[name](copy.world, copy.scene)
        assert isinstance(USE_CASES[name](copy.world, copy.scene), Success)


@pytest.mark.parametrize("name", list(USE_CASES))
def test_a_commit_whose_answer_is_lost_is_all_or_nothing(scenes: Scenes, name: str) -> None:
    done = baseline(scenes, USE_CASES[name])
    with scenes.fresh() as copy:
        before, files = copy.dump(), files_in(copy.files)
        with (
            failing_commit(copy.storage.engine, reaches_database=True),
            pytest.raises(StorageError),
        ):
            USE_CASES[name](copy.world, copy.scene)
        assert (copy.dump(), files_in(copy.files)) in [(before, files), (done.dump, done.files)]
