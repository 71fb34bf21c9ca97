"""The ``Translator`` port: renders a :class:`~formlavoro_core.texts.Text` in a language."""

from __future__ import annotations

from typing import Protocol

from formlavoro_core.locale import Language
from formlavoro_core.texts.model import Text

__all__ = ["Translator"]


class Translator(Protocol):
    """Renders texts in the languages it has catalogues for (TX-1, TX-2).

    The default adapter (``formlavoro_adapters.texts.GettextTranslator``) reads the
    library's gettext catalogues, behind a portal's own overrides (TX-3).
    """

    @property
    def languages(self) -> tuple[Language, ...]:
        """Every language this translator renders."""
        ...

    def render(self, text: Text, language: Language) -> str:
        """``text`` in ``language``, its placeholders filled in.

        Parameters that are texts are rendered in the same language; dates and times are
        shown in the language's usual format (times in the portal's time zone). A text
        with no translation comes out in the English source. Never fails.
        """
        ...
