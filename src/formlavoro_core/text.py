"""Free-text matching: the one definition every search of the library follows (OF-4).

A text is split into **words**: after NFKD decomposition, combining marks (accents)
are dropped and the text is case-folded; a word is then a maximal run of characters
whose Unicode category is a letter (``L*``) or a number (``N*``). Everything else
separates words: blanks, punctuation, apostrophes, underscores, symbols.

A query **matches** a document when *every* word of the query is a prefix of (or equal
to) some word of the document's fields. A query without words matches everything;
callers treat such a query as no filter at all.

User input is never syntax: quotes, ``*``, ``-``, parentheses and ``:`` only separate
words, and ``OR``, ``AND``, ``NOT`` or ``NEAR`` are plain words. SQL adapters store each
document's words already folded by :func:`words` and index them with SQLite FTS5
(``unicode61 remove_diacritics 0``) or a PostgreSQL ``simple`` text-search
configuration, then send each word of :func:`query_words` as a quoted prefix term
(``"cuo"*``, ``cuo:*``), never the raw text. The engines thus see only words this
module made, and search exactly as it defines, in every script: NFKD also unfolds
compatibility characters (``"ﬁ"`` is ``"fi"``, ``"²"`` is ``"2"``, ``"™"`` is ``"tm"``),
accents are removed in every script, and case folding turns ``"ß"`` into ``"ss"``.

Queries are validated by their callers against :data:`MAX_QUERY_CHARS` and
:data:`MAX_QUERY_WORDS` (:class:`~formlavoro_core.offers.query.OfferQuery` does); the
functions here accept any text.

>>> words("Cercasi CUOCO/a per l'hotel «Perché»!")
('cercasi', 'cuoco', 'a', 'per', 'l', 'hotel', 'perche')
>>> matches("cuo hotel", "Cuoco", "Ristorante dell'Hotel Miramare")
True
>>> matches("cuo pizzeria", "Cuoco", "Ristorante dell'Hotel Miramare")
False
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from typing import Final

import attrs

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "Document",
    "matches",
    "query_words",
    "words",
]

MAX_QUERY_CHARS: Final = 200
"""The longest free-text query a search accepts, in characters."""

MAX_QUERY_WORDS: Final = 20
"""The most words a free-text query may have."""

# Outside ASCII, ``\w`` is exactly "letter or number" (str.isalnum) plus the underscore.
_WORD: Final = re.compile(r"[^\W_]+")
# ASCII text, the common case, splits faster: every character but a letter or a digit
# becomes a blank, then blanks separate.
_ASCII_SEPARATORS: Final = str.maketrans(
    {chr(code): " " for code in range(128) if not chr(code).isalnum()}
)


class _MarkRemover(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks, filled as characters appear.

    Listing the 2,400 marks of Unicode up front would cost a scan of every code point
    at import time; this table learns each character once instead.
    """

    def __missing__(self, code_point: int) -> int | None:
        kept = None if unicodedata.category(chr(code_point)).startswith("M") else code_point
        self[code_point] = kept
        return kept


_MARKS: Final = _MarkRemover()


def _fold(text: str) -> str:
    """Decompose, drop combining marks, case-fold: the form words are compared in."""
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():
        decomposed = decomposed.translate(_MARKS)
    return decomposed.casefold()


def words(text: str) -> tuple[str, ...]:
    """The words of ``text``, in order, repeats included: folded, without accents.

    >>> words("Caffè-bar: 2 baristi (full time)")
    ('caffe', 'bar', '2', 'baristi', 'full', 'time')
    >>> words("*** -- ***")
    ()
    """
    folded = _fold(text)
    if folded.isascii():
        return tuple(folded.translate(_ASCII_SEPARATORS).split())
    return tuple(_WORD.findall(folded))


def query_words(text: str) -> tuple[str, ...]:
    """The distinct words of a query, in the order first written.

    >>> query_words('"Cuoco" OR cuoco* -NEAR(pizza)')
    ('cuoco', 'or', 'near', 'pizza')
    """
    return tuple(dict.fromkeys(words(text)))


@attrs.frozen
class Document:
    """The words of a document's fields, prepared for matching many queries fast.

    Build it once per document with :meth:`of`; each query word then costs one binary
    search over the document's distinct words.

    >>> document = Document.of("Aiuto cuoco", "Trattoria da Pino")
    >>> document.matches(query_words("cuoc trat"))
    True
    >>> document.matches(query_words("uoco"))
    False
    """

    words: tuple[str, ...]
    """The distinct words of every field, sorted."""

    @classmethod
    def of(cls, *fields: str) -> Document:
        """The document made of ``fields`` (title, description, publisher, …)."""
        found: set[str] = set()
        for field in fields:
            found.update(words(field))
        return cls(tuple(sorted(found)))

    @classmethod
    def from_words(cls, found: Iterable[str]) -> Document:
        """The document holding ``found``, words already split by :func:`words`."""
        return cls(tuple(sorted(set(found))))

    def matches(self, query: tuple[str, ...]) -> bool:
        """Whether every word of ``query`` (from :func:`query_words`) starts some word here."""
        return all(self._has_prefix(word) for word in query)

    def _has_prefix(self, prefix: str) -> bool:
        # Words starting with ``prefix`` sort right at or after it, so the first word
        # not below it is the only candidate.
        index = bisect.bisect_left(self.words, prefix)
        return index < len(self.words) and self.words[index].startswith(prefix)


def matches(query: str | tuple[str, ...], *fields: str) -> bool:
    """Whether ``query`` matches a document made of ``fields``.

    Args:
        query: the text the user typed, or its words already split by
            :func:`query_words` (to split it once for many documents).
        *fields: the texts searched, for instance title, description and publisher.

    Returns:
        ``True`` when every query word is a prefix of some word of the fields, and
        always for a query without words.

    >>> matches("caffe", "Caffè")
    True
    >>> matches("CAFFÈ", "caffe")
    True
    >>> matches("", "anything")
    True
    """
    wanted = query_words(query) if isinstance(query, str) else query
    if not wanted:
        return True
    return Document.of(*fields).matches(wanted)
