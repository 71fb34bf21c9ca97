"""Connections opening a new SQLite file at the same moment all put it in WAL mode.

Switching a new file to WAL needs it alone, and SQLite refuses at once, without its
busy handler, all but one of the connections that ask together (portals starting
together on a new database): the engines try again until their busy timeout.
"""

from __future__ import annotations

import pathlib
import threading

from sqlalchemy.engine import Engine

from formlavoro_adapters.sql import sqlite_engine

ENGINES = 8
ROUNDS = 100
"""Without trying again, about one round in thirteen had a connection refused."""


def _open_together(engines: list[Engine]) -> list[str | BaseException]:
    barrier = threading.Barrier(len(engines))
    modes: list[str | BaseException] = []

    def open_one(engine: Engine) -> None:
        barrier.wait()
        try:
            with engine.connect() as connection:
                modes.append(str(connection.exec_driver_sql("PRAGMA journal_mode").scalar()))
        except Exception as exc:  # noqa: BLE001 - every outcome is collected and checked
            modes.append(exc)

    threads = [threading.Thread(target=open_one, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return modes


def test_engines_opening_a_new_file_together_all_get_it_in_wal_mode(
    tmp_path: pathlib.Path,
) -> None:
    for round_ in range(ROUNDS):
        path = tmp_path / f"new-{round_}.db"
        engines = [sqlite_engine(path) for _ in range(ENGINES)]
        try:
            modes = _open_together(engines)
        finally:
            for engine in engines:
                engine.dispose()
        assert modes == ["wal"] * ENGINES, f"round {round_}: {modes}"
