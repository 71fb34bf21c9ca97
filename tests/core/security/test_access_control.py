"""SEC-1: who may run each use case of the portal, in one table (issue 9, points 12, 16).

Every use case of ``Portal`` is run by every party of :mod:`tests.core.security.parties`:
the citizen who owns the data and another citizen, the company that owns the offer and
another company, the employment centre that organises the event and another one, the
training entity that owns the course and another one, an operator, an anonymous visitor
and the system's scheduler. One rule decides the refusals (point 12):

* the wrong **kind** of principal gets ``access.forbidden``;
* the right kind asking about another party's record gets ``<entity>.not_found``, as
  if it did not exist (``check_in`` answers ``event.ticket.invalid`` to another centre's
  ticket), so that an identifier reveals nothing;
* a refused call changes nothing in the store.

Allowed calls are checked too (point 16): no answer, whether a value or a failure,
carries another party's private data (see :data:`~tests.core.security.parties.MARKERS`).
Everything runs on memory and on a SQLite file. A test also checks that the table lists
every use case there is.

The table's rows are in :mod:`~tests.core.security.access_table_citizens` and
:mod:`~tests.core.security.access_table_marketplace`, written with the
:class:`~tests.core.security.access_rules.Rule` of :mod:`~tests.core.security.access_rules`.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from returns.result import Failure, Result, Success

from formlavoro_core.errors import DomainError
from formlavoro_core.portal import Portal
from tests.core.security.access_rules import Rule
from tests.core.security.access_table_citizens import CITIZENS_TABLE
from tests.core.security.access_table_marketplace import MARKETPLACE_TABLE
from tests.core.security.parties import KIND, ROLES, STORAGES, leaked, scene, stored

# Methods of the portal's services that are not use cases: plain configuration reads.
NOT_USE_CASES = frozenset({"identity.notices"})

# The rows, in two parts: no use case may be in both.
assert not CITIZENS_TABLE.keys() & MARKETPLACE_TABLE.keys()
TABLE: dict[str, Rule] = {**CITIZENS_TABLE, **MARKETPLACE_TABLE}


def _use_cases(portal: Portal) -> set[str]:
    names = set()
    for context, service in vars(portal).items():
        if not type(service).__module__.startswith("formlavoro_core.") or context in {
            "config",
            "reference",
            "texts",
        }:
            continue
        for name, _ in inspect.getmembers(type(service), inspect.isfunction):
            if not name.startswith("_"):
                names.add(f"{context}.{name}")
    return names - NOT_USE_CASES


def _code(result: Result[Any, DomainError]) -> str | None:
    return result.failure().code if isinstance(result, Failure) else None


def _answer(result: Result[Any, DomainError]) -> object:
    return result.unwrap() if isinstance(result, Success) else result.failure().to_dict()


def test_sec_1_the_table_covers_every_use_case_of_the_portal() -> None:
    """SEC-1: no use case escapes the access-control table."""
    assert _use_cases(scene().portal) == set(TABLE)


def test_sec_1_the_rule_of_each_row_is_consistent() -> None:
    """SEC-1 / point 12: the roles a row allows are of the kinds it is for."""
    for use_case, rule in TABLE.items():
        assert {KIND[role] for role in rule.allowed} <= rule.kinds, use_case


@pytest.mark.parametrize("storage", STORAGES)
@pytest.mark.parametrize("use_case", sorted(TABLE))
def test_sec_1_the_wrong_kind_is_forbidden_another_partys_record_is_not_found(
    use_case: str, storage: str
) -> None:
    """SEC-1 / points 12, 16: refusals by kind, then by owner, and they change nothing.

    The answer to a refused call carries no private data of anyone the caller may not
    see either.
    """
    rule = TABLE[use_case]
    s = scene(storage)
    for role in ROLES:
        if role in rule.allowed:
            continue
        before = stored(s)
        result = rule.call(s, s.actors[role])
        code = _code(result)
        if KIND[role] not in rule.kinds:
            assert code == "access.forbidden", f"{use_case} by {role}: {result!r}"
        else:
            assert code is not None, f"{use_case} by {role} answered {result!r}"
            assert code.endswith(rule.refusal), f"{use_case} by {role}: {result!r}"
        assert stored(s) == before, f"{use_case} by {role} changed data"
        assert leaked(role, _answer(result)) == [], f"{use_case} by {role}: {result!r}"


@pytest.mark.parametrize("storage", STORAGES)
@pytest.mark.parametrize("use_case", sorted(TABLE))
def test_sec_1_allowed_calls_answer_and_show_nobody_elses_data(use_case: str, storage: str) -> None:
    """SEC-1 / point 16: the roles of the table are served, with their own data only."""
    rule = TABLE[use_case]
    s = scene(storage)
    for role in sorted(rule.allowed):
        before = stored(s)
        result = rule.call(s, s.actors[role])
        code = _code(result)
        assert code != "access.forbidden", f"{use_case} by {role} was refused: {result!r}"
        assert code is None or not code.endswith(".not_found"), f"{use_case} by {role}: {code}"
        viewer = "owner" if rule.bearer else role
        assert leaked(viewer, _answer(result)) == [], f"{use_case} by {role}: {result!r}"
        if stored(s) != before:  # the next role starts from the scene as built
            s = scene(storage)


@pytest.mark.parametrize("storage", STORAGES)
def test_sec_1_the_private_markers_are_where_the_leak_check_looks(storage: str) -> None:
    """Point 16: the check can fail: the owner's application shows her markers.

    Her company sees them (AP-6); read by anyone else, the same answer would be a leak.
    """
    s = scene(storage)
    answer = _answer(TABLE["applications.get"].call(s, s.actors["company"]))
    assert leaked("company", answer) == []
    assert {"Annunziata", "LETTERA-ANNA", "RSSNNA85T50D969K"} <= set(
        leaked("other_company", answer)
    )
    attachment = _answer(TABLE["applications.attachment"].call(s, s.actors["company"]))
    assert leaked("cpi", attachment) == ["ALLEGATO-ANNA"]
