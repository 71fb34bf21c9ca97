"""The error model: expected failures as values, broken infrastructure as exceptions.

Use cases return ``Result[T, DomainError]``. A :class:`DomainError` is a frozen attrs
value with a stable dotted :attr:`~DomainError.code` (what an embedding app branches
on), the data a caller needs to show or act on, and a :attr:`~DomainError.text` for
people: a :class:`~formlavoro_core.texts.Text` any translator renders in any language
(TX-2); :attr:`~DomainError.message` is that text in the portal's default language.

Bugs and outages raise from one hierarchy rooted at :class:`FormlavoroError`; every
adapter translates its driver's errors into it.

>>> error = NotFound(entity="cv", key="cv-1")
>>> error.code
'cv.not_found'
>>> error.to_dict()["key"]
'cv-1'
>>> error.text.source()
"No CV with key 'cv-1'."
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, ClassVar

import attrs

from formlavoro_core.texts import Text, _, _n, render_default
from formlavoro_core.texts.failure_words import action_label, entity_label

__all__ = [
    "ConcurrencyConflictError",
    "ConfigurationError",
    "Conflict",
    "DeliveryError",
    "DomainError",
    "DuplicateKeyError",
    "Forbidden",
    "FormlavoroError",
    "InvalidInput",
    "NotFound",
    "Problem",
    "ReferenceDataError",
    "StorageError",
]


def _plain(_instance: object, _field: object, value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def _shown(field: attrs.Attribute[Any], _value: Any) -> bool:
    return field.repr is not False


@attrs.frozen(kw_only=True)
class DomainError:
    """Base of every expected failure returned inside ``Failure``.

    Subclasses set ``CODE`` (or override :attr:`code`) and :attr:`message`.
    """

    CODE: ClassVar[str] = "formlavoro.error"

    @property
    def code(self) -> str:
        """Stable dotted identifier of the failure, e.g. ``cv.publish.below_threshold``."""
        return self.CODE

    @property
    def text(self) -> Text:
        """What went wrong, for people, in no language yet: render it with a translator."""
        return _("The request could not be carried out ({code}).", code=self.code)

    @property
    def message(self) -> str:
        """:attr:`text` in the portal's default language (Italian unless configured)."""
        return render_default(self.text)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data for an HTTP body or a log line: code, message and the payload.

        Datetimes and dates become ISO 8601 strings, enums their values, tuples lists.
        A field declared with ``repr=False`` holds the caller's own input, kept for the
        caller only: it is left out here as in ``repr`` (SEC-5).
        """
        payload = attrs.asdict(self, recurse=True, value_serializer=_plain, filter=_shown)
        return {"code": self.code, "message": self.message, **payload}


def _as_said(message: str | Text) -> str:
    """A problem's words as the English source says them: what problems compare by."""
    return message.source() if isinstance(message, Text) else message


@attrs.frozen(kw_only=True)
class Problem:
    """One mistake in some input, located by its path (``experiences[2].start``).

    The library's problems carry a :class:`~formlavoro_core.texts.Text`, rendered in the
    reader's language (TX-2); an app may give a plain string of its own. Two problems are
    equal when they say the same thing at the same path, whichever form they carry.

    >>> str(Problem(path="experiences[2].start", message="not a date"))
    'experiences[2].start: not a date'
    >>> from formlavoro_core.texts import _
    >>> Problem(path="size", message=_("1 to {maximum}", maximum=5)) == Problem(
    ...     path="size", message="1 to 5"
    ... )
    True
    """

    path: str
    message: str | Text = attrs.field(eq=_as_said)

    @property
    def text(self) -> Text:
        """The problem for people: its path, then what is wrong there."""
        said = (
            self.message if isinstance(self.message, Text) else _("{problem}", problem=self.message)
        )
        if not self.path:
            return said
        return _("{path}: {problem}", path=self.path, problem=said)

    def __str__(self) -> str:
        return render_default(self.text)


@attrs.frozen(kw_only=True)
class InvalidInput(DomainError):
    """Input that could not be accepted: every problem found, each with its path."""

    CODE: ClassVar[str] = "input.invalid"
    problems: tuple[Problem, ...]

    @classmethod
    def at(cls, path: str, message: str | Text) -> InvalidInput:
        """One problem at one path.

        >>> str(InvalidInput.at("event", "the event is over").problems[0])
        'event: the event is over'
        """
        return cls(problems=(Problem(path=path, message=message),))

    @property
    def text(self) -> Text:
        """How many problems, and each with its path."""
        return _n(
            "The input has {count} problem: {problems}",
            "The input has {count} problems: {problems}",
            len(self.problems),
            problems=tuple(problem.text for problem in self.problems),
        )


@attrs.frozen(kw_only=True)
class NotFound(DomainError):
    """The named entity does not exist, or the actor may not know that it exists."""

    entity: str
    key: str

    @property
    def code(self) -> str:
        """``<entity>.not_found``, e.g. ``cv.not_found``."""
        return f"{self.entity}.not_found"

    @property
    def text(self) -> Text:
        """Names the entity and key."""
        return _(
            "No {entity} with key {key}.", entity=entity_label(self.entity), key=repr(self.key)
        )


@attrs.frozen(kw_only=True)
class Forbidden(DomainError):
    """The acting principal may not perform this action (SEC-1)."""

    CODE: ClassVar[str] = "access.forbidden"
    action: str

    @property
    def text(self) -> Text:
        """Names the action refused."""
        return _("You are not allowed to {action}.", action=action_label(self.action))


@attrs.frozen(kw_only=True)
class Conflict(DomainError):
    """Someone else changed the same data first, or a unique key is already taken."""

    CODE: ClassVar[str] = "storage.conflict"
    entity: str
    key: str

    @property
    def text(self) -> Text:
        """Asks to reload and retry."""
        return _(
            "The {entity} {key} was changed by someone else; reload it and try again.",
            entity=entity_label(self.entity),
            key=repr(self.key),
        )


class FormlavoroError(Exception):
    """Root of everything formlavoro raises: bugs, misconfiguration, outages."""


class ConfigurationError(FormlavoroError):
    """A setting is missing or wrong; the message names the setting."""


class StorageError(FormlavoroError):
    """The storage backend failed (connection lost, disk full, corrupt data)."""


class ConcurrencyConflictError(StorageError):
    """A write was based on a stale version of an aggregate.

    Repositories raise it; the portal turns it into ``Failure(Conflict(...))`` after
    rolling the unit of work back, so callers only ever see the failure value.
    """

    def __init__(self, entity: str, key: str) -> None:
        super().__init__(f"stale write to {entity} {key!r}")
        self.entity = entity
        self.key = key


class DuplicateKeyError(ConcurrencyConflictError):
    """An insert hit a unique key that another transaction already holds."""

    def __init__(self, entity: str, key: str) -> None:
        super().__init__(entity, key)
        self.args = (f"{entity} {key!r} is already stored",)


class DeliveryError(FormlavoroError):
    """A message could not be handed to the mail server.

    ``permanent`` says the server refused this message for good (an SMTP 5xx reply to
    it): the outbox makes it a dead letter at once. Otherwise the failure is temporary
    (a 4xx reply, a connection refused, a timeout) and the outbox tries again later.
    ``unreachable`` says the server could not be reached at all, so the other messages
    would fail alike: the dispatcher stops its pass. The message is kept as the
    message's ``last_error``: it must hold no address, name or link.
    """

    def __init__(self, message: str, *, permanent: bool = False, unreachable: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.unreachable = unreachable


class ReferenceDataError(FormlavoroError):
    """A reference-data source (classification file) could not be read or parsed."""
