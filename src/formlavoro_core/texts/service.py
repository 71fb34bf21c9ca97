"""``portal.texts``: render any text or failure in a language, and pick a request's language."""

from __future__ import annotations

from formlavoro_core.errors import DomainError
from formlavoro_core.locale import Language, negotiate
from formlavoro_core.texts.model import Text
from formlavoro_core.texts.port import Translator

__all__ = ["TextService"]


class TextService:
    """The portal's texts in every language it speaks (TX-1, TX-2).

    >>> from formlavoro_core.errors import NotFound
    >>> from formlavoro_core.texts import SourceTranslator
    >>> texts = TextService(SourceTranslator(), default=Language.ENGLISH)
    >>> texts.render(NotFound(entity="offer", key="of-1"), texts.negotiate("en-GB"))
    "No job offer with key 'of-1'."
    """

    def __init__(self, translator: Translator, *, default: Language) -> None:
        self._translator = translator
        self.default_language = default
        """The language of citizens who chose none, and of ``error.message``."""

    @property
    def languages(self) -> tuple[Language, ...]:
        """Every language the portal's texts exist in."""
        return self._translator.languages

    def render(self, text: Text | DomainError, language: Language | None = None) -> str:
        """``text`` (or a failure's text) in ``language``, the portal's default if ``None``."""
        chosen = self.default_language if language is None else language
        if isinstance(text, DomainError):
            text = text.text
        return self._translator.render(text, chosen)

    def negotiate(self, accept_language: str | None) -> Language:
        """The language to answer a request in, from its ``Accept-Language`` header.

        The first language the header ranks highest among :attr:`languages`; the portal's
        default when it names none of them.
        """
        chosen = negotiate(accept_language, default=self.default_language)
        return chosen if chosen in self.languages else self.default_language
