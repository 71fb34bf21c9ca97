"""Documents the library wrote itself, structured by plain code built once per class.

The trusted path of the document codec (DESIGN.md "Reading fast") takes the values of
a stored document as they are: strings, numbers and booleans as themselves, enums by
value, dates and datetimes parsed from ISO 8601, lists as tuples, nested values by
their own classes. For each attrs class a builder is made once, in which every field
is one lookup and at most one conversion, with no checks: a document it cannot build
(a key missing or unknown, a value that does not convert) raises, and the codec then
structures it again strictly, to report what is wrong. Field types it has no plain
conversion for are structured by the ``fallback`` converter, and the types named in
``own`` (values stored in a form of their own, such as a fiscal code's text) by their
own functions.

>>> from formlavoro_core.offers.model import Publisher
>>> trusted = TrustedStructurer(cattrs.Converter())
>>> trusted.structure({"kind": "cpi", "id": "cpi-ge", "name": "CPI Genova"}, Publisher)
Publisher(kind=<PublisherKind.CPI: 'cpi'>, id='cpi-ge', name='CPI Genova')
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs

__all__ = ["TrustedStructurer"]

T = TypeVar("T")
Convert = Callable[[Any], Any]

_AS_IS = frozenset({str, int, float, bool, object, Any})


class TrustedStructurer:
    """Structures trusted documents into attrs classes (see the module's docstring)."""

    def __init__(
        self, fallback: cattrs.Converter, *, own: Mapping[Any, Convert] | None = None
    ) -> None:
        self._fallback = fallback
        self._own = dict(own or {})
        self._builders: dict[Any, Convert] = {}
        self._lock = threading.RLock()
        self._building: set[Any] = set()

    def structure(self, data: Any, cl: type[T]) -> T:
        """The ``cl`` stored as ``data``; raises when ``data`` does not build one."""
        builder = self._builders.get(cl)
        if builder is None:
            builder = self._converter(cl)
        return builder(data)  # type: ignore[no-any-return]

    def _converter(self, cl: Any) -> Convert:
        with self._lock:
            found = self._builders.get(cl)
            if found is None:
                self._building.add(cl)
                try:
                    found = self._build(cl)
                finally:
                    self._building.discard(cl)
                self._builders[cl] = found
            return found

    def _call(self, annotation: Any) -> Convert | None:  # noqa: PLR0911 - one per kind
        """The function converting a value of ``annotation`` (``None``: taken as it is)."""
        if annotation in _AS_IS:
            return None
        own: Convert | None = self._own.get(annotation)
        if own is not None:
            return own
        if annotation is dt.datetime:
            return dt.datetime.fromisoformat
        if annotation is dt.date:
            return dt.date.fromisoformat
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return {member.value: member for member in annotation}.__getitem__
        if isinstance(annotation, type) and attrs.has(annotation):
            if annotation in self._building:  # a class holding itself: looked up when used
                return lambda value: self.structure(value, annotation)
            return self._converter(annotation)
        fallback = self._fallback
        return lambda value: fallback.structure(value, annotation)

    def _expression(self, annotation: Any, value: str, namespace: dict[str, Any]) -> str:
        """Python code converting the value of the code ``value``, of type ``annotation``.

        ``X | None`` and ``tuple[X, ...]`` are written out in the code, the other types
        are one call of a function put in ``namespace``.
        """
        while isinstance(annotation, typing.NewType):
            annotation = annotation.__supertype__
        origin, args = get_origin(annotation), get_args(annotation)
        name = f"v{len(namespace)}"
        if origin in {Union, types.UnionType} and len(args) == 2 and type(None) in args:  # noqa: PLR2004 - X | None
            namespace[name] = None
            inner = next(arg for arg in args if arg is not type(None))
            converted = self._expression(inner, name, namespace)
            if converted == name:
                return value
            return f"(None if ({name} := {value}) is None else {converted})"
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
            namespace[name] = None
            converted = self._expression(args[0], name, namespace)
            if converted == name:
                return f"tuple({value})"
            return f"tuple([{converted} for {name} in {value}])"
        call = self._call(annotation)
        if call is None:
            return value
        namespace[name] = call
        return f"{name}({value})"

    def _build(self, cl: Any) -> Convert:
        """A builder of ``cl``: every field looked up and converted, in one function."""
        if not attrs.has(cl):
            fallback = self._fallback
            return lambda value: fallback.structure(value, cl)
        hints = typing.get_type_hints(cl)
        fields = [field for field in attrs.fields(cl) if field.init]
        namespace: dict[str, Any] = {"cl": cl}
        arguments = [
            field.alias
            + "="
            + self._expression(hints[field.name], f"data[{field.name!r}]", namespace)
            for field in fields
        ]
        # Names from attrs fields only (identifiers), never from a document.
        source = (
            "def build(data):\n"
            f"    if len(data) != {len(fields)}:\n"
            "        raise KeyError('unknown or missing fields')\n"
            f"    return cl({', '.join(arguments)})\n"
        )
        exec(source, namespace)  # noqa: S102 - code made of attrs field names
        build: Convert = namespace["build"]
        return build
