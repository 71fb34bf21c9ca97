"""Loading many CVs at once: imports from other systems, the first load of a portal.

:func:`load_cvs` writes exactly what ``uow.cvs.add`` writes (version 1, the document,
the projected columns, the profession codes and, for published CVs, the matching
profile and its cells), in one transaction, a batch of rows per statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from sqlalchemy import insert

from formlavoro_adapters.sql.base import translated
from formlavoro_adapters.sql.core_repositories import cv_columns, cv_profession_codes
from formlavoro_adapters.sql.documents import dump_data, unstructure
from formlavoro_adapters.sql.matching import cv_profile_rows
from formlavoro_adapters.sql.matching_tables import CV_PROFILE_CODES, CV_PROFILES
from formlavoro_adapters.sql.storage import SqlStorage
from formlavoro_adapters.sql.tables import CV_PROFESSIONS, CVS
from formlavoro_core.cv.model import Cv
from formlavoro_core.errors import FormlavoroError

__all__ = ["load_cvs"]


def load_cvs(storage: SqlStorage, cvs: Iterable[Cv], *, batch: int = 5_000) -> int:
    """Store new CVs (each at version 0) in one transaction; return how many.

    Raises:
        FormlavoroError: a CV is not new (version 0); nothing is stored.
        DuplicateKeyError: a CV id or owner is already stored; nothing is stored.
        StorageError: the database failed; nothing is stored.
    """
    if batch < 1:
        raise FormlavoroError("batch must be at least 1")
    iterator = iter(cvs)
    stored = 0
    with translated("cv", "bulk load"), storage.engine.begin() as connection:
        while chunk := list(islice(iterator, batch)):
            rows: list[dict[str, Any]] = []
            codes: list[dict[str, Any]] = []
            profiles: list[dict[str, Any]] = []
            cells: list[dict[str, Any]] = []
            for cv in chunk:
                if cv.version != 0:
                    raise FormlavoroError(f"a new CV must have version 0: {cv.id}")
                document = unstructure(cv)
                document["version"] = 1
                rows.append(
                    {"id": cv.id, "version": 1, "doc": dump_data(document), **cv_columns(cv)}
                )
                codes += [{"cv_id": cv.id, "code": code} for code in cv_profession_codes(cv)]
                profile, in_cells = cv_profile_rows(cv)
                if profile is not None:
                    profiles.append(profile)
                    cells += in_cells
            connection.execute(insert(CVS), rows)
            for table, values in ((CV_PROFESSIONS, codes), (CV_PROFILES, profiles),
                                  (CV_PROFILE_CODES, cells)):  # fmt: skip
                if values:
                    connection.execute(insert(table), values)
            stored += len(chunk)
    return stored
