"""The access-control scene on SQLite: built once in a template file, copied for each test.

Each copy (the file and the attachments' folder) gets identifiers of its own.
"""

from __future__ import annotations

import atexit
import datetime as dt
import itertools
import pathlib
import shutil
import tempfile
import weakref
from typing import Any

import attrs

from formlavoro_adapters.sql import sqlite_storage
from formlavoro_core.principals import Principal
from tests.adapters.sql.workers.scene import sql_world
from tests.core.security.scene_building import Scene, build

__all__ = ["sqlite_scene"]


@attrs.frozen
class _Template:
    folder: pathlib.Path
    actors: dict[str, Principal]
    ids: dict[str, Any]
    now: dt.datetime


_copies = itertools.count()
_template: list[_Template] = []
_folders: list[pathlib.Path] = []


@atexit.register
def _clean() -> None:
    for folder in _folders:
        shutil.rmtree(folder, ignore_errors=True)


def _folder(prefix: str) -> pathlib.Path:
    folder = pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    _folders.append(folder)
    return folder


def _sqlite_template() -> _Template:
    """The scene built once in a SQLite file, for every test to copy."""
    if not _template:
        folder = _folder("formlavoro-sec1-")
        storage = sqlite_storage(folder / "portal.db", synchronous="OFF")
        w = sql_world(storage, folder / "files", ids="scene")
        actors, ids = build(w)
        storage.dispose()
        _template.append(_Template(folder=folder, actors=actors, ids=ids, now=w.clock.now()))
    return _template[0]


def sqlite_scene() -> Scene:
    """A copy of the template scene, with a storage and identifiers of its own."""
    """A copy of the template scene, with a storage of its own."""
    template = _sqlite_template()
    copy = _folder("formlavoro-sec1-copy-")
    for name in ("portal.db", "portal.db-wal"):
        if (template.folder / name).exists():
            shutil.copy(template.folder / name, copy / name)
    shutil.copytree(template.folder / "files", copy / "files")
    storage = sqlite_storage(copy / "portal.db", synchronous="OFF", migrate=False)
    w = sql_world(storage, copy / "files", ids=f"copy{next(_copies)}", start=template.now)
    made = Scene(w=w, actors=dict(template.actors), ids=dict(template.ids))
    # The test drops its scene when it ends: its connections close then, not at random
    # in a later test (Python 3.13 warns of an unclosed SQLite connection).
    weakref.finalize(made, storage.dispose)
    return made
