"""What the strict codec says of input it cannot take: problems with paths, as texts.

cattrs reports a failed structuring as nested error groups; :func:`collect` walks them
into :class:`~formlavoro_core.errors.Problem` values, each with its path (``studies[0].
title``) and a text rendered in the reader's language (TX-2). The hooks raise the texts
below, so that nothing English-only reaches a citizen.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from formlavoro_core.errors import Problem
from formlavoro_core.texts import Text, _

__all__ = ["ClassProblems", "collect", "not_one_of", "said_by"]

# What the strict codec says of a value it cannot take, in the reader's language (TX-2).
UNKNOWN_FIELD = _("unknown field")
REQUIRED = _("required")
EXPECTED_STRING = _("expected a string")
EXPECTED_INTEGER = _("expected an integer")
EXPECTED_BOOLEAN = _("expected true or false")
EXPECTED_LIST = _("expected a list")
EXPECTED_OBJECT = _("expected an object")
EXPECTED_TEXT = _("expected a text: an object with a message")
NOT_A_DATE = _("not a date (YYYY-MM-DD)")
NOT_AN_INSTANT = _("not a date and time with a UTC offset (ISO 8601)")
NOT_AN_EMAIL = _("not an email address")
NOT_A_PHONE = _("not a phone number")
NOT_A_POSTCODE = _("not a postcode: five digits (CAP)")
UNKNOWN_CODE = {
    "sector": _("unknown ATECO 2025 code"),
    "profession": _("unknown ISTAT CP2021 profession code"),
    "municipality": _("unknown municipality code"),
    "province": _("unknown province"),
}


def not_one_of(allowed: str) -> Text:
    """The problem of a value outside a closed list, naming the values allowed."""
    return _("not one of {allowed}", allowed=allowed)


def said_by(exc: BaseException) -> str | Text:
    """What a structuring error says: the text it was raised with, else its string."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Text):
        return exc.args[0]
    return str(exc) or type(exc).__name__


class ClassProblems(ValueError):
    """Problems found by a class's own ``problems()`` while structuring it."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def _join(path: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


def _children(group: BaseExceptionGroup[Any]) -> Iterator[tuple[BaseException, str | int | None]]:
    """The sub-errors of a cattrs error group, each with the field or index it is about."""
    others: Sequence[BaseException]
    if isinstance(group, ClassValidationError):
        with_notes, others = group.group_exceptions()
        yield from ((sub, note.name) for sub, note in with_notes)
    elif isinstance(group, IterableValidationError):
        items, others = group.group_exceptions()
        yield from ((sub, item.index) for sub, item in items)
    else:
        others = list(group.exceptions)
    yield from ((sub, None) for sub in others)


def collect(exc: BaseException, path: str) -> Iterator[Problem]:
    """Every problem of a structuring error, each at its path under ``path``."""
    if isinstance(exc, BaseExceptionGroup):
        for sub, step in _children(exc):
            yield from collect(sub, path if step is None else _join(path, step))
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield Problem(path=_join(path, key), message=UNKNOWN_FIELD)
    elif isinstance(exc, ClassProblems):
        for problem in exc.problems:
            inner = f"{path}.{problem.path}" if path and problem.path else path or problem.path
            yield Problem(path=inner.replace(".[", "["), message=problem.message)
    elif isinstance(exc, KeyError):
        yield Problem(path=path, message=REQUIRED)
    else:
        yield Problem(path=path, message=said_by(exc))
