"""The texts a web answer shows a person, in the request's language.

This is the one place where the web helpers turn a failure into words and read the
``Accept-Language`` header: until the library renders failures in every language,
:func:`failure_text` gives the failure's own message. The titles of problem details
(one short phrase per HTTP status) are kept here, in every language of the portal.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from formlavoro_core.errors import DomainError
from formlavoro_core.locale import Language

__all__ = ["failure_text", "negotiate", "status_title"]

_TITLES: Final[Mapping[int, Mapping[str, str]]] = MappingProxyType(
    {
        400: {
            "it": "Richiesta non valida",
            "en": "Bad request",
            "fr": "Requête non valable",
            "de": "Ungültige Anfrage",
        },
        401: {
            "it": "Accesso richiesto",
            "en": "Login required",
            "fr": "Connexion requise",
            "de": "Anmeldung erforderlich",
        },
        403: {
            "it": "Operazione non consentita",
            "en": "Not allowed",
            "fr": "Opération non autorisée",
            "de": "Nicht erlaubt",
        },
        404: {"it": "Non trovato", "en": "Not found", "fr": "Introuvable", "de": "Nicht gefunden"},
        409: {
            "it": "Operazione non possibile ora",
            "en": "Not possible now",
            "fr": "Impossible pour le moment",
            "de": "Derzeit nicht möglich",
        },
        422: {
            "it": "Dati non validi",
            "en": "Invalid data",
            "fr": "Données non valables",
            "de": "Ungültige Daten",
        },
        429: {
            "it": "Troppi tentativi",
            "en": "Too many attempts",
            "fr": "Trop de tentatives",
            "de": "Zu viele Versuche",
        },
        503: {
            "it": "Servizio non disponibile",
            "en": "Service unavailable",
            "fr": "Service indisponible",
            "de": "Dienst nicht verfügbar",
        },
    }
)


def status_title(status: int, language: Language) -> str:
    """A short phrase for ``status`` in ``language`` (the problem's ``title``).

    >>> status_title(429, Language.ITALIAN)
    'Troppi tentativi'
    """
    titles = _TITLES.get(status, _TITLES[400])
    return titles.get(language.value, titles["en"])


def failure_text(error: DomainError, language: Language) -> str:
    """What went wrong, for the person who asked (the problem's ``detail``).

    The failure's message; it becomes the text in ``language`` once the library renders
    failures in every language (TX-2).
    """
    del language  # rendered in English until the catalogues of TX-1 are in place
    return error.message


def negotiate(accept_language: str | None, default: Language = Language.ITALIAN) -> Language:
    """The portal's language that ``Accept-Language`` prefers, else ``default``.

    Quality values order the ranges; a region (``fr-CH``) counts as its language; ``*``
    and unknown languages are passed over.

    >>> negotiate("es-ES, fr;q=0.9, en;q=0.8").value
    'fr'
    >>> negotiate(None).value
    'it'
    """
    known = {language.value: language for language in Language}
    ranked: list[tuple[float, int, Language]] = []
    for position, part in enumerate((accept_language or "")[:500].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        name, _, value = params.strip().partition("=")
        if name.strip() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
        language = known.get(tag.strip().lower().split("-")[0])
        if language is not None and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else default
