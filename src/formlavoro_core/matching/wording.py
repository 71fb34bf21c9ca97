"""The words of an explanation, in the reader's language (MA-2, MA-4, TX-1).

Scores and their parts are data (criterion, points, facts); this module alone turns a
part into a sentence, in Italian, English or French, naming vocabulary values by their
labels (Italian labels in Italian, English ones otherwise). Other languages (German)
read the English wording until the explanations join the text catalogues.

>>> from formlavoro_core.matching.policy import Criterion
>>> from formlavoro_core.matching.scoring import Part
>>> part = Part(criterion=Criterion.EXPERIENCE, points=7.5, weight=15, facts=(("months", "12"),))
>>> explain(part, Language.ENGLISH)
'Experience: 12 months in this profession (7.5 of 15 points)'
>>> explain(part, Language.ITALIAN)
'Esperienza: 12 mesi in questa professione (7,5 punti su 15)'
"""

from __future__ import annotations

from typing import Final

from formlavoro_core.locale import Language
from formlavoro_core.matching.policy import Criterion
from formlavoro_core.matching.scoring import Missing, Part
from formlavoro_core.reference import DrivingLicence, EducationLevel, LanguageLevel
from formlavoro_core.reference import MinistryQualification as Qualification

__all__ = ["explain", "explain_missing", "name_of_language"]

_IT, _EN, _FR = Language.ITALIAN, Language.ENGLISH, Language.FRENCH

_LANGUAGE_NAMES: Final = {
    "it": ("italiano", "Italian", "italien"),
    "en": ("inglese", "English", "anglais"),
    "fr": ("francese", "French", "français"),
    "de": ("tedesco", "German", "allemand"),
    "es": ("spagnolo", "Spanish", "espagnol"),
    "pt": ("portoghese", "Portuguese", "portugais"),
    "ru": ("russo", "Russian", "russe"),
    "zh": ("cinese", "Chinese", "chinois"),
    "ar": ("arabo", "Arabic", "arabe"),
    "ro": ("rumeno", "Romanian", "roumain"),
    "sl": ("sloveno", "Slovenian", "slovène"),
}

_NAMES: Final = {
    Criterion.PROFESSION: ("Professione", "Profession", "Profession"),
    Criterion.EXPERIENCE: ("Esperienza", "Experience", "Expérience"),
    Criterion.PLACE: ("Luogo", "Place", "Lieu"),
    Criterion.EDUCATION: ("Istruzione", "Education", "Formation"),
    Criterion.LANGUAGES: ("Lingue", "Languages", "Langues"),
    Criterion.LICENCES: (
        "Patenti e abilitazioni",
        "Licences and qualifications",
        "Permis et habilitations",
    ),
    Criterion.CONDITIONS: (
        "Contratto e condizioni",
        "Contract and conditions",
        "Contrat et conditions",
    ),
    Criterion.SECTOR: ("Settore", "Sector", "Secteur"),
}

_SHARED: Final = {
    5: ("la stessa professione", "the same profession", "la même profession"),
    4: (
        "la stessa categoria di professioni",
        "the same category of professions",
        "la même catégorie de professions",
    ),
    3: (
        "la stessa classe di professioni",
        "the same class of professions",
        "la même classe de professions",
    ),
    2: (
        "lo stesso gruppo di professioni",
        "the same group of professions",
        "le même groupe de professions",
    ),
    1: (
        "lo stesso grande gruppo di professioni",
        "the same major group of professions",
        "le même grand groupe de professions",
    ),
    0: ("nessuna professione vicina", "no related profession", "aucune profession proche"),
}

_PLACES: Final = {
    "municipality": ("nello stesso comune", "in the same municipality", "dans la même commune"),
    "province": ("nella stessa provincia", "in the same province", "dans la même province"),
    "region": ("nella stessa regione", "in the same region", "dans la même région"),
    "travel": (
        "altrove, disponibile a spostarsi",
        "elsewhere, available to travel",
        "ailleurs, disponible pour se déplacer",
    ),
    "elsewhere": ("altrove", "elsewhere", "ailleurs"),
    "unknown": ("residenza non indicata", "residence not given", "résidence non indiquée"),
}

_FIT: Final = {
    "yes": ("corrisponde", "fits", "correspond"),
    "no": ("non corrisponde", "does not fit", "ne correspond pas"),
    "unknown": ("preferenza non indicata", "no preference given", "préférence non indiquée"),
}


_WORDED: Final = (_IT, _EN, _FR)
"""The languages this module words; any other reads English."""


def _pick(words: tuple[str, str, str], language: Language) -> str:
    return words[_WORDED.index(language) if language in _WORDED else 1]


def _label(value: object, language: Language) -> str:
    label = getattr(value, "label_it" if language is _IT else "label_en", None)
    return str(label) if label is not None else str(value)


def name_of_language(code: str, language: Language) -> str:
    """The name of an ISO 639-1 language, or its code when the table has none."""
    names = _LANGUAGE_NAMES.get(code)
    return _pick(names, language) if names else code


def _number(value: float, language: Language) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if language in {_IT, _FR} else text


def explain_missing(missing: Missing, language: Language) -> str:
    """A missing requirement in words: ``"English at Intermediate (B2)"``."""
    if missing.kind == "language":
        level = _label(LanguageLevel(missing.level), language) if missing.level else ""
        connector = _pick(("livello", "at", "niveau"), language)
        return f"{name_of_language(missing.what, language)} {connector} {level}"
    if missing.kind == "licence":
        return (
            _pick(("patente", "driving licence", "permis"), language)
            + f" {DrivingLicence(missing.what).value}"
        )
    if missing.kind == "qualification":
        return _label(Qualification(missing.what), language)
    return _label(EducationLevel(missing.what), language)


def _detail(part: Part, language: Language) -> str:  # noqa: PLR0911
    fact = part.fact
    match part.criterion:
        case Criterion.PROFESSION:
            return _pick(_SHARED[int(fact("shared_levels") or 0)], language)
        case Criterion.EXPERIENCE:
            return _pick(
                (
                    "{} mesi in questa professione",
                    "{} months in this profession",
                    "{} mois dans cette profession",
                ),
                language,
            ).format(fact("months"))
        case Criterion.PLACE:
            return _pick(_PLACES[fact("level") or "unknown"], language)
        case Criterion.EDUCATION:
            if not fact("required"):
                return _pick(
                    ("nessun titolo richiesto", "no level required", "aucun niveau requis"),
                    language,
                )
            if part.missing:
                return _pick(("richiesto: ", "required: ", "requis : "), language) + _label(
                    EducationLevel(fact("required")), language
                )
            return _pick(
                ("titolo richiesto posseduto", "required level held", "niveau requis atteint"),
                language,
            )
        case Criterion.LANGUAGES | Criterion.LICENCES:
            if fact("required") == "0":
                return _pick(("nessuna richiesta", "none required", "aucune exigence"), language)
            met = _pick(("{} su {} soddisfatti", "{} of {} met", "{} sur {} satisfaits"), language)
            text = met.format(fact("met"), fact("required"))
            if part.missing:
                lacking = ", ".join(explain_missing(item, language) for item in part.missing)
                text += _pick(("; manca: ", "; missing: ", " ; manque : "), language) + lacking
            return text
        case Criterion.CONDITIONS:
            contract = _pick(("contratto", "contract", "contrat"), language)
            conditions = _pick(("condizioni", "conditions", "conditions"), language)
            return (
                f"{contract}: {_pick(_FIT[fact('contract_fits') or 'unknown'], language)}, "
                f"{conditions}: {_pick(_FIT[fact('conditions_fit') or 'unknown'], language)}"
            )
        case Criterion.SECTOR:
            return _pick(_FIT[fact("fits") or "unknown"], language)


def explain(part: Part, language: Language) -> str:
    """One line of an explanation: the criterion, what it found, its points."""
    points = _pick(("{} punti su {}", "{} of {} points", "{} points sur {}"), language)
    return (
        f"{_pick(_NAMES[part.criterion], language)}: {_detail(part, language)} "
        f"({points.format(_number(part.points, language), part.weight)})"
    )
