"""The default ``Translator``: the standard library's ``gettext`` over shipped catalogues.

The library's catalogues (``locales/<language>/LC_MESSAGES/formlavoro.mo``) ship in the
package. A portal's own folder, laid out the same way, goes in front of them entry by
entry (TX-3): an entry it has wins, every other entry comes from the library.
"""

from __future__ import annotations

import datetime as dt
import gettext
import pathlib
import zoneinfo
from collections.abc import Mapping

from formlavoro_adapters.texts.formats import format_date, format_datetime, format_number
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.locale import Language
from formlavoro_core.texts import Param, Text

__all__ = ["DOMAIN", "LOCALES", "GettextTranslator"]

DOMAIN = "formlavoro"
"""The gettext domain of the library's catalogues (and of a portal's overrides)."""

LOCALES = pathlib.Path(__file__).parent / "locales"
"""Where the library's catalogues are: ``<language>/LC_MESSAGES/formlavoro.po`` and ``.mo``."""

WRITTEN_DAYS = 1_024
"""Days kept written out, per translator (by language); the oldest are forgotten together."""


class GettextTranslator:
    """Renders texts from gettext catalogues, a portal's overrides first (TX-1..3).

    Args:
        overrides: a folder of the portal's own catalogues,
            ``<language>/LC_MESSAGES/formlavoro.mo``; languages it lacks use the
            library's alone.
        timezone: where dates and times shown to people are (Europe/Rome).

    >>> from formlavoro_core.texts import _n
    >>> translator = GettextTranslator()
    >>> translator.render(_n("{count} unread message", "{count} unread messages", 3),
    ...                   Language.ITALIAN)
    '3 messaggi non letti'
    >>> translator.render(_n("{count} unread message", "{count} unread messages", 1),
    ...                   Language.GERMAN)
    '1 ungelesene Nachricht'
    """

    def __init__(
        self, *, overrides: pathlib.Path | None = None, timezone: dt.tzinfo | None = None
    ) -> None:
        if overrides is not None and not overrides.is_dir():
            raise ConfigurationError(
                f"texts_dir (FORMLAVORO_TEXTS_DIR): {str(overrides)!r} is not a folder"
            )
        self._zone = timezone if timezone is not None else zoneinfo.ZoneInfo("Europe/Rome")
        self._catalogues: Mapping[Language, gettext.NullTranslations] = {
            language: _catalogue(language, overrides) for language in Language
        }
        self._days: dict[tuple[Language, dt.date], str] = {}
        """Days written out: the catalogues never change, and a day's date is written
        in many messages (three renders a day, a third of an acknowledgement's)."""

    @property
    def languages(self) -> tuple[Language, ...]:
        """Italian, English, French and German."""
        return tuple(Language)

    def render(self, text: Text, language: Language) -> str:
        """``text`` in ``language``; a broken override falls back to the source wording."""
        catalogue = self._catalogues[language]
        values = {name: self._value(value, language) for name, value in text.params}
        template = _lookup(catalogue, text)
        try:
            return template.format_map(values)
        except (KeyError, IndexError, ValueError):
            return _lookup(gettext.NullTranslations(), text).format_map(values)

    def _value(self, value: Param, language: Language) -> str:
        if isinstance(value, Text):
            return self.render(value, language)
        if isinstance(value, tuple):
            return "; ".join(self._value(item, language) for item in value)
        if isinstance(value, dt.datetime):
            return format_datetime(value, lambda text: self.render(text, language), self._zone)
        if isinstance(value, dt.date):
            return self._day(value, language)
        if isinstance(value, float):
            return format_number(value, lambda text: self.render(text, language))
        return str(value)

    def _day(self, day: dt.date, language: Language) -> str:
        """``day`` written out in ``language``, once per day and language."""
        key = (language, day)
        written = self._days.get(key)
        if written is None:
            written = format_date(day, lambda text: self.render(text, language))
            if len(self._days) >= WRITTEN_DAYS:
                self._days.clear()
            self._days[key] = written
        return written


def _lookup(catalogue: gettext.NullTranslations, text: Text) -> str:
    if text.plural is None:
        if text.context is None:
            return catalogue.gettext(text.message)
        return catalogue.pgettext(text.context, text.message)
    n = text.n if text.n is not None else 1
    if text.context is None:
        return catalogue.ngettext(text.message, text.plural, n)
    return catalogue.npgettext(text.context, text.message, text.plural, n)


def _catalogue(language: Language, overrides: pathlib.Path | None) -> gettext.NullTranslations:
    library = gettext.translation(DOMAIN, localedir=LOCALES, languages=[language.value])
    if overrides is None:
        return library
    try:
        own = gettext.translation(DOMAIN, localedir=overrides, languages=[language.value])
    except FileNotFoundError:
        return library
    own.add_fallback(library)
    return own
