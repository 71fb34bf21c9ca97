"""Rendering without a catalogue, and the translator behind ``DomainError.message``.

:class:`SourceTranslator` shows every text in its English source: what the core uses
until a composition root installs the portal's translator with :func:`use_default`
(``formlavoro_adapters.bootstrap`` does, in the portal's default language).

>>> from formlavoro_core.texts.model import _
>>> SourceTranslator().render(_("{count} offers", count=3), Language.ITALIAN)
'3 offers'
"""

from __future__ import annotations

import attrs

from formlavoro_core.locale import Language
from formlavoro_core.texts.model import Text
from formlavoro_core.texts.port import Translator

__all__ = ["SourceTranslator", "default_language", "render_default", "use_default"]


class SourceTranslator:
    """Renders every text in its English source, whatever the language asked."""

    @property
    def languages(self) -> tuple[Language, ...]:
        """Only English: the source."""
        return (Language.ENGLISH,)

    def render(self, text: Text, language: Language) -> str:  # noqa: ARG002 - one language
        """The English source of ``text``."""
        return text.source()


@attrs.define
class _Default:
    translator: Translator
    language: Language


_DEFAULT = _Default(translator=SourceTranslator(), language=Language.ENGLISH)


def use_default(translator: Translator, language: Language) -> None:
    """Make ``translator`` in ``language`` render :attr:`DomainError.message`.

    The composition root calls it once, when it builds the portal; the last portal
    built wins in a process that builds several.
    """
    _DEFAULT.translator = translator
    _DEFAULT.language = language


def default_language() -> Language:
    """The language :func:`render_default` renders in."""
    return _DEFAULT.language


def render_default(text: Text) -> str:
    """``text`` in the default language (the portal's, once one is built)."""
    return _DEFAULT.translator.render(text, _DEFAULT.language)
