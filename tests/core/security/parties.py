"""The parties of the access-control tests (SEC-1), on memory or on a SQLite file.

Two citizens, two companies, two employment centres and two training entities, each
owning things of the same kinds, so that every use case can be asked about another
party's record of the right kind. Each party's private data carry a marker (a name, a
text) listed in :data:`MARKERS` with the roles that may see it: the access tests read
every answer a role gets and look for markers it may not see.

On SQLite the scene is built once, in a template file, and each test works on a copy
(the file and the attachments' folder), with identifiers of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from formlavoro_adapters import InMemoryStorage
from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.tables import METADATA
from tests.core.security.scene_building import EVENT, Scene, build, pdf
from tests.core.security.sqlite_scene import sqlite_scene
from tests.support import ANNA, MARIO, START, world

__all__ = [
    "EVENT",
    "KIND",
    "MARKERS",
    "ROLES",
    "STORAGES",
    "Scene",
    "leaked",
    "pdf",
    "scene",
    "stored",
]

ROLES = (
    "owner",
    "other_citizen",
    "company",
    "other_company",
    "cpi",
    "other_cpi",
    "entity",
    "other_entity",
    "operator",
    "anonymous",
    "system",
)
"""The acting parties; ``owner`` is the citizen the records of the tables belong to."""

KIND = {
    "owner": "citizen",
    "other_citizen": "citizen",
    "company": "company",
    "other_company": "company",
    "cpi": "cpi",
    "other_cpi": "cpi",
    "entity": "entity",
    "other_entity": "entity",
    "operator": "operator",
    "anonymous": "anonymous",
    "system": "system",
}
"""The kind of principal each role is (SEC-1 answers by kind first, then by owner)."""

STORAGES = ("memory", "sqlite")

MARKERS: dict[str, frozenset[str]] = {
    # The owner's personal data and private texts: hers, and the company she applied
    # to sees them on the application (AP-6).
    **{
        marker: frozenset({"owner", "company"})
        for marker in (
            str(ANNA),
            "Annunziata",
            "Rossetti",
            "annunziata.rossetti",
            "LETTERA-ANNA",
            "ALLEGATO-ANNA",
            "DOMANDA-ANNA",
        )
    },
    "RICERCA-ANNA": frozenset({"owner"}),
    # The other citizen's, mirrored with the other company.
    **{
        marker: frozenset({"other_citizen", "other_company"})
        for marker in (
            str(MARIO),
            "Marcello",
            "Bianchini",
            "marcello.bianchini",
            "LETTERA-MARIO",
            "ALLEGATO-MARIO",
            "DOMANDA-MARIO",
        )
    },
    "RICERCA-MARIO": frozenset({"other_citizen"}),
    # Drafts and withdrawn courses: their publisher's only.
    "BOZZA-ALFA": frozenset({"company"}),
    "BOZZA-BETA": frozenset({"other_company"}),
    "BOZZA-CPI-GE": frozenset({"cpi"}),
    "BOZZA-CPI-SP": frozenset({"other_cpi"}),
    "RITIRATO-SCUOLA-A": frozenset({"entity"}),
    "RITIRATO-SCUOLA-B": frozenset({"other_entity"}),
}
"""Private data of each party, and the roles that may see them."""


def scene(storage: str = "memory") -> Scene:
    """A fresh scene on ``storage`` (``memory`` or ``sqlite``)."""
    if storage == "sqlite":
        return sqlite_scene()
    w = world(start=START)
    actors, ids = build(w)
    return Scene(w=w, actors=actors, ids=ids)


def stored(s: Scene) -> dict[str, Any]:
    """Everything the scene's storage holds, to compare before and after a call."""
    storage: Any = s.w.storage
    if isinstance(storage, InMemoryStorage):
        return storage.dump()
    assert isinstance(storage, SqlStorage)
    with storage.engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in METADATA.sorted_tables
        }


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return repr(value)


def leaked(
    role: str, answer: object, *, ignore: Callable[[str], bool] = lambda _: False
) -> list[str]:
    """The markers in ``answer`` that ``role`` may not see (none, when access is right)."""
    text = _text(answer)
    return [
        marker
        for marker, viewers in MARKERS.items()
        if role not in viewers and not ignore(marker) and marker in text
    ]
