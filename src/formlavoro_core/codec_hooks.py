"""The cattrs hooks of the codec, and the converters made of them.

The strict converter (:func:`make_converter`) takes strings as strings only, datetimes
with a UTC offset only, tuples from lists only, enums by value, and checks email
addresses, phone numbers, postcodes and fiscal codes; attrs classes refuse unknown keys
and may run their own ``problems()``. The trusted converter
(:func:`trusted_structurer`) reads documents the library wrote itself, without checks.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
from collections.abc import Callable, Mapping
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn

from formlavoro_core.codec_problems import (
    EXPECTED_BOOLEAN,
    EXPECTED_INTEGER,
    EXPECTED_LIST,
    EXPECTED_OBJECT,
    EXPECTED_STRING,
    EXPECTED_TEXT,
    NOT_A_DATE,
    NOT_A_PHONE,
    NOT_A_POSTCODE,
    NOT_AN_EMAIL,
    NOT_AN_INSTANT,
    ClassProblems,
    not_one_of,
)
from formlavoro_core.identity.fiscal_code import (
    FiscalCode,
    FiscalCodeError,
    InvalidFiscalCode,
    stored_fiscal_code,
)
from formlavoro_core.texts import Text
from formlavoro_core.trusted import TrustedStructurer
from formlavoro_core.values import (
    EmailAddress,
    PhoneNumber,
    Postcode,
    check_email,
    check_phone,
    check_postcode,
)

__all__ = ["make_converter", "strict_str", "trusted_structurer"]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def strict_str(value: object, _: object) -> str:
    """A string as it is: anything else is refused, never converted."""
    if not isinstance(value, str):
        raise TypeError(EXPECTED_STRING)
    return value


def _strict_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(EXPECTED_INTEGER)
    return value


def _strict_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(EXPECTED_BOOLEAN)
    return value


def _structure_date(value: object, _: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(NOT_A_DATE)


def _structure_datetime(value: object, _: object) -> dt.datetime:
    parsed: dt.datetime | None = None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            parsed = None
    if parsed is None or parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(NOT_AN_INSTANT)
    return parsed


def _checked_str(check: Callable[[str], str], said: Text) -> Callable[[object, object], str]:
    def structure(value: object, _cl: object) -> str:
        try:
            return check(strict_str(value, None))
        except ValueError:
            raise ValueError(said) from None

    return structure


def _structure_fiscal_code(value: object, _cl: object) -> FiscalCode:
    if isinstance(value, FiscalCode):
        return value
    try:
        return FiscalCode.parse(strict_str(value, None))
    except FiscalCodeError as exc:
        # The broken rule only: the characters of a near-valid fiscal code stay out (SEC-5).
        raise ValueError(InvalidFiscalCode(reason=exc.reason).text) from None


def _is_sequence_type(cl: Any) -> bool:
    return get_origin(cl) is tuple


def _list_hook(converter: cattrs.Converter) -> Callable[[Any], Callable[[object, Any], Any]]:
    """Tuples come from JSON lists only (a string is not a list of characters)."""

    def factory(cl: Any) -> Callable[[object, Any], Any]:
        args = get_args(cl)
        item = args[0] if args else Any
        hooks: list[Callable[[object, Any], Any]] = []  # the item's hook, found on first use

        def structure(value: object, _: object) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise TypeError(EXPECTED_LIST)
            if not hooks:
                hooks.append(converter.get_structure_hook(item))
            hook = hooks[0]
            if not converter.detailed_validation:
                return tuple([hook(element, item) for element in value])
            items: list[Any] = []
            errors: list[Exception] = []
            for index, element in enumerate(value):
                try:
                    items.append(hook(element, item))
                except Exception as exc:  # noqa: BLE001 - collected, reported with its index
                    exc.add_note(IterableValidationNote(f"@ index {index}", index, item))
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {cl!r}", errors, cl)
            return tuple(items)

        return structure

    return factory


def _is_optional(cl: Any) -> bool:
    args = get_args(cl)
    return (
        get_origin(cl) in {Union, types.UnionType}
        and len(args) == 2  # noqa: PLR2004 - one type and None
        and type(None) in args
    )


def _optional_hook(converter: cattrs.Converter) -> Callable[[Any], Callable[[object, Any], Any]]:
    """``X | None``: ``None``, or an ``X`` through X's own hook, found once."""

    def factory(cl: Any) -> Callable[[object, Any], Any]:
        inner = next(arg for arg in get_args(cl) if arg is not type(None))
        hooks: list[Callable[[object, Any], Any]] = []

        def structure(value: object, _: object) -> Any:
            if value is None:
                return None
            if not hooks:
                hooks.append(converter.get_structure_hook(inner))
            return hooks[0](value, inner)

        return structure

    return factory


def _enum_hook(cl: type[enum.Enum]) -> Callable[[object, Any], enum.Enum]:
    allowed = ", ".join(repr(member.value) for member in cl)

    def structure(value: object, _: object) -> enum.Enum:
        if isinstance(value, cl):
            return value
        try:
            return cl(value)
        except ValueError:
            raise ValueError(not_one_of(allowed)) from None

    return structure


def _structure_text(value: object, _: object) -> Text:
    if not isinstance(value, Mapping) or not isinstance(value.get("message"), str):
        raise TypeError(EXPECTED_TEXT)
    return Text.from_data(value)


def make_converter(*, check_problems: bool, detailed: bool = True) -> cattrs.Converter:
    """A strict converter: the hooks above, and ``problems()`` run when ``check_problems``.

    ``detailed`` collects every problem with its path; without it the first one stops.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(str, strict_str)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    for value_type, check, said in (
        (EmailAddress, check_email, NOT_AN_EMAIL),
        (PhoneNumber, check_phone, NOT_A_PHONE),
        (Postcode, check_postcode, NOT_A_POSTCODE),
    ):
        converter.register_structure_hook(value_type, _checked_str(check, said))
    converter.register_structure_hook(FiscalCode, _structure_fiscal_code)
    converter.register_unstructure_hook(FiscalCode, str)
    # A text for people is stored as its message id and parameters (TX-2: inbox messages
    # render when read, so a corrected translation reaches old messages).
    converter.register_unstructure_hook(Text, Text.to_data)
    converter.register_structure_hook(Text, _structure_text)
    converter.register_structure_hook_factory(
        lambda cl: isinstance(cl, type) and issubclass(cl, enum.Enum), _enum_hook
    )
    converter.register_structure_hook_factory(_is_sequence_type, _list_hook(converter))
    converter.register_structure_hook_factory(_is_optional, _optional_hook(converter))

    def attrs_factory(cl: Any) -> Callable[[object, Any], Any]:
        generated = make_dict_structure_fn(cl, converter)
        validate = check_problems and hasattr(cl, "problems")

        def structure(value: object, _: object) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(EXPECTED_OBJECT)
            built = generated(value, cl)
            if validate:
                problems = tuple(built.problems())
                if problems:
                    raise ClassProblems(problems)
            return built

        return structure

    converter.register_structure_hook_factory(attrs.has, attrs_factory)
    return converter


def _identity(value: object, _: object) -> object:
    return value


def _make_trusted_converter() -> cattrs.Converter:
    """Structuring for documents the library wrote itself: no type checks.

    The values are taken as they come (strings, numbers, booleans as themselves; dates
    and datetimes parsed from ISO 8601; enums by value; fiscal codes parsed), with none
    of the input codec's ``isinstance`` checks or problem reports; only unknown keys are
    refused. Any failure falls back to the strict document codec, which reports it.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=False)
    for scalar in (str, int, bool, float):
        converter.register_structure_hook(scalar, _identity)
    converter.register_structure_hook(dt.date, lambda value, _: dt.date.fromisoformat(value))
    converter.register_structure_hook(
        dt.datetime, lambda value, _: dt.datetime.fromisoformat(value)
    )
    converter.register_structure_hook(FiscalCode, _structure_fiscal_code)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    converter.register_unstructure_hook(FiscalCode, str)
    return converter


def trusted_structurer() -> TrustedStructurer:
    """The structuring of the trusted path: no checks, a builder per class."""
    return TrustedStructurer(
        _make_trusted_converter(),
        own={
            FiscalCode: stored_fiscal_code,
            Text: lambda value: _structure_text(value, None),
        },
    )
