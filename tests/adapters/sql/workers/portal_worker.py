"""A portal in a process of its own, driven line by line (the concurrency tests' child).

``python -m tests.adapters.sql.workers.portal_worker TARGET FILES IDS``

It opens the storage TARGET (see :mod:`tests.adapters.sql.workers.scene`) with files in
the folder FILES and identifiers ``IDS-000001`` …, prints ``{"ready": true}``, then runs
one JSON command per input line and answers each with one JSON line:

- ``{"op": "apply", "citizen": …, "offer": …}`` applies to an offer;
- ``{"op": "version", "citizen": …, "cv": …}`` reads the version of a CV;
- ``{"op": "add_skill", "citizen": …, "cv": …, "expected_version": …, "text": …}`` adds
  a skill to a CV, if it is still at the expected version.

A command may carry ``"barrier": {"folder": …, "parties": …, "at": …}``: the first
statement that starts with ``at`` (``""``: the first statement of all) waits there until
every party arrived, so that several processes run that statement at the same moment.
``BEGIN IMMEDIATE`` (SQLite) is met where the writer asks for its turn, just before it:
the turns queue the processes, so a barrier behind them would never fill.
Answers hold ``ok``, the failure ``code`` or the ``value``, and ``barrier`` (whether the
barrier was reached by everyone in time).
"""

from __future__ import annotations

import json
import pathlib
import sys
from typing import Any

from returns.result import Failure, Result, Success
from sqlalchemy import event

from formlavoro_adapters.sql.writers import WriterTurns
from formlavoro_core.cv.model import Skill
from formlavoro_core.errors import DomainError, FormlavoroError
from formlavoro_core.ids import AccountId, CvId, OfferId
from formlavoro_core.principals import CitizenPrincipal
from formlavoro_core.reference import SkillCategory
from tests.adapters.sql.workers.processes import FileBarrier
from tests.adapters.sql.workers.scene import open_storage, sql_world
from tests.support import World

__all__ = ["main", "run"]


def _answer(result: Result[Any, DomainError], value: Any) -> dict[str, Any]:
    match result:
        case Success(_):
            return {"ok": True, "value": value}
        case Failure(error):
            return {"ok": False, "code": error.code}
    raise AssertionError(result)  # pragma: no cover


def run(w: World, command: dict[str, Any]) -> dict[str, Any]:
    """Run one command on the portal and describe its outcome."""
    citizen = CitizenPrincipal(AccountId(command["citizen"]))
    op = command["op"]
    if op == "apply":
        applied = w.portal.applications.apply(citizen, OfferId(command["offer"]))
        return _answer(applied, applied.map(lambda a: a.id).value_or(None))
    if op == "version":
        cv = w.portal.cv.get(citizen, CvId(command["cv"]))
        return _answer(cv, cv.map(lambda c: c.version).value_or(None))
    if op == "add_skill":
        skill = Skill(category=SkillCategory.PROFESSIONAL, description=command["text"])
        edited = w.portal.cv.add_entry(
            citizen, CvId(command["cv"]), skill, expected_version=command["expected_version"]
        )
        return _answer(edited, edited.map(lambda c: c.version).value_or(None))
    raise ValueError(f"unknown command {op!r}")


def main(target: str, files: str, ids: str) -> None:
    """Serve commands from standard input until it closes."""
    storage = open_storage(target)
    w = sql_world(storage, pathlib.Path(files), ids=ids)
    state: dict[str, Any] = {"barrier": None, "reached": True}

    def hold(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        barrier = state["barrier"]
        if barrier is not None and statement.startswith(barrier["at"]):
            state["barrier"] = None
            waiting = FileBarrier(barrier["folder"], barrier["parties"])
            state["reached"] = waiting.wait(ids)

    event.listen(storage.engine, "before_cursor_execute", hold)
    asking = WriterTurns.take

    def take(turns: WriterTurns) -> bool:
        hold(None, None, "BEGIN IMMEDIATE")
        return asking(turns)

    WriterTurns.take = take  # type: ignore[method-assign,assignment]
    print(json.dumps({"ready": True}), flush=True)  # noqa: T201 - the protocol
    for line in sys.stdin:
        command = json.loads(line)
        state["barrier"], state["reached"] = command.get("barrier"), True
        try:
            answer = run(w, command)
        except FormlavoroError as exc:
            answer = {"ok": False, "exception": repr(exc)}
        answer["barrier"] = state["reached"] and state["barrier"] is None
        print(json.dumps(answer), flush=True)  # noqa: T201 - the protocol
    storage.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:4])
