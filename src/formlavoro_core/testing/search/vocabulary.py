"""What every search catalogue draws from: instants, words, texts, places, codes.

Values collide on purpose: publication instants with ties (in UTC and in other
offsets), a little CP2021 tree whose codes sit at every level, a few Ligurian places,
and words with Italian and French accents, apostrophes, digits and ASCII punctuation.
The helpers here also build catalogues with distinct ids and queries with a few
filters set.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, Final, Protocol, TypeVar

from hypothesis import strategies as st

from formlavoro_core.reference import DrivingLicence, EducationLevel
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode

__all__ = [
    "CP2021_TREE",
    "LIGURIAN_PLACES",
    "SEARCH_T0",
    "SEARCH_WORDS",
    "search_moments",
    "search_texts",
    "search_words",
]


SEARCH_T0: Final = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
"""The instant the search catalogues revolve around."""

CP2021_TREE: Final = (
    "2",
    "2.1",
    "2.1.1",
    "2.1.1.4",
    "2.1.1.4.1",
    "2.1.1.4.2",
    "5",
    "5.1",
    "5.1.2",
    "5.1.2.2.0",
    "5.2",
    "5.2.2",
    "5.2.2.1",
    "5.2.2.1.0",
    "5.2.2.3.1",
    "5.2.2.4.0",
    "6.1.2.1.0",
    "8",
    "8.1.4.3.0",
)
"""A small CP2021-shaped tree: codes at levels 1 to 5, some of them under others."""

LIGURIAN_PLACES: Final = {"D969": "GE", "H183": "GE", "E463": "SP", "I480": "SV", "E290": "IM"}
"""Municipalities (cadastral codes) and their provinces."""

SEARCH_WORDS: Final = (
    "Aiuto",
    "cuoco",
    "Cuoca",
    "CUOCHI",
    "Caffè",
    "caffetteria",
    "perché",
    "Città",
    "società",
    "dell'Hotel",
    "l'Impiego",
    "all'aperto",
    "Élève",
    "garçon",
    "Façade",
    "Noël",
    "naïve",
    "hôtel",
    "crêpe",
    "più",
    "così",
    "ristorante",
    "Ristorazione",
    "magazzino",
    "MAGAZZINIERE",
    "Portofino",
    "La Spezia",
    "part-time",
    "full-time",
    "sous-chef",
    "C++",
    "e-commerce",
    "2026",
    "24h",
    "1e5x",
    "B2",
    "H24",
    "n.3",
    "à",
    "è",
    "bar",
    "barista",
    "OR",
    "NOT",
    "near",
)
"""Words that offers and queries are written with."""

_T = TypeVar("_T")
_MOMENT_HOURS = (-72, -48, -25, -24, -12, -3, -1, 0, 1, 2, 24, 48, 72)
_OFFSETS = (
    datetime.UTC,
    datetime.timezone(datetime.timedelta(hours=2)),
    datetime.timezone(datetime.timedelta(hours=-5)),
)
_SEPARATORS = (" ", " ", " ", "  ", ", ", " - ", "/", "'", ": ", " (", ") ", '"', "*", "!")

# Strategies are built once, at import: building one inside a composite strategy for
# every draw makes hypothesis validate it again each time, which costs more than the draw.


def _unique_tuples(
    strategy: st.SearchStrategy[_T], max_size: int, *, min_size: int = 0
) -> st.SearchStrategy[tuple[_T, ...]]:
    return st.lists(strategy, min_size=min_size, max_size=max_size, unique=True).map(tuple)


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_I = TypeVar("_I", bound=_Identified)


def _catalogues(items: st.SearchStrategy[_I], max_size: int) -> st.SearchStrategy[tuple[_I, ...]]:
    """Lists of ``items`` with distinct ids, of any length up to ``max_size`` alike.

    Hypothesis keeps plain lists short (five items on average); searches need more.
    """
    sizes = st.integers(0, max_size) | st.integers(max_size // 2, max_size)
    return sizes.flatmap(
        lambda size: st.lists(items, min_size=size, max_size=size, unique_by=lambda item: item.id)
    ).map(tuple)


def _rarely_true() -> st.SearchStrategy[bool]:
    """``True`` one time in six."""
    return st.sampled_from((False, False, False, False, False, True))


_MOMENTS: Final = st.builds(
    lambda instant, zone: instant.astimezone(zone),
    st.builds(
        lambda hours, nudge: SEARCH_T0 + datetime.timedelta(hours=hours, microseconds=nudge),
        st.sampled_from(_MOMENT_HOURS),
        st.sampled_from((0, 0, 0, -1, 1)),
    )
    | st.integers(-4 * 86_400_000_000, 4 * 86_400_000_000).map(
        lambda micros: SEARCH_T0 + datetime.timedelta(microseconds=micros)
    ),
    st.sampled_from(_OFFSETS),
)


def search_moments() -> st.SearchStrategy[datetime.datetime]:
    """Instants around :data:`SEARCH_T0`, few enough to tie, in several UTC offsets.

    Half of them are whole hours away from T0 (and a microsecond either side), so
    publication times tie and expiry meets ``now`` exactly; the rest are anywhere in
    the four days either side.
    """
    return _MOMENTS


def _phrase(
    words: st.SearchStrategy[str], *, min_size: int = 1, max_size: int = 4
) -> st.SearchStrategy[str]:
    """Words joined by blanks and ASCII punctuation."""
    pairs = st.lists(
        st.tuples(st.sampled_from(_SEPARATORS), words), min_size=min_size, max_size=max_size
    )
    return pairs.map(lambda found: "".join(f"{sep}{word}" for sep, word in found).strip() or "x")


_RANDOM_WORDS: Final = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789àèéìòùçêôÀÈÉÇ",
    min_size=1,
    max_size=8,
)


def search_words() -> st.SearchStrategy[str]:
    """Random words of Latin letters (with Italian and French accents) and digits."""
    return _RANDOM_WORDS


def _text_words(words: st.SearchStrategy[str] | None) -> st.SearchStrategy[str]:
    known = st.sampled_from(SEARCH_WORDS)
    return st.one_of(known, known, known, _RANDOM_WORDS if words is None else words)


_PLACE: Final = st.sampled_from(sorted(LIGURIAN_PLACES))
_CODES: Final = st.sampled_from(CP2021_TREE).map(ProfessionCode)
# Every level, and often one of a few, so that levels asked and held are often equal.
_LEVELS: Final = st.sampled_from(EducationLevel) | st.sampled_from(
    (EducationLevel.NONE, EducationLevel.LOWER_SECONDARY, EducationLevel.UPPER_SECONDARY)
)
_LICENCES: Final = st.sampled_from(DrivingLicence)

_SYNTAX: Final = st.sampled_from(("OR", "AND", "NOT", "NEAR", '"', "*", "-", "(", ")", ":", "^"))


@st.composite
def _prefix(draw: st.DrawFn, written: st.SearchStrategy[str]) -> str:
    word = draw(written)
    prefix = word[: draw(st.integers(1, len(word)))]
    return prefix.upper() if draw(st.booleans()) else prefix


def search_texts(
    written: Sequence[str] = SEARCH_WORDS, *, words: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[str]:
    """Free text as people type it: prefixes of ``written`` words, other words, syntax.

    Args:
        written: words of the catalogue searched; queries use their prefixes, in any case.
        words: other words; by default :func:`search_words`.

    Returns:
        Texts of at most 20 words and 200 characters (valid queries), some without words.
    """
    prefix = _prefix(st.sampled_from(written))
    other = _RANDOM_WORDS if words is None else words
    term = st.one_of(*[prefix] * 6, other, _SYNTAX)
    return st.lists(st.tuples(term, st.sampled_from(_SEPARATORS)), min_size=1, max_size=3).map(
        lambda pairs: "".join(f"{term}{separator}" for term, separator in pairs)
    )


_MUNICIPALITIES: Final = st.sampled_from((*LIGURIAN_PLACES, "A001")).map(MunicipalityCode)
_PROVINCES: Final = st.sampled_from((*sorted(set(LIGURIAN_PLACES.values())), "TO")).map(
    ProvinceCode
)


def _some_filters(
    filters: dict[str, st.SearchStrategy[Any]],
    *,
    always: dict[str, st.SearchStrategy[Any]] | None = None,
    at_most: int = 3,
) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments of a query: up to ``at_most`` of ``filters`` set, the rest unset.

    Setting few filters at once keeps results from being always empty; which ones, and
    their values, are drawn. A municipality and a province are never both set (the
    queries refuse that). ``always`` are drawn for every query.
    """
    names = sorted(filters)
    chosen = st.lists(st.sampled_from(names), max_size=at_most, unique=True).map(
        lambda found: [name for name in found if not ("province" in found and name in _PLACE_NAMES)]
    )
    return chosen.flatmap(
        lambda found: st.fixed_dictionaries(
            {**(always or {}), **{name: filters[name] for name in found}}
        )
    )


_PLACE_NAMES: Final = frozenset({"municipality", "place"})
