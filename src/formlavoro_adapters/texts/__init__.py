"""Texts in the reader's language: gettext catalogues shipped with the library (TX).

>>> from formlavoro_core.texts import _
>>> GettextTranslator().render(_("Closed", ), Language.ITALIAN) != ""
True
"""

from formlavoro_adapters.texts.gettext_translator import DOMAIN, LOCALES, GettextTranslator
from formlavoro_core.locale import Language

__all__ = ["DOMAIN", "LOCALES", "GettextTranslator", "Language"]
