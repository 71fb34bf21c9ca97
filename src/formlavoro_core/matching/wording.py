"""The words of an explanation, as catalogue texts (MA-2, MA-4, TX-1).

Scores and their parts are data (criterion, points, facts); this module alone turns a
part into a :class:`~formlavoro_core.texts.Text`, which any translator renders in the
reader's language, vocabulary values named by their labels.

>>> from formlavoro_core.matching.policy import Criterion
>>> from formlavoro_core.matching.scoring import Part
>>> part = Part(criterion=Criterion.EXPERIENCE, points=7.5, weight=15, facts=(("months", "12"),))
>>> explain(part, Language.ENGLISH)
'Experience: 12 months in this profession (7.5 of 15 points)'
>>> explanation(part).context
'match explanation'
"""

from __future__ import annotations

from typing import Final

from formlavoro_core.locale import Language
from formlavoro_core.matching.policy import Criterion
from formlavoro_core.matching.scoring import Missing, Part
from formlavoro_core.reference import DrivingLicence, EducationLevel, LanguageLevel
from formlavoro_core.reference import MinistryQualification as Qualification
from formlavoro_core.texts import Text, Translator, _p, render

__all__ = [
    "explain",
    "explanation",
    "italian_name_of_language",
    "missing_text",
    "name_of_language",
]

_LANGUAGE_NAMES: Final[dict[str, Text]] = {
    "it": _p("language name", "Italian"),
    "en": _p("language name", "English"),
    "fr": _p("language name", "French"),
    "de": _p("language name", "German"),
    "es": _p("language name", "Spanish"),
    "pt": _p("language name", "Portuguese"),
    "ru": _p("language name", "Russian"),
    "zh": _p("language name", "Chinese"),
    "ar": _p("language name", "Arabic"),
    "ro": _p("language name", "Romanian"),
    "sl": _p("language name", "Slovenian"),
}

_ITALIAN_NAMES: Final = {
    "it": "italiano",
    "en": "inglese",
    "fr": "francese",
    "de": "tedesco",
    "es": "spagnolo",
    "pt": "portoghese",
    "ru": "russo",
    "zh": "cinese",
    "ar": "arabo",
    "ro": "rumeno",
    "sl": "sloveno",
}
"""Italian names of languages as course titles write them, whatever the reader's language."""

_NAMES: Final = {
    Criterion.PROFESSION: _p("match criterion", "Profession"),
    Criterion.EXPERIENCE: _p("match criterion", "Experience"),
    Criterion.PLACE: _p("match criterion", "Place"),
    Criterion.EDUCATION: _p("match criterion", "Education"),
    Criterion.LANGUAGES: _p("match criterion", "Languages"),
    Criterion.LICENCES: _p("match criterion", "Licences and qualifications"),
    Criterion.CONDITIONS: _p("match criterion", "Contract and conditions"),
    Criterion.SECTOR: _p("match criterion", "Sector"),
}

_SHARED: Final = {
    5: _p("match explanation", "the same profession"),
    4: _p("match explanation", "the same category of professions"),
    3: _p("match explanation", "the same class of professions"),
    2: _p("match explanation", "the same group of professions"),
    1: _p("match explanation", "the same major group of professions"),
    0: _p("match explanation", "no related profession"),
}

_PLACES: Final = {
    "municipality": _p("match explanation", "in the same municipality"),
    "province": _p("match explanation", "in the same province"),
    "region": _p("match explanation", "in the same region"),
    "travel": _p("match explanation", "elsewhere, available to travel"),
    "elsewhere": _p("match explanation", "elsewhere"),
    "unknown": _p("match explanation", "residence not given"),
}

_FIT: Final = {
    "yes": _p("match explanation", "fits"),
    "no": _p("match explanation", "does not fit"),
    "unknown": _p("match explanation", "no preference given"),
}


def name_of_language(code: str) -> Text | str:
    """The name of an ISO 639-1 language, or its code when the table has none."""
    return _LANGUAGE_NAMES.get(code, code)


def italian_name_of_language(code: str) -> str:
    """The Italian name of a language, as course titles write it (``"inglese"``)."""
    return _ITALIAN_NAMES.get(code, code)


def missing_text(missing: Missing) -> Text:
    """A missing requirement in words: ``"English at Intermediate (B2)"``."""
    if missing.kind == "language":
        level: Text | str = LanguageLevel(missing.level).label if missing.level else ""
        return _p(
            "match explanation",
            "{language} at {level}",
            language=name_of_language(missing.what),
            level=level,
        )
    if missing.kind == "licence":
        return _p(
            "match explanation",
            "driving licence {category}",
            category=DrivingLicence(missing.what).value,
        )
    if missing.kind == "qualification":
        return Qualification(missing.what).label
    return EducationLevel(missing.what).label


def _listed(items: list[Text]) -> Text:
    if len(items) == 1:
        return items[0]
    return _p("list", "{first}, {rest}", first=items[0], rest=_listed(items[1:]))


def _detail(part: Part) -> Text:  # noqa: PLR0911
    fact = part.fact
    match part.criterion:
        case Criterion.PROFESSION:
            return _SHARED[int(fact("shared_levels") or 0)]
        case Criterion.EXPERIENCE:
            return _p(
                "match explanation",
                "{months} months in this profession",
                months=fact("months") or "0",
            )
        case Criterion.PLACE:
            return _PLACES[fact("level") or "unknown"]
        case Criterion.EDUCATION:
            if not fact("required"):
                return _p("match explanation", "no level required")
            if part.missing:
                return _p(
                    "match explanation",
                    "required: {level}",
                    level=EducationLevel(fact("required")).label,
                )
            return _p("match explanation", "required level held")
        case Criterion.LANGUAGES | Criterion.LICENCES:
            if fact("required") == "0":
                return _p("match explanation", "none required")
            met = {"met": fact("met") or "0", "required": fact("required") or "0"}
            if part.missing:
                return _p(
                    "match explanation",
                    "{met} of {required} met; missing: {missing}",
                    missing=_listed([missing_text(item) for item in part.missing]),
                    **met,
                )
            return _p("match explanation", "{met} of {required} met", **met)
        case Criterion.CONDITIONS:
            return _p(
                "match explanation",
                "contract: {contract}, conditions: {conditions}",
                contract=_FIT[fact("contract_fits") or "unknown"],
                conditions=_FIT[fact("conditions_fit") or "unknown"],
            )
        case Criterion.SECTOR:
            return _FIT[fact("fits") or "unknown"]


def explanation(part: Part) -> Text:
    """One line of an explanation: the criterion, what it found, its points."""
    return _p(
        "match explanation",
        "{criterion}: {detail} ({points} of {weight} points)",
        criterion=_NAMES[part.criterion],
        detail=_detail(part),
        points=part.points,
        weight=part.weight,
    )


def explain(part: Part, language: Language, translator: Translator | None = None) -> str:
    """:func:`explanation` in ``language``, by ``translator`` (the portal's if ``None``)."""
    text = explanation(part)
    return render(text, language) if translator is None else translator.render(text, language)
