"""The texts a web answer shows a person, in the request's language (TX-2).

This is the one place where the web helpers turn a failure into words and read the
``Accept-Language`` header: :func:`failure_text` renders the failure with the portal's
texts (``portal.texts``, TX-1 and TX-3: the portal's own wording included) and
:func:`negotiate` is the library's negotiation. The titles of problem details (one
short phrase per HTTP status) are catalogue texts kept here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Protocol

from formlavoro_adapters.texts import GettextTranslator
from formlavoro_core import locale
from formlavoro_core.errors import DomainError
from formlavoro_core.locale import Language
from formlavoro_core.texts import Text, _p

__all__ = ["FailureTexts", "failure_text", "negotiate", "status_title"]


class FailureTexts(Protocol):
    """What renders a failure in a language: ``portal.texts``."""

    def render(self, text: Text | DomainError, language: Language | None = None) -> str:
        """The text (or the failure's text) in ``language``."""
        ...


_TITLES: Final[Mapping[int, Text]] = MappingProxyType(
    {
        400: _p("problem title", "Bad request"),
        401: _p("problem title", "Login required"),
        403: _p("problem title", "Not allowed"),
        404: _p("problem title", "Not found"),
        409: _p("problem title", "Not possible now"),
        422: _p("problem title", "Invalid data"),
        429: _p("problem title", "Too many attempts"),
        503: _p("problem title", "Service unavailable"),
    }
)

_LIBRARY: Final = GettextTranslator()
"""The library's catalogues, for titles asked without the portal's texts."""


def status_title(status: int, language: Language, texts: FailureTexts | None = None) -> str:
    """A short phrase for ``status`` in ``language`` (the problem's ``title``).

    Rendered by ``texts`` (``portal.texts``, with the portal's own wording) when given,
    else by the library's catalogues; a status without a phrase reads as 400's.

    >>> status_title(429, Language.ITALIAN)
    'Troppi tentativi'
    >>> status_title(404, Language.GERMAN)
    'Nicht gefunden'
    """
    title = _TITLES.get(status, _TITLES[400])
    return _LIBRARY.render(title, language) if texts is None else texts.render(title, language)


def failure_text(error: DomainError, language: Language, texts: FailureTexts | None) -> str:
    """What went wrong, for the person who asked (the problem's ``detail``).

    Rendered in ``language`` by ``texts`` (give ``portal.texts``); without them, the
    failure's own message.
    """
    return error.message if texts is None else texts.render(error, language)


def negotiate(accept_language: str | None, default: Language = Language.ITALIAN) -> Language:
    """The portal language that ``Accept-Language`` prefers, else ``default``.

    The library's negotiation (:func:`formlavoro_core.locale.negotiate`);
    ``portal.texts.negotiate`` also keeps to the languages the portal's texts exist in.

    >>> negotiate("es-ES, fr;q=0.9, en;q=0.8").value
    'fr'
    >>> negotiate(None).value
    'it'
    """
    return locale.negotiate(accept_language, default=default)
