"""Languages in which the library itself speaks to people (notices, emails, info texts)."""

from __future__ import annotations

import enum

__all__ = ["Language"]


class Language(enum.Enum):
    """A language of the portal's own texts (ID-5: Italian, English, French).

    >>> Language("fr").name
    'FRENCH'
    """

    ITALIAN = "it"
    ENGLISH = "en"
    FRENCH = "fr"
