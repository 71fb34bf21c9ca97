"""TX-1: every failure a person can meet reads in Italian, French and German.

Every ``DomainError`` class of the library is built with sample values (each value its
validators allow, each enum member, each named action and record) and rendered in
``it``, ``fr`` and ``de``: each rendering must differ from the English source and keep
no placeholder unfilled.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import pathlib
import pkgutil
import re
import types
import typing
from typing import Any

import attrs
import pytest

import formlavoro_adapters
import formlavoro_core
from formlavoro_adapters.texts import GettextTranslator
from formlavoro_core.errors import DomainError, Problem
from formlavoro_core.locale import Language
from formlavoro_core.texts import _
from formlavoro_core.texts.failure_words import ACTIONS, ENTITIES

ROOT = pathlib.Path(__file__).resolve().parents[3]
TRANSLATOR = GettextTranslator()
TRANSLATED = (Language.ITALIAN, Language.FRENCH, Language.GERMAN)
MOMENT = dt.datetime(2026, 3, 20, 9, 30, tzinfo=dt.UTC)

# Field values that no type alone tells; a list gives every variant to render.
SAMPLES: dict[str, Any] = {
    "entity": sorted(ENTITIES),
    "action": sorted(ACTIONS),
    "key_id": "AB12",
    "serial_number": "0A1B",
    "found": ("1.2.3",),
    "accepted": ("1.3.76.16.2.1",),
    "depth": [0, 1],
    "checked_at": [MOMENT, MOMENT + dt.timedelta(days=800)],
    "not_before": MOMENT + dt.timedelta(days=1),
    "not_after": MOMENT + dt.timedelta(days=400),
    "problems": (Problem(path="title", message=_("is empty")),),
    "missing": ("studies[0].title",),
    "names": ("fiscalNumber",),
    "attributes": ("givenName",),
    "reason": None,  # taken from the field's validator or left to the class
    "section": ["experiences", "studies", "languages", "skills"],
    "filename": "cv.pdf",
    "expected": [None],
}
# Reasons of failures whose ``reason`` no validator lists.
FREE_REASONS: dict[str, list[str]] = {
    "InvalidFiscalCode": [
        "length",
        "characters",
        "format",
        "month",
        "day",
        "omocodia",
        "check_character",
        "other",
    ],
    "PasswordRejected": [
        "it is one of the most commonly used passwords",
        "it repeats one character or runs through a sequence",
        "it contains your username, your name, your fiscal code or the portal's name",
        "it is only blanks",
        "use at least 8 characters",
        "use at most 1024 characters",
    ],
    "UsernameRejected": [
        "it is taken",
        "3 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit",
    ],
}


def _import_everything() -> None:
    for package in (formlavoro_core, formlavoro_adapters):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)


def _subclasses(cls: type[DomainError]) -> list[type[DomainError]]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def _options(validator: Any) -> list[Any] | None:
    if validator is None:
        return None
    if hasattr(validator, "options"):
        return sorted(validator.options, key=str)
    for inner in getattr(validator, "_validators", ()):
        found = _options(inner)
        if found is not None:
            return found
    return None


def _value(kind: Any, name: str) -> list[Any]:  # noqa: PLR0911 - one return per kind
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        return _value(next(arg for arg in typing.get_args(kind) if arg is not type(None)), name)
    if origin is tuple:
        return [tuple(_value(typing.get_args(kind)[0], name)[:1])]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return list(kind)
    supertype = getattr(kind, "__supertype__", None)
    if supertype is not None:
        return _value(supertype, name)
    if kind is dt.datetime:
        return [MOMENT]
    if kind is dt.date:
        return [MOMENT.date()]
    if kind is int:
        return [3]
    if kind is str:
        return [f"{name}-1"]
    pytest.fail(f"no sample for {name}: {kind!r}")


def _samples(cls: type[DomainError]) -> list[DomainError]:
    hints = typing.get_type_hints(cls)
    variants: dict[str, list[Any]] = {}
    for field in attrs.fields(cls):
        options = _options(field.validator)
        if field.name == "reason" and cls.__name__ in FREE_REASONS:
            chosen = FREE_REASONS[cls.__name__]
        elif options is not None:
            chosen = options
        elif field.name in SAMPLES and SAMPLES[field.name] is not None:
            sample = SAMPLES[field.name]
            chosen = sample if isinstance(sample, list) else [sample]
        else:
            chosen = _value(hints[field.name], field.name)
        variants[field.name] = chosen
    base = {name: values[0] for name, values in variants.items()}
    built = [cls(**base)]
    for name, values in variants.items():
        built.extend(cls(**{**base, name: value}) for value in values[1:])
    return built


_import_everything()
FAILURES = sorted(
    {cls for cls in _subclasses(DomainError) if not cls.__module__.startswith("tests.")},
    key=lambda cls: (cls.__module__, cls.__name__),
)


def test_tx_1_the_library_has_many_failures_and_each_has_its_own_text() -> None:
    """TX-1: every failure class says what went wrong, not the generic fallback."""
    assert len(FAILURES) > 60
    generic = [cls.__name__ for cls in FAILURES if cls.text is DomainError.text]
    assert not generic, generic


@pytest.mark.parametrize("cls", FAILURES, ids=lambda cls: cls.__name__)
def test_tx_1_every_failure_reads_in_italian_french_and_german(cls: type[DomainError]) -> None:
    """TX-1: each failure, in each of its variants, is translated and fully filled in."""
    for failure in _samples(cls):
        english = TRANSLATOR.render(failure.text, Language.ENGLISH)
        assert not re.search(r"\{\w*\}", english), english
        for language in TRANSLATED:
            rendered = TRANSLATOR.render(failure.text, language)
            assert rendered != english, (language, english)
            assert not re.search(r"\{\w*\}", rendered), (language, rendered)


def _quoted(pattern: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src").rglob("*.py"):
        if "/testing/" in path.as_posix():
            continue
        found.update(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_tx_1_every_action_a_failure_can_name_has_a_text() -> None:
    """TX-1: each action the use cases refuse (``Forbidden``) is a catalogue text."""
    named = _quoted(r"\b_?[a-z_]+\((?:actor|principal)[^,()]*, \"([^\"]+)\"\)")
    named |= _quoted(r"Forbidden\(action=\"([^\"]+)\"\)")
    assert len(named) > 20
    assert named <= set(ACTIONS), sorted(named - set(ACTIONS))


def test_tx_1_every_record_a_failure_can_name_has_a_text() -> None:
    """TX-1: each kind of record ``NotFound`` and ``Conflict`` name is a catalogue text."""
    named = _quoted(r"(?:NotFound|Conflict)\(entity=\"([^\"]+)\"")
    named |= _quoted(r"(?:ConcurrencyConflictError|DuplicateKeyError)\(\"([^\"]+)\"")
    assert len(named) > 10
    assert named <= set(ENTITIES), sorted(named - set(ENTITIES))
