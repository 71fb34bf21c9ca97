"""The use-case boundary (point 10, point 11): arguments checked against their annotations.

These tests drive ``guard_use_cases`` on small services of their own, so that each rule
is seen on its own; ``test_portal_bad_input`` drives the portal's real use cases.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

import attrs
import pytest
from returns.result import Failure, Result, Success

from formlavoro_core.boundary import guard_use_cases
from formlavoro_core.errors import DomainError, InvalidInput, NotFound
from formlavoro_core.ids import CvId
from formlavoro_core.paging import PageRequest


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@attrs.frozen(kw_only=True)
class Line:
    colour: Colour
    words: tuple[str, ...] = ()
    when: dt.date | None = None


@attrs.frozen(kw_only=True)
class Drawing:
    title: str
    lines: tuple[Line, ...] = ()
    at: dt.datetime | None = None
    inner: Drawing | None = None


class Studio:
    """A service of the shape of the portal's: use cases return a ``Result``."""

    def __init__(self) -> None:
        self.calls = 0

    def open(self, actor: str, drawing_id: CvId) -> Result[str, DomainError]:
        self.calls += 1
        return Success(drawing_id)

    def save(
        self, actor: str, drawing: Drawing, *, page: PageRequest | None = None, copies: int = 1
    ) -> Result[Drawing, DomainError]:
        self.calls += 1
        return Success(drawing)

    def load(self, actor: str, data: Mapping[str, object]) -> Result[int, DomainError]:
        self.calls += 1
        return Success(len(data))

    def flag(self, actor: str, *, on: bool) -> Result[bool, DomainError]:
        self.calls += 1
        return Success(on)

    def broken(self, actor: str) -> Result[None, DomainError]:
        raise RuntimeError("a bug")

    def missing(self, actor: str, key: str) -> Result[None, DomainError]:
        return Failure(NotFound(entity="drawing", key=key))

    def helper(self, value: str) -> str:
        return value * 2


def problems(result: Result[Any, DomainError]) -> list[str]:
    error = result.failure()
    assert isinstance(error, InvalidInput), error
    return [str(problem) for problem in error.problems]


@pytest.fixture
def studio() -> Studio:
    return guard_use_cases(Studio())


def test_point_10_a_plain_argument_of_the_wrong_type_is_named_by_its_parameter(
    studio: Studio,
) -> None:
    assert problems(studio.open(None, 5)) == [  # type: ignore[arg-type]
        "actor: expected a string",
        "drawing_id: expected a string",
    ]
    assert studio.calls == 0
    assert studio.open("me", CvId("d-1")) == Success("d-1")
    assert studio.calls == 1


def test_point_10_mistakes_inside_a_value_are_located_inside_it(studio: Studio) -> None:
    drawing = Drawing(
        title=3,  # type: ignore[arg-type]
        lines=[  # type: ignore[arg-type]
            Line(colour="red"),  # type: ignore[arg-type]
            Line(colour=Colour.RED, words=("ok", 7), when=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),  # type: ignore[arg-type]
        ],
        at=dt.datetime(2026, 1, 1),  # noqa: DTZ001 - naive on purpose
        inner=Drawing(title="x", lines="not a list"),  # type: ignore[arg-type]
    )
    assert problems(studio.save("me", drawing)) == [
        "title: expected a string",
        "lines[0].colour: not one of 'red', 'blue'",
        "lines[1].words[1]: expected a string",
        "lines[1].when: expected a date or None",
        "at: expected a date and time with a UTC offset",
        "inner.lines: expected a list",
    ]
    assert problems(studio.save("me", "drawing")) == [  # type: ignore[arg-type]
        "drawing: expected a Drawing"
    ]
    assert studio.calls == 0


def test_point_10_a_list_stands_for_a_tuple_and_none_for_an_optional(studio: Studio) -> None:
    drawing = Drawing(title="ok", lines=[Line(colour=Colour.BLUE, words=["a"])])  # type: ignore[arg-type]
    assert studio.save("me", drawing, page=None) == Success(drawing)


@pytest.mark.parametrize(
    ("flag", "accepted"), [(True, True), (False, True), (1, False), ("yes", False), (None, False)]
)
def test_point_10_only_true_and_false_are_flags(
    studio: Studio, flag: object, accepted: bool
) -> None:
    result = studio.flag("me", on=flag)  # type: ignore[arg-type]
    assert isinstance(result, Success) == accepted


@pytest.mark.parametrize(
    ("copies", "problem"),
    [
        (True, "copies: expected an integer"),
        (2.0, "copies: expected an integer"),
        (2**63, "copies: out of range (a 64-bit integer)"),
        (-(2**63) - 1, "copies: out of range (a 64-bit integer)"),
    ],
)
def test_point_10_integers_are_integers_that_fit_in_64_bits(
    studio: Studio, copies: object, problem: str
) -> None:
    assert problems(studio.save("me", Drawing(title="x"), copies=copies)) == [problem]  # type: ignore[arg-type]
    assert isinstance(studio.save("me", Drawing(title="x"), copies=2**63 - 1), Success)


@pytest.mark.parametrize(
    ("page", "found"),
    [
        (PageRequest(size=0), ["size: must be 1 to 100"]),
        (
            PageRequest(size=101, offset=10_001),
            ["size: must be 1 to 100", "offset: must be 0 to 10000"],
        ),
        (PageRequest(offset=-1), ["offset: must be 0 to 10000"]),
        (PageRequest(size="20"), ["size: expected an integer"]),  # type: ignore[arg-type]
        (PageRequest(after=5), ["after: expected a string or None"]),  # type: ignore[arg-type]
        ("page 2", ["page: expected a PageRequest or None"]),
    ],
)
def test_point_10_a_page_request_out_of_range_is_invalid_input(
    studio: Studio, page: object, found: list[str]
) -> None:
    """Point 10: ``PageRequest(size=0)`` builds; the use case answers ``input.invalid``."""
    assert problems(studio.save("me", Drawing(title="x"), page=page)) == found  # type: ignore[arg-type]
    assert isinstance(studio.save("me", Drawing(title="x"), page=PageRequest(size=100)), Success)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a\x00b", "contains a NUL character"),
        ("\ud800", "is not valid Unicode text (an unpaired surrogate)"),
    ],
)
def test_point_11_text_with_nul_or_a_lone_surrogate_is_invalid_anywhere(
    studio: Studio, text: str, problem: str
) -> None:
    """Point 11: no storage can hold such text, so no use case takes it, at any depth."""
    assert problems(studio.open(text, CvId(text))) == [
        f"actor: {problem}",
        f"drawing_id: {problem}",
    ]
    drawing = Drawing(title="ok", lines=(Line(colour=Colour.RED, words=("fine", text)),))
    assert problems(studio.save("me", drawing)) == [f"lines[0].words[1]: {problem}"]
    data = {"name": text, "items": [{"deep": [text]}], text: "value"}
    assert problems(studio.load("me", data)) == [
        f"name: {problem}",
        f"items[0].deep[0]: {problem}",
        "data: has a key that is not a valid string",  # the key itself is not repeated
    ]
    assert isinstance(studio.open("me", CvId("naïve ✓ 𝄞")), Success)


def test_point_10_plain_data_may_be_deep_or_hold_itself(studio: Studio) -> None:
    deep: list[object] = []
    node = deep
    for _ in range(5_000):
        node.append([])
        node = node[0]  # type: ignore[assignment]
    node.append("\x00")
    looped: dict[str, object] = {"name": "ok"}
    looped["self"] = looped
    assert problems(studio.load("me", {"deep": deep})) == [
        "deep" + "[0]" * 5_001 + ": contains a NUL character"
    ]
    assert studio.load("me", looped) == Success(2)
    assert problems(studio.load("me", ["not", "a", "mapping"])) == ["data: expected a mapping"]  # type: ignore[arg-type]


def test_point_10_the_boundary_maps_input_only_and_lets_bugs_raise(studio: Studio) -> None:
    """A failure of the use case is its own; an exception inside it is a bug and raises."""
    assert studio.missing("me", "k") == Failure(NotFound(entity="drawing", key="k"))
    with pytest.raises(RuntimeError, match="a bug"):
        studio.broken("me")
    with pytest.raises(TypeError):
        studio.open("me")  # type: ignore[call-arg]
    assert studio.helper("ab") == "abab"
    with pytest.raises(TypeError):  # not a use case: left alone
        studio.helper(None)  # type: ignore[arg-type]


def test_point_10_an_annotation_the_boundary_cannot_check_is_refused_when_guarding() -> None:
    class Odd:
        def run(self, actor: str, pair: tuple[int, str]) -> Result[None, DomainError]:
            return Success(None)

    with pytest.raises(TypeError, match="fixed tuples"):
        guard_use_cases(Odd())
