"""The use-case boundary: every argument is checked against its declared type first.

Python lets an embedding app pass ``None`` for an id, a string for an enum, or a value
whose field holds the wrong type; deep inside a use case such an argument would raise
(``AttributeError``, a driver's error) instead of failing. Before a use case of
:class:`~formlavoro_core.portal.Portal` runs, its arguments are checked against the
method's annotations, through value objects (attrs classes), tuples and mappings:

* each part has its declared type (``bool`` is no integer, a ``datetime`` no date, a
  datetime carries its UTC offset; a list stands for a tuple, as in JSON);
* every text is text a storage can hold: no NUL character, no unpaired surrogate
  (PostgreSQL refuses both, SQLite and memory would keep them);
* integers fit in 64 bits, as SQL integers do;
* a :class:`~formlavoro_core.paging.PageRequest` is within its ranges.

What it finds is returned as ``Failure(InvalidInput)`` and the use case does not run, so
nothing is read or written. Only these mistakes of shape are mapped: an exception raised
by a use case itself still propagates, being a bug or an outage.

Paths: a plain argument (an id, a text, a flag) is named by its parameter (``cv_id``); a
mistake inside a value (a CV entry, a query, a page request, a principal) is located
inside that value, as the codec locates it (``level``, ``size``).

>>> import attrs
>>> from returns.result import Success
>>> from formlavoro_core.errors import DomainError
>>> @attrs.frozen
... class Slot:
...     seats: int
>>> class Rooms:
...     def book(self, room: str, slot: Slot) -> Result[str, DomainError]:
...         return Success(room)
>>> rooms = guard_use_cases(Rooms())
>>> rooms.book("A" + chr(0), Slot(seats="2")).failure().message
'The input has 2 problems: room: contains a NUL character; seats: expected an integer'
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import functools
import inspect
import threading
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, get_args, get_origin

import attrs
from returns.result import Failure, Result

from formlavoro_core.errors import InvalidInput, Problem
from formlavoro_core.paging import PageRequest

__all__ = ["guard_use_cases"]

S = TypeVar("S")

Found = list[tuple[str, str]]
"""Problems as (path inside the value, message); the path ``""`` is the value itself."""
Check = Callable[[object], Found]

_INT64 = 2**63
_OK: Found = []
_SELF_CHECKED: dict[type[Any], Callable[[Any], Any]] = {PageRequest: PageRequest.problems}
"""Values whose own ranges the boundary checks (no use case would otherwise)."""


def guard_use_cases(service: S) -> S:
    """Check the arguments of every use case of ``service`` before it runs.

    A use case is a public method annotated to return a ``Result``; each is replaced,
    on this instance, by one that checks the arguments first. Annotations are read once
    per method; one the boundary cannot check raises ``TypeError`` here, when the
    portal is built, rather than letting arguments through unchecked.
    """
    for name, function in inspect.getmembers(type(service), inspect.isfunction):
        if name.startswith("_"):
            continue
        plan = _plan(function)
        if plan is not None:
            setattr(service, name, _guarded(getattr(service, name), *plan))
    return service


@functools.cache
def _plan(function: Callable[..., Any]) -> tuple[inspect.Signature, dict[str, Check]] | None:
    hints = typing.get_type_hints(function)
    if get_origin(hints.get("return")) is not Result:
        return None
    signature = inspect.signature(function)
    parameters = list(signature.parameters.values())[1:]  # without self
    checks: dict[str, Check] = {}
    for parameter in parameters:
        if parameter.kind in {parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD}:
            raise TypeError(f"{function.__qualname__}: *args and **kwargs cannot be checked")
        checks[parameter.name] = _checker(hints[parameter.name])
    return signature.replace(parameters=parameters), checks


def _guarded(
    method: Callable[..., Any], signature: inspect.Signature, checks: dict[str, Check]
) -> Callable[..., Any]:
    positional = [
        parameter.name
        for parameter in signature.parameters.values()
        if parameter.kind in {parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD}
    ]

    @functools.wraps(method)
    def use_case(*args: Any, **kwargs: Any) -> Any:
        if (
            len(args) > len(positional)
            or not kwargs.keys() <= checks.keys() - positional[: len(args)]
        ):
            return method(*args, **kwargs)  # does not fit the signature: TypeError, as always
        problems = [
            Problem(path=path or name, message=message)
            for name, value in (*zip(positional, args, strict=False), *kwargs.items())
            for path, message in checks[name](value)
        ]
        if problems:
            return Failure(InvalidInput(problems=tuple(problems)))
        return method(*args, **kwargs)

    return use_case


# -- checks by annotation ----------------------------------------------------------------

_LOCK = threading.RLock()
_CHECKS: dict[object, Check] = {}


def _checker(annotation: object) -> Check:
    """The check of ``annotation``, built once (attrs classes may refer to themselves)."""
    with _LOCK:
        found = _CHECKS.get(annotation)
        if found is None:
            found = _build(annotation)
            _CHECKS[annotation] = found
        return found


def _build(annotation: Any) -> Check:  # noqa: PLR0911 - one return per kind of annotation
    if isinstance(annotation, typing.NewType):
        return _checker(annotation.__supertype__)
    origin = get_origin(annotation)
    if origin in {typing.Union, types.UnionType}:
        return _union(get_args(annotation))
    if origin is tuple or annotation is tuple:
        return _tuple(get_args(annotation))
    if origin in {collections.abc.Mapping, dict} or annotation in {collections.abc.Mapping, dict}:
        return _mapping(get_args(annotation))
    if annotation in {object, Any}:
        return _plain_data
    simple = _SIMPLE.get(annotation)
    if simple is not None:
        return simple
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _enum(annotation)
    if isinstance(annotation, type) and attrs.has(annotation):
        return _attrs(annotation)
    raise TypeError(f"the use-case boundary cannot check arguments of type {annotation!r}")


def _join(path: str, step: str | int, inner: str) -> str:
    here = f"{path}[{step}]" if isinstance(step, int) else f"{path}.{step}" if path else step
    if not inner:
        return here
    return f"{here}{inner}" if inner.startswith("[") else f"{here}.{inner}"


def _text_problem(value: str) -> str | None:
    if "\x00" in value:
        return "contains a NUL character"
    if not value.isascii():
        try:
            value.encode()
        except UnicodeEncodeError:
            return "is not valid Unicode text (an unpaired surrogate)"
    return None


def _text(value: object) -> Found:
    if not isinstance(value, str):
        return [("", "expected a string")]
    problem = _text_problem(value)
    return _OK if problem is None else [("", problem)]


def _integer(value: object) -> Found:
    if isinstance(value, bool) or not isinstance(value, int):
        return [("", "expected an integer")]
    if not -_INT64 <= value < _INT64:
        return [("", "out of range (a 64-bit integer)")]
    return _OK


def _instance_of(kind: type[Any], what: str, *, unless: type[Any] | None = None) -> Check:
    def check(value: object) -> Found:
        if isinstance(value, kind) and not (unless is not None and isinstance(value, unless)):
            return _OK
        return [("", f"expected {what}")]

    return check


def _datetime(value: object) -> Found:
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return _OK
    return [("", "expected a date and time with a UTC offset")]


def _none(value: object) -> Found:
    return _OK if value is None else [("", "expected None")]


_SIMPLE: dict[object, Check] = {
    str: _text,
    int: _integer,
    bool: _instance_of(bool, "true or false"),
    bytes: _instance_of(bytes, "bytes"),
    dt.date: _instance_of(dt.date, "a date", unless=dt.datetime),
    dt.datetime: _datetime,
    type(None): _none,
}


def _enum(cls: type[enum.Enum]) -> Check:
    allowed = ", ".join(repr(member.value) for member in cls)

    def check(value: object) -> Found:
        return _OK if isinstance(value, cls) else [("", f"not one of {allowed}")]

    return check


def _attrs(cls: type[Any]) -> Check:
    fields: list[tuple[str, Check]] = []
    own_check = _SELF_CHECKED.get(cls)
    what = _describe(cls)

    def check(value: object) -> Found:
        if not isinstance(value, cls):
            return [("", f"expected {what}")]
        found = [
            (_join("", name, path), message)
            for name, field_check in fields
            for path, message in field_check(getattr(value, name))
        ]
        if not found and own_check is not None:
            found = [(problem.path, problem.message) for problem in own_check(value)]
        return found

    _CHECKS[cls] = check  # before the fields: a field may hold the class itself
    hints = typing.get_type_hints(cls)
    fields.extend((field.name, _checker(hints[field.name])) for field in attrs.fields(cls))
    return check


def _union(members: tuple[Any, ...]) -> Check:
    options = [(_accepts(member), _checker(member)) for member in members]
    what = " or ".join(_describe(member) for member in members)

    def check(value: object) -> Found:
        for accepts, member_check in options:
            if accepts(value):
                return member_check(value)
        return [("", f"expected {what}")]

    return check


def _tuple(args: tuple[Any, ...]) -> Check:
    if args and not (len(args) == 2 and args[1] is Ellipsis):  # noqa: PLR2004 - tuple[X, ...]
        raise TypeError(f"the use-case boundary cannot check fixed tuples {args!r}")
    item_check = _checker(args[0]) if args else _plain_data

    def check(value: object) -> Found:
        if not isinstance(value, list | tuple):
            return [("", "expected a list")]
        return [
            (_join("", index, path), message)
            for index, item in enumerate(value)
            for path, message in item_check(item)
        ]

    return check


def _mapping(args: tuple[Any, ...]) -> Check:
    key_check = _checker(args[0]) if args else _plain_data
    value_check = _checker(args[1]) if args else _plain_data

    def check(value: object) -> Found:
        if not isinstance(value, Mapping):
            return [("", "expected a mapping")]
        found: Found = []
        for key, item in value.items():
            if key_check(key):
                # The key itself is not repeated in the path: it is what is wrong.
                found.append(("", "has a key that is not a valid string"))
                continue
            found.extend(
                (_join("", str(key), path), message) for path, message in value_check(item)
            )
        return found

    return check


def _plain_data(value: object) -> Found:
    """Texts anywhere inside plain data (strings, numbers, mappings, lists) are valid.

    Walks without recursion and visits each container once, so deep or self-containing
    data cannot exhaust the stack.
    """
    found: Found = []
    pending: list[tuple[str, object]] = [("", value)]
    seen: set[int] = set()
    while pending:
        path, item = pending.pop()
        if isinstance(item, str):
            problem = _text_problem(item)
            if problem is not None:
                found.append((path, problem))
        elif isinstance(item, Mapping | list | tuple):
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, Mapping):
                for key, inner in item.items():
                    if isinstance(key, str) and _text_problem(key) is not None:
                        found.append((path, "has a key that is not a valid string"))
                        continue
                    pending.append((_join(path, str(key), ""), inner))
            else:
                pending.extend((_join(path, index, ""), inner) for index, inner in enumerate(item))
    found.sort()
    return found


# -- what an annotation accepts at first sight, and how to name it -------------------------


def _accepts(annotation: Any) -> Callable[[object], bool]:  # noqa: PLR0911 - one per kind
    if isinstance(annotation, typing.NewType):
        return _accepts(annotation.__supertype__)
    origin = get_origin(annotation)
    if origin is tuple or annotation is tuple:
        return lambda value: isinstance(value, list | tuple)
    if origin in {collections.abc.Mapping, dict}:
        return lambda value: isinstance(value, Mapping)
    if annotation in {object, Any}:
        return lambda _: True
    if annotation is type(None):
        return lambda value: value is None
    if annotation is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if annotation is dt.date:
        return lambda value: isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if isinstance(annotation, type):
        return lambda value: isinstance(value, annotation)
    raise TypeError(f"the use-case boundary cannot check union members {annotation!r}")


_NAMES: dict[object, str] = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    bytes: "bytes",
    dt.date: "a date",
    dt.datetime: "a date and time",
    type(None): "None",
}


def _describe(annotation: Any) -> str:
    if isinstance(annotation, typing.NewType):
        return _describe(annotation.__supertype__)
    if annotation in _NAMES:
        return _NAMES[annotation]
    if get_origin(annotation) is tuple:
        return "a list"
    if get_origin(annotation) in {collections.abc.Mapping, dict}:
        return "a mapping"
    name = getattr(annotation, "__name__", repr(annotation))
    return f"an {name}" if name[:1] in set("AEIOU") else f"a {name}"
