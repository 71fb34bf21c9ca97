"""Point 10: every use case of the portal answers any argument with a ``Result``.

The use cases are found by introspection: every public method of every service the
portal holds. Each is called with arguments drawn per parameter from its annotation:
real ids, principals and values of a portal where everything exists, mixed with wrong
types (``None``, numbers for texts, texts for enums and ids, lists for objects), values
out of range (negative and huge numbers, empty, very long, NUL-holding and unpaired
surrogate texts, page sizes of 0), foreign page cursors, ids of other kinds of entity,
principals of every kind and broken ones, and values whose fields (at any depth) hold
such things. Whatever the arguments, the answer is ``Success`` or ``Failure`` holding a
``DomainError``: never an exception.

A parameter whose annotation the generator does not know fails its method's test, so a
new use case or a new argument type cannot go unchecked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NewType, get_origin

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from returns.result import Failure, Result, Success

from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.model import (
    LanguageSkill,
)
from formlavoro_core.errors import DomainError
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.paging import PageRequest
from tests.core.bad_arguments import (
    NOT_SERVICES,
    NOT_USE_CASES,
    NotCovered,
    arguments,
    calls,
    hints_of,
    use_cases,
)
from tests.core.seeded_portal import Seeded, seed
from tests.portals import STORAGES, storage_of, world_on
from tests.support import (
    world,
)


@pytest.fixture(scope="module", params=STORAGES)
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    """One portal per storage for the module: nothing may raise, in whatever state."""
    kind: str = request.param
    with storage_of(kind, tmp_path_factory.mktemp("bad-input")) as storage:
        yield seed(kind, world_on(storage))


METHODS = sorted(use_cases(world().portal))  # a bare portal has the same methods
EXAMPLES = {"memory": 25, "sqlite": 10, "postgres": 10}


def test_point_10_every_public_method_is_a_use_case_returning_a_result() -> None:
    """Point 10: every public method of every service returns a ``Result`` (or is listed)."""
    portal = world().portal
    found = use_cases(portal)
    assert set(NOT_USE_CASES) <= set(found)
    for name, method in found.items():
        returns_result = get_origin(hints_of(method)["return"]) is Result
        assert returns_result != (name in NOT_USE_CASES), name
    assert set(NOT_SERVICES) <= set(vars(portal))
    assert len(found) > 80


@pytest.mark.parametrize("name", [name for name in METHODS if name not in NOT_USE_CASES])
def test_point_10_every_use_case_answers_bad_input_with_a_result(name: str, seeded: Seeded) -> None:
    """Points 10, 11: any argument gets a ``Result``, never an exception, on every storage."""
    s = seeded
    method = use_cases(s.w.portal)[name]
    try:
        strategy = calls(s, method)
    except NotCovered as exc:
        pytest.fail(f"{name}: {exc}")

    @settings(max_examples=EXAMPLES[s.kind], suppress_health_check=list(HealthCheck), database=None)
    @given(strategy)
    def answers(call: tuple[tuple[object, ...], dict[str, object]]) -> None:
        args, kwargs = call
        result = method(*args, **kwargs)
        assert isinstance(result, Success | Failure), result
        if isinstance(result, Failure):
            assert isinstance(result.failure(), DomainError), result

    answers()


def test_point_10_the_reported_examples_answer_input_invalid_with_paths() -> None:
    """Point 10: the exceptions the issue met are failures with paths, nothing written."""
    w = world()
    anna, cv = w.citizen_with_cv()
    company = w.company()
    before = w.storage.dump()

    def paths(result: Result[Any, DomainError]) -> list[str]:
        error = result.failure()
        assert error.code == "input.invalid", error
        return [problem.path for problem in error.problems]  # type: ignore[attr-defined]

    level = LanguageSkill(language="en", level="B2")  # type: ignore[arg-type]
    assert paths(w.portal.cv.add_entry(anna, cv.id, level)) == ["level"]
    assert paths(w.portal.messages.inbox(anna, PageRequest(after="page-2"))) == ["after"]
    assert paths(w.portal.messages.replies_received(company, PageRequest(after="x"))) == ["after"]
    assert paths(w.portal.offers.search(anna, OfferQuery(), PageRequest(size=0))) == ["size"]
    assert paths(w.portal.courses.search(anna, CourseQuery(), PageRequest(offset=-1))) == ["offset"]
    assert w.storage.dump() == before


@attrs.frozen
class _Badge:
    holder: str


def test_point_10_an_argument_the_generator_does_not_know_fails_its_use_case(
    seeded: Seeded,
) -> None:
    """A new id type, text parameter or value class needs arguments before it is covered."""
    for annotation, parameter in (
        (NewType("BadgeId", str), "badge_id"),
        (str, "nickname"),
        (_Badge, "badge"),
        (frozenset[str], "tags"),
    ):
        with pytest.raises(NotCovered):
            arguments(seeded, annotation, parameter)
