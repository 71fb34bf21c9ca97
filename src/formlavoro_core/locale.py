"""Languages in which the library speaks to people, and choosing one for a request (TX-1)."""

from __future__ import annotations

import enum

__all__ = ["Language", "negotiate"]


class Language(enum.Enum):
    """A language of the portal's own texts (TX-1).

    Italian is the default; French serves Valle d'Aosta and German Alto Adige/Südtirol.

    >>> Language("de").name
    'GERMAN'
    """

    ITALIAN = "it"
    ENGLISH = "en"
    FRENCH = "fr"
    GERMAN = "de"


def negotiate(accept_language: str | None, *, default: Language) -> Language:
    """The language of ``Language`` a request prefers, from its ``Accept-Language`` header.

    Ranges are taken by their quality (``q=``), the first of equal quality first; a
    range matches by its primary tag (``de-CH`` is German). ``*`` and unknown or
    malformed ranges fall back to ``default``.

    >>> negotiate("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7", default=Language.ITALIAN)
    <Language.FRENCH: 'fr'>
    >>> negotiate("es, de;q=0.5", default=Language.ITALIAN)
    <Language.GERMAN: 'de'>
    >>> negotiate("en;q=0, *", default=Language.ITALIAN)
    <Language.ITALIAN: 'it'>
    >>> negotiate(None, default=Language.ENGLISH)
    <Language.ENGLISH: 'en'>
    """
    if not accept_language:
        return default
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language[:1000].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        if quality <= 0:
            continue
        ranked.append((-quality, position, tag.strip().lower().partition("-")[0]))
    codes = {language.value: language for language in Language}
    for _quality, _position, primary in sorted(ranked):
        if primary in codes:
            return codes[primary]
    return default
