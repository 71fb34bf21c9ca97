"""How the CV's closed vocabularies are written in exchange formats, and read back (INT-1).

JSON Resume writes languages, fluency, study types and certificates as free text; these
tables say what the library writes and what it understands when it reads a file written
elsewhere. Matching ignores case, accents and spaces around words.

>>> fluency_level("B2"), fluency_level("Native speaker"), fluency_level("A1")
(<LanguageLevel.INTERMEDIATE: 'intermediate'>, <LanguageLevel.NATIVE: 'native'>, \
<LanguageLevel.ELEMENTARY: 'elementary'>)
>>> language_code("English"), language_code("tedesco"), language_code("EN"), language_code("xx")
('en', 'de', 'en', None)
>>> driving_licence("Patente B"), driving_licence("Driving licence C1E"), driving_licence("PMP")
(<DrivingLicence.B: 'B'>, <DrivingLicence.C1E: 'C1E'>, None)
>>> education_level("Bachelor"), education_level("Laurea magistrale")
(<EducationLevel.BACHELOR: 'bachelor'>, <EducationLevel.MASTER: 'master'>)
"""

from __future__ import annotations

import re
from typing import Final

from formlavoro_core.reference import DrivingLicence, EducationLevel, LanguageLevel
from formlavoro_core.reference.classifications import fold_text
from formlavoro_core.reference.languages import CefrLevel, is_language_code

__all__ = [
    "NATIVE_FLUENCY",
    "driving_licence",
    "education_level",
    "fluency_level",
    "fluency_of",
    "language_code",
]

NATIVE_FLUENCY: Final = "Native speaker"
"""The JSON Resume ``fluency`` written for the native level (the schema's own example)."""

_NATIVE_WORDS: Final = frozenset(
    {
        "native",
        "native speaker",
        "mother tongue",
        "madrelingua",
        "lingua madre",
        "langue maternelle",
        "muttersprache",
    }
)
_FLUENCY_WORDS: Final[dict[str, LanguageLevel]] = {
    "beginner": LanguageLevel.ELEMENTARY,
    "elementary": LanguageLevel.ELEMENTARY,
    "elementare": LanguageLevel.ELEMENTARY,
    "basic": LanguageLevel.ELEMENTARY,
    "intermediate": LanguageLevel.PRE_INTERMEDIATE,
    "intermedio": LanguageLevel.PRE_INTERMEDIATE,
    "upper intermediate": LanguageLevel.INTERMEDIATE,
    "advanced": LanguageLevel.POST_INTERMEDIATE,
    "avanzato": LanguageLevel.POST_INTERMEDIATE,
    "fluent": LanguageLevel.ADVANCED,
    "proficient": LanguageLevel.ADVANCED,
    "proficiency": LanguageLevel.ADVANCED,
    "full professional proficiency": LanguageLevel.ADVANCED,
}
_CEFR_IN_TEXT = re.compile(r"\b([abc][12])\b")

_LANGUAGE_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "it": ("italian", "italiano", "italien", "italienisch"),
    "en": ("english", "inglese", "anglais", "englisch"),
    "fr": ("french", "francese", "francais", "franzosisch"),
    "de": ("german", "tedesco", "allemand", "deutsch"),
    "es": ("spanish", "spagnolo", "espagnol", "spanisch", "espanol"),
    "pt": ("portuguese", "portoghese", "portugais", "portugiesisch", "portugues"),
    "nl": ("dutch", "olandese", "neerlandais", "niederlandisch"),
    "ro": ("romanian", "rumeno", "roumain", "rumanisch"),
    "sq": ("albanian", "albanese", "albanais", "albanisch"),
    "uk": ("ukrainian", "ucraino", "ukrainien", "ukrainisch"),
    "ru": ("russian", "russo", "russe", "russisch"),
    "pl": ("polish", "polacco", "polonais", "polnisch"),
    "ar": ("arabic", "arabo", "arabe", "arabisch"),
    "zh": ("chinese", "cinese", "chinois", "chinesisch"),
    "hi": ("hindi",),
    "bn": ("bengali", "bangla"),
    "ur": ("urdu",),
    "tl": ("tagalog", "filipino"),
    "wo": ("wolof",),
}
_LANGUAGE_OF: Final[dict[str, str]] = {
    name: code for code, names in _LANGUAGE_NAMES.items() for name in names
}

_LICENCE = re.compile(
    r"^(?:patente(?: di guida)?|driving licen[cs]e|permis de conduire|fuhrerschein)"
    r"(?: (?:cat\.?|categoria|category|categorie|klasse))? ([a-z0-9]{1,3})$"
)

_STUDY_TYPES: Final[dict[str, EducationLevel]] = {
    "primary school": EducationLevel.PRIMARY,
    "licenza elementare": EducationLevel.PRIMARY,
    "middle school": EducationLevel.LOWER_SECONDARY,
    "licenza media": EducationLevel.LOWER_SECONDARY,
    "high school": EducationLevel.UPPER_SECONDARY,
    "high school diploma": EducationLevel.UPPER_SECONDARY,
    "diploma": EducationLevel.UPPER_SECONDARY,
    "diploma di maturita": EducationLevel.UPPER_SECONDARY,
    "maturita": EducationLevel.UPPER_SECONDARY,
    "qualifica professionale": EducationLevel.VOCATIONAL_QUALIFICATION,
    "diploma professionale": EducationLevel.VOCATIONAL_DIPLOMA,
    "ifts": EducationLevel.IFTS,
    "its": EducationLevel.ITS,
    "associate": EducationLevel.ITS,
    "associate degree": EducationLevel.ITS,
    "bachelor": EducationLevel.BACHELOR,
    "bachelor's degree": EducationLevel.BACHELOR,
    "bachelor degree": EducationLevel.BACHELOR,
    "laurea": EducationLevel.BACHELOR,
    "laurea triennale": EducationLevel.BACHELOR,
    "master": EducationLevel.MASTER,
    "master's degree": EducationLevel.MASTER,
    "master degree": EducationLevel.MASTER,
    "laurea magistrale": EducationLevel.MASTER,
    "phd": EducationLevel.DOCTORATE,
    "ph.d.": EducationLevel.DOCTORATE,
    "doctorate": EducationLevel.DOCTORATE,
    "dottorato": EducationLevel.DOCTORATE,
    "dottorato di ricerca": EducationLevel.DOCTORATE,
}


def fluency_of(level: LanguageLevel) -> str:
    """The ``fluency`` written for ``level``: its CEFR code (``B2``) or ``Native speaker``."""
    cefr = level.cefr
    return NATIVE_FLUENCY if cefr is None else cefr.value.upper()


def fluency_level(text: str) -> LanguageLevel | None:
    """The portal level a ``fluency`` stands for, or ``None`` when it says none.

    A CEFR code anywhere in the text wins (``B2``, ``C1 - Advanced``); A1, below the
    portal's scale, is elementary (CV-6). Otherwise the native words and a few common
    descriptions (``fluent`` is C2, ``advanced`` C1, ``intermediate`` B1, ``beginner`` A2).
    """
    folded = fold_text(text)
    found = _CEFR_IN_TEXT.search(folded)
    if found:
        return LanguageLevel.from_cefr(CefrLevel(found.group(1)))
    if folded in _NATIVE_WORDS:
        return LanguageLevel.NATIVE
    return _FLUENCY_WORDS.get(folded)


def language_code(text: str) -> str | None:
    """The ISO 639-1 code of a ``language``: a code in any case, or a common name."""
    folded = fold_text(text)
    if is_language_code(folded):
        return folded
    return _LANGUAGE_OF.get(folded)


def driving_licence(name: str) -> DrivingLicence | None:
    """The category a certificate's name gives, if it names a driving licence."""
    found = _LICENCE.match(fold_text(name))
    if found is None:
        return None
    try:
        return DrivingLicence(found.group(1).upper())
    except ValueError:
        return None


def education_level(study_type: str) -> EducationLevel | None:
    """The education level a ``studyType`` names: a label of the portal or a common word."""
    folded = fold_text(study_type)
    for level in EducationLevel:
        if folded in {fold_text(level.label_en), fold_text(level.label_it), level.value}:
            return level
    return _STUDY_TYPES.get(folded)
