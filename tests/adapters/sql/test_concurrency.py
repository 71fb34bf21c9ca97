"""Separate processes on one database: no double application, no lost CV edit (issue 4.5).

Each test starts portal processes (:mod:`tests.adapters.sql.workers.portal_worker`) on
the database the parent built the scene in, and makes them act at the same moment: a
file barrier holds every process either at its first statement (they start together)
or at the decisive write (every one has read, none has written yet: the race is sure).

Two processes applying for one citizen to one offer make exactly one application; two
edits of one CV from the same version end in one success and one ``storage.conflict``,
and the CV holds the winner's edit. A crowd applying for different citizens to one offer
must all succeed: no conflict may surface after the portal's reruns.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import attrs
import pytest
from sqlalchemy import select

from formlavoro_adapters.sql import SqlStorage
from formlavoro_adapters.sql.tables import APPLICATIONS
from formlavoro_core.principals import CitizenPrincipal
from tests.adapters.sql.workers.processes import Child
from tests.adapters.sql.workers.scene import Scene, build_scene, open_storage, sql_world
from tests.postgres import create_schema, drop_schema, migrated_storage, require_server
from tests.support import ok

ROUNDS = 6
"""Rounds of each race; even rounds meet at the write, odd ones at the start."""
CROWD = 5
"""Processes applying together for different citizens."""

TRIALS = 3
"""Trials of the crowd, each on an offer of its own."""


@attrs.frozen
class Shared:
    """The database every process uses, the scene built in it, and the processes."""

    storage: SqlStorage
    files: pathlib.Path
    scene: Scene
    folder: pathlib.Path
    children: list[Child]
    """:data:`CROWD` portal processes, ready."""

    def barrier(self, name: str, parties: int, at: str) -> dict[str, Any]:
        """A fresh barrier for ``parties`` processes at the statement starting with ``at``."""
        folder = self.folder / "barriers" / name
        folder.mkdir(parents=True)
        return {"folder": str(folder), "parties": parties, "at": at}


def together(children: list[Child], commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Send each child its command, collect the answers; none raised, all met."""
    for child, command in zip(children, commands, strict=True):
        child.send(command)
    answers = [child.answer() for child in children]
    for answer in answers:
        assert "exception" not in answer, answer
        assert answer["barrier"], f"the processes did not meet: {answers}"
    return answers


def meeting_point(round_number: int, write: str, dialect: str) -> str:
    """Where the processes meet in this round: at the write, or at the start.

    On SQLite the write is the ``BEGIN IMMEDIATE`` of the transaction, met where the
    process asks for its writers' turn (every process has read, none has begun to write,
    none holds the turn); PostgreSQL begins without locking, so the processes
    meet at the write statement itself.
    """
    if round_number % 2:
        return ""
    return "BEGIN IMMEDIATE" if dialect == "sqlite" else write


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Shared]:
    folder = tmp_path_factory.mktemp(f"concurrency-{request.param}")
    files = folder / "files"
    with ExitStack() as stack:
        if request.param == "sqlite":
            target = f"sqlite:{folder / 'portal.db'}"
            storage = open_storage(target)
        else:
            require_server()
            schema = create_schema()
            stack.callback(drop_schema, schema)
            target = f"postgresql:{schema}"
            storage = migrated_storage(schema)
        stack.callback(storage.dispose)
        # The schema is migrated: the processes start (and import, in parallel) while the
        # scene is built; each has identifiers of its own.
        children = [
            stack.enter_context(Child("portal_worker", target, str(files), f"w{number}"))
            for number in range(CROWD)
        ]
        scene = build_scene(
            sql_world(storage, files, ids="scene"), offers=ROUNDS + TRIALS, others=CROWD
        )
        for child in children:
            assert child.answer() == {"ready": True}
        yield Shared(storage, files, scene, folder, children)
        for child in children:
            child.end_input()  # they all wind down at once


def applications(storage: SqlStorage, offer: str, citizen: str | None = None) -> list[str]:
    """The ids of the stored applications to ``offer`` (of ``citizen``, if given)."""
    query = select(APPLICATIONS.c.id).where(APPLICATIONS.c.offer_id == offer)
    if citizen is not None:
        query = query.where(APPLICATIONS.c.citizen == citizen)
    with storage.engine.connect() as connection:
        return list(connection.execute(query).scalars())


def test_two_processes_applying_for_one_citizen_make_one_application(shared: Shared) -> None:
    scene, children = shared.scene, shared.children[:2]
    for number in range(ROUNDS):
        offer = scene.offers[number]
        at = meeting_point(number, "INSERT INTO applications", shared.storage.engine.dialect.name)
        barrier = shared.barrier(f"apply-{number}", 2, at)
        command = {"op": "apply", "citizen": scene.anna, "offer": offer, "barrier": barrier}
        answers = together(children, [command, command])
        winners = [answer for answer in answers if answer["ok"]]
        assert len(winners) == 1, answers
        (loser,) = (answer for answer in answers if not answer["ok"])
        assert loser["code"] in {"application.already_applied", "storage.conflict"}
        assert applications(shared.storage, offer, scene.anna) == [winners[0]["value"]]


def test_two_concurrent_edits_of_one_cv_end_in_one_success_and_one_conflict(
    shared: Shared,
) -> None:
    scene, children = shared.scene, shared.children[:2]
    anna = CitizenPrincipal(scene.anna)
    for number in range(ROUNDS):
        read = {"op": "version", "citizen": scene.anna, "cv": scene.anna_cv}
        versions = {answer["value"] for answer in together(children, [read, read])}
        assert len(versions) == 1
        (version,) = versions
        at = meeting_point(number, "UPDATE cvs", shared.storage.engine.dialect.name)
        barrier = shared.barrier(f"edit-{number}", 2, at)
        texts = [f"Round {number}, edit of process {side}" for side in range(2)]
        edits = [
            {
                "op": "add_skill",
                "citizen": scene.anna,
                "cv": scene.anna_cv,
                "expected_version": version,
                "text": text,
                "barrier": barrier,
            }
            for text in texts
        ]
        answers = together(children, edits)
        assert sorted(answer["ok"] for answer in answers) == [False, True], answers
        winner = next(side for side, answer in enumerate(answers) if answer["ok"])
        assert answers[1 - winner]["code"] == "storage.conflict"
        assert answers[winner]["value"] == version + 1
        w = sql_world(shared.storage, shared.files, ids=f"reader{number}")
        stored = ok(w.portal.cv.get(anna, scene.anna_cv))
        skills = [entry.value.description for entry in stored.skills]
        assert stored.version == version + 1
        assert texts[winner] in skills
        assert texts[1 - winner] not in skills


def test_many_processes_applying_for_different_citizens_all_succeed(
    shared: Shared, request: pytest.FixtureRequest
) -> None:
    scene = shared.scene
    codes = []
    for trial in range(TRIALS):
        offer = scene.offers[ROUNDS + trial]
        at = meeting_point(0, "INSERT INTO applications", shared.storage.engine.dialect.name)
        barrier = shared.barrier(f"crowd-{trial}", CROWD, at)
        commands = [
            {"op": "apply", "citizen": citizen, "offer": offer, "barrier": barrier}
            for citizen in scene.others
        ]
        answers = together(shared.children, commands)
        codes.append([answer.get("code") for answer in answers])
        assert len(applications(shared.storage, offer)) == sum(a["ok"] for a in answers)
    assert codes == [[None] * CROWD] * TRIALS
