"""Texts for people: values marked for translation, and the port that renders them (TX).

>>> from formlavoro_core.texts import SourceTranslator, _
>>> SourceTranslator().render(_("Hello {name}", name="Anna"), Language.ENGLISH)
'Hello Anna'
"""

from formlavoro_core.locale import Language, negotiate
from formlavoro_core.texts.model import Param, Text, _, _n, _np, _p
from formlavoro_core.texts.port import Translator
from formlavoro_core.texts.rendering import (
    SourceTranslator,
    default_language,
    render_default,
    use_default,
)

__all__ = [
    "Language",
    "Param",
    "SourceTranslator",
    "Text",
    "Translator",
    "_",
    "_n",
    "_np",
    "_p",
    "default_language",
    "negotiate",
    "render_default",
    "use_default",
]
