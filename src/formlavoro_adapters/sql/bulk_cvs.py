"""Loading many CVs at once: imports from other systems, the first load of a portal.

:func:`load_cvs` writes exactly what ``uow.cvs.add`` writes (version 1, the document,
the projected columns, the profession codes and, for published CVs, the matching
profile and its cells), in one transaction. Rows go to the driver as plain tuples, a
batch at a time (``executemany`` on SQLite, ``COPY`` on PostgreSQL), prepared as
:mod:`~formlavoro_adapters.sql.bulk_rows` prepares them. PostgreSQL then runs
``VACUUM (ANALYZE)`` on the tables filled, so that matching reads its cells from index
entries alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection

from formlavoro_adapters.sql.bulk_rows import Columns, DocumentWriter
from formlavoro_adapters.sql.core_repositories import cv_columns, cv_profession_codes
from formlavoro_adapters.sql.driver_errors import driver_summary, is_duplicate, translated
from formlavoro_adapters.sql.matching import cv_profile_rows
from formlavoro_adapters.sql.matching_tables import CV_PROFILE_CODES, CV_PROFILES
from formlavoro_adapters.sql.storage import SqlStorage
from formlavoro_adapters.sql.tables import CV_PROFESSIONS, CVS
from formlavoro_adapters.sql.vacuum import vacuum_loaded
from formlavoro_core.cv.model import Cv
from formlavoro_core.errors import DuplicateKeyError, FormlavoroError, StorageError

__all__ = ["load_cvs"]

_DOCUMENT = DocumentWriter(Cv)
_TABLES: tuple[Table, ...] = (CVS, CV_PROFESSIONS, CV_PROFILES, CV_PROFILE_CODES)


def _batch(chunk: Sequence[Cv], tables: Sequence[Columns]) -> list[list[tuple[Any, ...]]]:
    """The rows of each of :data:`_TABLES` for a batch of new CVs."""
    cvs, codes, profiles, cells = [], [], [], []
    cv_table, code_table, profile_table, cell_table = tables
    for cv in chunk:
        if cv.version != 0:
            raise FormlavoroError(f"a new CV must have version 0: {cv.id}")
        values = cv_columns(cv)
        values.update(id=cv.id, version=1, doc=_DOCUMENT(cv, version=1))
        cvs.append(cv_table.row(values))
        codes += [code_table.row({"cv_id": cv.id, "code": c}) for c in cv_profession_codes(cv)]
        profile, in_cells = cv_profile_rows(cv)
        if profile is not None:
            profiles.append(profile_table.row(profile))
            cells += [cell_table.row(cell) for cell in in_cells]
    return [cvs, codes, profiles, cells]


def _write(
    connection: Connection, dialect: str, tables: Sequence[Columns], rows: list[list[Any]]
) -> None:
    driver: Any = connection.connection.dbapi_connection
    if dialect == "postgresql":
        with driver.cursor() as cursor:
            for table, columns, values in zip(_TABLES, tables, rows, strict=True):
                if values:
                    with cursor.copy(columns.copy(table.name)) as copy:
                        for row in values:
                            copy.write_row(row)
        return
    cursor = driver.cursor()
    try:
        for table, columns, values in zip(_TABLES, tables, rows, strict=True):
            if values:
                cursor.executemany(columns.insert(table.name), values)
    finally:
        cursor.close()


def _duplicate(chunk: Sequence[Cv]) -> str:
    """The CV ids of a failed batch, as the key of the duplicate error."""
    return chunk[0].id if len(chunk) == 1 else f"one of {chunk[0].id} … {chunk[-1].id}"


def load_cvs(storage: SqlStorage, cvs: Iterable[Cv], *, batch: int = 5_000) -> int:
    """Store new CVs (each at version 0) in one transaction; return how many.

    Raises:
        FormlavoroError: a CV is not new (version 0); nothing is stored.
        DuplicateKeyError: a CV id or owner is already stored; nothing is stored.
        StorageError: the database failed; nothing is stored.
    """
    if batch < 1:
        raise FormlavoroError("batch must be at least 1")
    dialect = storage.engine.dialect.name
    tables = [Columns(table, dialect) for table in _TABLES]
    driver_errors: Any = storage.engine.dialect.dbapi
    iterator = iter(cvs)
    stored = 0
    with translated("cv", "bulk load"), storage.engine.begin() as connection:
        while chunk := list(islice(iterator, batch)):
            rows = _batch(chunk, tables)
            try:
                _write(connection, dialect, tables, rows)
            except driver_errors.IntegrityError as exc:
                if is_duplicate(exc):
                    raise DuplicateKeyError("cv", _duplicate(chunk)) from exc
                raise StorageError(f"bulk load of CVs: {driver_summary(exc)}") from exc
            except driver_errors.Error as exc:
                raise StorageError(f"bulk load of CVs: {driver_summary(exc)}") from exc
            stored += len(chunk)
    if stored:
        vacuum_loaded(storage, ("cvs", "cv_professions", "cv_profiles", "cv_profile_codes"), "cv")
    return stored
