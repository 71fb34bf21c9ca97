"""Hypothesis strategies for search catalogues: offers, courses, CVs and their queries.

They feed the property tests that hold every storage adapter to the in-memory reference
(``tests/adapters/sql/test_search_equivalence.py``), and an embedding application's own
storage tests. They draw small catalogues whose values collide on purpose: publication
instants with ties (in UTC and in other offsets), a little CP2021 tree whose codes sit at
every level, a few Ligurian places, and words with Italian and French accents,
apostrophes, digits and ASCII punctuation.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, Protocol, TypeVar

from hypothesis import strategies as st

from formlavoro_core.courses.model import Certificate, Course, CourseType, TrainingSector
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.model import (
    Address,
    Cv,
    Entry,
    Experience,
    LanguageSkill,
    PersonalData,
    Preferences,
    Publication,
    Qualifications,
    Study,
)
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.ids import (
    AccountId,
    CourseId,
    CvId,
    EntryId,
    EventId,
    OfferId,
    TrainingEntityId,
)
from formlavoro_core.offers.model import Offer, OfferStatus, Publisher, PublisherKind
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.reference import (
    ContractType,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import (
    MunicipalityCode,
    ProfessionCode,
    ProvinceCode,
    SectorCode,
)
from formlavoro_core.testing.ids import long_id

__all__ = [
    "COURSE_TEXTS",
    "CP2021_TREE",
    "LANGUAGE_CODES",
    "LIGURIAN_PLACES",
    "SEARCH_EVENTS",
    "SEARCH_T0",
    "SEARCH_WORDS",
    "course_catalogues",
    "course_queries",
    "courses",
    "cv_queries",
    "offer_catalogues",
    "offer_queries",
    "offer_words",
    "offers",
    "search_moments",
    "search_texts",
    "search_words",
    "talent_catalogues",
    "talent_cvs",
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

COURSE_TEXTS: Final = (
    "Cucina mediterranea",
    "Aiuto  cuoco",
    "Caffè & bar",
    "Corso 100% pratico",
    "Inglese_B2",
    "Sicurezza sul lavoro (D.Lgs. 81/08)",
    "Perché no?",
    "Società dell'Arte",
    "L\u2019Accademia",  # a typographic apostrophe
    "Élite de la pâtisserie",
    "Scuola Edile Genovese",
    "Centro Formazione Àncora",
    "Ente 50%_Formazione",
    "back\\slash",
    "CITTÀ DEI MESTIERI",
)
"""Course titles and entity names: accents, repeated blanks, ``%``, ``_``, a backslash."""

LANGUAGE_CODES: Final = ("en", "fr", "de", "es", "it")
"""The ISO 639-1 codes CVs and CV queries draw from."""

_T = TypeVar("_T")
_MOMENT_HOURS = (-72, -48, -25, -24, -12, -3, -1, 0, 1, 2, 24, 48, 72)
_OFFSETS = (
    datetime.UTC,
    datetime.timezone(datetime.timedelta(hours=2)),
    datetime.timezone(datetime.timedelta(hours=-5)),
)
_SEPARATORS = (" ", " ", " ", "  ", ", ", " - ", "/", "'", ": ", " (", ") ", '"', "*", "!")

# Strategies are built once, here: building one inside a composite strategy for every
# draw makes hypothesis validate it again each time, which costs more than the draw.


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


_PUBLISHERS: Final = (
    Publisher(kind=PublisherKind.COMPANY, id=long_id("company-1"), name="Trattoria da Pino"),
    Publisher(kind=PublisherKind.COMPANY, id=long_id("company-2"), name="Caffè della Società srl"),
    Publisher(kind=PublisherKind.COMPANY, id=long_id("company-10"), name="L'Étoile de Gênes"),
    Publisher(kind=PublisherKind.CPI, id=long_id("cpi-1"), name="Centro per l'Impiego di Genova"),
)
SEARCH_EVENTS: Final = (EventId(long_id("event-1")), EventId(long_id("event-2")))
"""The recruitment events that event offers of the catalogues belong to."""

_FLAGS: Final = st.tuples(*(st.booleans() for _ in range(8)))
_PLACE: Final = st.sampled_from(sorted(LIGURIAN_PLACES))
_CODES: Final = st.sampled_from(CP2021_TREE).map(ProfessionCode)
# Every level, and often one of a few, so that levels asked and held are often equal.
_LEVELS: Final = st.sampled_from(EducationLevel) | st.sampled_from(
    (EducationLevel.NONE, EducationLevel.LOWER_SECONDARY, EducationLevel.UPPER_SECONDARY)
)
_CONTRACTS: Final = st.sampled_from(ContractType) | st.sampled_from(
    (ContractType.FIXED_TERM, ContractType.PERMANENT)
)
_CONDITIONS: Final = st.sampled_from(WorkingCondition) | st.sampled_from(
    (WorkingCondition.FULL_TIME, WorkingCondition.PART_TIME, WorkingCondition.SHIFT_WORK)
)
_LICENCES: Final = st.sampled_from(DrivingLicence)


def _offer_parts(words: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, object]]:
    """Every field of an offer but the id and the time-dependent ones."""
    return st.fixed_dictionaries(
        {
            "publisher": st.sampled_from(_PUBLISHERS),
            "title": _phrase(words),
            "description": _phrase(words, max_size=5),
            "profession": _CODES,
            "workplace": _PLACE,
            "contract_type": _CONTRACTS,
            "sector": st.none() | st.just(SectorCode("56.10")),
            "positions": st.integers(1, 5),
            "working_conditions": _unique_tuples(_CONDITIONS, 3),
            "education_level": st.none() | _LEVELS,
            "flags": _FLAGS,
            "driving_licences": _unique_tuples(_LICENCES, 2),
            "event": st.sampled_from((None, None, None, None, None, None, *SEARCH_EVENTS)),
            "preselection": st.booleans(),
            "status": st.sampled_from((*OfferStatus, *[OfferStatus.ACTIVE] * 6)),
            "moment": _MOMENTS,
            "created_hours_before": st.sampled_from((0, 0, 5, 30)),
            "expiry": _MOMENTS,
            "expiry_days_later": st.sampled_from((0, 1, 30, 30, 30)),
        }
    )


_OFFER_FLAGS: Final = (
    "requires_experience",
    "income_support",
    "motorbike_required",
    "protected_category_art1",
    "protected_category_art18",
    "willing_to_travel",
    "car_required",
    "eures",
)


def _offer(offer_id: str, parts: dict[str, Any]) -> Offer:
    status: OfferStatus = parts["status"]
    moment: datetime.datetime = parts["moment"]
    created = moment - datetime.timedelta(hours=parts["created_hours_before"])
    expires_at = parts["expiry"] + datetime.timedelta(days=parts["expiry_days_later"])
    workplace: str = parts["workplace"]
    event = parts["event"]
    return Offer(
        id=OfferId(offer_id),
        publisher=parts["publisher"],
        title=parts["title"],
        description=parts["description"],
        profession=parts["profession"],
        workplace=MunicipalityCode(workplace),
        province=ProvinceCode(LIGURIAN_PLACES[workplace]),
        contract_type=parts["contract_type"],
        sector=parts["sector"],
        positions=parts["positions"],
        working_conditions=parts["working_conditions"],
        education_level=parts["education_level"],
        **dict(zip(_OFFER_FLAGS, parts["flags"], strict=True)),
        driving_licences=parts["driving_licences"],
        event=event,
        preselection=True if event is None else parts["preselection"],
        status=status,
        created_at=created,
        published_at=None if status is OfferStatus.DRAFT else moment,
        expires_on=(expires_at - datetime.timedelta(days=1)).date(),
        expires_at=expires_at,
        closed_at=moment if status is OfferStatus.CLOSED else None,
    )


def offers(
    *, offer_id: str | None = None, words: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Offer]:
    """An offer of the search catalogues, in any status, with every searched field drawn.

    Args:
        offer_id: its id; by default ``offer-<n>`` (ids of different lengths, so the
            byte order of ids matters when times tie).
        words: random words mixed into titles and descriptions with
            :data:`SEARCH_WORDS`; by default :func:`search_words`.

    Returns:
        A strategy of new offers (version 0).
    """
    ids = (
        st.just(offer_id) if offer_id else st.integers(0, 300).map(lambda n: long_id(f"offer-{n}"))
    )
    return st.builds(_offer, ids, _offer_parts(_text_words(words)))


def offer_catalogues(
    *, max_size: int = 40, words: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[tuple[Offer, ...]]:
    """From 0 to ``max_size`` offers with distinct ids (see :func:`offers`)."""
    return _catalogues(offers(words=words), max_size)


def offer_words(catalogue: Iterable[Offer]) -> tuple[str, ...]:
    """The words as written in the titles, descriptions and publishers of ``catalogue``."""
    found = {
        word
        for offer in catalogue
        for field in (offer.title, offer.description, offer.publisher.name)
        for word in field.split()
    }
    return tuple(sorted(found)) or SEARCH_WORDS


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
_SET: Final = st.just(True)  # noqa: FBT003 - the value of a yes/no filter that is set


def offer_queries(
    written: Sequence[str] = SEARCH_WORDS, *, words: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[OfferQuery]:
    """Valid offer queries with up to three filters set, besides ``action`` and free text.

    Args:
        written: words of the catalogue searched (see :func:`search_texts`).
        words: other words for the free text.

    Returns:
        A strategy of queries that :meth:`OfferQuery.problems` accepts.
    """
    filters: dict[str, st.SearchStrategy[Any]] = {
        "requires_experience": _SET,
        "income_support": _SET,
        "motorbike_required": _SET,
        "protected_category_art1": _SET,
        "willing_to_travel": _SET,
        "protected_category_art18": _SET,
        "car_required": _SET,
        "contract_types": _unique_tuples(_CONTRACTS, 3, min_size=1),
        "working_conditions": _unique_tuples(_CONDITIONS, 3, min_size=1),
        "education_level": _LEVELS,
        "no_education_required": _SET,
        "eures": _SET,
        "profession": _CODES,
        "municipality": _MUNICIPALITIES,
        "province": _PROVINCES,
    }
    always = {
        "action": st.none() | st.sampled_from(("42", "cerca", "")),
        "text": st.none() | search_texts(written, words=words),
    }
    return _some_filters(filters, always=always).map(lambda found: OfferQuery(**found))


_ENTITIES: Final = (
    (TrainingEntityId(long_id("entity-1")), "Scuola Edile Genovese"),
    (TrainingEntityId(long_id("entity-2")), "Centro Formazione Àncora"),
    (TrainingEntityId(long_id("entity-10")), "Ente 50%_Formazione"),
    (TrainingEntityId(long_id("entity-3")), "Società dell'Arte  e dei Mestieri"),
)
_COURSE_PARTS: Final = st.fixed_dictionaries(
    {
        "entity": st.sampled_from(_ENTITIES),
        "other_name": st.none() | st.sampled_from(COURSE_TEXTS),
        "title": st.sampled_from(COURSE_TEXTS) | _phrase(_text_words(None)),
        "description": _phrase(_text_words(None), max_size=6),
        "sector": st.sampled_from(TrainingSector),
        "course_type": st.sampled_from(CourseType),
        "certificate": st.sampled_from(Certificate),
        "with_internship": st.booleans(),
        "cost_cents": st.none() | st.sampled_from((0, 1, 25_000)),
        "max_education_level": st.none() | _LEVELS,
        "hours": st.integers(1, 400),
        "start_days": st.integers(0, 30),
        "place": _PLACE,
        "address": st.none() | st.just("Via XX Settembre 1"),
        "seats": st.none() | st.integers(1, 30),
        "published_at": _MOMENTS,
        "enrolment_closes_at": _MOMENTS,
        "enrolment_days_later": st.sampled_from((0, 1, 30, 30)),
        "withdrawn": _rarely_true(),
    }
)


def _course(course_id: str, parts: dict[str, Any]) -> Course:
    entity, entity_name = parts.pop("entity")
    other_name = parts.pop("other_name")
    published: datetime.datetime = parts["published_at"]
    starts_on = published.date() + datetime.timedelta(days=parts.pop("start_days"))
    withdrawn = parts.pop("withdrawn")
    parts["enrolment_closes_at"] += datetime.timedelta(days=parts.pop("enrolment_days_later"))
    place: str = parts.pop("place")
    return Course(
        id=CourseId(course_id),
        entity=entity,
        entity_name=other_name or entity_name,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=30),
        enrolment_deadline=starts_on,
        place=MunicipalityCode(place),
        province=ProvinceCode(LIGURIAN_PLACES[place]),
        updated_at=published,
        withdrawn_at=published + datetime.timedelta(hours=1) if withdrawn else None,
        **parts,
    )


def courses(*, course_id: str | None = None) -> st.SearchStrategy[Course]:
    """A course of the search catalogues: listed, closed or withdrawn, every filter drawn.

    Args:
        course_id: its id; by default ``course-<n>``.

    Returns:
        A strategy of new courses (version 0).
    """
    ids = (
        st.just(course_id)
        if course_id
        else st.integers(0, 300).map(lambda n: long_id(f"course-{n}"))
    )
    return st.builds(_course, ids, _COURSE_PARTS)


def course_catalogues(*, max_size: int = 30) -> st.SearchStrategy[tuple[Course, ...]]:
    """From 0 to ``max_size`` courses with distinct ids (see :func:`courses`)."""
    return _catalogues(courses(), max_size)


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _as_written(text: str) -> str:
    return text


_TYPINGS: Final[tuple[Callable[[str], str], ...]] = (
    _as_written,
    str.upper,
    str.lower,
    _without_accents,
)


@st.composite
def _part_of(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    """A piece of one of ``texts``, as typed: other case, accents dropped, blanks before."""
    text = draw(texts)
    start = draw(st.integers(0, len(text)))
    piece = text[start : start + draw(st.integers(0, 12))]
    changed = draw(st.sampled_from(_TYPINGS))(piece)
    return draw(st.sampled_from(("", " ", "  "))) + changed


_OTHER_FILTER_TEXTS: Final = st.text(alphabet="aeiouàèéòcrst %_\\'\u2019", max_size=6)


def course_queries(texts: Sequence[str] = COURSE_TEXTS) -> st.SearchStrategy[CourseQuery]:
    """Valid course queries with up to three filters set.

    Args:
        texts: titles and entity names of the catalogue searched: the name and entity
            filters are pieces of them (in another case, without accents) or other
            short texts with ``%``, ``_``, backslashes and blanks.

    Returns:
        A strategy of queries that :meth:`CourseQuery.problems` accepts.
    """
    part = _part_of(st.sampled_from(texts))
    text = st.one_of(part, part, _OTHER_FILTER_TEXTS)
    filters: dict[str, st.SearchStrategy[Any]] = {
        "with_internship": st.booleans(),
        "paid": st.booleans(),
        "sector": st.sampled_from(TrainingSector),
        "course_type": st.sampled_from(CourseType),
        "certificate": st.sampled_from(Certificate),
        "max_education_level": _LEVELS,
        "name": text,
        "entity": text,
        "place": _MUNICIPALITIES,
        "province": _PROVINCES,
    }
    return _some_filters(filters).map(lambda found: CourseQuery(**found))


_CV_PARTS: Final = st.fixed_dictionaries(
    {
        "residence": st.none() | _PLACE,
        "published_at": st.one_of(st.none(), _MOMENTS, _MOMENTS, _MOMENTS),
        "expires_after_hours": st.sampled_from((1, 24, 2_000, 2_000, 2_000)),
        "worked_as": st.lists(st.none() | _CODES, max_size=2),
        "studies": st.lists(_LEVELS, max_size=3),
        "languages": _unique_tuples(st.sampled_from(LANGUAGE_CODES), 3),
        "licences": _unique_tuples(_LICENCES, 3),
        "professions": _unique_tuples(_CODES, 3),
        "created_at": _MOMENTS,
    }
)


def _cv(number: int, parts: dict[str, Any]) -> Cv:
    residence: str | None = parts["residence"]
    published: datetime.datetime | None = parts["published_at"]
    publication = None
    if published is not None:
        expires_at = published + datetime.timedelta(hours=parts["expires_after_hours"])
        publication = Publication(published_at=published, expires_at=expires_at)
    return Cv(
        id=CvId(long_id(f"cv-{number}")),
        owner=AccountId(long_id(f"owner-{number}")),
        personal=PersonalData(
            given_name="Anna",
            residence=None
            if residence is None
            else Address(municipality=MunicipalityCode(residence)),
        ),
        experiences=tuple(
            Entry(
                id=EntryId(long_id(f"e{index}")),
                value=Experience(job_title="Lavoro", profession=code),
            )
            for index, code in enumerate(parts["worked_as"])
        ),
        studies=tuple(
            Entry(id=EntryId(long_id(f"s{index}")), value=Study(level=level))
            for index, level in enumerate(parts["studies"])
        ),
        languages=tuple(
            Entry(
                id=EntryId(long_id(f"l{index}")),
                value=LanguageSkill(language=code, level=LanguageLevel.ADVANCED),
            )
            for index, code in enumerate(parts["languages"])
        ),
        qualifications=Qualifications(driving_licences=parts["licences"]),
        preferences=Preferences(professions=parts["professions"]),
        publication=publication,
        residence_province=None if residence is None else ProvinceCode(LIGURIAN_PLACES[residence]),
        created_at=parts["created_at"],
        updated_at=parts["created_at"] if published is None else published,
    )


def talent_cvs(*, number: int | None = None) -> st.SearchStrategy[Cv]:
    """A CV as CV searches read it: residence, professions, studies, languages, licences.

    It may be a draft, published, expired or published later than the searches' ``now``.

    Args:
        number: the CV is ``cv-<number>`` of ``owner-<number>``; drawn by default.

    Returns:
        A strategy of new CVs (version 0).
    """
    numbers = st.integers(0, 300) if number is None else st.just(number)
    return st.builds(_cv, numbers, _CV_PARTS)


def talent_catalogues(*, max_size: int = 30) -> st.SearchStrategy[tuple[Cv, ...]]:
    """From 0 to ``max_size`` CVs with distinct ids and owners (see :func:`talent_cvs`)."""
    return _catalogues(talent_cvs(), max_size)


def cv_queries() -> st.SearchStrategy[CvQuery]:
    """Valid CV queries with up to three filters set (codes from :data:`CP2021_TREE`).

    Returns:
        A strategy of queries that :meth:`CvQuery.problems` accepts.
    """
    filters: dict[str, st.SearchStrategy[Any]] = {
        "profession": _CODES,
        "municipality": _MUNICIPALITIES,
        "province": _PROVINCES,
        "education_level": _LEVELS,
        "languages": _unique_tuples(st.sampled_from(LANGUAGE_CODES), 2, min_size=1),
        "driving_licences": _unique_tuples(_LICENCES, 2, min_size=1),
    }
    return _some_filters(filters).map(lambda found: CvQuery(**found))
