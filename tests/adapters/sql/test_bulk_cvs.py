"""Bulk loading of CVs: exactly what ``add`` writes, all or nothing, on both databases."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Table, select, text

from formlavoro_adapters.sql import SqlStorage, sqlite_storage
from formlavoro_adapters.sql.bulk_cvs import load_cvs
from formlavoro_adapters.sql.bulk_rows import DocumentWriter
from formlavoro_adapters.sql.documents import dump
from formlavoro_adapters.sql.matching_tables import CV_PROFILE_CODES, CV_PROFILES
from formlavoro_adapters.sql.tables import CV_PROFESSIONS, CVS
from formlavoro_core.cv.model import (
    Address,
    Cv,
    Entry,
    Experience,
    PersonalData,
    Preferences,
    Publication,
    Qualifications,
)
from formlavoro_core.errors import DuplicateKeyError, FormlavoroError
from formlavoro_core.ids import AccountId, CvId, EntryId
from formlavoro_core.reference import DrivingLicence
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode
from formlavoro_core.testing.search_strategies import talent_cvs
from tests.postgres import emptied

TABLES = (CVS, CV_PROFESSIONS, CV_PROFILES, CV_PROFILE_CODES)


T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
CODES = ("5.2.2.1.0", "5.2.2.4.0", "2.1.1.4.1")
PLACES = ("D969", "E463", "I480")


def _cv(number: int) -> Cv:
    """CV ``number``: every third a draft, the others published, of varied professions."""
    code = ProfessionCode(CODES[number % len(CODES)])
    place = PLACES[number % len(PLACES)]
    published = None if number % 3 == 0 else T0 + dt.timedelta(hours=number)
    return Cv(
        id=CvId(f"cv-{number:02d}"),
        owner=AccountId(f"owner-{number:02d}"),
        personal=PersonalData(
            given_name="Anna", residence=Address(municipality=MunicipalityCode(place))
        ),
        experiences=(
            Entry(id=EntryId("e0"), value=Experience(job_title="Cuoco", profession=code)),
        ),
        preferences=Preferences(professions=(code,)),
        qualifications=Qualifications(driving_licences=(DrivingLicence.B,)),
        publication=None
        if published is None
        else Publication(published_at=published, expires_at=published + dt.timedelta(days=60)),
        residence_province=ProvinceCode("GE"),
        created_at=T0,
        updated_at=published or T0,
    )


@pytest.fixture
def some_cvs() -> list[Cv]:
    """A dozen CVs of distinct owners, drafts and published ones."""
    return [_cv(number) for number in range(12)]


@pytest.fixture(params=["sqlite", "postgres"])
def storages(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[SqlStorage]:
    """Empty migrated storage of each kind."""
    if request.param == "sqlite":
        storage = sqlite_storage(tmp_path / "bulk.db")
        try:
            yield storage
        finally:
            storage.dispose()
    else:
        yield emptied(request.getfixturevalue("postgres_storage"))


def _rows(storage: SqlStorage, table: Table) -> list[dict[str, Any]]:
    with storage.engine.connect() as connection:
        found = connection.execute(select(table).order_by(*table.primary_key.columns))
        return [dict(row) for row in found.mappings().all()]


def _count(storage: SqlStorage) -> int:
    with storage.engine.connect() as connection:
        return sum(
            int(connection.execute(text(f"SELECT count(*) FROM {t.name}")).scalar_one())  # noqa: S608
            for t in TABLES
        )


def test_a_bulk_load_stores_what_adding_one_by_one_stores(
    storages: SqlStorage, some_cvs: list[Cv], tmp_path: pathlib.Path
) -> None:
    """MA-1: the CVs, their profession codes and matching profiles, as ``add`` writes them."""
    reference = sqlite_storage(tmp_path / "reference.db")
    try:
        with reference() as uow:
            for cv in some_cvs:
                uow.cvs.add(cv)
            uow.commit()
        assert load_cvs(storages, iter(some_cvs), batch=5) == len(some_cvs)
        for table in TABLES:
            assert _rows(storages, table) == _rows(reference, table), table.name
        assert _rows(storages, CV_PROFILES)  # some were published
    finally:
        reference.dispose()
    with storages() as uow:
        for cv in some_cvs:
            assert uow.cvs.get(cv.id) == attrs.evolve(cv, version=1)


@pytest.mark.parametrize("already_there", [False, True], ids=["in-the-load", "already-stored"])
def test_a_duplicate_stores_nothing_of_the_load(
    storages: SqlStorage, some_cvs: list[Cv], already_there: bool
) -> None:
    first, rest = some_cvs[0], some_cvs[1:8]
    if already_there:
        load_cvs(storages, [first])
    load = (
        [*rest, first]
        if already_there
        else [*rest, attrs.evolve(rest[0], owner=AccountId("other"))]
    )
    with pytest.raises(DuplicateKeyError):
        load_cvs(storages, load, batch=2)
    assert _count(storages) == (_count_of(storages, first) if already_there else 0)


def _count_of(storage: SqlStorage, cv: Cv) -> int:
    """The rows one stored CV has across the tables (a load of it alone)."""
    return sum(1 for table in TABLES for row in _rows(storage, table) if cv.id in row.values())


def test_a_cv_that_is_not_new_stores_nothing(storages: SqlStorage, some_cvs: list[Cv]) -> None:
    with pytest.raises(FormlavoroError, match="version 0"):
        load_cvs(storages, [some_cvs[0], attrs.evolve(some_cvs[1], version=2)], batch=1)
    assert _count(storages) == 0


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 300).flatmap(lambda number: talent_cvs(number=number)))
def test_the_document_is_the_text_dump_writes(cv: Cv) -> None:
    assert DocumentWriter(Cv)(cv, version=1) == dump(attrs.evolve(cv, version=1))


def test_postgresql_tables_are_vacuumed_after_a_load(
    postgres_storage: SqlStorage, some_cvs: list[Cv]
) -> None:
    """Right after a load, its tables are vacuumed and analysed: matching can read its cells
    from index entries alone and the planner knows their sizes."""
    storage = emptied(postgres_storage)
    before = _maintenance(storage)
    assert load_cvs(storage, iter(some_cvs)) == len(some_cvs)
    after = _maintenance(storage)
    assert sorted(after) == ["cv_profile_codes", "cv_profiles", "cvs"]
    for table, (vacuums, analyses) in after.items():
        assert vacuums > before[table][0], table
        assert analyses > before[table][1], table


def _maintenance(storage: SqlStorage) -> dict[str, tuple[int, int]]:
    """How many times each CV table of the storage's schema was vacuumed and analysed.

    Counted rather than read from the pages' visibility, which a transaction open
    elsewhere on the server (another test's) holds back.
    """
    with storage.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT relname, vacuum_count, analyze_count FROM pg_stat_user_tables"
                " WHERE relname IN ('cvs', 'cv_profiles', 'cv_profile_codes')"
                " AND schemaname = current_schema()"
            )
        ).all()
    return {name: (int(vacuums), int(analyses)) for name, vacuums, analyses in rows}
