"""Languages on a CV: ISO 639-1 codes, CEFR levels and the portal's six levels (CV-6).

The portal's scale names the CEFR level it stands for: elementary is A2,
pre-intermediate B1, intermediate B2, post-intermediate C1, advanced C2; "native"
(mastery in complex situations) has no CEFR equivalent and ranks above all of them.

>>> LanguageLevel.INTERMEDIATE.cefr
<CefrLevel.B2: 'b2'>
>>> LanguageLevel.from_cefr(CefrLevel.C1)
<LanguageLevel.POST_INTERMEDIATE: 'post_intermediate'>
>>> LanguageLevel.NATIVE.is_at_least(LanguageLevel.ADVANCED)
True
>>> is_language_code("it"), is_language_code("ita"), len(ISO_639_1)
(True, False, 184)
"""

from __future__ import annotations

from typing import Final

from formlavoro_core.reference._vocabulary import Vocabulary, register_labels
from formlavoro_core.texts import _p

__all__ = ["ISO_639_1", "CefrLevel", "LanguageLevel", "is_language_code"]

_ISO_639_1_CODES: Final = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs
    cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha
    he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn
    ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb
    nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd
    se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw
    ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
ISO_639_1: Final[frozenset[str]] = frozenset(_ISO_639_1_CODES.split())
"""Every two-letter ISO 639-1 language code (the 184 that ISO 639-2 maps, ``bh`` included)."""


def is_language_code(code: str) -> bool:
    """Whether ``code`` is an ISO 639-1 code, written in lower case as the standard does."""
    return code in ISO_639_1


class CefrLevel(Vocabulary):
    """A level of the Common European Framework of Reference for Languages."""

    A1 = "a1"
    A2 = "a2"
    B1 = "b1"
    B2 = "b2"
    C1 = "c1"
    C2 = "c2"

    @property
    def rank(self) -> int:
        """1 for A1 up to 6 for C2."""
        return _CEFR_ORDER.index(self) + 1


_CEFR_ORDER: Final = tuple(CefrLevel)

register_labels(
    CefrLevel,
    {
        CefrLevel.A1: ("A1 - Livello base", _p("CEFR level", "A1 - Beginner")),
        CefrLevel.A2: ("A2 - Livello elementare", _p("CEFR level", "A2 - Elementary")),
        CefrLevel.B1: ("B1 - Livello intermedio", _p("CEFR level", "B1 - Intermediate")),
        CefrLevel.B2: (
            "B2 - Livello intermedio superiore",
            _p("CEFR level", "B2 - Upper intermediate"),
        ),
        CefrLevel.C1: ("C1 - Livello avanzato", _p("CEFR level", "C1 - Advanced")),
        CefrLevel.C2: ("C2 - Padronanza", _p("CEFR level", "C2 - Proficiency")),
    },
)


class LanguageLevel(Vocabulary):
    """The portal's six language levels (CV-6), each with its CEFR equivalent."""

    ELEMENTARY = "elementary"
    PRE_INTERMEDIATE = "pre_intermediate"
    INTERMEDIATE = "intermediate"
    POST_INTERMEDIATE = "post_intermediate"
    ADVANCED = "advanced"
    NATIVE = "native"

    @property
    def cefr(self) -> CefrLevel | None:
        """The CEFR level this level stands for; ``None`` for native."""
        return _CEFR_OF.get(self)

    @property
    def rank(self) -> int:
        """1 for elementary up to 6 for native."""
        return _LEVEL_ORDER.index(self) + 1

    def is_at_least(self, other: LanguageLevel) -> bool:
        """Whether this level meets a requirement of ``other`` or higher."""
        return self.rank >= other.rank

    @classmethod
    def from_cefr(cls, level: CefrLevel) -> LanguageLevel:
        """The portal level for a CEFR level; A1, below the scale, maps to elementary."""
        for candidate, cefr in _CEFR_OF.items():
            if cefr is level:
                return candidate
        return cls.ELEMENTARY


_LEVEL_ORDER: Final = tuple(LanguageLevel)
_CEFR_OF: Final = {
    LanguageLevel.ELEMENTARY: CefrLevel.A2,
    LanguageLevel.PRE_INTERMEDIATE: CefrLevel.B1,
    LanguageLevel.INTERMEDIATE: CefrLevel.B2,
    LanguageLevel.POST_INTERMEDIATE: CefrLevel.C1,
    LanguageLevel.ADVANCED: CefrLevel.C2,
}

register_labels(
    LanguageLevel,
    {
        LanguageLevel.ELEMENTARY: ("Elementare (A2)", _p("language level", "Elementary (A2)")),
        LanguageLevel.PRE_INTERMEDIATE: (
            "Pre-intermedio (B1)",
            _p("language level", "Pre-intermediate (B1)"),
        ),
        LanguageLevel.INTERMEDIATE: ("Intermedio (B2)", _p("language level", "Intermediate (B2)")),
        LanguageLevel.POST_INTERMEDIATE: (
            "Post-intermedio (C1)",
            _p("language level", "Post-intermediate (C1)"),
        ),
        LanguageLevel.ADVANCED: ("Avanzato (C2)", _p("language level", "Advanced (C2)")),
        LanguageLevel.NATIVE: (
            "Padronanza in situazioni complesse (madrelingua)",
            _p("language level", "Mastery in complex situations (native)"),
        ),
    },
)
