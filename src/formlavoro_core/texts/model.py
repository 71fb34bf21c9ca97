"""Texts for people as values: a message id (the English source) and its parameters.

The core never holds a finished sentence: it builds a :class:`Text` with one of the
markers below, which the extraction tool (``make messages``) also reads to fill the
catalogues. A :class:`~formlavoro_core.texts.Translator` renders a text in a language.

Placeholders are ``str.format`` names (``{count}``); a parameter may itself be a
:class:`Text` (a label inside a sentence), rendered in the same language, or a tuple of
values, rendered joined by ``"; "``. A decimal number shows no trailing zeros
(``7.5``, ``35``), with the reader's decimal separator.

>>> text = _n("{count} unread message", "{count} unread messages", 3)
>>> text.n, text.plural
(3, '{count} unread messages')
>>> dict(text.params)
{'count': 3}
>>> _p("offer status", "Closed").context
'offer status'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeAlias

import attrs

__all__ = ["Param", "Text", "_", "_n", "_np", "_p"]

Param: TypeAlias = "str | int | float | dt.date | dt.datetime | Text | tuple[Param, ...]"
"""What a placeholder can hold: plain values, dates (shown in the reader's format), texts."""


def _frozen_params(
    value: Mapping[str, Param] | tuple[tuple[str, Param], ...],
) -> tuple[tuple[str, Param], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(items))


@attrs.frozen(kw_only=True)
class Text:
    """A text to show a person, not yet in any language.

    Attributes:
        message: The English source text, also the catalogue's message id.
        params: The values of its placeholders, sorted by name.
        plural: The English plural source, for texts that show a number.
        n: The number that chooses between the plural forms.
        context: Tells apart equal English words with different meanings.
    """

    message: str
    params: tuple[tuple[str, Param], ...] = attrs.field(default=(), converter=_frozen_params)
    plural: str | None = None
    n: int | None = None
    context: str | None = None

    @property
    def values(self) -> dict[str, Param]:
        """The parameters as a mapping."""
        return dict(self.params)

    def source(self) -> str:
        """The text in the English source, with its parameters filled in.

        >>> _n("{count} problem", "{count} problems", 2).source()
        '2 problems'
        """
        template = self.message if self.plural is None or self.n == 1 else self.plural
        return template.format_map({name: _source_value(v) for name, v in self.params})

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data, to store a text and render it later (inbox messages).

        >>> hello = _("Hello {name}", name="Anna")
        >>> Text.from_data(hello.to_data()) == hello
        True
        """
        data: dict[str, Any] = {"message": self.message}
        if self.params:
            data["params"] = {name: _param_data(value) for name, value in self.params}
        if self.plural is not None:
            data["plural"] = self.plural
            data["n"] = self.n
        if self.context is not None:
            data["context"] = self.context
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Text:
        """The text that :meth:`to_data` wrote."""
        params = {name: _param_from(value) for name, value in data.get("params", {}).items()}
        return cls(
            message=data["message"],
            params=params,
            plural=data.get("plural"),
            n=data.get("n"),
            context=data.get("context"),
        )


def _source_value(value: Param) -> str:
    if isinstance(value, Text):
        return value.source()
    if isinstance(value, tuple):
        return "; ".join(_source_value(item) for item in value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, ".15g")
    return str(value)


def _param_data(value: Param) -> Any:
    if isinstance(value, Text):
        return {"text": value.to_data()}
    if isinstance(value, tuple):
        return {"items": [_param_data(item) for item in value]}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _param_from(data: Any) -> Param:
    if isinstance(data, dict):
        if "text" in data:
            return Text.from_data(data["text"])
        if "items" in data:
            return tuple(_param_from(item) for item in data["items"])
        if "datetime" in data:
            return dt.datetime.fromisoformat(data["datetime"])
        return dt.date.fromisoformat(data["date"])
    if isinstance(data, str | int | float):
        return data
    msg = f"not a text parameter: {type(data).__name__}"
    raise TypeError(msg)


def _(message: str, /, **params: Param) -> Text:
    """Mark ``message`` for translation and bind its placeholders.

    >>> _("No offer with key {key}.", key="of-1").source()
    'No offer with key of-1.'
    """
    return Text(message=message, params=params)


def _n(singular: str, plural: str, n: int, /, **params: Param) -> Text:
    """A text that shows the number ``n`` (bound as ``count`` unless given)."""
    params.setdefault("count", n)
    return Text(message=singular, plural=plural, n=n, params=params)


def _p(context: str, message: str, /, **params: Param) -> Text:
    """A text with a context telling it apart from the same English words elsewhere."""
    return Text(message=message, context=context, params=params)


def _np(context: str, singular: str, plural: str, n: int, /, **params: Param) -> Text:
    """A plural text with a context."""
    params.setdefault("count", n)
    return Text(message=singular, plural=plural, n=n, context=context, params=params)
