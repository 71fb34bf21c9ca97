"""The texts a web answer shows a person, in the request's language (TX-2).

This is the one place where the web helpers turn a failure into words and read the
``Accept-Language`` header: :func:`failure_text` renders the failure with the portal's
texts (``portal.texts``, TX-1 and TX-3: the portal's own wording included) and
:func:`negotiate` is the library's negotiation. The titles of problem details (one
short phrase per HTTP status) are kept here, in every language of the portal.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Protocol

from formlavoro_core import locale
from formlavoro_core.errors import DomainError
from formlavoro_core.locale import Language

__all__ = ["FailureTexts", "failure_text", "negotiate", "status_title"]


class FailureTexts(Protocol):
    """What renders a failure in a language: ``portal.texts``."""

    def render(self, text: DomainError, language: Language | None = None) -> str:
        """The failure's text in ``language``."""
        ...


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


def failure_text(error: DomainError, language: Language, texts: FailureTexts | None) -> str:
    """What went wrong, for the person who asked (the problem's ``detail``).

    Rendered in ``language`` by ``texts`` (give ``portal.texts``); without them, the
    failure's own message.
    """
    return error.message if texts is None else texts.render(error, language)


def negotiate(accept_language: str | None, default: Language = Language.ITALIAN) -> Language:
    """The portal language that ``Accept-Language`` prefers, else ``default``.

    The library's negotiation (:func:`formlavoro_core.locale.negotiate`);
    ``portal.texts.negotiate`` also keeps to the languages the portal's texts exist in.

    >>> negotiate("es-ES, fr;q=0.9, en;q=0.8").value
    'fr'
    >>> negotiate(None).value
    'it'
    """
    return locale.negotiate(accept_language, default=default)
