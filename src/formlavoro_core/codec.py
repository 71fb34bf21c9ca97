"""The codec at the edge: plain data (JSON, forms, CSV rows) to domain values and back.

Two private cattrs converters, never the global one:

* the **input** codec, built per portal with its reference data, is strict: strings
  must be strings, datetimes must carry a UTC offset, unknown keys are refused, codes
  of the official classifications must exist, and every class's own ``problems()``
  (lengths, ranges, cross-field rules) run during structuring. All mistakes are
  collected into one :class:`~formlavoro_core.errors.InvalidInput` with their paths;
* the **document** codec turns stored aggregates back into values without consulting
  reference data (a code retired since it was saved must not make a CV unreadable).

>>> import attrs
>>> @attrs.frozen
... class Slot:
...     start: dt.date
...     seats: int
>>> failure = Codec.for_documents().parse({"start": "2026-02-30", "seats": "x", "room": 1}, Slot)
>>> [str(problem) for problem in failure.problems]
['start: not a date (YYYY-MM-DD)', 'seats: expected an integer', 'room: unknown field']
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import cattrs
from returns.result import Failure, Result, Success

from formlavoro_core.codec_hooks import make_converter, strict_str, trusted_structurer
from formlavoro_core.codec_problems import UNKNOWN_CODE, collect
from formlavoro_core.errors import InvalidInput
from formlavoro_core.identity.fiscal_code import FiscalCode
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)
from formlavoro_core.trusted import TrustedStructurer

if TYPE_CHECKING:
    from formlavoro_core.reference import ReferenceData

__all__ = ["Codec", "trusted_structurer"]

T = TypeVar("T")


class Codec:
    """Structures plain data into domain values, reporting every problem with its path."""

    def __init__(
        self,
        converter: cattrs.Converter,
        *,
        fast: cattrs.Converter | TrustedStructurer | None = None,
    ) -> None:
        self._converter = converter
        self._fast = fast

    @classmethod
    def for_documents(cls) -> Codec:
        """The codec for stored documents: strict shapes, no reference-data checks.

        Documents are read often and are almost always well formed, so they are first
        structured without collecting every problem; only a document that fails is
        structured again, slowly, to report all its problems with their paths.
        """
        return cls(
            make_converter(check_problems=False),
            fast=make_converter(check_problems=False, detailed=False),
        )

    @classmethod
    def for_trusted_documents(cls) -> Codec:
        """The codec for documents the library wrote itself (DESIGN "Reading fast").

        They are structured without any check first, by builders made once per class
        (:class:`~formlavoro_core.trusted.TrustedStructurer`):
        only a document that fails is structured again by the strict document codec,
        to report all its problems with their paths. Input from outside never comes
        this way.
        """
        return cls(make_converter(check_problems=False), fast=trusted_structurer())

    @classmethod
    def for_input(cls, reference: ReferenceData) -> Codec:
        """The codec for input from outside, checking codes against ``reference``."""
        converter = make_converter(check_problems=True)

        def code_hook(
            check: Callable[[str], str | None], what: str
        ) -> Callable[[object, object], str]:
            def structure(value: object, _: object) -> str:
                canonical = check(strict_str(value, None))
                if canonical is None:
                    raise ValueError(UNKNOWN_CODE[what])
                return canonical

            return structure

        def sector(code: str) -> str | None:
            found = reference.sector(code)
            return found.code if found else None

        def profession(code: str) -> str | None:
            found = reference.profession(code)
            return found.code if found else None

        def municipality(code: str) -> str | None:
            found = reference.municipality(code.upper())
            return found.code if found else None

        def province(code: str) -> str | None:
            found = reference.province(code.upper())
            return found.code if found else None

        converter.register_structure_hook(SectorCode, code_hook(sector, "sector"))
        converter.register_structure_hook(ProfessionCode, code_hook(profession, "profession"))
        converter.register_structure_hook(MunicipalityCode, code_hook(municipality, "municipality"))
        converter.register_structure_hook(ProvinceCode, code_hook(province, "province"))
        return cls(converter)

    def parse(self, data: object, cl: type[T]) -> T | InvalidInput:
        """Build a ``cl`` from plain data, or return every problem with its path."""
        if self._fast is not None:
            with contextlib.suppress(Exception):  # structured again below, with every problem
                return self._fast.structure(data, cl)
        try:
            return self._converter.structure(data, cl)
        except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
            return InvalidInput(problems=tuple(collect(exc, "")))

    def structure(self, data: object, cl: type[T]) -> Result[T, InvalidInput]:
        """Like :meth:`parse`, as a ``Result``."""
        parsed = self.parse(data, cl)
        return Failure(parsed) if isinstance(parsed, InvalidInput) else Success(parsed)

    def unstructure(self, value: object) -> Any:
        """Turn a domain value into plain data (dicts, lists, strings, numbers)."""
        return self._converter.unstructure(value)

    def check(self, value: T) -> T | InvalidInput:
        """Check a value built in Python exactly as if it had arrived as plain data.

        A field holding the wrong type (``LanguageSkill(level="B2")``) is reported with
        its path like any other mistake.

        >>> import attrs
        >>> @attrs.frozen
        ... class Slot:
        ...     start: dt.date
        ...     seats: int
        >>> [str(p) for p in Codec.for_documents().check(Slot(start="soon", seats=None)).problems]
        ['start: not a date (YYYY-MM-DD)', 'seats: expected an integer']
        """
        return self.parse(_as_plain(value), type(value))


_SCALARS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: Any) -> tuple[str, ...] | None:
    """The fields of an attrs class, ``None`` for any other class."""
    return tuple(field.name for field in attrs.fields(cls)) if attrs.has(cls) else None


def _as_plain(value: object) -> object:  # noqa: PLR0911 - one return per kind of value
    """``value`` as plain data, by what each part is rather than by its declared type.

    Unstructuring by the declared types would trip over a wrong-typed field (a string
    has no enum ``.value``), or quietly turn a string where a tuple belongs into its
    characters, before the strict structuring could report it; for well-typed values
    both give the same data.
    """
    cls: Any = type(value)
    if cls in _SCALARS:
        return value
    names = _field_names(cls)
    if names is not None and cls is not FiscalCode:
        return {name: _as_plain(getattr(value, name)) for name in names}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, FiscalCode):
        return str(value)
    if isinstance(value, list | tuple):
        return [_as_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _as_plain(item) for key, item in value.items()}
    return value
