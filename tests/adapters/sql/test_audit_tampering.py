"""SEC-3: audit rows altered, removed or re-anchored by hand show (SQLite, PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from collections.abc import Iterator
from contextlib import contextmanager

import attrs
import pytest
from sqlalchemy import text

from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.documents import dump
from formlavoro_core.principals import SYSTEM
from formlavoro_core.privacy.audit import AuditEntry
from formlavoro_core.privacy.failures import AuditChainBroken
from tests.portals import storage_of, world_on
from tests.support import OPERATOR, World, failure, ok

SQL = ("sqlite", "postgres")


@contextmanager
def _logged(kind: str, folder: pathlib.Path) -> Iterator[tuple[World, SqlStorage]]:
    """A portal whose audit log holds four records (three logins, the first one's consents)."""
    with storage_of(kind, folder) as storage:
        assert isinstance(storage, SqlStorage)
        w = world_on(storage)
        for _ in range(3):
            w.login()
            w.clock.advance(dt.timedelta(days=1))
        assert ok(w.portal.privacy.verify_audit(OPERATOR)).records == 4
        yield w, storage


def _doc(storage: SqlStorage, sequence: int) -> dict[str, object]:
    with storage.engine.connect() as connection:
        raw = connection.execute(
            text("SELECT doc FROM audit_log WHERE sequence = :s"), {"s": sequence}
        ).scalar_one()
    data: dict[str, object] = json.loads(raw)
    return data


def _write(storage: SqlStorage, statement: str, **parameters: object) -> None:
    with storage.engine.begin() as connection:
        connection.execute(text(statement), parameters)


def _broken(w: World) -> AuditChainBroken:
    error = failure(w.portal.privacy.verify_audit(OPERATOR))
    assert isinstance(error, AuditChainBroken)
    assert error.code == "privacy.audit.chain_broken"
    return error


@pytest.mark.parametrize("kind", SQL)
def test_sec3_an_altered_record_breaks_the_chain_where_it_was_altered(
    kind: str, tmp_path: pathlib.Path
) -> None:
    with _logged(kind, tmp_path) as (w, storage):
        doc = _doc(storage, 2)
        doc["use_case"] = "identity.logout"
        _write(storage, "UPDATE audit_log SET doc = :d WHERE sequence = 2", d=json.dumps(doc))
        assert _broken(w) == AuditChainBroken(sequence=2, reason="altered")


@pytest.mark.parametrize("kind", SQL)
def test_sec3_a_record_altered_with_its_hash_unlinks_the_next(
    kind: str, tmp_path: pathlib.Path
) -> None:
    with _logged(kind, tmp_path) as (w, storage):
        with storage() as uow:
            (second,) = uow.audit.entries(after=1, limit=1)
        forged = attrs.evolve(second, at=second.at - dt.timedelta(hours=1))
        forged = attrs.evolve(forged, hash=forged.computed_hash())
        _write(storage, "UPDATE audit_log SET doc = :d WHERE sequence = 2", d=dump(forged))
        assert _broken(w) == AuditChainBroken(sequence=3, reason="unlinked")


@pytest.mark.parametrize("kind", SQL)
def test_sec3_a_removed_record_shows_as_missing(kind: str, tmp_path: pathlib.Path) -> None:
    with _logged(kind, tmp_path) as (w, storage):
        _write(storage, "DELETE FROM audit_log WHERE sequence = 3")
        assert _broken(w) == AuditChainBroken(sequence=3, reason="missing")


@pytest.mark.parametrize("kind", SQL)
def test_sec3_records_removed_from_the_start_show_unless_pruned(
    kind: str, tmp_path: pathlib.Path
) -> None:
    with _logged(kind, tmp_path) as (w, storage):
        _write(storage, "DELETE FROM audit_log WHERE sequence = 1")
        assert _broken(w) == AuditChainBroken(sequence=1, reason="missing")


@pytest.mark.parametrize("kind", SQL)
def test_sec3_pruning_keeps_the_chain_verifiable_and_a_moved_anchor_shows(
    kind: str, tmp_path: pathlib.Path
) -> None:
    with _logged(kind, tmp_path) as (w, storage):
        w.clock.advance(dt.timedelta(days=800))
        w.login()
        pruned = ok(w.portal.privacy.prune_audit(SYSTEM))
        assert pruned == 4
        verified = ok(w.portal.privacy.verify_audit(OPERATOR))
        assert verified.records == 2  # the last login, then the pruning that names the anchor
        with storage() as uow:
            anchor = uow.audit.anchor()
            kept: list[AuditEntry] = list(uow.audit.entries(after=0, limit=10))
        assert anchor is not None
        assert [entry.sequence for entry in kept] == [5, 6]
        # Someone removes the last login too and moves the anchor past it.
        _write(storage, "DELETE FROM audit_log WHERE sequence = 5")
        moved = attrs.evolve(anchor, sequence=5, hash=kept[0].hash)
        _write(storage, "UPDATE audit_anchor SET doc = :d", d=dump(moved))
        assert _broken(w) == AuditChainBroken(sequence=6, reason="anchor")


@pytest.mark.parametrize("kind", SQL)
def test_sec3_no_personal_data_in_the_audit_rows(kind: str, tmp_path: pathlib.Path) -> None:
    with _logged(kind, tmp_path) as (_, storage), storage.engine.connect() as connection:
        rows = connection.execute(text("SELECT doc, subject FROM audit_log")).all()
        stored = " ".join(f"{row.doc} {row.subject}" for row in rows)
    for value in ("Anna", "Rossi", "RSSNNA85T50D969K", "anna.rossi@example.it"):
        assert value not in stored
